package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func approx(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

func TestMeanHand(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name          string
		units         []Unit
		mean, lo, hi  float64
		nUnits, nObs  int
		tooFew, exact bool // exact: lo and hi are checked
	}{
		{name: "empty", units: nil, mean: nan, lo: nan, hi: nan, tooFew: true, exact: true},
		{name: "only empty units", units: []Unit{{0, 0}, {0, 0}}, mean: nan, lo: nan, hi: nan, tooFew: true, exact: true},
		{name: "one unit", units: []Unit{{1.5, 3}}, mean: 0.5, lo: 0.5, hi: 0.5, nUnits: 1, nObs: 3, tooFew: true, exact: true},
		{
			// Paragraph-level mean: (2 + 0) / (2 + 1), not the mean of
			// article means (1 + 0) / 2.
			name: "ratio of sums", units: []Unit{{2, 2}, {0, 1}}, mean: 2.0 / 3,
			nUnits: 2, nObs: 3, tooFew: true,
		},
		{
			name:  "constant values give a zero-width interval",
			units: []Unit{{0.4, 2}, {0.2, 1}, {0.6, 3}, {0.2, 1}, {0.8, 4}, {0.2, 1}, {0.4, 2}, {0.2, 1}, {0.2, 1}, {0.2, 1}},
			mean:  0.2, lo: 0.2, hi: 0.2, nUnits: 10, nObs: 17, exact: true,
		},
		{name: "empty units are dropped", units: []Unit{{1, 1}, {0, 0}, {3, 1}}, mean: 2, nUnits: 2, nObs: 2, tooFew: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Bootstrap{}.Mean(tt.name, tt.units)
			if !approx(got.Mean, tt.mean, 1e-12) {
				t.Errorf("Mean = %v, want %v", got.Mean, tt.mean)
			}
			if tt.exact && (!approx(got.Lo, tt.lo, 1e-12) || !approx(got.Hi, tt.hi, 1e-12)) {
				t.Errorf("interval = [%v, %v], want [%v, %v]", got.Lo, got.Hi, tt.lo, tt.hi)
			}
			if !tt.exact && !(got.Lo <= got.Mean && got.Mean <= got.Hi) {
				t.Errorf("interval [%v, %v] does not hold mean %v", got.Lo, got.Hi, got.Mean)
			}
			if got.Units != tt.nUnits || got.Obs != tt.nObs {
				t.Errorf("units, obs = %d, %d, want %d, %d", got.Units, got.Obs, tt.nUnits, tt.nObs)
			}
			if got.TooFew != tt.tooFew {
				t.Errorf("TooFew = %v, want %v", got.TooFew, tt.tooFew)
			}
		})
	}
}

func TestMeanNegativeCountPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Mean with a negative count did not panic")
		}
	}()
	Bootstrap{}.Mean("x", []Unit{{1, -1}})
}

// normalUnits returns n articles of 1–5 paragraphs with N(mu, 1) scores.
func normalUnits(seed uint64, n int, mu float64) []Unit {
	rng := rand.New(rand.NewPCG(seed, 1))
	units := make([]Unit, n)
	for i := range units {
		c := 1 + rng.IntN(5)
		for range c {
			units[i].Sum += mu + rng.NormFloat64()
		}
		units[i].Count = c
	}
	return units
}

func TestMeanDeterministic(t *testing.T) {
	units := normalUnits(1, 200, 0)
	a := Bootstrap{}.Mean("sentiment/fox", units)
	b := Bootstrap{}.Mean("sentiment/fox", units)
	if a != b {
		t.Errorf("same input: got %+v then %+v", a, b)
	}
	shuffled := slices.Clone(units)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	if c := (Bootstrap{}).Mean("sentiment/fox", shuffled); c != a {
		t.Errorf("shuffled input: got %+v, want %+v", c, a)
	}
	if d := (Bootstrap{}).Mean("sentiment/nyt", units); d.Lo == a.Lo && d.Hi == a.Hi {
		t.Errorf("another name gave the same interval [%v, %v]", d.Lo, d.Hi)
	}
}

// TestMeanWidth checks the interval against the normal-theory width
// 2·1.96·σ/√n for unit-level data, where the two should agree closely.
func TestMeanWidth(t *testing.T) {
	const n = 400
	units := make([]Unit, n)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range units {
		units[i] = Unit{Sum: rng.NormFloat64(), Count: 1}
	}
	iv := Bootstrap{Resamples: 2000}.Mean("width", units)
	want := 2 * 1.96 / math.Sqrt(n)
	if got := iv.Hi - iv.Lo; math.Abs(got-want) > 0.15*want {
		t.Errorf("width = %.4f, want %.4f ± 15%%", got, want)
	}
}

// TestMeanCoverage runs many small experiments and checks that about 95%
// of the intervals hold the true mean.
func TestMeanCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage simulation")
	}
	const trials = 300
	hits := 0
	for i := range trials {
		iv := Bootstrap{Resamples: 400}.Mean("coverage", normalUnits(uint64(100+i), 60, 0.3))
		if iv.Lo <= 0.3 && 0.3 <= iv.Hi {
			hits++
		}
	}
	// Binomial(300, 0.95) sd ≈ 3.8 intervals; the percentile bootstrap
	// under-covers slightly at n = 60.
	if hits < 270 || hits > 295 {
		t.Errorf("coverage = %d/%d, want about 95%%", hits, trials)
	}
}

func TestDiffPermutationHand(t *testing.T) {
	// Three units, two in x: the splits {1,2}|{3}, {1,3}|{2}, {2,3}|{1}
	// give differences −1.5, 0, 1.5, so P(|d*| ≥ 1.5) = 2/3 exactly.
	x := []Unit{{1, 1}, {2, 1}}
	y := []Unit{{3, 1}}
	d := Bootstrap{Resamples: 4000}.Diff("hand", x, y)
	if !approx(d.Diff, -1.5, 1e-12) {
		t.Errorf("Diff = %v, want -1.5", d.Diff)
	}
	if !approx(d.P, 2.0/3, 0.03) {
		t.Errorf("P = %v, want 2/3 ± 0.03", d.P)
	}
	if !d.TooFew {
		t.Error("TooFew = false with 2 and 1 units")
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name         string
		x, y         []Unit
		pMin, pMax   float64
		holdsZero    bool
		wantDiffSign float64
	}{
		{name: "same distribution", x: normalUnits(1, 80, 0), y: normalUnits(2, 80, 0), pMin: 0.05, pMax: 1, holdsZero: true},
		{name: "shifted by one sd", x: normalUnits(3, 80, 1), y: normalUnits(4, 80, 0), pMin: 0, pMax: 0.002, wantDiffSign: 1},
		{name: "shifted down", x: normalUnits(5, 80, -0.5), y: normalUnits(6, 80, 0.5), pMin: 0, pMax: 0.002, wantDiffSign: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Bootstrap{}.Diff(tt.name, tt.x, tt.y)
			if d.P < tt.pMin || d.P > tt.pMax {
				t.Errorf("P = %v, want in [%v, %v]", d.P, tt.pMin, tt.pMax)
			}
			if got := d.Lo <= 0 && 0 <= d.Hi; got != tt.holdsZero {
				t.Errorf("interval [%v, %v] holds 0 = %v, want %v", d.Lo, d.Hi, got, tt.holdsZero)
			}
			if tt.wantDiffSign != 0 && math.Signbit(d.Diff) != math.Signbit(tt.wantDiffSign) {
				t.Errorf("Diff = %v, want sign of %v", d.Diff, tt.wantDiffSign)
			}
			if !approx(d.Diff, d.X.Mean-d.Y.Mean, 1e-12) {
				t.Errorf("Diff = %v, want X.Mean-Y.Mean = %v", d.Diff, d.X.Mean-d.Y.Mean)
			}
			if d.P <= 0 {
				t.Errorf("P = %v, want > 0", d.P)
			}
		})
	}
}

func TestDiffEmptyGroup(t *testing.T) {
	d := Bootstrap{}.Diff("empty", normalUnits(1, 20, 0), nil)
	if !math.IsNaN(d.P) || !math.IsNaN(d.Lo) || !math.IsNaN(d.Diff) {
		t.Errorf("Diff with an empty group = %+v, want NaN figures", d)
	}
	if !d.TooFew {
		t.Error("TooFew = false with an empty group")
	}
}

func TestDiffDeterministic(t *testing.T) {
	x, y := normalUnits(1, 50, 0.1), normalUnits(2, 50, 0)
	a := Bootstrap{}.Diff("d", x, y)
	xs := slices.Clone(x)
	slices.Reverse(xs)
	if b := (Bootstrap{}).Diff("d", xs, y); a != b {
		t.Errorf("reversed x: got %+v, want %+v", b, a)
	}
}

func TestQuantileSorted(t *testing.T) {
	x := []float64{1, 2, 3, 4, 10}
	tests := []struct {
		name string
		p    float64
		want float64
	}{
		{"min", 0, 1},
		{"max", 1, 10},
		{"median", 0.5, 3},
		{"first quartile", 0.25, 2},
		// h = 4·0.9 = 3.6: 4 + 0.6·(10−4) = 7.6 (R: quantile(x, 0.9)).
		{"ninetieth", 0.9, 7.6},
		{"between", 0.1, 1.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuantileSorted(tt.p, x); !approx(got, tt.want, 1e-12) {
				t.Errorf("QuantileSorted(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
	if got := QuantileSorted(0.5, nil); !math.IsNaN(got) {
		t.Errorf("QuantileSorted(0.5, nil) = %v, want NaN", got)
	}
}

func BenchmarkMean(b *testing.B) {
	units := normalUnits(1, 1000, 0)
	for b.Loop() {
		Bootstrap{}.Mean("bench", units)
	}
}

func BenchmarkDiff(b *testing.B) {
	x, y := normalUnits(1, 1000, 0), normalUnits(2, 1000, 0)
	for b.Loop() {
		Bootstrap{}.Diff("bench", x, y)
	}
}
