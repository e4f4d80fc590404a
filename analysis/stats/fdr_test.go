package stats

import (
	"math"
	"slices"
	"testing"
)

// bh1995 are the 15 p-values of the worked example in section 4 of
// Benjamini & Hochberg (1995): at q* = 0.05 the procedure rejects the four
// smallest (Bonferroni only the three smallest).
var bh1995 = []float64{
	0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
	0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000,
}

func TestRejectBHPaperExample(t *testing.T) {
	got := RejectBH(bh1995, 0.05)
	want := make([]bool, len(bh1995))
	for i := range 4 {
		want[i] = true
	}
	if !slices.Equal(got, want) {
		t.Errorf("RejectBH(paper example) = %v, want the first 4", got)
	}
	// Order must not matter.
	rev := slices.Clone(bh1995)
	slices.Reverse(rev)
	gotRev := RejectBH(rev, 0.05)
	slices.Reverse(gotRev)
	if !slices.Equal(gotRev, want) {
		t.Errorf("RejectBH(reversed paper example) = %v, want the first 4", gotRev)
	}
}

func TestAdjustBH(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		p    []float64
		want []float64
	}{
		{name: "empty", p: nil, want: []float64{}},
		{name: "single", p: []float64{0.03}, want: []float64{0.03}},
		{
			// Sorted 0.005, 0.01, 0.03, 0.04 → m·p/i = 0.02, 0.02, 0.04,
			// 0.04; running minimum from the top keeps them.
			name: "hand",
			p:    []float64{0.01, 0.04, 0.03, 0.005},
			want: []float64{0.02, 0.04, 0.04, 0.02},
		},
		{
			// m·p/i = 0.03, 0.02, 0.03 → minimum from the top: 0.02,
			// 0.02, 0.03.
			name: "monotone step",
			p:    []float64{0.01, 0.01 * 4 / 3, 0.03},
			want: []float64{0.02, 0.02, 0.03},
		},
		{
			name: "capped at one",
			p:    []float64{0.9, 0.8},
			want: []float64{0.9, 0.9},
		},
		{
			// NaN is no test: m = 2 for the other two.
			name: "NaN skipped",
			p:    []float64{0.02, nan, 0.04},
			want: []float64{0.04, nan, 0.04},
		},
		{
			// The paper's ten smallest p-values as a family of m = 10:
			// m·p(i)/i = 0.001, 0.002, 0.00633, 0.02375, 0.0402, 0.04633,
			// 0.04257, 0.043, 0.051, 0.324; the running minimum from the
			// top pulls q(6) down to q(7).
			name: "paper example head",
			p:    bh1995[:10],
			want: []float64{0.001, 0.002, 0.019 / 3, 0.02375, 0.0402, 0.298 / 7, 0.298 / 7, 0.043, 0.051, 0.324},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AdjustBH(tt.p)
			if len(got) != len(tt.want) {
				t.Fatalf("AdjustBH(%v) = %v, want %v", tt.p, got, tt.want)
			}
			for i := range got {
				if !approx(got[i], tt.want[i], 1e-12) {
					t.Errorf("AdjustBH(%v) = %v, want %v", tt.p, got, tt.want)
					break
				}
			}
		})
	}
}

func TestAdjustBHPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AdjustBH([1.5]) did not panic")
		}
	}()
	AdjustBH([]float64{1.5})
}

func approx(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}
