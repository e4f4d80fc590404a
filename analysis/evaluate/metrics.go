package evaluate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Confusion is a confusion matrix over an ordered label set: Counts[g][p]
// is the number of items with gold label Labels[g] predicted as Labels[p].
type Confusion struct {
	Labels []Label
	Counts [][]int
	index  map[Label]int
}

// NewConfusion returns an empty matrix over labels (in display order).
func NewConfusion(labels ...Label) *Confusion {
	c := &Confusion{Labels: labels, Counts: make([][]int, len(labels)), index: make(map[Label]int)}
	for i, l := range labels {
		c.Counts[i] = make([]int, len(labels))
		c.index[l] = i
	}
	return c
}

// Add counts one item. It returns an error for a label outside the set.
func (c *Confusion) Add(gold, pred Label) error {
	g, ok := c.index[gold]
	if !ok {
		return fmt.Errorf("gold label %q not in %v", gold, c.Labels)
	}
	p, ok := c.index[pred]
	if !ok {
		return fmt.Errorf("predicted label %q not in %v", pred, c.Labels)
	}
	c.Counts[g][p]++
	return nil
}

// Total returns the number of items counted.
func (c *Confusion) Total() int {
	n := 0
	for _, row := range c.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Accuracy returns the share of items on the diagonal (0 when empty).
func (c *Confusion) Accuracy() float64 {
	n, d := 0, 0
	for i, row := range c.Counts {
		for j, v := range row {
			n += v
			if i == j {
				d += v
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(d) / float64(n)
}

// ClassScores are the one-vs-rest figures of one label.
type ClassScores struct {
	Label                 Label
	Precision, Recall, F1 float64
	// Support is the number of gold items with this label.
	Support int
}

// Classes returns precision, recall and F1 per label:
//
//	P = tp / (tp + fp),  R = tp / (tp + fn),  F1 = 2PR / (P + R)
//
// with 0 for any ratio whose denominator is 0.
func (c *Confusion) Classes() []ClassScores {
	out := make([]ClassScores, len(c.Labels))
	for k, l := range c.Labels {
		tp := c.Counts[k][k]
		var predicted, gold int
		for i := range c.Labels {
			predicted += c.Counts[i][k]
			gold += c.Counts[k][i]
		}
		s := ClassScores{Label: l, Support: gold}
		if predicted > 0 {
			s.Precision = float64(tp) / float64(predicted)
		}
		if gold > 0 {
			s.Recall = float64(tp) / float64(gold)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		out[k] = s
	}
	return out
}

// MacroF1 returns the unweighted mean F1 over all labels of the set, each
// label counting equally whether or not it occurs (a label that is never
// gold nor predicted has F1 0).
func (c *Confusion) MacroF1() float64 {
	if len(c.Labels) == 0 {
		return 0
	}
	sum := 0.0
	for _, s := range c.Classes() {
		sum += s.F1
	}
	return sum / float64(len(c.Labels))
}

// Pearson returns Pearson's product-moment correlation of x and y (NaN
// when either is constant or they have fewer than 2 items). It panics if
// the lengths differ.
func Pearson(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("evaluate: Pearson: lengths differ")
	}
	if len(x) < 2 {
		return math.NaN()
	}
	return stat.Correlation(x, y, nil)
}

// Spearman returns Spearman's rank correlation: Pearson's r of the ranks
// of x and y, tied values sharing their mean rank.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("evaluate: Spearman: lengths differ")
	}
	return Pearson(Ranks(x), Ranks(y))
}

// Ranks returns the 1-based ranks of x, ties given their mean rank.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// AlphaNominal returns Krippendorff's alpha for two coders who each gave
// every unit a label, a[i] and b[i] (Krippendorff 2004, Content Analysis,
// 2nd ed., ISBN 978-0-7619-1545-4, ch. 11):
//
//	α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k
//
// where o_ck counts ordered pairable value pairs (each unit contributes
// (a,b) and (b,a)), n_c is how often value c occurs among all 2N values
// and n = 2N. It is 1 for perfect agreement, 0 for chance agreement and
// NaN when only one value occurs. It panics if the lengths differ.
func AlphaNominal(a, b []Label) float64 {
	if len(a) != len(b) {
		panic("evaluate: AlphaNominal: lengths differ")
	}
	counts := make(map[Label]float64)
	disagree := 0.0
	for i := range a {
		counts[a[i]]++
		counts[b[i]]++
		if a[i] != b[i] {
			disagree += 2 // o_ab and o_ba
		}
	}
	n := float64(2 * len(a))
	same := 0.0
	for _, c := range counts {
		same += c * c
	}
	expected := n*n - same // Σ_{c≠k} n_c n_k
	if expected == 0 {
		return math.NaN()
	}
	return 1 - (n-1)*disagree/expected
}

// AlphaInterval returns Krippendorff's alpha with the interval metric
// δ²(u, v) = (u − v)² for two coders with numeric values a[i], b[i]:
//
//	α = 1 − D_o / D_e,  D_o = Σ_i (a_i − b_i)² / N,
//	D_e = Σ_{all pairs p≠q of the 2N values} (v_p − v_q)² / (2N (2N − 1))
//
// Values must be on the same scale. NaN when all values are equal.
func AlphaInterval(a, b []float64) float64 {
	if len(a) != len(b) {
		panic("evaluate: AlphaInterval: lengths differ")
	}
	N := float64(len(a))
	if N == 0 {
		return math.NaN()
	}
	do := 0.0
	all := make([]float64, 0, 2*len(a))
	for i := range a {
		d := a[i] - b[i]
		do += d * d
		all = append(all, a[i], b[i])
	}
	do /= N
	// Σ_{p≠q} (v_p − v_q)² = 2·n·Σ(v − mean)², n = 2N.
	mean := stat.Mean(all, nil)
	ss := 0.0
	for _, v := range all {
		ss += (v - mean) * (v - mean)
	}
	n := 2 * N
	de := 2 * n * ss / (n * (n - 1))
	if de == 0 {
		return math.NaN()
	}
	return 1 - do/de
}

// Interval is a two-sided confidence interval.
type Interval struct {
	Lo, Hi float64
}

// BootstrapMacroF1 returns the percentile bootstrap 95% interval of the
// macro-F1 of paired gold and predicted labels over the label set: it
// draws len(gold) items with replacement `rounds` times with a PCG
// generator seeded with seed, and takes the 2.5th and 97.5th percentiles
// of the resampled macro-F1 (Efron & Tibshirani 1993, ISBN
// 978-0-412-04231-7, ch. 13). The same seed gives the same interval.
func BootstrapMacroF1(labels []Label, gold, pred []Label, rounds int, seed uint64) Interval {
	if len(gold) != len(pred) {
		panic("evaluate: BootstrapMacroF1: lengths differ")
	}
	if len(gold) == 0 || rounds <= 0 {
		return Interval{math.NaN(), math.NaN()}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	// Map labels to indices once.
	c := NewConfusion(labels...)
	g := make([]int, len(gold))
	p := make([]int, len(pred))
	for i := range gold {
		g[i], p[i] = c.index[gold[i]], c.index[pred[i]]
	}
	stats := make([]float64, rounds)
	for r := range rounds {
		for i := range c.Counts {
			for j := range c.Counts[i] {
				c.Counts[i][j] = 0
			}
		}
		for range gold {
			k := rng.IntN(len(gold))
			c.Counts[g[k]][p[k]]++
		}
		stats[r] = c.MacroF1()
	}
	sort.Float64s(stats)
	return Interval{
		Lo: stat.Quantile(0.025, stat.LinInterp, stats, nil),
		Hi: stat.Quantile(0.975, stat.LinInterp, stats, nil),
	}
}
