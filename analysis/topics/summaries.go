package topics

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strings"

	"newsframe/analysis/codec"
)

// Scored is an article with its weight in a topic.
type Scored struct {
	ID     string
	Weight float64
}

// better orders scored articles: larger weight first, then smaller id.
func better(a, b Scored) int {
	return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.ID, b.ID))
}

// Representatives keeps each topic's n most representative articles: those
// of largest weight (Inference.Weights) seen so far, ties to the smaller
// id. It is a bounded summary, O(K·n) whatever the number of articles,
// that can be filled in a streaming pass and merged across shards; the
// result does not depend on the order of Add and Merge calls.
//
// Weights rank better than proportions θ: a document all about a topic
// has a weight near 1 on it, while θ is 1 for any document that uses one
// topic, however little of it fits (a one-word article).
type Representatives struct {
	n     int
	heaps []scoredHeap
}

// NewRepresentatives returns an empty summary of k topics keeping n
// articles each (n ≥ 1).
func NewRepresentatives(k, n int) *Representatives {
	return &Representatives{n: max(1, n), heaps: make([]scoredHeap, k)}
}

// Add offers an article with its topic weights (length K); a topic
// considers it only when its weight there is positive.
func (r *Representatives) Add(id string, weights []float64) {
	for t, w := range weights {
		if t < len(r.heaps) && w > 0 {
			r.offer(t, Scored{ID: id, Weight: w})
		}
	}
}

func (r *Representatives) offer(t int, s Scored) {
	h := &r.heaps[t]
	if len(*h) < r.n {
		heap.Push(h, s)
		return
	}
	if better(s, (*h)[0]) < 0 {
		(*h)[0] = s
		heap.Fix(h, 0)
	}
}

// Merge offers every article o keeps. Both must have the same number of
// topics.
func (r *Representatives) Merge(o *Representatives) error {
	if len(o.heaps) != len(r.heaps) {
		return fmt.Errorf("topics: representatives of %d and %d topics", len(r.heaps), len(o.heaps))
	}
	for t, h := range o.heaps {
		for _, s := range h {
			r.offer(t, s)
		}
	}
	return nil
}

// Remove drops an article (one changed or deleted). The topics it was in
// then keep one article fewer until more are added: a bounded summary
// cannot recall the next best.
func (r *Representatives) Remove(id string) {
	for t := range r.heaps {
		h := &r.heaps[t]
		for i, s := range *h {
			if s.ID == id {
				heap.Remove(h, i)
				break
			}
		}
	}
}

// Top returns topic t's articles, most representative first.
func (r *Representatives) Top(t int) []Scored {
	out := slices.Clone(r.heaps[t])
	slices.SortFunc(out, better)
	return out
}

// scoredHeap is a min-heap by [better]: the root is the worst kept.
type scoredHeap []Scored

func (h scoredHeap) Len() int           { return len(h) }
func (h scoredHeap) Less(i, j int) bool { return better(h[i], h[j]) > 0 }
func (h scoredHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *scoredHeap) Push(x any)        { *h = append(*h, x.(Scored)) }
func (h *scoredHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Drift summarises how well a model fits new documents: the number of
// non-empty documents and the sum and sum of squares of their residuals
// (Inference.Residual). It merges by addition and comes apart by
// subtraction.
type Drift struct {
	Docs       int64
	Sum, SumSq float64
}

// Add counts one inference; empty documents are not counted.
func (d *Drift) Add(in *Inference) {
	if in.Empty {
		return
	}
	d.Docs++
	d.Sum += in.Residual
	d.SumSq += in.Residual * in.Residual
}

// Merge adds o to d.
func (d *Drift) Merge(o Drift) {
	d.Docs += o.Docs
	d.Sum += o.Sum
	d.SumSq += o.SumSq
}

// Sub removes o from d.
func (d *Drift) Sub(o Drift) {
	d.Docs -= o.Docs
	d.Sum -= o.Sum
	d.SumSq -= o.SumSq
}

// Mean returns the mean residual (0 without documents).
func (d Drift) Mean() float64 {
	if d.Docs <= 0 {
		return 0
	}
	return d.Sum / float64(d.Docs)
}

// StdErr returns the standard error of the mean residual (0 with fewer
// than two documents).
func (d Drift) StdErr() float64 {
	if d.Docs < 2 {
		return 0
	}
	n := float64(d.Docs)
	mean := d.Sum / n
	v := (d.SumSq - n*mean*mean) / (n - 1)
	return math.Sqrt(max(0, v) / n)
}

// Drift thresholds: see [DocModel.Drifted].
const (
	// DriftThreshold is the share of the explained variance that new
	// documents may lose before they call for a refit.
	DriftThreshold = 0.25
	// MinDriftDocs is the least number of new documents judged: with 200
	// the standard error of a mean residual is about 0.002 (2-4% of the
	// explained variance of a model of news).
	MinDriftDocs = 200
)

// Baseline returns the mean residual new documents are compared with: that
// of the documents held out of the fit, or, when there were none (a source
// of fewer than 200 documents, or a model from [DocModel.Update]), that of
// the training documents.
func (m *DocModel) Baseline() float64 {
	if m.info.HeldOut > 0 {
		return m.info.HeldOutResidual
	}
	return m.info.Residual
}

// Drifted reports whether the new documents summarised by d (those added
// since the fit, or a recent window of them) fit m so much worse than the
// documents it was fitted on that it should be refitted. The measure is
// the share of the explained variance lost,
//
//	loss = (r̄_new − r̄_base) / (1 − r̄_base)
//
// with r̄ mean residuals and r̄_base the [DocModel.Baseline]: 0 when new
// documents fit as well as held-out ones, 1 when the topics explain
// nothing of them. Drifted is loss > DriftThreshold with at least
// MinDriftDocs documents.
//
// Measured with cmd/topicbench drift (see the package documentation): a
// model of the AllSides half's 2012-2017 articles (K = 50) loses 12-21% on
// each month of the first half of 2018, 23-32% on each month of its
// second half, 27% on 2019 and 30% on 2020; a BBC category left out of
// the fit loses 60% (K = 5) to 100% (K = 17) on that category, and held-out
// documents of the fit's own subjects and period lose −2% to +5%. So 0.25
// asks for a refit after about half a year of news, or as soon as most
// new articles are on a subject the model has never seen.
func (m *DocModel) Drifted(d Drift) (loss float64, drifted bool) {
	base := m.Baseline()
	if base >= 1 {
		return 0, false
	}
	loss = (d.Mean() - base) / (1 - base)
	return loss, d.Docs >= MinDriftDocs && loss > DriftThreshold
}

// representativesVersion starts an encoded Representatives.
const representativesVersion = 1

// AppendBinary appends the encoding of r: a version byte, uvarint n and K,
// then per topic the number of articles kept and each as its id and
// weight, most representative first. The same summary gives the same bytes.
func (r *Representatives) AppendBinary(b []byte) ([]byte, error) {
	e := codec.Encoder{B: append(b, representativesVersion)}
	e.Uvarint(uint64(r.n))
	e.Uvarint(uint64(len(r.heaps)))
	for t := range r.heaps {
		top := r.Top(t)
		e.Uvarint(uint64(len(top)))
		for _, s := range top {
			e.String(s.ID)
			e.Float(s.Weight)
		}
	}
	return e.B, nil
}

// UnmarshalBinary decodes what AppendBinary wrote; it rejects malformed
// input (a wrong version, more articles than n, weights that are not
// positive and finite, articles out of order or repeated in one topic), so
// what it accepts encodes to the same bytes.
func (r *Representatives) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != representativesVersion {
		return fmt.Errorf("topics: representatives: %w", codec.ErrCorrupt)
	}
	d := codec.Decoder{B: b[1:]}
	n := d.Count(maxRepresentatives)
	if n == 0 && d.Err() == nil {
		d.Fail("no article kept per topic")
	}
	k := d.Count(len(d.B))
	out := &Representatives{n: max(1, n), heaps: make([]scoredHeap, k)}
	for t := 0; t < k && d.Err() == nil; t++ {
		m := d.Count(n)
		var prev Scored
		for i := 0; i < m && d.Err() == nil; i++ {
			s := Scored{ID: d.String(), Weight: d.Float()}
			// Most representative first, each once: the one encoding of
			// a summary (a repeat compares equal to its predecessor).
			if !(s.Weight > 0) || math.IsInf(s.Weight, 0) || (i > 0 && better(prev, s) >= 0) {
				d.Fail("topic %d: article %q out of order or not positive", t, s.ID)
			}
			prev = s
			out.offer(t, s)
		}
	}
	if err := d.Finish(); err != nil {
		return fmt.Errorf("topics: representatives: %w", err)
	}
	*r = *out
	return nil
}

// maxRepresentatives bounds n when decoding.
const maxRepresentatives = 1 << 16
