package topics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// DocModel is a fitted document topic model: K topics over a vocabulary of V
// terms, each topic a non-negative vector of unit length in the space of
// the documents' weighted term vectors (see the package documentation).
// A DocModel is read-only after [Fit], [DocModel.Update], [DocModel.Align] or
// [DocModel.UnmarshalBinary], and safe for concurrent use; each goroutine
// infers with an [Inferrer] of its own.
type DocModel struct {
	terms []string
	// idf[v] is the inverse document frequency of term v (see docWeights).
	idf []float32
	// w is the V×K topic matrix, term-major: w[v*k+t] is the weight of
	// term v in topic t. Every column (topic) has unit L2 norm. Values are
	// float32 so that a model and its encoding are the same numbers.
	w []float32
	k int
	// gram is WᵀW (K×K, row-major), the Gram matrix of the topics, kept
	// for inference.
	gram []float64
	// info describes the fit.
	info FitInfo
	// vocab turns articles into documents of this model's terms: built
	// once (NewVocab hashes every term), read by every inference.
	vocab *Vocab
}

// FitInfo describes how a model was fitted and how well it fits its
// training documents.
type FitInfo struct {
	// Docs is the number of documents of the source, Empty those without
	// any vocabulary term (they take no part in the fit).
	Docs, Empty int64
	// Passes is the number of passes over the documents, initialisation
	// included.
	Passes int
	// Seed is the seed of the random start.
	Seed uint64
	// Residual is the mean residual of the (non-empty) training
	// documents, in [0, 1]: the squared distance between a document's unit
	// vector and its reconstruction from the topics.
	Residual float64
	// HeldOut is the number of documents held out of the fit (every 20th
	// of a source of at least 200), HeldOutResidual their mean residual:
	// the baseline of [DocModel.Drifted].
	HeldOut         int64
	HeldOutResidual float64
	// Prevalence[t] is topic t's share of the training documents' topic
	// proportions (the mean of θ_t over non-empty documents); the shares
	// sum to 1.
	Prevalence []float64
}

// K returns the number of topics.
func (m *DocModel) K() int { return m.k }

// V returns the number of terms.
func (m *DocModel) V() int { return len(m.terms) }

// Term returns term v.
func (m *DocModel) Term(v int) string { return m.terms[v] }

// Terms returns a copy of the vocabulary in id order.
func (m *DocModel) Terms() []string { return slices.Clone(m.terms) }

// Vocab returns the model's vocabulary, to turn articles into documents
// ([Vocab.Doc]) with the ids the model expects.
func (m *DocModel) Vocab() *Vocab { return m.vocab }

// Info returns how the model was fitted.
func (m *DocModel) Info() FitInfo {
	i := m.info
	i.Prevalence = slices.Clone(i.Prevalence)
	return i
}

// Weight returns the weight of term v in topic t (a coordinate of the
// topic's unit vector).
func (m *DocModel) Weight(t, v int) float64 { return float64(m.w[v*m.k+t]) }

// TopicTerms returns topic t as a distribution over terms, β_t (its weights
// divided by their sum), written to dst (grown to V).
func (m *DocModel) TopicTerms(dst []float64, t int) []float64 {
	dst = slices.Grow(dst[:0], m.V())[:m.V()]
	var sum float64
	for v := range dst {
		dst[v] = float64(m.w[v*m.k+t])
		sum += dst[v]
	}
	if sum > 0 {
		for v := range dst {
			dst[v] /= sum
		}
	}
	return dst
}

// TermWeight is a term with its weight in a topic.
type TermWeight struct {
	Term   string
	Weight float64
}

// Top returns the n terms of highest weight in topic t (its most probable
// words: the order is that of β_t), ties broken by term.
func (m *DocModel) Top(t, n int) []TermWeight {
	ids := make([]int, m.V())
	for v := range ids {
		ids[v] = v
	}
	slices.SortFunc(ids, func(a, b int) int {
		return cmp.Or(cmp.Compare(m.w[b*m.k+t], m.w[a*m.k+t]), cmp.Compare(m.terms[a], m.terms[b]))
	})
	n = min(n, len(ids))
	out := make([]TermWeight, n)
	for i, v := range ids[:n] {
		out[i] = TermWeight{Term: m.terms[v], Weight: float64(m.w[v*m.k+t])}
	}
	return out
}

// newModel checks a model's parts and computes its Gram matrix. The
// topics must already have unit length (or be zero).
func newModel(terms []string, idf []float32, w []float32, k int, info FitInfo) (*DocModel, error) {
	v := len(terms)
	if k <= 0 || v == 0 || len(idf) != v || len(w) != v*k {
		return nil, fmt.Errorf("topics: model: K=%d, V=%d with %d idf and %d weights", k, v, len(idf), len(w))
	}
	if _, err := NewVocab(terms, nil); err != nil {
		return nil, err
	}
	for i, x := range idf {
		if !(x > 0) || math.IsInf(float64(x), 0) {
			return nil, fmt.Errorf("topics: model: idf %v of term %d is not positive and finite", x, i)
		}
	}
	for i, x := range w {
		if !(x >= 0) || math.IsInf(float64(x), 0) {
			return nil, fmt.Errorf("topics: model: weight %v at %d is not non-negative and finite", x, i)
		}
	}
	vocab, err := NewVocab(terms, nil)
	if err != nil {
		return nil, fmt.Errorf("topics: model: %w", err)
	}
	m := &DocModel{terms: terms, idf: idf, w: w, k: k, info: info, vocab: vocab}
	m.gram = gram(nil, m.w, k)
	return m, nil
}

// gram returns WᵀW (K×K) of a term-major V×K matrix, in dst.
func gram[F float32 | float64](dst []float64, w []F, k int) []float64 {
	dst = slices.Grow(dst[:0], k*k)[:k*k]
	clear(dst)
	for v := 0; v < len(w); v += k {
		row := w[v : v+k]
		for i, a := range row {
			if a == 0 {
				continue
			}
			g := dst[i*k : i*k+k]
			for j := i; j < k; j++ {
				g[j] += float64(a) * float64(row[j])
			}
		}
	}
	for i := range k {
		for j := range i {
			dst[i*k+j] = dst[j*k+i]
		}
	}
	return dst
}

// DefaultK returns the number of topics fitted when none is given, for a
// corpus of n documents: √(n/8) rounded, within [5, 100]. That is 17 for
// the BBC set (2,225 articles), 48 for the AllSides half (18,661) and 69
// for the whole of it: topics grow with the corpus, slowly, and stay few
// enough to be read and charted (the comparisons used 50).
func DefaultK(n int64) int {
	k := int(math.Round(math.Sqrt(float64(n) / 8)))
	return max(5, min(100, k))
}
