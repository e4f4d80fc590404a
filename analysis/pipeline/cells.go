package pipeline

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"

	"newsframe/analysis/stats"
)

// Cells computes the bootstrap intervals of the aggregation (Poisson
// bootstrap, [stats.Bootstrap.PoissonMean]) and keeps what makes the next
// run cheap:
//
//   - a cell with many units (an outlet's sentiment over thousands of
//     articles) keeps its units and replicate sums in the state
//     ("cell/NAME"); a run compares the units with the stored ones and
//     adds or removes the few that changed, B operations each;
//   - every other interval and difference is kept by a hash of its units
//     ("cells/cache"), so a cell whose units did not change is not
//     resampled again.
//
// Poisson weights depend on the unit's key alone, so an interval depends
// on the multiset of keyed units and nothing else: the same units give the
// same interval whether the replicate sums were kept up to date over many
// runs or computed at once.
type cells struct {
	boot stats.Bootstrap
	src  Source
	ctx  context.Context
	// stored lists the big cells in the state; big the ones this run
	// uses.
	stored map[string]bool
	big    map[string]*bigCell
	// cache holds the results of earlier runs by hash; used the ones this
	// run asked for (only those are stored again).
	cache, used map[cellHash]cellResult
	// Whether anything changed, for writing back.
	changed map[string]bool
}

// bigUnits is the number of units from which a cell keeps its replicate
// sums in the state: resampling fewer from scratch costs B·n operations,
// under a millisecond.
const bigUnits = 1024

// bigCell is a cell's units (sorted, [stats.SortKeyed]) and replicate
// sums.
type bigCell struct {
	units []stats.KeyedUnit
	reps  *stats.Resamples
}

// cellHash identifies a multiset of keyed units (and, for differences, a
// pair of them) with the bootstrap settings: 128 bits.
type cellHash [2]uint64

// cellResult is a cached interval or difference.
type cellResult struct {
	iv     stats.Interval
	diff   stats.Difference
	isDiff bool
}

func newCells(ctx context.Context, src Source, boot stats.Bootstrap, rebuild bool) (*cells, error) {
	c := &cells{boot: boot, src: src, ctx: ctx, stored: map[string]bool{}, big: map[string]*bigCell{},
		cache: map[cellHash]cellResult{}, used: map[cellHash]cellResult{}, changed: map[string]bool{}}
	if rebuild {
		return c, nil
	}
	b, err := src.Blob(ctx, "cells")
	if err != nil {
		return nil, err
	}
	if b != nil {
		d := decoder{b: b}
		for n := d.count(); n > 0; n-- {
			c.stored[d.str()] = true
		}
		if d.err != nil || len(d.b) != 0 {
			return nil, fmt.Errorf("aggregate: cells list: %w", errCodec)
		}
	}
	b, err = src.Blob(ctx, "cells/cache")
	if err != nil {
		return nil, err
	}
	if b != nil {
		if err := c.decodeCache(b); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// hashUnits hashes the sorted units with the bootstrap settings.
func (c *cells) hashUnits(units []stats.KeyedUnit) cellHash {
	h := cellHash{0x6e66636531, 0x6e66636532} // "nfce1", "nfce2"
	add := func(v uint64) {
		h[0] = mixHash(h[0] ^ v)
		h[1] = mixHash(h[1] + v*0x9e3779b97f4a7c15)
	}
	add(uint64(c.boot.Resamples))
	add(math.Float64bits(c.boot.Level))
	add(uint64(c.boot.MinUnits))
	add(uint64(len(units)))
	for _, u := range units {
		add(u.Key)
		add(math.Float64bits(u.Sum))
		add(uint64(u.Count))
	}
	return h
}

func mixHash(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// cell is one cell's units for this run.
type cell struct {
	name  string
	units []stats.KeyedUnit
	hash  cellHash
	reps  *stats.Resamples // for big cells
}

// prepare sorts the units, hashes them and, for a big cell, brings its
// stored replicate sums up to date.
func (c *cells) prepare(name string, units []stats.KeyedUnit) (*cell, error) {
	stats.SortKeyed(units)
	x := &cell{name: name, units: units, hash: c.hashUnits(units)}
	if len(units) < bigUnits {
		return x, nil
	}
	bc, err := c.loadBig(name)
	if err != nil {
		return nil, err
	}
	if bc == nil {
		bc = &bigCell{reps: c.boot.Resample(units)}
	} else {
		// Add and remove what differs between the stored and the
		// current units (both sorted).
		old, cur := bc.units, units
		i, j := 0, 0
		for i < len(old) || j < len(cur) {
			switch {
			case j == len(cur) || i < len(old) && stats.CompareKeyed(old[i], cur[j]) < 0:
				bc.reps.Remove(old[i])
				i++
			case i == len(old) || stats.CompareKeyed(old[i], cur[j]) > 0:
				bc.reps.Add(cur[j])
				j++
			default:
				i++
				j++
			}
		}
	}
	if !slices.Equal(bc.units, units) {
		c.changed[name] = true
	}
	bc.units = units
	c.big[name] = bc
	x.reps = bc.reps
	return x, nil
}

func (c *cells) loadBig(name string) (*bigCell, error) {
	if !c.stored[name] {
		return nil, nil
	}
	b, err := c.src.Blob(c.ctx, "cell/"+name)
	if err != nil || b == nil {
		return nil, err
	}
	d := decoder{b: b}
	n := d.count()
	bc := &bigCell{units: make([]stats.KeyedUnit, n)}
	for i := range bc.units {
		if len(d.b) < 8 {
			d.fail()
			break
		}
		key := binary.LittleEndian.Uint64(d.b)
		d.b = d.b[8:]
		bc.units[i] = stats.KeyedUnit{Key: key, Unit: stats.Unit{Sum: d.f64(), Count: d.varint()}}
	}
	if d.err != nil {
		return nil, fmt.Errorf("aggregate: cell %s: %w", name, d.err)
	}
	bc.reps = new(stats.Resamples)
	if err := bc.reps.UnmarshalBinary(d.b); err != nil {
		return nil, fmt.Errorf("aggregate: cell %s: %w", name, err)
	}
	return bc, nil
}

// mean returns a cell's interval.
func (c *cells) mean(x *cell) stats.Interval {
	if r, ok := c.cache[x.hash]; ok {
		c.used[x.hash] = r
		return r.iv
	}
	iv := c.boot.PoissonMean(x.units, x.reps)
	c.cache[x.hash] = cellResult{iv: iv}
	c.used[x.hash] = cellResult{iv: iv}
	return iv
}

// diff returns the difference between two cells.
func (c *cells) diff(x, y *cell) stats.Difference {
	h := cellHash{mixHash(x.hash[0] ^ mixHash(y.hash[0]+1)), mixHash(x.hash[1] + mixHash(y.hash[1]^2))}
	if r, ok := c.cache[h]; ok {
		c.used[h] = r
		return r.diff
	}
	d := c.boot.PoissonDiff(x.units, y.units, x.reps, y.reps)
	c.cache[h] = cellResult{diff: d, isDiff: true}
	c.used[h] = cellResult{diff: d, isDiff: true}
	return d
}

// blobs returns the blobs to store: the big cells that changed, the list
// of big cells, and the cache of this run's results; stored big cells no
// longer in use are deleted.
func (c *cells) blobs(out map[string][]byte) error {
	names := make([]string, 0, len(c.big))
	for name := range c.big {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !c.changed[name] && c.stored[name] {
			continue
		}
		bc := c.big[name]
		e := encoder{}
		e.uvarint(uint64(len(bc.units)))
		for _, u := range bc.units {
			e.b = binary.LittleEndian.AppendUint64(e.b, u.Key)
			e.f64(u.Sum)
			e.varint(u.Count)
		}
		b, err := bc.reps.AppendBinary(e.b)
		if err != nil {
			return err
		}
		out["cell/"+name] = b
	}
	for name := range c.stored {
		if c.big[name] == nil {
			out["cell/"+name] = nil
		}
	}
	list := encoder{}
	list.uvarint(uint64(len(names)))
	for _, name := range names {
		list.str(name)
	}
	out["cells"] = list.b
	out["cells/cache"] = c.encodeCache()
	return nil
}

// encodeCache writes the results used this run, sorted by hash: per entry
// the hash, a kind byte (0 interval, 1 difference) and the figures.
func (c *cells) encodeCache() []byte {
	keys := make([]cellHash, 0, len(c.used))
	for h := range c.used {
		keys = append(keys, h)
	}
	slices.SortFunc(keys, func(a, b cellHash) int {
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		switch {
		case a[1] < b[1]:
			return -1
		case a[1] > b[1]:
			return 1
		}
		return 0
	})
	e := encoder{}
	e.uvarint(uint64(len(keys)))
	iv := func(v stats.Interval) {
		e.f64(v.Mean)
		e.f64(v.Lo)
		e.f64(v.Hi)
		e.varint(v.Units)
		e.varint(v.Obs)
		e.boolean(v.TooFew)
	}
	for _, h := range keys {
		r := c.used[h]
		e.b = binary.LittleEndian.AppendUint64(e.b, h[0])
		e.b = binary.LittleEndian.AppendUint64(e.b, h[1])
		if !r.isDiff {
			e.b = append(e.b, 0)
			iv(r.iv)
			continue
		}
		e.b = append(e.b, 1)
		d := r.diff
		e.f64(d.Diff)
		e.f64(d.Lo)
		e.f64(d.Hi)
		e.f64(d.P)
		iv(d.X)
		iv(d.Y)
		e.boolean(d.TooFew)
	}
	return e.b
}

func (c *cells) decodeCache(b []byte) error {
	d := decoder{b: b}
	iv := func() stats.Interval {
		return stats.Interval{Mean: d.f64(), Lo: d.f64(), Hi: d.f64(), Units: d.varint(), Obs: d.varint(), TooFew: d.boolean()}
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		if len(d.b) < 16 {
			d.fail()
			break
		}
		h := cellHash{binary.LittleEndian.Uint64(d.b), binary.LittleEndian.Uint64(d.b[8:])}
		d.b = d.b[16:]
		var r cellResult
		switch d.byte() {
		case 0:
			r.iv = iv()
		case 1:
			r.isDiff = true
			r.diff.Diff, r.diff.Lo, r.diff.Hi, r.diff.P = d.f64(), d.f64(), d.f64(), d.f64()
			r.diff.X = iv()
			r.diff.Y = iv()
			r.diff.TooFew = d.boolean()
		default:
			d.fail()
		}
		c.cache[h] = r
	}
	if d.err != nil || len(d.b) != 0 {
		return fmt.Errorf("aggregate: cells cache: %w", errCodec)
	}
	return nil
}
