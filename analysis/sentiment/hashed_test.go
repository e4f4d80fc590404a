package sentiment

import (
	"math"
	"strings"
	"testing"
)

func TestHashedRoundTrip(t *testing.T) {
	h := make(Hashed, 2<<ContextBits)
	h[0], h[7], h[2*1000+1], h[len(h)-2] = 0.5, -1.25, 3, -0.001
	b, err := h.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if want := HashedHeader + 12*4; len(b) != want {
		t.Errorf("MarshalBinary: %d bytes, want %d (4 non-zero buckets)", len(b), want)
	}
	back, err := ParseHashed("t.bin", b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range h {
		if back[i] != h[i] {
			t.Fatalf("ParseHashed(MarshalBinary(h))[%d] = %v, want %v", i, back[i], h[i])
		}
	}
	for _, tc := range []struct {
		name    string
		b       []byte
		wantErr string
	}{
		{"empty", nil, "not a newsframe"},
		{"truncated", b[:len(b)-3], "bytes for"},
		{"other bits", append(append([]byte(hashedMagic), ContextBits+1), b[len(hashedMagic)+1:]...), "bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseHashed("t.bin", tc.b); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseHashed(%s) error = %v, want one with %q", tc.name, err, tc.wantErr)
			}
		})
	}
}

// TestMinimizeLBFGS checks the optimiser on a convex quadratic with a
// known minimum and on the Rosenbrock function, and that it is
// deterministic.
func TestMinimizeLBFGS(t *testing.T) {
	quad := func(x, g []float64) float64 {
		f := 0.0
		for i := range x {
			d := x[i] - float64(i)
			f += float64(i+1) * d * d
			if g != nil {
				g[i] = 2 * float64(i+1) * d
			}
		}
		return f
	}
	x, err := minimizeLBFGS(quad, make([]float64, 6), 1e-9, 500)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range x {
		if math.Abs(v-float64(i)) > 1e-8 {
			t.Errorf("quadratic: x[%d] = %v, want %d", i, v, i)
		}
	}
	rosen := func(x, g []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		if g != nil {
			g[0] = -2*a - 400*x[0]*b
			g[1] = 200 * b
		}
		return a*a + 100*b*b
	}
	x1, err := minimizeLBFGS(rosen, []float64{-1.2, 1}, 1e-8, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(x1[0]-1) > 1e-6 || math.Abs(x1[1]-1) > 1e-6 {
		t.Errorf("Rosenbrock minimum = %v, want (1, 1)", x1)
	}
	x2, _ := minimizeLBFGS(rosen, []float64{-1.2, 1}, 1e-8, 1000)
	if x1[0] != x2[0] || x1[1] != x2[1] {
		t.Errorf("two runs gave %v and %v, want the same bits", x1, x2)
	}
}
