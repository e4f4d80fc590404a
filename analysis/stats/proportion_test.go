package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestFisherExact(t *testing.T) {
	tests := []struct {
		a, b, c, d int
		// The exact sums, computed with Python's fractions and math.comb
		// (the first three are also R's fisher.test examples).
		want float64
	}{
		{3, 1, 1, 3, 0.4857142857},
		{1, 9, 11, 3, 0.0027594561852200836},
		{0, 10, 0, 10, 1},
		{10, 0, 0, 10, 1.082508822446903e-05},
		{2, 28, 9, 21, 0.041900118908418736},
	}
	for _, tt := range tests {
		if got := FisherExact(tt.a, tt.b, tt.c, tt.d); math.Abs(got-tt.want) > 1e-9*tt.want {
			t.Errorf("FisherExact(%d, %d, %d, %d) = %.10g, want %.10g", tt.a, tt.b, tt.c, tt.d, got, tt.want)
		}
	}
}

func TestProportionWilson(t *testing.T) {
	p := TTest{}.Proportion(0, 10)
	if p.Share != 0 || p.Lo != 0 || math.Abs(p.Hi-0.2775) > 1e-4 {
		t.Errorf("Proportion(0, 10) = %+v, want share 0 in [0, 0.2775]", p)
	}
	if p := (TTest{}).Proportion(0, 0); !math.IsNaN(p.Share) || !p.TooFew {
		t.Errorf("Proportion(0, 0) = %+v, want NaN and TooFew", p)
	}
}

// TestProportionCoverage checks that the Wilson interval covers the true
// share 92-98% of the time with 30 articles (being discrete, it covers a
// little more than 95% at some shares), over shares from 0.05 to
// 0.5, and that Fisher's test on two groups of one share finds a
// difference at most 5% of the time.
func TestProportionCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const sims = 4000
	for _, share := range []float64{0.05, 0.1, 0.2, 0.3, 0.5} {
		covered, rejected := 0, 0
		draw := func(n int) int {
			h := 0
			for range n {
				if rng.Float64() < share {
					h++
				}
			}
			return h
		}
		for range sims {
			x, y := draw(30), draw(60)
			p := TTest{}.Proportion(x, 30)
			if p.Lo <= share && share <= p.Hi {
				covered++
			}
			if c := (TTest{}).CompareProportions(x, 30, y, 60); c.P <= 0.05 {
				rejected++
			}
		}
		cov, size := float64(covered)/sims, float64(rejected)/sims
		t.Logf("share %.2f: coverage %.3f, size %.3f", share, cov, size)
		if cov < 0.92 || cov > 0.98 {
			t.Errorf("share %.2f: the 95%% Wilson interval covers %.1f%%, want 92-98%%", share, 100*cov)
		}
		if size > 0.05 {
			t.Errorf("share %.2f: Fisher's test rejects %.1f%% of null comparisons, want at most 5%%", share, 100*size)
		}
	}
}

func TestCompareProportionsPower(t *testing.T) {
	// 30% against 10% of articles, 80 a side: found at least 80% of the
	// time (Fisher's test is conservative: 74% with 60 a side).
	rng := rand.New(rand.NewPCG(9, 9))
	found := 0
	const sims = 1000
	for range sims {
		x, y := 0, 0
		for range 80 {
			if rng.Float64() < 0.3 {
				x++
			}
			if rng.Float64() < 0.1 {
				y++
			}
		}
		if (TTest{}).CompareProportions(x, 80, y, 80).P <= 0.05 {
			found++
		}
	}
	if share := float64(found) / sims; share < 0.8 {
		t.Errorf("power %.2f, want at least 0.8", share)
	}
}
