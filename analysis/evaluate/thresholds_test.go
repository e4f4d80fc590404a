package evaluate_test

import (
	"fmt"
	"testing"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/sentiment"
)

func TestFitThresholds(t *testing.T) {
	labels := []string{"negative", "neutral", "positive"}
	for _, tc := range []struct {
		name   string
		scores []float64
		gold   []string
		want   sentiment.Thresholds
		wantF1 float64
	}{
		{"separable", []float64{-0.9, -0.5, -0.1, 0, 0.1, 0.6, 0.8},
			[]string{"negative", "negative", "neutral", "neutral", "neutral", "positive", "positive"},
			sentiment.Thresholds{Negative: -0.49, Positive: 0.1}, 1},
		// A polar codebook: every score away from 0 is polar.
		{"narrow band", []float64{-0.3, -0.2, -0.05, 0.02, 0.15, 0.3},
			[]string{"negative", "negative", "negative", "neutral", "positive", "positive"},
			sentiment.Thresholds{Negative: -0.04, Positive: 0.02}, 1},
		{"ignores other labels", []float64{-0.5, 0.5, 0.9}, []string{"negative", "positive", "unknown"},
			sentiment.Thresholds{Negative: -0.49, Positive: -0.49}, 2.0 / 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, f1 := evaluate.FitThresholds(tc.scores, tc.gold, labels)
			if got != tc.want || abs(f1-tc.wantF1) > 1e-9 {
				t.Errorf("FitThresholds(%v) = %+v, %v, want %+v, %v", tc.scores, got, f1, tc.want, tc.wantF1)
			}
			// The figure is the macro-F1 of the labels the thresholds give.
			c := evaluate.NewConfusion(labels...)
			for i, s := range tc.scores {
				if tc.gold[i] == "unknown" {
					continue
				}
				c.Add(tc.gold[i], string(got.Label(s)))
			}
			if abs(c.MacroF1()-f1) > 1e-9 {
				t.Errorf("macro-F1 of the fitted labels = %v, FitThresholds says %v", c.MacroF1(), f1)
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func ExampleFitThresholds() {
	scores := []float64{-0.8, -0.3, -0.05, 0.1, 0.2, 0.7}
	gold := []string{"negative", "negative", "neutral", "neutral", "positive", "positive"}
	t, f1 := evaluate.FitThresholds(scores, gold, []string{"negative", "neutral", "positive"})
	fmt.Printf("%+v %.2f\n", t, f1)
	// Output:
	// {Negative:-0.29 Positive:0.1} 1.00
}
