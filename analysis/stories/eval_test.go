package stories

import (
	"math"
	"strings"
	"testing"
)

func TestAdjustedRandAndBCubed(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred string // one label per character
		ari         float64
		p, r, f     float64
	}{
		{name: "identical", truth: "aabbc", pred: "xxyyz", ari: 1, p: 1, r: 1, f: 1},
		{
			// Contingency a:{x2,y1}, b:{y1,z2}: Σ C(n_ij) = 2, Σ C(a_i) = 6,
			// Σ C(b_j) = 3, C(6) = 15 → expected 1.2, max 4.5, ARI 0.8/3.3.
			// B-cubed: precision (1+1+½+½+1+1)/6 = 5/6, recall
			// (⅔+⅔+⅓+⅓+⅔+⅔)/6 = 5/9, F1 = 2/3.
			name: "split across", truth: "aaabbb", pred: "xxyyzz",
			ari: 8.0 / 33, p: 5.0 / 6, r: 5.0 / 9, f: 2.0 / 3,
		},
		{
			// sklearn's documented example: adjusted_rand_score([0,0,1,2],
			// [0,0,1,1]) = 4/7.
			name: "merged classes", truth: "aabc", pred: "xxyy",
			ari: 4.0 / 7, p: 0.75, r: 1, f: 6.0 / 7,
		},
		{name: "one cluster", truth: "aabb", pred: "xxxx", ari: 0, p: 0.5, r: 1, f: 2.0 / 3},
		{name: "all singletons", truth: "aabb", pred: "wxyz", ari: 0, p: 1, r: 0.5, f: 2.0 / 3},
		{name: "both singletons", truth: "abcd", pred: "wxyz", ari: 1, p: 1, r: 1, f: 1},
		{name: "single item", truth: "a", pred: "x", ari: 1, p: 1, r: 1, f: 1},
		{name: "empty", truth: "", pred: "", ari: 1, p: 1, r: 1, f: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			truth, pred := strings.Split(tt.truth, ""), strings.Split(tt.pred, "")
			if got := AdjustedRand(truth, pred); math.Abs(got-tt.ari) > 1e-12 {
				t.Errorf("AdjustedRand(%q, %q) = %v, want %v", tt.truth, tt.pred, got, tt.ari)
			}
			p, r, f := BCubed(truth, pred)
			if math.Abs(p-tt.p) > 1e-12 || math.Abs(r-tt.r) > 1e-12 || math.Abs(f-tt.f) > 1e-12 {
				t.Errorf("BCubed(%q, %q) = %v, %v, %v, want %v, %v, %v", tt.truth, tt.pred, p, r, f, tt.p, tt.r, tt.f)
			}
			// Swapping the roles swaps precision and recall and keeps ARI.
			if got := AdjustedRand(pred, truth); math.Abs(got-tt.ari) > 1e-12 {
				t.Errorf("AdjustedRand(%q, %q) = %v, want %v (symmetry)", tt.pred, tt.truth, got, tt.ari)
			}
			if p2, r2, _ := BCubed(pred, truth); math.Abs(p2-r) > 1e-12 || math.Abs(r2-p) > 1e-12 {
				t.Errorf("BCubed(%q, %q) = %v, %v, want %v, %v (swapped)", tt.pred, tt.truth, p2, r2, r, p)
			}
		})
	}
}

func TestAdjustedRandNegative(t *testing.T) {
	// Worse than chance: every true pair split, every predicted pair mixed.
	if got := AdjustedRand([]string{"a", "a", "b", "b"}, []string{"x", "y", "x", "y"}); got >= 0 {
		t.Errorf("AdjustedRand(aabb, xyxy) = %v, want < 0", got)
	}
}

func TestEvalLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AdjustedRand with different lengths did not panic")
		}
	}()
	AdjustedRand([]string{"a"}, nil)
}
