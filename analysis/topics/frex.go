package topics

import (
	"cmp"
	"slices"
)

// Label is how a topic is named: its most probable terms and its FREX
// terms.
type Label struct {
	// Top are the terms of highest weight (highest probability in β_t),
	// most probable first.
	Top []string
	// FREX are the terms of highest FREX score, which weighs how frequent
	// a term is in the topic against how exclusive it is to the topic.
	FREX []string
}

// DefaultFREXWeight is the weight w of frequency in the FREX score, as in
// STM's labelTopics (frexweight = 0.5).
const DefaultFREXWeight = 0.5

// Labels returns the labels of all topics, n terms each. FREX is the
// harmonic mean of a term's rank by frequency and its rank by exclusivity
// within the topic (Bischof & Airoldi, ICML 2012; Roberts, Stewart &
// Airoldi, "A model of text for experimentation in the social sciences",
// JASA 111(515), 2016, doi:10.1080/01621459.2015.1051480), as STM's
// calcfrex computes it:
//
//	excl_tv = β_tv / Σ_s β_sv
//	FREX_tv = ( w / F_t(β_tv) + (1 − w) / E_t(excl_tv) )⁻¹
//
// where β_t is topic t's weights divided by their sum, and F_t and E_t are
// the empirical distribution functions, over the vocabulary, of β_t and
// excl_t (rank / V, ties given their average rank). A term no topic uses
// has exclusivity 0. w outside (0, 1) means DefaultFREXWeight. Ties in
// either list are broken by term.
func (m *DocModel) Labels(n int, w float64) []Label {
	if w <= 0 || w >= 1 {
		w = DefaultFREXWeight
	}
	k, v := m.k, m.V()
	// beta[t*v+i] = β_ti; colSum[t] the topic's weight total.
	beta := make([]float64, k*v)
	colSum := make([]float64, k)
	for i := range v {
		for t, x := range m.w[i*k : i*k+k] {
			colSum[t] += float64(x)
		}
	}
	for i := range v {
		for t, x := range m.w[i*k : i*k+k] {
			if colSum[t] > 0 {
				beta[t*v+i] = float64(x) / colSum[t]
			}
		}
	}
	termSum := make([]float64, v)
	for t := range k {
		for i := range v {
			termSum[i] += beta[t*v+i]
		}
	}
	excl := make([]float64, v)
	freqRank := make([]float64, v)
	exclRank := make([]float64, v)
	frex := make([]float64, v)
	ids := make([]int, v)
	out := make([]Label, k)
	for t := range k {
		b := beta[t*v : t*v+v]
		for i := range v {
			excl[i] = 0
			if termSum[i] > 0 {
				excl[i] = b[i] / termSum[i]
			}
		}
		ecdf(freqRank, b, ids)
		ecdf(exclRank, excl, ids)
		for i := range v {
			frex[i] = 1 / (w/freqRank[i] + (1-w)/exclRank[i])
		}
		out[t] = Label{Top: m.topBy(b, n, ids), FREX: m.topBy(frex, n, ids)}
	}
	return out
}

// topBy returns the n terms of largest score, ties by term; ids is
// scratch of length V.
func (m *DocModel) topBy(score []float64, n int, ids []int) []string {
	for i := range ids {
		ids[i] = i
	}
	slices.SortFunc(ids, func(a, b int) int {
		return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(m.terms[a], m.terms[b]))
	})
	n = min(n, len(ids))
	out := make([]string, n)
	for i, id := range ids[:n] {
		out[i] = m.terms[id]
	}
	return out
}

// ecdf sets dst[i] to the empirical distribution function of x at x[i]:
// its rank among the values (1 for the smallest; tied values share their
// average rank) divided by len(x). ids is scratch of len(x).
func ecdf(dst, x []float64, ids []int) {
	for i := range ids {
		ids[i] = i
	}
	slices.SortFunc(ids, func(a, b int) int { return cmp.Or(cmp.Compare(x[a], x[b]), cmp.Compare(a, b)) })
	n := float64(len(x))
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && x[ids[j]] == x[ids[i]] {
			j++
		}
		// Ranks i+1 … j share their mean (i+1+j)/2.
		r := float64(i+1+j) / 2 / n
		for _, id := range ids[i:j] {
			dst[id] = r
		}
		i = j
	}
}
