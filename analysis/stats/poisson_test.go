package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPoissonWeights(t *testing.T) {
	// Over many keys and replicates the weights follow Poisson(1): mean 1,
	// variance 1, P(0) = P(1) = 1/e, P(2) = 1/(2e).
	const n = 2000
	w := make([]uint8, 1000)
	var sum, sq float64
	var freq [21]int
	for k := range n {
		PoissonWeights(w, KeyOf(fmt.Sprint("article-", k)))
		for _, x := range w {
			sum += float64(x)
			sq += float64(x) * float64(x)
			freq[x]++
		}
	}
	total := float64(n * len(w))
	mean := sum / total
	variance := sq/total - mean*mean
	if math.Abs(mean-1) > 0.005 || math.Abs(variance-1) > 0.01 {
		t.Errorf("weights: mean %.4f, variance %.4f, want 1, 1", mean, variance)
	}
	for k, want := range []float64{1 / math.E, 1 / math.E, 1 / (2 * math.E), 1 / (6 * math.E)} {
		if got := float64(freq[k]) / total; math.Abs(got-want) > 0.002 {
			t.Errorf("P(w = %d) = %.4f, want %.4f", k, got, want)
		}
	}
	// The same key gives the same weights; another key others.
	a, b := make([]uint8, 100), make([]uint8, 100)
	PoissonWeights(a, 42)
	PoissonWeights(b, 42)
	if !slices.Equal(a, b) {
		t.Error("the same key gave different weights")
	}
	PoissonWeights(b, 43)
	if slices.Equal(a, b) {
		t.Error("keys 42 and 43 gave the same weights")
	}
}

func randomKeyed(rng *rand.Rand, n int, shift float64) []KeyedUnit {
	units := make([]KeyedUnit, n)
	for i := range units {
		c := 1 + rng.IntN(6)
		s := 0.0
		for range c {
			s += math.Max(-1, math.Min(1, shift+0.4*rng.NormFloat64()))
		}
		units[i] = KeyedUnit{Key: rng.Uint64(), Unit: Unit{Sum: s, Count: c}}
	}
	return units
}

// TestResamplesOrder checks that replicate sums depend on the multiset of
// units only: added in any order, or built up and partly taken out again.
func TestResamplesOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	units := randomKeyed(rng, 300, 0.1)
	b := Bootstrap{Resamples: 500}
	want := b.Resample(units)

	shuffled := slices.Clone(units)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if got := b.Resample(shuffled); !got.Equal(want) {
		t.Error("shuffled units gave other replicate sums")
	}

	extra := randomKeyed(rng, 50, -0.3)
	r := b.NewResamples()
	for _, u := range extra {
		r.Add(u)
	}
	for _, u := range shuffled {
		r.Add(u)
	}
	for _, u := range extra {
		r.Remove(u)
	}
	if !r.Equal(want) {
		t.Error("adding then removing units left other replicate sums")
	}

	blob, err := want.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var back Resamples
	if err := back.UnmarshalBinary(blob); err != nil {
		t.Fatal(err)
	}
	if !back.Equal(want) {
		t.Error("replicate sums changed through AppendBinary and UnmarshalBinary")
	}
	if err := back.UnmarshalBinary(blob[:len(blob)-1]); err == nil {
		t.Error("a truncated blob was accepted")
	}
}

func TestPoissonMeanHand(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name         string
		units        []KeyedUnit
		mean, lo, hi float64
		nUnits, nObs int
		tooFew       bool
	}{
		{name: "empty", mean: nan, lo: nan, hi: nan, tooFew: true},
		{name: "one unit", units: []KeyedUnit{{7, Unit{1.5, 3}}}, mean: 0.5, lo: 0.5, hi: 0.5, nUnits: 1, nObs: 3, tooFew: true},
		{name: "constant", units: []KeyedUnit{{1, Unit{0.4, 2}}, {2, Unit{0.2, 1}}, {3, Unit{0.6, 3}}},
			mean: 0.2, lo: 0.2, hi: 0.2, nUnits: 3, nObs: 6, tooFew: true},
		{name: "empty units are dropped", units: []KeyedUnit{{1, Unit{1, 1}}, {2, Unit{0, 0}}, {3, Unit{3, 1}}},
			mean: 2, lo: math.Inf(-1), hi: math.Inf(1), nUnits: 2, nObs: 2, tooFew: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Bootstrap{}.PoissonMean(tt.units, nil)
			if !approx(got.Mean, tt.mean, 1e-12) {
				t.Errorf("Mean = %v, want %v", got.Mean, tt.mean)
			}
			if math.IsInf(tt.lo, 0) {
				if !(got.Lo <= got.Mean && got.Mean <= got.Hi) {
					t.Errorf("interval [%v, %v] does not hold mean %v", got.Lo, got.Hi, got.Mean)
				}
			} else if !approx(got.Lo, tt.lo, 1e-6) || !approx(got.Hi, tt.hi, 1e-6) {
				t.Errorf("interval = [%v, %v], want [%v, %v]", got.Lo, got.Hi, tt.lo, tt.hi)
			}
			if got.Units != tt.nUnits || got.Obs != tt.nObs || got.TooFew != tt.tooFew {
				t.Errorf("units, obs, too few = %d, %d, %v, want %d, %d, %v", got.Units, got.Obs, got.TooFew, tt.nUnits, tt.nObs, tt.tooFew)
			}
		})
	}
}

// TestPoissonMeanAgreesWithMean checks the Poisson intervals against the
// multinomial bootstrap's on the same data: the same mean, and bounds
// within a fraction of the interval's width.
func TestPoissonMeanAgreesWithMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{30, 300, 3000} {
		units := randomKeyed(rng, n, 0.15)
		plain := make([]Unit, n)
		for i, u := range units {
			plain[i] = u.Unit
		}
		b := Bootstrap{}
		p := b.PoissonMean(units, nil)
		m := b.Mean("x", plain)
		width := m.Hi - m.Lo
		if p.Mean != m.Mean {
			t.Errorf("n=%d: Poisson mean %v, multinomial %v", n, p.Mean, m.Mean)
		}
		if math.Abs(p.Lo-m.Lo) > 0.15*width || math.Abs(p.Hi-m.Hi) > 0.15*width {
			t.Errorf("n=%d: Poisson interval [%.5f, %.5f], multinomial [%.5f, %.5f]", n, p.Lo, p.Hi, m.Lo, m.Hi)
		}
	}
}

// TestPoissonMeanCoverage draws samples from a known distribution and
// checks that about 95% of the intervals hold the true mean.
func TestPoissonMeanCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage simulation")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	const trials = 300
	hit := 0
	for range trials {
		units := make([]KeyedUnit, 60)
		for i := range units {
			units[i] = KeyedUnit{Key: rng.Uint64(), Unit: Unit{Sum: 0.3 + rng.NormFloat64(), Count: 1}}
		}
		iv := Bootstrap{Resamples: 400}.PoissonMean(units, nil)
		if iv.Lo <= 0.3 && 0.3 <= iv.Hi {
			hit++
		}
	}
	if cover := float64(hit) / trials; cover < 0.91 || cover > 0.98 {
		t.Errorf("coverage %.3f, want about 0.95", cover)
	}
}

func TestPoissonDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	b := Bootstrap{}
	x := randomKeyed(rng, 200, 0.3)
	y := randomKeyed(rng, 200, 0.0)
	d := b.PoissonDiff(x, y, nil, nil)
	if !(d.Lo < d.Diff && d.Diff < d.Hi) || d.Lo <= 0 {
		t.Errorf("shifted groups: difference %.4f [%.4f, %.4f], want an interval above 0", d.Diff, d.Lo, d.Hi)
	}
	if d.P > 0.01 {
		t.Errorf("shifted groups: p = %.4f, want < 0.01", d.P)
	}
	if d.X != b.PoissonMean(x, nil) || d.Y != b.PoissonMean(y, nil) {
		t.Error("the groups' intervals differ from PoissonMean's")
	}
	// With the replicate sums given, the same result.
	if got := b.PoissonDiff(x, y, b.Resample(x), b.Resample(y)); fmt.Sprint(got) != fmt.Sprint(d) {
		t.Errorf("with replicate sums: %+v, without: %+v", got, d)
	}

	// Under the null, p-values are not concentrated near 0.
	small := 0
	for range 40 {
		x := randomKeyed(rng, 80, 0.1)
		y := randomKeyed(rng, 80, 0.1)
		if b.PoissonDiff(x, y, nil, nil).P < 0.05 {
			small++
		}
	}
	if small > 8 {
		t.Errorf("same distribution: %d of 40 p-values below 0.05", small)
	}

	if d := b.PoissonDiff(x, nil, nil, nil); !math.IsNaN(d.P) || !math.IsNaN(d.Lo) {
		t.Errorf("empty side: p = %v, interval [%v, %v], want NaN", d.P, d.Lo, d.Hi)
	}
}

func BenchmarkResamplesAdd(b *testing.B) {
	r := Bootstrap{}.NewResamples()
	u := KeyedUnit{Key: 99, Unit: Unit{Sum: 1.25, Count: 4}}
	for b.Loop() {
		r.Add(u)
	}
}

// TestResamplesMatchWeights checks the replicate sums against the weights
// of PoissonWeights applied by hand: Add draws the same weights in its own
// loop.
func TestResamplesMatchWeights(t *testing.T) {
	tests := []struct {
		name  string
		units []KeyedUnit
	}{
		{"one unit", []KeyedUnit{{Key: 7, Unit: Unit{Sum: 1.5, Count: 3}}}},
		{"several", []KeyedUnit{{Key: 1, Unit: Unit{Sum: 0.25, Count: 2}}, {Key: 99, Unit: Unit{Sum: -2, Count: 1}}, {Key: 1 << 60, Unit: Unit{Sum: 3.75, Count: 5}}}},
		{"empty unit", []KeyedUnit{{Key: 5, Unit: Unit{}}}},
	}
	b := Bootstrap{Resamples: 200}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Resample(tt.units)
			sums := make([]int64, len(r.sums))
			counts := make([]int64, len(r.sums))
			w := make([]uint8, len(r.sums))
			for _, u := range tt.units {
				if u.Count == 0 {
					continue
				}
				PoissonWeights(w, u.Key)
				for i, x := range w {
					sums[i] += int64(x) * fixed(u.Sum)
					counts[i] += int64(x) * int64(u.Count)
				}
			}
			if !slices.Equal(r.sums, sums) || !slices.Equal(r.counts[:len(sums)], counts) {
				t.Errorf("replicate sums = %v / %v, want %v / %v", r.sums[:5], r.counts[:5], sums[:5], counts[:5])
			}
		})
	}
}
