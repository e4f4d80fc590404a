package stats

import (
	"cmp"
	"math"
	"slices"
)

// AdjustBH returns Benjamini–Hochberg adjusted p-values (q-values) for a
// family of tests, in the order of p (Benjamini & Hochberg 1995,
// doi:10.1111/j.2517-6161.1995.tb02031.x). With the m valid p-values
// sorted as p(1) ≤ … ≤ p(m),
//
//	q(i) = min over j ≥ i of min(1, m·p(j) / j)
//
// and rejecting every hypothesis with q ≤ α controls the false discovery
// rate at α for independent (or positively dependent) tests. NaN entries
// (tests that could not be run) stay NaN and do not count in m.
func AdjustBH(p []float64) []float64 {
	q := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		if math.IsNaN(v) {
			q[i] = math.NaN()
			continue
		}
		if v < 0 || v > 1 {
			panic("stats: p-value out of [0, 1]")
		}
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	m := float64(len(idx))
	running := 1.0
	for r := len(idx) - 1; r >= 0; r-- {
		i := idx[r]
		running = math.Min(running, p[i]*m/float64(r+1))
		q[i] = running
	}
	return q
}

// RejectBH reports which hypotheses the Benjamini–Hochberg step-up
// procedure rejects at false discovery rate alpha: with k the largest i
// such that p(i) ≤ i·alpha/m, the k smallest p-values. It equals
// AdjustBH(p)[i] ≤ alpha. NaN entries are never rejected.
func RejectBH(p []float64, alpha float64) []bool {
	q := AdjustBH(p)
	r := make([]bool, len(p))
	for i, v := range q {
		r[i] = v <= alpha
	}
	return r
}
