package stats

import (
	"errors"
	"math"
	"testing"
)

// welchA1 and welchA2 are the samples of Example 1 in Wikipedia's "Welch's
// t-test" article (revision of 2024): Welch t = −2.46, ν = 25.0,
// p = 0.021.
var (
	welchA1 = []float64{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4}
	welchA2 = []float64{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4}
)

func TestCompareKnown(t *testing.T) {
	c := TTest{}.Compare(momentsOf(welchA1...), momentsOf(welchA2...))
	for _, f := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"T", c.T, -2.46, 0.005},
		{"DF", c.DF, 24.99, 0.01},
		{"P", c.P, 0.021, 0.0005},
		{"Diff", c.Diff, plainMean(welchA1) - plainMean(welchA2), 1e-9},
	} {
		if math.Abs(f.got-f.want) > f.tol {
			t.Errorf("Compare(A1, A2).%s = %.4f, want %.4f", f.name, f.got, f.want)
		}
	}
	if c.TooFew || !(c.Lo < c.Diff && c.Diff < c.Hi && c.Hi < 0) {
		t.Errorf("Compare(A1, A2): interval [%.3f, %.3f] around %.3f, too few %v; want a negative interval around Diff",
			c.Lo, c.Hi, c.Diff, c.TooFew)
	}
	// The interval excludes 0 exactly when P < 0.05.
	half := (c.Hi - c.Lo) / 2
	if got := half / c.SE; math.Abs(got-2.0597) > 0.001 {
		t.Errorf("interval half-width / SE = %.4f, want t(24.99, 0.975) = 2.0597", got)
	}
}

func TestIntervalKnown(t *testing.T) {
	tests := []struct {
		name   string
		xs     []float64
		level  float64
		lo, hi float64
	}{
		// mean 5.5, s = 3.02765, t(9, 0.975) = 2.262157
		{"1..10 at 95%", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 5.5 - 2.262157*3.0276504/math.Sqrt(10), 5.5 + 2.262157*3.0276504/math.Sqrt(10)},
		// t(9, 0.95) = 1.833113
		{"1..10 at 90%", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.90, 5.5 - 1.833113*3.0276504/math.Sqrt(10), 5.5 + 1.833113*3.0276504/math.Sqrt(10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := TTest{Level: tt.level}.Interval(momentsOf(tt.xs...))
			if math.Abs(e.Lo-tt.lo) > 1e-5 || math.Abs(e.Hi-tt.hi) > 1e-5 || e.TooFew || e.N != len(tt.xs) {
				t.Errorf("Interval = [%.6f, %.6f] n %d too few %v, want [%.6f, %.6f]", e.Lo, e.Hi, e.N, e.TooFew, tt.lo, tt.hi)
			}
		})
	}
}

func TestCompareTooFew(t *testing.T) {
	ten := momentsOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	nine := momentsOf(1, 2, 3, 4, 5, 6, 7, 8, 9)
	one := momentsOf(100)
	tests := []struct {
		name   string
		tt     TTest
		x, y   Moments
		tooFew bool
	}{
		{"ten and ten", TTest{}, ten, ten, false},
		{"ten and nine", TTest{}, ten, nine, true},
		{"one article", TTest{}, ten, one, true},
		{"nothing", TTest{}, ten, Moments{}, true},
		{"minimum from a flag", TTest{MinArticles: 5}, ten, nine, false},
		{"minimum below two counts as two", TTest{MinArticles: 1}, ten, one, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.tt.Compare(tt.x, tt.y)
			if c.TooFew != tt.tooFew {
				t.Fatalf("Compare: TooFew = %v, want %v", c.TooFew, tt.tooFew)
			}
			if tt.tooFew != math.IsNaN(c.P) || tt.tooFew != math.IsNaN(c.Lo) {
				t.Errorf("Compare: P %v, Lo %v with TooFew %v: want NaN exactly when not tested", c.P, c.Lo, c.TooFew)
			}
		})
	}
}

func TestCompareConstant(t *testing.T) {
	a := momentsOf(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
	b := momentsOf(2, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	if c := (TTest{}).Compare(a, a); c.P != 1 || c.T != 0 {
		t.Errorf("Compare(constant, same constant): P %v T %v, want 1, 0", c.P, c.T)
	}
	if c := (TTest{}).Compare(a, b); c.P != 0 || !math.IsInf(c.T, -1) || c.Lo != -1 || c.Hi != -1 {
		t.Errorf("Compare(1s, 2s): P %v T %v [%v, %v], want 0, -Inf, [-1, -1]", c.P, c.T, c.Lo, c.Hi)
	}
}

func TestCompareRest(t *testing.T) {
	outlet := momentsOf(welchA1...)
	others := momentsOf(welchA2...)
	total := outlet
	total.Merge(others)
	got, err := TTest{}.CompareRest(outlet, total)
	if err != nil {
		t.Fatalf("CompareRest: %v", err)
	}
	want := TTest{}.Compare(outlet, others)
	if got.P != want.P || got.Diff != want.Diff || got.DF != want.DF || got.Lo != want.Lo || got.NY != want.NY {
		t.Errorf("CompareRest = %+v, want %+v", got, want)
	}
	if _, err := (TTest{}).CompareRest(total, outlet); !errors.Is(err, ErrNotAdded) {
		t.Errorf("CompareRest(total, part) error = %v, want ErrNotAdded", err)
	}
}

func TestAdjustFamily(t *testing.T) {
	cs := []Comparison{{P: 0.01}, {P: 0.04}, {P: 0.5, TooFew: true}, {P: 0.03}}
	AdjustFamily(cs)
	want := []float64{0.03, 0.04, math.NaN(), 0.04}
	for i, c := range cs {
		if math.IsNaN(want[i]) != math.IsNaN(c.Q) || !math.IsNaN(want[i]) && math.Abs(c.Q-want[i]) > 1e-12 {
			t.Errorf("AdjustFamily: Q[%d] = %v, want %v", i, c.Q, want[i])
		}
	}
}

func plainMean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
