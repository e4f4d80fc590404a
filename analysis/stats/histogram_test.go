package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// exactBox computes the box figures from raw values with the same
// definitions as Histogram.Box (type-7 quartiles, Tukey fences moved
// outwards by slack).
func exactBox(x []float64, slack float64) Box {
	s := slices.Clone(x)
	slices.Sort(s)
	b := Box{N: uint64(len(s)), Min: s[0], Max: s[len(s)-1]}
	b.Q1, b.Median, b.Q3 = QuantileSorted(0.25, s), QuantileSorted(0.5, s), QuantileSorted(0.75, s)
	lo, hi := b.Q1-1.5*(b.Q3-b.Q1)-slack, b.Q3+1.5*(b.Q3-b.Q1)+slack
	b.LowWhisker, b.HighWhisker = math.Inf(1), math.Inf(-1)
	for _, v := range s {
		if v < lo || v > hi {
			b.Outliers++
			continue
		}
		b.LowWhisker = math.Min(b.LowWhisker, v)
		b.HighWhisker = math.Max(b.HighWhisker, v)
	}
	return b
}

func samples(name string, n int) []float64 {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	x := make([]float64, n)
	for i := range x {
		switch name {
		case "uniform":
			x[i] = 2*rng.Float64() - 1
		case "skewed":
			// Mostly mildly positive with a long negative tail, like news
			// sentiment.
			x[i] = math.Max(-1, math.Min(1, 0.1+0.15*rng.NormFloat64()))
			if rng.IntN(20) == 0 {
				x[i] = -0.6 - 0.4*rng.Float64()
			}
		case "ties":
			x[i] = float64(rng.IntN(5)-2) / 2
		}
	}
	return x
}

func TestHistogramQuantileAgainstExact(t *testing.T) {
	for _, bins := range []int{0, 200, 37} {
		for _, name := range []string{"uniform", "skewed", "ties"} {
			for _, n := range []int{1, 2, 7, 1000} {
				x := samples(name, n)
				h := NewHistogram(bins)
				for _, v := range x {
					h.Add(v)
				}
				sorted := slices.Clone(x)
				slices.Sort(sorted)
				w := h.Width()
				for _, p := range []float64{0, 0.05, 0.25, 0.5, 0.75, 0.95, 1} {
					got, want := h.Quantile(p), QuantileSorted(p, sorted)
					if math.Abs(got-want) > w {
						t.Errorf("bins %d, %s n=%d: Quantile(%v) = %v, want %v within %v", bins, name, n, p, got, want, w)
					}
				}
				if got, want := h.Mean(), mean(x); math.Abs(got-want) > w/2+1e-12 {
					t.Errorf("bins %d, %s n=%d: Mean = %v, want %v within %v", bins, name, n, got, want, w/2)
				}
			}
		}
	}
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestHistogramBox(t *testing.T) {
	for _, name := range []string{"uniform", "skewed", "ties"} {
		t.Run(name, func(t *testing.T) {
			x := samples(name, 2000)
			h := NewHistogram(0)
			for _, v := range x {
				h.Add(v)
			}
			got, want := h.Box(), exactBox(x, 0)
			w := h.Width()
			figures := []struct {
				name      string
				got, want float64
			}{
				{"Min", got.Min, want.Min}, {"Q1", got.Q1, want.Q1}, {"Median", got.Median, want.Median},
				{"Q3", got.Q3, want.Q3}, {"Max", got.Max, want.Max},
			}
			for _, f := range figures {
				if math.Abs(f.got-f.want) > w {
					t.Errorf("Box().%s = %v, want %v within %v", f.name, f.got, f.want, w)
				}
			}
			if got.N != want.N {
				t.Errorf("Box().N = %d, want %d", got.N, want.N)
			}
			// The fences come from estimated quartiles (each within w, so
			// a fence within 4w) and are applied at bin resolution (one
			// more w): the whiskers and outlier count must lie between
			// those of exact fences moved 5w inwards and 5w outwards.
			narrow, wide := exactBox(x, -5*w), exactBox(x, 5*w)
			if got.LowWhisker < wide.LowWhisker-w || got.LowWhisker > narrow.LowWhisker+w {
				t.Errorf("Box().LowWhisker = %v, want in [%v, %v]", got.LowWhisker, wide.LowWhisker-w, narrow.LowWhisker+w)
			}
			if got.HighWhisker < narrow.HighWhisker-w || got.HighWhisker > wide.HighWhisker+w {
				t.Errorf("Box().HighWhisker = %v, want in [%v, %v]", got.HighWhisker, narrow.HighWhisker-w, wide.HighWhisker+w)
			}
			if got.Outliers < wide.Outliers || got.Outliers > narrow.Outliers {
				t.Errorf("Box().Outliers = %d, want in [%d, %d]", got.Outliers, wide.Outliers, narrow.Outliers)
			}
			if !(got.LowWhisker <= got.Q1 && got.Q1 <= got.Median && got.Median <= got.Q3 && got.Q3 <= got.HighWhisker) {
				t.Errorf("Box() = %+v: figures out of order", got)
			}
		})
	}
}

func TestHistogramBoxOutliers(t *testing.T) {
	// 20 values at 0.1 and one at -0.9: IQR 0, fences at 0.1, so the one
	// value is an outlier and both whiskers sit at 0.1 (bin resolution).
	h := NewHistogram(200)
	for range 20 {
		h.Add(0.1)
	}
	h.Add(-0.9)
	b := h.Box()
	if b.Outliers != 1 {
		t.Errorf("Outliers = %d, want 1", b.Outliers)
	}
	if math.Abs(b.LowWhisker-0.1) > h.Width() || math.Abs(b.HighWhisker-0.1) > h.Width() {
		t.Errorf("whiskers = %v, %v, want 0.1 within %v", b.LowWhisker, b.HighWhisker, h.Width())
	}
	if math.Abs(b.Min+0.9) > h.Width() {
		t.Errorf("Min = %v, want -0.9", b.Min)
	}
}

func TestHistogramEdges(t *testing.T) {
	h := NewHistogram(4)
	for _, v := range []float64{-1, -0.5, 0, 0.5, 1, 1.5, -7, math.NaN()} {
		h.Add(v)
	}
	want := []uint64{2, 1, 1, 3} // -7 clamps to the first bin, 1 and 1.5 to the last
	if !slices.Equal(h.Counts, want) {
		t.Errorf("Counts = %v, want %v", h.Counts, want)
	}
	empty := NewHistogram(10)
	if !math.IsNaN(empty.Quantile(0.5)) || !math.IsNaN(empty.Mean()) || !math.IsNaN(empty.Box().Median) {
		t.Error("empty histogram: want NaN figures")
	}
}

func TestHistogramMergeSubtract(t *testing.T) {
	x := samples("skewed", 500)
	all, a, b := NewHistogram(100), NewHistogram(100), NewHistogram(100)
	for i, v := range x {
		all.Add(v)
		if i%3 == 0 {
			a.Add(v)
		} else {
			b.Add(v)
		}
	}
	merged := NewHistogram(100)
	if err := merged.Merge(a); err != nil {
		t.Fatal(err)
	}
	if err := merged.Merge(b); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(merged.Counts, all.Counts) {
		t.Error("Merge(a, b) differs from the histogram of a ∪ b")
	}
	if err := merged.Subtract(b); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(merged.Counts, a.Counts) {
		t.Error("Merge(a, b) − b differs from a")
	}
	if err := a.Subtract(all); err == nil {
		t.Error("Subtract of a larger histogram: got nil error")
	}
	if err := a.Merge(NewHistogram(10)); err == nil {
		t.Error("Merge of another bin count: got nil error")
	}
}

func BenchmarkHistogramBox(b *testing.B) {
	h := NewHistogram(0)
	for _, v := range samples("skewed", 100000) {
		h.Add(v)
	}
	for b.Loop() {
		h.Box()
	}
}
