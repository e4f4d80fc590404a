package wire

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Index keeps the grouping of [Params.Group] up to date as paragraphs come
// and go, at a cost that follows the paragraphs that changed rather than
// the corpus. It holds, per band, the paragraphs' band hashes (the LSH
// buckets) and the groups of two or more paragraphs; [Index.Update] looks
// new paragraphs up in the buckets, verifies the candidates as Group does
// and joins groups, and regroups the survivors of a group one of whose
// paragraphs left.
//
// Its groups are those Group would find over the same paragraphs: the
// connected components of the graph joining two paragraphs when they agree
// on every row of some band and their estimated similarity reaches the
// threshold. A new paragraph's edges all lead to paragraphs that share one
// of its band hashes, which the buckets give; a group none of whose
// paragraphs changed keeps its edges; a group that lost a paragraph is
// rebuilt from its survivors' edges, which all lie inside it (it was a
// component).
//
// # Numbers
//
// Paragraphs are named by a number (pn) that the caller assigns and never
// reuses for another paragraph: the aggregation numbers an article's
// paragraphs from a base it takes anew whenever the article is stored
// again. The buckets keep the numbers of paragraphs that are gone until
// they are compacted; a [Catalog] says which numbers are still live.
//
// # Storage
//
// [Index.Parts] encodes the index as named blobs: one per band for the
// compacted buckets ("base/NN"), one for the entries added since ("delta"),
// and one for the groups ("groups"). Between compactions only the small
// blobs change; the bands are rewritten when the entries added since the
// last compaction outnumber a quarter of them.
type Index struct {
	p Params
	// base[b] and delta[b] hold band b's entries, bucket hash << 32 | pn,
	// sorted. The bucket hash is the high 32 bits of the band's sigHash;
	// a match is confirmed on the band's values before it counts.
	base, delta [][]uint64
	groups      []Group
	// pns[i] are the paragraph numbers of groups[i].Paragraphs.
	pns [][]uint32

	baseChanged, deltaChanged, groupsChanged bool
}

// Signed is a signed paragraph as Index.Update takes it: its number, where
// it is, and its signature.
type Signed struct {
	PN uint32
	Ref
	Signature Signature
}

// Catalog is what Index.Update needs to know about paragraphs it holds but
// was not given: whether they are still there, where, and their
// signatures.
type Catalog interface {
	// Ref returns the paragraph numbered pn, false when it is gone.
	Ref(pn uint32) (Ref, bool)
	// Signatures returns the signatures of the live paragraphs pns, in
	// order.
	Signatures(pns []uint32) ([]Signature, error)
}

// NewIndex returns an empty index for p's parameters.
func (p Params) NewIndex() (*Index, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Index{p: p, base: make([][]uint64, p.Bands), delta: make([][]uint64, p.Bands)}, nil
}

// Groups returns the groups of two or more paragraphs, as [Result.Groups]:
// sorted by their first paragraph, each one's paragraphs by article, then
// index. The caller must not modify them.
func (ix *Index) Groups() []Group { return ix.groups }

// Marks returns the marks of a group's paragraphs, in order: [Shared] for
// all when the group spans several outlets, [Repeated] for those whose
// outlet has another paragraph in it.
func (g Group) Marks() []Mark {
	per := map[string]int{}
	for _, r := range g.Paragraphs {
		per[r.Outlet]++
	}
	marks := make([]Mark, len(g.Paragraphs))
	for i, r := range g.Paragraphs {
		if len(g.Outlets) > 1 {
			marks[i] |= Shared
		}
		if per[r.Outlet] > 1 {
			marks[i] |= Repeated
		}
	}
	return marks
}

// bucket returns the bucket hash of band b of sig.
func (ix *Index) bucket(sig Signature, b int) uint64 {
	return sigHash(sig[b*ix.p.Rows:(b+1)*ix.p.Rows]) >> 32
}

// sameBand reports whether two signatures agree on every row of band b.
func (ix *Index) sameBand(x, y Signature, b int) bool {
	lo, hi := b*ix.p.Rows, (b+1)*ix.p.Rows
	return slices.Equal(x[lo:hi], y[lo:hi])
}

// Update removes the paragraphs the catalog no longer has, adds the given
// ones (which the catalog must report live, with the same Ref), and
// regroups what changed. It may reorder added (by PN). It returns an
// error, naming the paragraph, if a signature's length is not Hashes(),
// and the catalog's errors.
func (ix *Index) Update(added []Signed, cat Catalog) error {
	for _, s := range added {
		if len(s.Signature) != ix.p.Hashes() {
			return fmt.Errorf("wire: paragraph %s#%d: signature of %d values, want %d",
				s.Article, s.Index, len(s.Signature), ix.p.Hashes())
		}
	}
	// Paragraphs to (re)link: the new ones and the survivors of groups
	// that lost a paragraph. dirty starts as added itself, capped so that
	// the survivors go to a copy: a rebuild adds every paragraph of the
	// corpus, and a clone held 72 bytes more of each at the peak.
	dirty := added[:len(added):len(added)]
	var kept []int // groups left as they are
	var survivors []uint32
	var survivorRefs []Ref
	for gi, g := range ix.groups {
		lost := false
		for _, pn := range ix.pns[gi] {
			if _, ok := cat.Ref(pn); !ok {
				lost = true
				break
			}
		}
		if !lost {
			kept = append(kept, gi)
			continue
		}
		ix.groupsChanged = true
		for k, pn := range ix.pns[gi] {
			if _, ok := cat.Ref(pn); ok {
				survivors = append(survivors, pn)
				survivorRefs = append(survivorRefs, g.Paragraphs[k])
			}
		}
	}
	if len(survivors) > 0 {
		sigs, err := cat.Signatures(survivors)
		if err != nil {
			return err
		}
		for i, pn := range survivors {
			dirty = append(dirty, Signed{PN: pn, Ref: survivorRefs[i], Signature: sigs[i]})
		}
	}
	if len(added) > 0 {
		ix.deltaChanged = true
		// The new entries are sorted apart and merged in: a rebuild
		// feeds the corpus in chunks, and sorting the whole delta
		// again for each chunk made the pass quadratic.
		entries := make([]uint64, len(added))
		for b := range ix.p.Bands {
			for i, s := range added {
				entries[i] = ix.bucket(s.Signature, b)<<32 | uint64(s.PN)
			}
			slices.Sort(entries)
			ix.delta[b] = mergeSorted(ix.delta[b], entries)
		}
	}
	if len(dirty) == 0 {
		if ix.groupsChanged {
			ix.rebuildGroups(kept, nil, nil, nil)
		}
		return nil
	}

	// Union-find over the dirty paragraphs (nodes 0 … len(dirty)−1) and
	// the kept groups (one node each, after them).
	slices.SortFunc(dirty, func(a, b Signed) int { return cmp.Compare(a.PN, b.PN) })
	node := make(map[uint32]int32, len(dirty))
	for i, s := range dirty {
		node[s.PN] = int32(i)
	}
	groupOf := map[uint32]int32{}
	for k, gi := range kept {
		for _, pn := range ix.pns[gi] {
			groupOf[pn] = int32(len(dirty) + k)
		}
	}
	uf := newUnionFind(len(dirty) + len(kept))

	// Identical signatures are one candidate each, as in Group.
	byFull := make(map[uint64][]int32, len(dirty))
	for i, s := range dirty {
		k := sigHash(s.Signature)
		for _, j := range byFull[k] {
			if slices.Equal(dirty[j].Signature, s.Signature) {
				uf.union(j, int32(i))
				break
			}
		}
		byFull[k] = append(byFull[k], int32(i))
	}

	// Candidates that are neither dirty nor known: their signatures are
	// fetched once, together.
	type cand struct {
		i    int32 // dirty paragraph
		pn   uint32
		band int
	}
	var outside []cand
	sigOf := map[uint32]Signature{}
	for i, s := range dirty {
		for b := range ix.p.Bands {
			h := ix.bucket(s.Signature, b)
			for _, list := range [2][]uint64{ix.base[b], ix.delta[b]} {
				lo, _ := slices.BinarySearch(list, h<<32)
				for _, e := range list[lo:] {
					if e>>32 != h {
						break
					}
					pn := uint32(e)
					if pn == s.PN {
						continue
					}
					if j, ok := node[pn]; ok {
						// Both dirty: the pair is seen from both
						// sides; verify it once.
						if j < int32(i) && ix.sameBand(s.Signature, dirty[j].Signature, b) &&
							uf.find(j) != uf.find(int32(i)) && Similarity(s.Signature, dirty[j].Signature) >= ix.p.Threshold {
							uf.union(j, int32(i))
						}
						continue
					}
					if _, ok := cat.Ref(pn); !ok {
						continue // gone
					}
					outside = append(outside, cand{int32(i), pn, b})
					sigOf[pn] = nil
				}
			}
		}
	}
	// A candidate outside the dirty set is a lone paragraph or belongs
	// to a kept group; lone ones get nodes of their own. Signatures are
	// fetched in rounds, one candidate per (paragraph, target) at a time:
	// once a paragraph joins a group, the group's other members need not
	// be read (a boilerplate paragraph repeated a thousand times costs one
	// fetch, not a thousand).
	var lone []Signed
	loneNode := map[uint32]int32{}
	targetOf := func(pn uint32) int32 {
		if g, ok := groupOf[pn]; ok {
			return g
		}
		if n, ok := loneNode[pn]; ok {
			return n
		}
		n := int32(len(dirty) + len(kept) + len(lone))
		loneNode[pn] = n
		ref, _ := cat.Ref(pn)
		lone = append(lone, Signed{PN: pn, Ref: ref})
		uf.grow(int(n) + 1)
		return n
	}
	for len(outside) > 0 {
		type pairKey struct{ i, target int32 }
		chosen := map[pairKey]bool{}
		var round, later []cand
		var fetch []uint32
		for _, c := range outside {
			t := targetOf(c.pn)
			if uf.find(c.i) == uf.find(t) {
				continue
			}
			k := pairKey{c.i, t}
			if chosen[k] {
				later = append(later, c)
				continue
			}
			chosen[k] = true
			round = append(round, c)
			if sigOf[c.pn] == nil {
				fetch = append(fetch, c.pn)
			}
		}
		if len(fetch) > 0 {
			slices.Sort(fetch)
			fetch = slices.Compact(fetch)
			sigs, err := cat.Signatures(fetch)
			if err != nil {
				return err
			}
			for k, pn := range fetch {
				sig := sigs[k]
				if sig == nil {
					sig = Signature{} // fetched: not nil any more
				}
				sigOf[pn] = sig
			}
		}
		for _, c := range round {
			sig := sigOf[c.pn]
			s := dirty[c.i]
			t := targetOf(c.pn)
			if n, ok := loneNode[c.pn]; ok {
				lone[int(n)-len(dirty)-len(kept)].Signature = sig
			}
			if len(sig) != len(s.Signature) || !ix.sameBand(s.Signature, sig, c.band) || uf.find(c.i) == uf.find(t) {
				continue
			}
			if Similarity(s.Signature, sig) >= ix.p.Threshold {
				uf.union(c.i, t)
			}
		}
		outside = later
	}
	ix.rebuildGroups(kept, dirty, lone, uf)
	return nil
}

// Reserve makes room for the entries of n more paragraphs, so that the
// Updates that add them, one chunk after another, do not grow the buckets
// by doubling (up to 8·Bands bytes per paragraph left unused until the
// next compaction).
func (ix *Index) Reserve(n int) {
	for b := range ix.p.Bands {
		ix.delta[b] = slices.Grow(ix.delta[b], n)
	}
}

// mergeSorted merges the sorted list add into the sorted list dst, in
// place from the back, and returns it.
func mergeSorted(dst, add []uint64) []uint64 {
	n := len(dst)
	dst = slices.Grow(dst, len(add))[:n+len(add)]
	i, j := n-1, len(add)-1
	for k := len(dst) - 1; j >= 0; k-- {
		if i >= 0 && dst[i] > add[j] {
			dst[k] = dst[i]
			i--
		} else {
			dst[k] = add[j]
			j--
		}
	}
	return dst
}

// grow extends the forest to n elements.
func (u *unionFind) grow(n int) {
	for len(u.parent) < n {
		u.parent = append(u.parent, int32(len(u.parent)))
		u.size = append(u.size, 1)
	}
}

// rebuildGroups sets the groups: the kept ones as they are, or, with a
// forest, the components of its nodes: dirty[i] is node i, kept[k] node
// len(dirty)+k, lone[j] node len(dirty)+len(kept)+j.
func (ix *Index) rebuildGroups(kept []int, dirty, lone []Signed, uf *unionFind) {
	type member struct {
		pn  uint32
		ref Ref
	}
	var comps [][]member
	if uf != nil {
		ix.groupsChanged = true
		byRoot := map[int32]int{}
		add := func(n int32, m member) {
			root := uf.find(n)
			k, ok := byRoot[root]
			if !ok {
				k = len(comps)
				byRoot[root] = k
				comps = append(comps, nil)
			}
			comps[k] = append(comps[k], m)
		}
		for i, s := range dirty {
			add(int32(i), member{s.PN, s.Ref})
		}
		for k, gi := range kept {
			for j, pn := range ix.pns[gi] {
				add(int32(len(dirty)+k), member{pn, ix.groups[gi].Paragraphs[j]})
			}
		}
		for j, s := range lone {
			add(int32(len(dirty)+len(kept)+j), member{s.PN, s.Ref})
		}
	} else {
		for _, gi := range kept {
			var c []member
			for j, pn := range ix.pns[gi] {
				c = append(c, member{pn, ix.groups[gi].Paragraphs[j]})
			}
			comps = append(comps, c)
		}
	}
	var groups []Group
	var pns [][]uint32
	for _, c := range comps {
		if len(c) < 2 {
			continue
		}
		slices.SortFunc(c, func(a, b member) int { return compareRefs(a.ref, b.ref) })
		g := Group{Paragraphs: make([]Ref, len(c))}
		ps := make([]uint32, len(c))
		for k, m := range c {
			g.Paragraphs[k] = m.ref
			ps[k] = m.pn
			if !slices.Contains(g.Outlets, m.ref.Outlet) {
				g.Outlets = append(g.Outlets, m.ref.Outlet)
			}
		}
		slices.Sort(g.Outlets)
		groups = append(groups, g)
		pns = append(pns, ps)
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compareRefs(groups[a].Paragraphs[0], groups[b].Paragraphs[0]) })
	ix.groups = make([]Group, len(groups))
	ix.pns = make([][]uint32, len(groups))
	for k, i := range order {
		ix.groups[k], ix.pns[k] = groups[i], pns[i]
	}
}

func compareRefs(a, b Ref) int {
	return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Index, b.Index), cmp.Compare(a.Outlet, b.Outlet))
}

var errIndex = errors.New("wire: corrupt index blob")

// Parts returns the blobs that changed since the index was loaded or last
// returned its parts, by name ("base/00" … one per band, "delta",
// "groups"), compacting the buckets first when the delta has grown past a
// quarter of them (dropping the numbers the catalog no longer has). A nil
// blob deletes the part.
func (ix *Index) Parts(cat Catalog) map[string][]byte {
	var nbase, ndelta int
	for b := range ix.p.Bands {
		nbase += len(ix.base[b])
		ndelta += len(ix.delta[b])
	}
	if ndelta > 0 && 4*ndelta > nbase {
		// Every paragraph has one entry in each band: ask the catalog
		// about each once, from band 0, rather than once per band.
		live := make(map[uint32]bool, (nbase+ndelta)/ix.p.Bands)
		for _, list := range [2][]uint64{ix.base[0], ix.delta[0]} {
			for _, e := range list {
				if _, ok := cat.Ref(uint32(e)); ok {
					live[uint32(e)] = true
				}
			}
		}
		for b := range ix.p.Bands {
			merged := make([]uint64, 0, len(ix.base[b])+len(ix.delta[b]))
			for _, list := range [2][]uint64{ix.base[b], ix.delta[b]} {
				for _, e := range list {
					if live[uint32(e)] {
						merged = append(merged, e)
					}
				}
			}
			slices.Sort(merged)
			ix.base[b], ix.delta[b] = merged, nil
		}
		ix.baseChanged, ix.deltaChanged = true, true
	}
	out := map[string][]byte{}
	if ix.baseChanged {
		for b := range ix.p.Bands {
			out[fmt.Sprintf("base/%02d", b)] = appendEntries([]byte{indexVersion}, ix.base[b])
		}
	}
	if ix.deltaChanged {
		blob := []byte{indexVersion}
		blob = binary.AppendUvarint(blob, uint64(ix.p.Bands))
		for b := range ix.p.Bands {
			blob = appendEntries(blob, ix.delta[b])
		}
		out["delta"] = blob
	}
	if ix.groupsChanged {
		out["groups"] = ix.appendGroups([]byte{indexVersion})
	}
	ix.baseChanged, ix.deltaChanged, ix.groupsChanged = false, false, false
	return out
}

// indexVersion is the first byte of every index blob.
const indexVersion = 1

// appendEntries appends a sorted list of entries: its length, then the
// entries as little-endian 64-bit values (bucket hashes are random, so
// deltas would not be smaller).
func appendEntries(b []byte, list []uint64) []byte {
	// Sized at once: the bands of a 100 MB corpus take some 29 MB, and
	// growing them by appending left another 4 MB unused until the state
	// was written.
	b = slices.Grow(b, binary.MaxVarintLen64+8*len(list))
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, e := range list {
		b = binary.LittleEndian.AppendUint64(b, e)
	}
	return b
}

func readEntries(b []byte) ([]uint64, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k)/8 {
		return nil, nil, errIndex
	}
	b = b[k:]
	list := make([]uint64, n)
	for i := range list {
		list[i] = binary.LittleEndian.Uint64(b[8*i:])
		if i > 0 && list[i] < list[i-1] {
			return nil, nil, errIndex
		}
	}
	return list, b[8*n:], nil
}

// appendGroups appends the groups: their number, then per group its
// number of paragraphs and per paragraph its pn, article, index and
// outlet.
func (ix *Index) appendGroups(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(ix.groups)))
	for gi, g := range ix.groups {
		b = binary.AppendUvarint(b, uint64(len(g.Paragraphs)))
		for k, r := range g.Paragraphs {
			b = binary.AppendUvarint(b, uint64(ix.pns[gi][k]))
			b = binary.AppendUvarint(b, uint64(len(r.Article)))
			b = append(b, r.Article...)
			b = binary.AppendUvarint(b, uint64(r.Index))
			b = binary.AppendUvarint(b, uint64(len(r.Outlet)))
			b = append(b, r.Outlet...)
		}
	}
	return b
}

// LoadIndex restores an index from the parts Parts returned (get returns
// nil for a part never stored); the parameters must be those it was built
// with.
func (p Params) LoadIndex(get func(name string) ([]byte, error)) (*Index, error) {
	ix, err := p.NewIndex()
	if err != nil {
		return nil, err
	}
	for b := range p.Bands {
		blob, err := get(fmt.Sprintf("base/%02d", b))
		if err != nil {
			return nil, err
		}
		if blob == nil {
			continue
		}
		if len(blob) == 0 || blob[0] != indexVersion {
			return nil, fmt.Errorf("wire: index band %d: %w", b, errIndex)
		}
		list, rest, err := readEntries(blob[1:])
		if err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("wire: index band %d: %w", b, errIndex)
		}
		ix.base[b] = list
	}
	blob, err := get("delta")
	if err != nil {
		return nil, err
	}
	if blob != nil {
		if len(blob) == 0 || blob[0] != indexVersion {
			return nil, fmt.Errorf("wire: index delta: %w", errIndex)
		}
		bands, k := binary.Uvarint(blob[1:])
		if k <= 0 || bands != uint64(p.Bands) {
			return nil, fmt.Errorf("wire: index delta: %d bands, want %d: %w", bands, p.Bands, errIndex)
		}
		rest := blob[1+k:]
		for b := range p.Bands {
			var list []uint64
			if list, rest, err = readEntries(rest); err != nil {
				return nil, fmt.Errorf("wire: index delta: %w", err)
			}
			ix.delta[b] = list
		}
		if len(rest) != 0 {
			return nil, fmt.Errorf("wire: index delta: %w", errIndex)
		}
	}
	blob, err = get("groups")
	if err != nil {
		return nil, err
	}
	if blob != nil {
		if err := ix.readGroups(blob); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

func (ix *Index) readGroups(blob []byte) error {
	fail := fmt.Errorf("wire: index groups: %w", errIndex)
	if len(blob) == 0 || blob[0] != indexVersion {
		return fail
	}
	b := blob[1:]
	uv := func() (uint64, bool) {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return v, true
	}
	str := func() (string, bool) {
		n, ok := uv()
		if !ok || n > uint64(len(b)) {
			return "", false
		}
		s := string(b[:n])
		b = b[n:]
		return s, true
	}
	ng, ok := uv()
	if !ok || ng > uint64(len(b)) {
		return fail
	}
	for range ng {
		np, ok := uv()
		if !ok || np < 2 || np > uint64(len(b)) {
			return fail
		}
		g := Group{Paragraphs: make([]Ref, np)}
		pns := make([]uint32, np)
		for k := range g.Paragraphs {
			pn, ok1 := uv()
			art, ok2 := str()
			idx, ok3 := uv()
			out, ok4 := str()
			if !(ok1 && ok2 && ok3 && ok4) || pn > 1<<32-1 {
				return fail
			}
			pns[k] = uint32(pn)
			g.Paragraphs[k] = Ref{Article: art, Index: int(idx), Outlet: out}
			if !slices.Contains(g.Outlets, out) {
				g.Outlets = append(g.Outlets, out)
			}
		}
		slices.Sort(g.Outlets)
		ix.groups = append(ix.groups, g)
		ix.pns = append(ix.pns, pns)
	}
	if len(b) != 0 {
		return fail
	}
	return nil
}

// PNs returns the paragraph numbers of the paragraphs of Groups()[g], in
// the same order.
func (ix *Index) PNs(g int) []uint32 { return ix.pns[g] }
