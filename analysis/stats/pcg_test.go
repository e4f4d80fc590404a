package stats

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// The sequential bootstrap as it was written before resampleMeans: the
// reference the faster code must reproduce bit for bit.

func refRand(name string) *rand.PCG {
	h := sha256.Sum256([]byte(name))
	return rand.NewPCG(binary.LittleEndian.Uint64(h[0:8]), binary.LittleEndian.Uint64(h[8:16]))
}

func refDraw(rng *rand.PCG, n int) int {
	hi, _ := bits.Mul64(rng.Uint64(), uint64(n))
	return int(hi)
}

func refResampleMean(rng *rand.PCG, u []Unit) float64 {
	var s float64
	var c int
	for range u {
		x := u[refDraw(rng, len(u))]
		s += x.Sum
		c += x.Count
	}
	return s / float64(c)
}

func refMean(b Bootstrap, name string, units []Unit) Interval {
	u := prepare(units)
	iv := summarize(u)
	iv.TooFew = iv.Units < b.minUnits()
	switch iv.Units {
	case 0:
		return iv
	case 1:
		iv.Lo, iv.Hi = iv.Mean, iv.Mean
		return iv
	}
	rng := refRand(name)
	means := make([]float64, b.resamples())
	for i := range means {
		means[i] = refResampleMean(rng, u)
	}
	iv.Lo, iv.Hi = b.bounds(means)
	return iv
}

func refDiff(b Bootstrap, name string, x, y []Unit) Difference {
	d := Difference{X: refMean(b, name+"/x", x), Y: refMean(b, name+"/y", y)}
	d.TooFew = d.X.TooFew || d.Y.TooFew
	d.Diff = d.X.Mean - d.Y.Mean
	if d.X.Units == 0 || d.Y.Units == 0 {
		d.Lo, d.Hi, d.P = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	ux, uy := prepare(x), prepare(y)
	B := b.resamples()
	rng := refRand(name + "/diff")
	diffs := make([]float64, B)
	for i := range diffs {
		diffs[i] = refResampleMean(rng, ux) - refResampleMean(rng, uy)
	}
	d.Lo, d.Hi = b.bounds(diffs)
	pool := append(slices.Clone(ux), uy...)
	total := summarize(pool)
	totalSum := total.Mean * float64(total.Obs)
	observed := math.Abs(d.Diff)
	tol := 1e-12 * math.Max(1, observed)
	rng = refRand(name + "/permutation")
	extreme := 0
	for range B {
		for i := len(pool) - 1; i > 0; i-- {
			j := refDraw(rng, i+1)
			pool[i], pool[j] = pool[j], pool[i]
		}
		var s float64
		var c int
		for _, u := range pool[:len(ux)] {
			s += u.Sum
			c += u.Count
		}
		mx := s / float64(c)
		my := (totalSum - s) / float64(total.Obs-c)
		if math.Abs(mx-my) >= observed-tol {
			extreme++
		}
	}
	d.P = float64(1+extreme) / float64(B+1)
	return d
}

func TestPCGMatchesMathRand(t *testing.T) {
	for _, name := range []string{"", "sentiment/fox", "diff/stance/x/a/b"} {
		p, r := newPCG(name), refRand(name)
		for i := range 1000 {
			if got, want := p.uint64(), r.Uint64(); got != want {
				t.Fatalf("%q: output %d = %#x, want %#x", name, i, got, want)
			}
		}
	}
}

func TestPCGJump(t *testing.T) {
	for _, k := range []uint64{0, 1, 2, 3, 7, 64, 1000, 12345} {
		p, r := newPCG("jump"), refRand("jump")
		for range k {
			r.Uint64()
		}
		p.advance(jumpOf(k))
		for i := range 5 {
			if got, want := p.uint64(), r.Uint64(); got != want {
				t.Fatalf("jump %d: output %d = %#x, want %#x", k, i, got, want)
			}
		}
	}
}

// sameFloat reports whether a and b are the same value, NaN included.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// TestBootstrapMatchesSequential checks Mean and Diff against the
// sequential reference for sizes around the parallel and pairing cut-offs.
func TestBootstrapMatchesSequential(t *testing.T) {
	for _, tc := range []struct {
		nx, ny, resamples int
	}{
		{0, 5, 0}, {1, 1, 0}, {2, 3, 0}, {7, 9, 11}, {100, 40, 0}, {300, 1000, 999}, {1200, 900, 0},
	} {
		t.Run(fmt.Sprintf("%d-%d-%d", tc.nx, tc.ny, tc.resamples), func(t *testing.T) {
			b := Bootstrap{Resamples: tc.resamples}
			x, y := normalUnits(3, tc.nx, 0.1), normalUnits(4, tc.ny, 0)
			if got, want := b.Mean("m", x), refMean(b, "m", x); !sameInterval(got, want) {
				t.Errorf("Mean = %+v, want %+v", got, want)
			}
			got, want := b.Diff("d", x, y), refDiff(b, "d", x, y)
			if !sameInterval(got.X, want.X) || !sameInterval(got.Y, want.Y) || !sameFloat(got.Diff, want.Diff) ||
				!sameFloat(got.Lo, want.Lo) || !sameFloat(got.Hi, want.Hi) || !sameFloat(got.P, want.P) || got.TooFew != want.TooFew {
				t.Errorf("Diff = %+v,\nwant %+v", got, want)
			}
		})
	}
}

func sameInterval(a, b Interval) bool {
	return sameFloat(a.Mean, b.Mean) && sameFloat(a.Lo, b.Lo) && sameFloat(a.Hi, b.Hi) &&
		a.Units == b.Units && a.Obs == b.Obs && a.TooFew == b.TooFew
}

// BenchmarkMeanSequential is the reference loop, for comparison with
// BenchmarkMean.
func BenchmarkMeanSequential(b *testing.B) {
	units := normalUnits(1, 1000, 0)
	for b.Loop() {
		refMean(Bootstrap{}, "bench", units)
	}
}

// BenchmarkDiffSequential is the reference loop, for comparison with
// BenchmarkDiff.
func BenchmarkDiffSequential(b *testing.B) {
	x, y := normalUnits(1, 1000, 0), normalUnits(2, 1000, 0)
	for b.Loop() {
		refDiff(Bootstrap{}, "bench", x, y)
	}
}
