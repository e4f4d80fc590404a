package topics

import (
	"fmt"
	"math"
	"slices"
)

// Coherence counts, over documents, how many contain each of every
// topic's top n terms and each pair of them: the document co-occurrence
// that NPMI coherence needs. It is a mergeable summary (O(K·n²)) filled in
// the same pass as inference, and it scores any model the same way
// ([NewCoherence] takes the top terms as ids), so models can be compared
// on one corpus.
type Coherence struct {
	top  [][]int32 // top[t] are topic t's top term ids
	docs int64
	// single[t][i] counts documents with top[t][i]; pair[t][i*n+j] (i < j)
	// those with both.
	single [][]int64
	pair   [][]int64
	// of maps a term id to the (topic, rank) places it holds.
	of map[int32][]place
	// seen is scratch: the places of one document.
	seen []place
}

type place struct{ topic, rank int32 }

// NewCoherence returns empty counts for the given top terms of each topic
// (term ids, as in [Doc]; for a [DocModel], see [DocModel.TopIDs]).
func NewCoherence(top [][]int32) *Coherence {
	c := &Coherence{of: make(map[int32][]place)}
	for t, ids := range top {
		ids = slices.Clone(ids)
		c.top = append(c.top, ids)
		c.single = append(c.single, make([]int64, len(ids)))
		c.pair = append(c.pair, make([]int64, len(ids)*len(ids)))
		for r, id := range ids {
			c.of[id] = append(c.of[id], place{int32(t), int32(r)})
		}
	}
	return c
}

// TopIDs returns the ids of each topic's n terms of highest weight (the
// order of [DocModel.Top]).
func (m *DocModel) TopIDs(n int) [][]int32 {
	ids := make([]int, m.V())
	out := make([][]int32, m.k)
	for t := range m.k {
		for v := range ids {
			ids[v] = v
		}
		slices.SortFunc(ids, func(a, b int) int {
			wa, wb := m.w[a*m.k+t], m.w[b*m.k+t]
			if wa != wb {
				if wa > wb {
					return -1
				}
				return 1
			}
			if m.terms[a] < m.terms[b] {
				return -1
			}
			return 1
		})
		for _, v := range ids[:min(n, len(ids))] {
			out[t] = append(out[t], int32(v))
		}
	}
	return out
}

// Add counts one document (its distinct term ids; counts are ignored).
func (c *Coherence) Add(d Doc) {
	c.docs++
	c.seen = c.seen[:0]
	for _, id := range d.IDs {
		c.seen = append(c.seen, c.of[id]...)
	}
	// Places come grouped by term; sort by topic, then rank, to visit
	// each topic's present terms together.
	slices.SortFunc(c.seen, func(a, b place) int {
		if a.topic != b.topic {
			return int(a.topic - b.topic)
		}
		return int(a.rank - b.rank)
	})
	for i := 0; i < len(c.seen); {
		j := i
		t := c.seen[i].topic
		for j < len(c.seen) && c.seen[j].topic == t {
			j++
		}
		n := len(c.top[t])
		for a := i; a < j; a++ {
			ra := c.seen[a].rank
			c.single[t][ra]++
			for b := a + 1; b < j; b++ {
				c.pair[t][int(ra)*n+int(c.seen[b].rank)]++
			}
		}
		i = j
	}
}

// Merge adds o's counts to c; both must count the same top terms.
func (c *Coherence) Merge(o *Coherence) error { return c.combine(o, 1) }

// Sub removes o's counts from c; both must count the same top terms.
func (c *Coherence) Sub(o *Coherence) error { return c.combine(o, -1) }

func (c *Coherence) combine(o *Coherence, sign int64) error {
	if len(c.top) != len(o.top) {
		return fmt.Errorf("topics: coherence of %d and %d topics", len(c.top), len(o.top))
	}
	for t := range c.top {
		if !slices.Equal(c.top[t], o.top[t]) {
			return fmt.Errorf("topics: coherence: topic %d has other top terms", t)
		}
	}
	c.docs += sign * o.docs
	for t := range c.top {
		for i, x := range o.single[t] {
			c.single[t][i] += sign * x
		}
		for i, x := range o.pair[t] {
			c.pair[t][i] += sign * x
		}
	}
	return nil
}

// NPMI returns each topic's coherence: the mean, over pairs of its top
// terms, of their normalized pointwise mutual information in documents
// (Bouma, "Normalized (pointwise) mutual information in collocation
// extraction", GSCL 2009; as a topic coherence, Aletras & Stevenson, IWCS
// 2013, and Röder, Both & Hinneburg, WSDM 2015,
// doi:10.1145/2684822.2685324):
//
//	NPMI(a, b) = ln(p(a,b) / (p(a) p(b))) / −ln p(a,b)
//
// with p the share of documents containing the terms; a pair that never
// co-occurs scores −1, a pair in every document 1. A topic with fewer than
// two top terms scores 0. cmd/topicbench computes the same figure for
// gensim's and scikit-learn's topics.
func (c *Coherence) NPMI() []float64 {
	out := make([]float64, len(c.top))
	if c.docs <= 0 {
		return out
	}
	n := float64(c.docs)
	for t, ids := range c.top {
		k := len(ids)
		var sum float64
		var pairs int
		for i := range k {
			for j := i + 1; j < k; j++ {
				pairs++
				nab := float64(c.pair[t][i*k+j])
				switch {
				case nab <= 0:
					sum += -1
				case nab >= n:
					sum += 1
				default:
					pab := nab / n
					pa, pb := float64(c.single[t][i])/n, float64(c.single[t][j])/n
					sum += math.Log(pab/(pa*pb)) / -math.Log(pab)
				}
			}
		}
		if pairs > 0 {
			out[t] = sum / float64(pairs)
		}
	}
	return out
}
