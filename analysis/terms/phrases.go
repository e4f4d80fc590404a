package terms

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Phrase is a two-word collocation chosen by [Phrases]: an adjacent pair
// that occurs more often than its words' frequencies predict.
type Phrase struct {
	Pair
	Count
	// G2 is Dunning's log-likelihood ratio of the pair (see [G2]).
	G2 float64
}

// PhraseOptions are the thresholds of [Phrases]. Zero fields take the
// defaults given.
type PhraseOptions struct {
	// MinCount is the least pair TF (default 5): G² rewards rare pairs of
	// rare words in small corpora, and a phrase seen a few times is noise
	// in a report.
	MinCount int64
	// MinG2 is the least log-likelihood ratio (default 10.83, the χ²(1)
	// critical value for p = 0.001, as Dunning 1993 reads G²).
	MinG2 float64
	// Max keeps at most this many phrases, the highest G² first; 0 keeps
	// all.
	Max int
}

// Default thresholds of PhraseOptions.
const (
	DefaultPhraseMinCount = 5
	DefaultPhraseMinG2    = 10.83
)

// Phrases returns the adjacent pairs of c that are collocations: pair TF at
// least MinCount, positively associated (observed above expected), and
// Dunning's G² at least MinG2. They are sorted by G² (highest first), ties
// by phrase. Use them on merged counts (all outlets and days) so that the
// same phrases hold for every group.
//
// The 2×2 table of a pair (a, b) counts adjacent pairs of the corpus (N is
// the sum of all pair TFs): O11 = f(a b), O12 = f(a •) − O11 (a followed by
// another word), O21 = f(• b) − O11, O22 = N − O11 − O12 − O21.
func Phrases(c *Counts, opt PhraseOptions) []Phrase {
	if opt.MinCount <= 0 {
		opt.MinCount = DefaultPhraseMinCount
	}
	if opt.MinG2 <= 0 {
		opt.MinG2 = DefaultPhraseMinG2
	}
	c.init()
	var n int64
	first := make([]int64, len(c.dict.names))  // f(a •), by id
	second := make([]int64, len(c.dict.names)) // f(• b)
	c.eachPair(func(a, b int32, k Count) {
		n += k.TF
		first[a] += k.TF
		second[b] += k.TF
	})
	var out []Phrase
	c.eachPair(func(a, b int32, k Count) {
		if k.TF < opt.MinCount {
			return
		}
		o11 := float64(k.TF)
		r1, c1 := float64(first[a]), float64(second[b])
		if o11*float64(n) <= r1*c1 { // not above expectation
			return
		}
		g := G2(o11, r1-o11, c1-o11, float64(n)-r1-c1+o11)
		if g < opt.MinG2 {
			return
		}
		out = append(out, Phrase{Pair: Pair{c.name(a), c.name(b)}, Count: k, G2: g})
	})
	slices.SortFunc(out, func(a, b Phrase) int {
		if c := cmp.Compare(b.G2, a.G2); c != 0 {
			return c
		}
		return comparePairs(a.Pair, b.Pair)
	})
	if opt.Max > 0 && len(out) > opt.Max {
		out = out[:opt.Max]
	}
	return out
}

// G2 returns Dunning's log-likelihood ratio statistic of a 2×2 contingency
// table of observed counts o11, o12 (row 1), o21, o22 (row 2):
//
//	G² = 2 Σ_ij O_ij ln(O_ij / E_ij),  E_ij = R_i C_j / N
//
// with row sums R, column sums C and total N; cells with O = 0 add nothing.
// Under independence G² is approximately χ² with 1 degree of freedom.
// Dunning, "Accurate methods for the statistics of surprise and
// coincidence", Computational Linguistics 19(1), 1993 (ACL Anthology
// J93-1003). It returns 0 for an empty table.
func G2(o11, o12, o21, o22 float64) float64 {
	n := o11 + o12 + o21 + o22
	if n <= 0 {
		return 0
	}
	r1, r2 := o11+o12, o21+o22
	c1, c2 := o11+o21, o12+o22
	g := cell(o11, r1*c1/n) + cell(o12, r1*c2/n) + cell(o21, r2*c1/n) + cell(o22, r2*c2/n)
	return math.Max(0, 2*g)
}

func cell(o, e float64) float64 {
	if o <= 0 {
		return 0
	}
	return o * math.Log(o/e)
}

// PhraseTerms returns the phrases as terms ("military intervention").
func PhraseTerms(phrases []Phrase) []string {
	out := make([]string, len(phrases))
	for i, p := range phrases {
		out[i] = p.String()
	}
	return out
}

// TermCount is a term (a word or a phrase) with its counts.
type TermCount struct {
	Term string
	Count
}

// Top returns the k terms of c with the highest TF among its words and the
// given phrases (counted by their pair counts in c), ties broken by term
// so that the result is deterministic; k <= 0 returns all of them. A
// phrase is a term beside its words: "military intervention" does not
// lower the counts of "military".
func Top(c *Counts, phrases []Phrase, k int) []TermCount {
	all := make([]TermCount, 0, c.NumWords()+len(phrases))
	c.eachWord(func(w string, n Count) {
		all = append(all, TermCount{Term: w, Count: n})
	})
	for _, p := range phrases {
		if n := c.Pair(p.Pair); n.TF > 0 {
			all = append(all, TermCount{Term: p.String(), Count: n})
		}
	}
	order := func(a, b TermCount) int {
		// Terms are compared on ties only (cmp.Or would compare them
		// every time).
		if c := cmp.Compare(b.TF, a.TF); c != 0 {
			return c
		}
		return strings.Compare(a.Term, b.Term)
	}
	if k > 0 && len(all) > k {
		// Select the first k, then sort those: terms are distinct, so
		// the order is total and they are the k a full sort would keep.
		selectFirst(all, k, order)
		all = all[:k:k]
	}
	slices.SortFunc(all, order)
	return all
}

// TermsOf returns the terms of a list of term counts, in order.
func TermsOf(tc []TermCount) []string {
	out := make([]string, len(tc))
	for i, t := range tc {
		out[i] = t.Term
	}
	return out
}
