package wire

import (
	"cmp"
	"fmt"
	"slices"
)

// Paragraph is one signed paragraph as the aggregation step reads it from
// the state: where it is and its stored signature (nil if it was too short
// to sign).
type Paragraph struct {
	Article string
	// Index is the paragraph's position in its article, from 0.
	Index     int
	Outlet    string
	Signature Signature
}

// Mark says which near-duplicates a paragraph has. The zero Mark means
// none (or unsigned).
type Mark uint8

const (
	// Shared marks a paragraph whose near-duplicate group holds a
	// paragraph of another outlet: wire or syndicated copy, left out of
	// outlet comparisons by default.
	Shared Mark = 1 << iota
	// Repeated marks a paragraph whose group holds another paragraph of
	// the same outlet: boilerplate, corrections, an article run twice.
	Repeated
)

// Ref names a paragraph in a [Group].
type Ref struct {
	Article string
	Index   int
	Outlet  string
}

// Group is a set of near-duplicate paragraphs: a connected component of
// the graph whose edges join paragraphs with estimated Jaccard similarity
// at or above the threshold. Chains are possible (a ≈ b ≈ c with a and c
// further apart), as when one wire story is edited twice.
type Group struct {
	// Paragraphs are sorted by article, then index.
	Paragraphs []Ref
	// Outlets are the distinct outlets of the paragraphs, sorted.
	Outlets []string
}

// Result is the outcome of [Params.Group].
type Result struct {
	// Marks holds one mark per input paragraph, in input order.
	Marks []Mark
	// Groups lists the groups of two or more paragraphs, sorted by their
	// first paragraph.
	Groups []Group
}

// Group finds the near-duplicate groups among signed paragraphs and marks
// each paragraph: [Shared] when its group spans another outlet, [Repeated]
// when it holds another paragraph of the paragraph's own outlet (both can
// apply). The result does not depend on the order of paras.
//
// It returns an error, naming the paragraph, if a signature's length is
// not p.Hashes(). Its cost is O(n·Bands·log n) for n paragraphs plus the
// verification of candidate pairs; identical signatures are merged before
// banding, so a boilerplate paragraph repeated n times costs O(n), but m
// distinct paragraphs that agree on a whole band are compared pairwise.
func (p Params) Group(paras []Paragraph) (Result, error) {
	if err := p.Validate(); err != nil {
		return Result{}, err
	}
	res := Result{Marks: make([]Mark, len(paras))}
	var signed []int32
	for i, x := range paras {
		switch len(x.Signature) {
		case 0:
			continue
		case p.Hashes():
			signed = append(signed, int32(i))
		default:
			return Result{}, fmt.Errorf("wire: paragraph %s#%d: signature of %d values, want %d",
				x.Article, x.Index, len(x.Signature), p.Hashes())
		}
	}
	// Sorting by position makes every later step independent of the input
	// order.
	slices.SortFunc(signed, func(a, b int32) int { return compareRef(paras[a], paras[b]) })

	uf := newUnionFind(len(paras))

	// Identical signatures: one representative each.
	byFull := make(map[uint64][]int32, len(signed))
	var reps []int32
	for _, i := range signed {
		sig := paras[i].Signature
		k := sigHash(sig)
		merged := false
		for _, r := range byFull[k] {
			if slices.Equal(paras[r].Signature, sig) {
				uf.union(r, i)
				merged = true
				break
			}
		}
		if !merged {
			byFull[k] = append(byFull[k], i)
			reps = append(reps, i)
		}
	}
	byFull = nil

	// Banding: paragraphs that agree on all rows of a band are candidates.
	type entry struct {
		key uint64
		idx int32
	}
	entries := make([]entry, len(reps))
	for b := range p.Bands {
		lo, hi := b*p.Rows, (b+1)*p.Rows
		for j, i := range reps {
			entries[j] = entry{sigHash(paras[i].Signature[lo:hi]), i}
		}
		slices.SortFunc(entries, func(x, y entry) int {
			if c := cmp.Compare(x.key, y.key); c != 0 {
				return c
			}
			return cmp.Compare(x.idx, y.idx)
		})
		for start := 0; start < len(entries); {
			end := start + 1
			for end < len(entries) && entries[end].key == entries[start].key {
				end++
			}
			bucket := entries[start:end]
			for x := range bucket {
				for y := x + 1; y < len(bucket); y++ {
					a, c := bucket[x].idx, bucket[y].idx
					if uf.find(a) == uf.find(c) {
						continue // already joined: the edge changes nothing
					}
					if Similarity(paras[a].Signature, paras[c].Signature) >= p.Threshold {
						uf.union(a, c)
					}
				}
			}
			start = end
		}
	}

	// Components of two or more paragraphs, in sorted order of their
	// members (signed is sorted, so members come out sorted).
	members := make(map[int32][]int32)
	var roots []int32
	for _, i := range signed {
		r := uf.find(i)
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	for _, r := range roots {
		m := members[r]
		if len(m) < 2 {
			continue
		}
		perOutlet := make(map[string]int)
		g := Group{Paragraphs: make([]Ref, len(m))}
		for k, i := range m {
			x := paras[i]
			g.Paragraphs[k] = Ref{Article: x.Article, Index: x.Index, Outlet: x.Outlet}
			if perOutlet[x.Outlet] == 0 {
				g.Outlets = append(g.Outlets, x.Outlet)
			}
			perOutlet[x.Outlet]++
		}
		slices.Sort(g.Outlets)
		for _, i := range m {
			if len(g.Outlets) > 1 {
				res.Marks[i] |= Shared
			}
			if perOutlet[paras[i].Outlet] > 1 {
				res.Marks[i] |= Repeated
			}
		}
		res.Groups = append(res.Groups, g)
	}
	// Roots appear in the order of their first member, so Groups is
	// already sorted by first paragraph.
	return res, nil
}

func compareRef(a, b Paragraph) int {
	return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Index, b.Index), cmp.Compare(a.Outlet, b.Outlet))
}

// sigHash is FNV-1a over the values, mixed; equal slices hash equal.
func sigHash(s []uint32) uint64 {
	h := uint64(14695981039346656037)
	for _, v := range s {
		h ^= uint64(v)
		h *= 1099511628211
	}
	return mix64(h)
}

// unionFind is a disjoint-set forest with path halving and union by size
// (Tarjan 1975, doi:10.1145/321879.321884).
type unionFind struct {
	parent []int32
	size   []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int32) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
