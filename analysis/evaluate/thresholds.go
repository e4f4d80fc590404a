package evaluate

import (
	"math"
	"sort"

	"newsframe/analysis/sentiment"
)

// ThresholdStep is the grid of FitThresholds: thresholds are multiples of
// 0.01 in [−1, 1].
const ThresholdStep = 0.01

// FitThresholds returns the label thresholds (sentiment.Thresholds: a
// score below Negative is labels[0], above Positive labels[2], else
// labels[1]) that maximise the macro-F1 of the thresholded scores against
// gold, and that macro-F1. Both thresholds lie on a grid of step
// ThresholdStep over [−1, 1] with Negative ≤ Positive; of equal maxima the
// first in the order (Negative, then Positive) ascending wins, so the
// result is deterministic. Gold labels outside labels are ignored. It
// panics if the lengths differ or labels does not hold three labels.
//
// Every (Negative, Positive) pair of the grid is tried: with the scores of
// each gold class sorted, a pair's confusion matrix costs O(1) from the
// counts below and above each grid point.
func FitThresholds(scores []float64, gold []Label, labels []Label) (sentiment.Thresholds, float64) {
	if len(scores) != len(gold) {
		panic("evaluate: FitThresholds: lengths differ")
	}
	if len(labels) != 3 {
		panic("evaluate: FitThresholds: want three labels")
	}
	var byClass [3][]float64
	for i, g := range gold {
		for k, l := range labels {
			if g == l {
				byClass[k] = append(byClass[k], scores[i])
			}
		}
	}
	const steps = 200
	grid := func(i int) float64 { return math.Round((-1+float64(i)*ThresholdStep)*100) / 100 }
	var below, above [3][steps + 1]int
	for k := range byClass {
		s := byClass[k]
		sort.Float64s(s)
		for i := 0; i <= steps; i++ {
			t := grid(i)
			below[k][i] = sort.SearchFloat64s(s, t) // scores < t
			above[k][i] = len(s) - sort.Search(len(s), func(j int) bool { return s[j] > t })
		}
	}
	best, bestF := sentiment.Thresholds{}, -1.0
	var c [3][3]int
	for i := 0; i <= steps; i++ {
		for j := i; j <= steps; j++ {
			for k := range byClass {
				c[k][0], c[k][2] = below[k][i], above[k][j]
				c[k][1] = len(byClass[k]) - c[k][0] - c[k][2]
			}
			if f := macroF1Of(&c); f > bestF+1e-12 {
				best, bestF = sentiment.Thresholds{Negative: grid(i), Positive: grid(j)}, f
			}
		}
	}
	return best, bestF
}

// macroF1Of is Confusion.MacroF1 of a 3×3 matrix c[gold][predicted].
func macroF1Of(c *[3][3]int) float64 {
	sum := 0.0
	for k := 0; k < 3; k++ {
		tp := c[k][k]
		pred, gold := 0, 0
		for i := 0; i < 3; i++ {
			pred += c[i][k]
			gold += c[k][i]
		}
		if tp > 0 {
			p, r := float64(tp)/float64(pred), float64(tp)/float64(gold)
			sum += 2 * p * r / (p + r)
		}
	}
	return sum / 3
}
