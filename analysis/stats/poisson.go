package stats

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
)

// The Poisson bootstrap: each unit enters replicate b with a weight
// w_b ~ Poisson(1) instead of a multinomial count, and the weight is a
// function of the unit's key and b alone (Hanley & MacGibbon 2006,
// doi:10.1016/j.cmpb.2006.04.006; Chamandy, Muralidharan, Najmi & Naidu,
// "Estimating uncertainty for massive data streams", Google, 2012). As
// the number of units grows the Poisson(1) weights approach the
// multinomial ones, and a replicate's sums are sums over units:
//
//	S_b = Σ_u w_b(u)·Sum_u,   C_b = Σ_u w_b(u)·Count_u,   mean*_b = S_b / C_b
//
// so the replicates of a group of units are mergeable counts ([Resamples]):
// adding an article adds its B weighted terms, removing it subtracts them,
// and a result kept from an earlier run is brought up to date at the cost
// of the units that changed, never of the whole group. Sums are kept in
// fixed point (SumScale) as integers, so the same units give the same
// replicate sums bit for bit in whatever order they were added, across
// runs and machines.

// KeyedUnit is a resampling unit with its key: the key (for example
// [KeyOf] an article id) seeds the unit's Poisson weights, so a unit keeps
// its weights wherever and whenever it is counted.
type KeyedUnit struct {
	Key uint64
	Unit
}

// KeyOf returns the key of a unit named by id: FNV-1a over its bytes,
// finished with the SplitMix64 mixer (FNV's low bits are weak).
func KeyOf(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	return mix(h)
}

// SumScale is the fixed-point scale of the replicate sums: a unit's Sum
// enters them as round(Sum·2^24), so sums are exact integers. Sums beyond
// ±MaxUnitSum are clamped there (2^28 is far above any article's summed
// scores or quoted characters).
const (
	SumScale   = 1 << 24
	MaxUnitSum = 1 << 28
)

// fixed returns the fixed-point value of a unit sum.
func fixed(s float64) int64 {
	switch {
	case s > MaxUnitSum:
		s = MaxUnitSum
	case s < -MaxUnitSum:
		s = -MaxUnitSum
	case math.IsNaN(s):
		s = 0
	}
	return int64(math.Round(s * SumScale))
}

// poissonCDF[k] is ⌊F(k)·2^64⌋ for the Poisson(1) distribution function F
// (computed to 80 digits): a uniform 64-bit u gives the weight w = the
// least k with u < poissonCDF[k] (20 beyond the table, probability
// below 2^-64).
var poissonCDF = [...]uint64{
	0x5e2d58d8b3bcdf1a, 0xbc5ab1b16779be35, 0xeb715e1dc1582dc2, 0xfb23979734a252f1,
	0xff1025f59174dc3d, 0xffd90f3ba4055e19, 0xfffa8b71fc72c913, 0xffff540c0914b3c9,
	0xffffed1f4aa8f120, 0xfffffe216e641462, 0xffffffd4d85d3183, 0xfffffffc6da262b4,
	0xffffffffba12d178, 0xfffffffffb07c64c, 0xffffffffffab8ea5, 0xfffffffffffabe22,
	0xffffffffffffb11a, 0xfffffffffffffba1, 0xffffffffffffffc5, 0xfffffffffffffffd,
}

// PoissonWeights fills dst with the unit key's weights for replicates 0 …
// len(dst)−1: w_b = Poisson(1) by inversion of the b-th output of a
// SplitMix64 stream seeded with key (Steele, Lea & Flood 2014,
// doi:10.1145/2660193.2660195).
func PoissonWeights(dst []uint8, key uint64) {
	const golden = 0x9e3779b97f4a7c15
	s := key
	for b := range dst {
		s += golden
		u := mix(s)
		w := uint8(0)
		for w < uint8(len(poissonCDF)) && u >= poissonCDF[w] {
			w++
		}
		dst[b] = w
	}
}

// mix is SplitMix64's output function.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Resamples holds the B replicate sums of a group of keyed units: per
// replicate, the weighted fixed-point sum of the units' Sums and the
// weighted sum of their Counts. The zero value is not usable; make one
// with [Bootstrap.NewResamples]. Adding and removing units in any order
// gives the same values.
type Resamples struct {
	sums, counts []int64
}

// NewResamples returns empty replicate sums for b's number of resamples.
func (b Bootstrap) NewResamples() *Resamples {
	n := b.resamples()
	return &Resamples{sums: make([]int64, n), counts: make([]int64, n)}
}

// Len returns the number of replicates.
func (r *Resamples) Len() int { return len(r.sums) }

// Add adds u to every replicate with its Poisson weights; a unit with
// Count 0 adds nothing.
func (r *Resamples) Add(u KeyedUnit) { r.add(u, 1) }

// Remove takes u out again: Add then Remove leaves r as it was.
func (r *Resamples) Remove(u KeyedUnit) { r.add(u, -1) }

func (r *Resamples) add(u KeyedUnit, sign int64) {
	if u.Count == 0 {
		return
	}
	// The weights of PoissonWeights, drawn and applied in one loop: a
	// rebuild adds millions of units, and writing the B weights out and
	// reading them back took as long as drawing them.
	const golden = 0x9e3779b97f4a7c15
	q, c := sign*fixed(u.Sum), sign*int64(u.Count)
	sums, counts := r.sums, r.counts[:len(r.sums)]
	s := u.Key
	for b := range sums {
		s += golden
		x := mix(s)
		w := int64(0)
		for w < int64(len(poissonCDF)) && x >= poissonCDF[w] {
			w++
		}
		if w != 0 {
			sums[b] += w * q
			counts[b] += w * c
		}
	}
}

// Equal reports whether r and o hold the same replicate sums.
func (r *Resamples) Equal(o *Resamples) bool {
	return slices.Equal(r.sums, o.sums) && slices.Equal(r.counts, o.counts)
}

// means fills dst with the replicate means S_b/C_b of the replicates
// whose weighted count is positive, and returns it.
func (r *Resamples) means(dst []float64) []float64 {
	dst = dst[:0]
	for b, c := range r.counts {
		if c > 0 {
			dst = append(dst, float64(r.sums[b])/SumScale/float64(c))
		}
	}
	return dst
}

// AppendBinary appends r's replicate sums to b: uvarint B, then per
// replicate the zig-zag varints of the sum and the count.
func (r *Resamples) AppendBinary(b []byte) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(r.sums)))
	for i := range r.sums {
		b = binary.AppendVarint(b, r.sums[i])
		b = binary.AppendVarint(b, r.counts[i])
	}
	return b, nil
}

// errResamples reports a damaged Resamples blob.
var errResamples = errors.New("stats: corrupt resamples")

// UnmarshalBinary restores r from AppendBinary's output.
func (r *Resamples) UnmarshalBinary(b []byte) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errResamples
	}
	b = b[k:]
	r.sums, r.counts = make([]int64, n), make([]int64, n)
	for i := range r.sums {
		v, k := binary.Varint(b)
		if k <= 0 {
			return errResamples
		}
		b = b[k:]
		c, k := binary.Varint(b)
		if k <= 0 {
			return errResamples
		}
		b = b[k:]
		r.sums[i], r.counts[i] = v, c
	}
	if len(b) != 0 {
		return errResamples
	}
	return nil
}

// SortKeyed sorts units by key, then sum, then count: the canonical order
// in which groups of keyed units are stored and compared.
func SortKeyed(units []KeyedUnit) {
	slices.SortFunc(units, CompareKeyed)
}

// CompareKeyed orders keyed units by key, then sum (by its bits), then
// count.
func CompareKeyed(a, b KeyedUnit) int {
	return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(math.Float64bits(a.Sum), math.Float64bits(b.Sum)), cmp.Compare(a.Count, b.Count))
}

// Resample returns the replicate sums of units, computed from scratch.
func (b Bootstrap) Resample(units []KeyedUnit) *Resamples {
	r := b.NewResamples()
	for _, u := range units {
		r.Add(u)
	}
	return r
}

// PoissonMean returns the observation-level mean of units (ΣSum / ΣCount,
// summed in the order of [Bootstrap.Mean], so the same units give the same
// mean) with a percentile interval from the Poisson bootstrap: the
// (1−Level)/2 and (1+Level)/2 quantiles (type 7, [QuantileSorted]) of the
// replicate means S_b/C_b over the replicates with C_b > 0. r holds the
// units' replicate sums (from [Bootstrap.Resample] or kept up to date with
// Add and Remove); nil computes them. The interval depends only on the
// multiset of keyed units and on b, never on their order.
func (b Bootstrap) PoissonMean(units []KeyedUnit, r *Resamples) Interval {
	iv, done := b.trivial(summarizeKeyed(units))
	if done {
		return iv
	}
	if r == nil {
		r = b.Resample(units)
	}
	means := r.means(make([]float64, 0, r.Len()))
	if len(means) == 0 {
		iv.Lo, iv.Hi = math.NaN(), math.NaN()
		return iv
	}
	iv.Lo, iv.Hi = b.bounds(means)
	return iv
}

// PoissonDiff compares two groups of keyed units (disjoint, such as the
// articles of two outlets): the difference of their means, a percentile
// interval of the replicate differences mean*_X,b − mean*_Y,b (the
// replicates where both weighted counts are positive), and a two-sided
// bootstrap p-value for the hypothesis of equal means, from the replicate
// differences centred on the observed one (Hall & Wilson 1991,
// doi:10.2307/2532163):
//
//	P = (1 + #{b : |d*_b − d| ≥ |d|}) / (B' + 1)
//
// with B' the replicates counted; like [Bootstrap.Diff]'s it is never 0,
// and NaN when either group has no observation. rx and ry are the groups'
// replicate sums; nil computes them.
func (b Bootstrap) PoissonDiff(x, y []KeyedUnit, rx, ry *Resamples) Difference {
	var d Difference
	d.X = b.PoissonMean(x, rx)
	d.Y = b.PoissonMean(y, ry)
	d.TooFew = d.X.TooFew || d.Y.TooFew
	d.Diff = d.X.Mean - d.Y.Mean
	if d.X.Units == 0 || d.Y.Units == 0 {
		d.Lo, d.Hi, d.P = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	if rx == nil {
		rx = b.Resample(x)
	}
	if ry == nil {
		ry = b.Resample(y)
	}
	diffs := make([]float64, 0, rx.Len())
	for i := range rx.sums {
		cx, cy := rx.counts[i], ry.counts[i]
		if cx <= 0 || cy <= 0 {
			continue
		}
		diffs = append(diffs, float64(rx.sums[i])/SumScale/float64(cx)-float64(ry.sums[i])/SumScale/float64(cy))
	}
	if len(diffs) == 0 {
		d.Lo, d.Hi, d.P = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	observed := math.Abs(d.Diff)
	// A tolerance keeps replicates that reproduce the observed distance
	// from being missed by rounding.
	tol := 1e-12 * math.Max(1, observed)
	extreme := 0
	for _, v := range diffs {
		if math.Abs(v-d.Diff) >= observed-tol {
			extreme++
		}
	}
	d.P = float64(1+extreme) / float64(len(diffs)+1)
	d.Lo, d.Hi = b.bounds(diffs)
	return d
}

// summarizeKeyed is summarize over keyed units: units with observations,
// their count, and the mean summed in the order of prepare.
func summarizeKeyed(units []KeyedUnit) Interval {
	u := make([]Unit, 0, len(units))
	for _, x := range units {
		if x.Count < 0 {
			panic("stats: negative count")
		}
		if x.Count > 0 {
			u = append(u, x.Unit)
		}
	}
	slices.SortFunc(u, func(a, b Unit) int {
		return cmp.Or(cmp.Compare(a.Sum, b.Sum), cmp.Compare(a.Count, b.Count))
	})
	return summarize(u)
}
