package stats

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// momentsOf adds xs to an empty summary.
func momentsOf(xs ...float64) Moments {
	var m Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m
}

func TestMomentsFigures(t *testing.T) {
	tests := []struct {
		name           string
		xs             []float64
		mean, sd       float64
		n              int
		meanNaN, sdNaN bool
	}{
		{name: "empty", meanNaN: true, sdNaN: true},
		{name: "one value", xs: []float64{0.25}, mean: 0.25, n: 1, sdNaN: true},
		{name: "two values", xs: []float64{-1, 1}, mean: 0, sd: math.Sqrt2, n: 2},
		// Welford's classic cancellation case: a large offset and a small
		// spread. Fixed point keeps the variance exact.
		{name: "large offset", xs: []float64{1e6 + 4, 1e6 + 7, 1e6 + 13, 1e6 + 16}, mean: 1e6 + 10, sd: math.Sqrt(30), n: 4},
		{name: "constant", xs: []float64{0.5, 0.5, 0.5}, mean: 0.5, sd: 0, n: 3},
		{name: "negative", xs: []float64{-2, -4, -9}, mean: -5, sd: math.Sqrt(13), n: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := momentsOf(tt.xs...)
			if m.N() != tt.n {
				t.Errorf("N() = %d, want %d", m.N(), tt.n)
			}
			if got := m.Mean(); tt.meanNaN != math.IsNaN(got) || !tt.meanNaN && math.Abs(got-tt.mean) > 1e-9 {
				t.Errorf("Mean() = %v, want %v", got, tt.mean)
			}
			if got := m.SD(); tt.sdNaN != math.IsNaN(got) || !tt.sdNaN && math.Abs(got-tt.sd) > 1e-9 {
				t.Errorf("SD() = %v, want %v", got, tt.sd)
			}
		})
	}
}

func TestMomentsQuantisation(t *testing.T) {
	// Values are kept to 2^-32: a difference below half of it is lost,
	// one of a whole step is kept.
	a, b, c := momentsOf(0.1), momentsOf(0.1+0x1p-34), momentsOf(0.1+0x1p-32)
	if a != b {
		t.Errorf("Moments of 0.1 and 0.1+2^-34 differ, want equal (resolution 2^-32)")
	}
	if a == c {
		t.Errorf("Moments of 0.1 and 0.1+2^-32 are equal, want different")
	}
	if got := momentsOf(0.1).Mean(); math.Abs(got-0.1) > MomentsResolution/2 {
		t.Errorf("Mean() of 0.1 = %v, off by more than half the resolution", got)
	}
	// The range ends just below 2^31.
	big := momentsOf(math.Nextafter(MaxMomentsValue, 0), -math.Nextafter(MaxMomentsValue, 0))
	if big.Mean() != 0 || big.N() != 2 {
		t.Errorf("extremes: mean %v n %d, want 0, 2", big.Mean(), big.N())
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), MaxMomentsValue, -MaxMomentsValue} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Add(%v) did not panic", x)
				}
			}()
			var m Moments
			m.Add(x)
		}()
	}
}

// TestMomentsExact checks that a set of values gives the same summary bit
// for bit whatever the order, the split into runs and the removals on the
// way, where float64 sums would differ in the last bits.
func TestMomentsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	xs := make([]float64, 500)
	for i := range xs {
		xs[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
	}
	want := momentsOf(xs...)
	wantBytes, _ := want.MarshalBinary()
	var floatSums []float64
	for trial := range 20 {
		perm := r.Perm(len(xs))
		// Several runs merged, with values added then removed in between.
		var total Moments
		var floatSum float64
		for lo := 0; lo < len(perm); {
			hi := min(len(perm), lo+1+r.IntN(100))
			var run Moments
			for _, i := range perm[lo:hi] {
				run.Add(xs[i])
				floatSum += xs[i]
				extra := r.NormFloat64() * 1e3
				run.Add(extra)
				if err := run.Sub(extra); err != nil {
					t.Fatalf("trial %d: Sub(%v) = %v", trial, extra, err)
				}
			}
			if trial%2 == 1 {
				// Merge then unmerge a decoy group.
				decoy := momentsOf(r.Float64(), r.Float64()*5)
				total.Merge(decoy)
				total.Merge(run)
				if err := total.Unmerge(decoy); err != nil {
					t.Fatalf("trial %d: Unmerge = %v", trial, err)
				}
			} else {
				total.Merge(run)
			}
			lo = hi
		}
		if total != want {
			t.Fatalf("trial %d: summary differs from the one-run summary", trial)
		}
		got, _ := total.MarshalBinary()
		if !bytes.Equal(got, wantBytes) {
			t.Fatalf("trial %d: encoding differs", trial)
		}
		if total.Mean() != want.Mean() || total.Var() != want.Var() {
			t.Fatalf("trial %d: figures differ", trial)
		}
		floatSums = append(floatSums, floatSum)
	}
	// The point of fixed point: plain float64 sums of the same values in
	// other orders do differ.
	differ := false
	for _, s := range floatSums[1:] {
		differ = differ || s != floatSums[0]
	}
	if !differ {
		t.Logf("float64 sums happened to agree in every order")
	}
}

func TestMomentsRemovalErrors(t *testing.T) {
	tests := []struct {
		name   string
		from   Moments
		remove Moments
	}{
		{"from empty", Moments{}, momentsOf(1)},
		{"more values than added", momentsOf(1), momentsOf(1, 1)},
		{"larger square", momentsOf(0.5, 0.5), momentsOf(3)},
		// Leaves n = 1 with a sum but a sum of squares that no single
		// value has.
		{"inconsistent rest", momentsOf(1, 2), momentsOf(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.from
			if err := m.Unmerge(tt.remove); !errors.Is(err, ErrNotAdded) {
				t.Errorf("Unmerge = %v, want ErrNotAdded", err)
			}
			if m != tt.from {
				t.Errorf("failed Unmerge changed the receiver")
			}
		})
	}
	m := momentsOf(2)
	if err := m.Sub(2); err != nil || m != (Moments{}) {
		t.Errorf("Sub(2) from {2} = %v, left %+v, want nil and empty", err, m)
	}
}

func TestMomentsBinary(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	cases := []Moments{{}, momentsOf(0), momentsOf(-1), momentsOf(1, -1, 0.5),
		momentsOf(math.Nextafter(MaxMomentsValue, 0), -math.Nextafter(MaxMomentsValue, 0), 1e9)}
	var many Moments
	for range 10000 {
		many.Add(r.NormFloat64() * 1e8)
	}
	cases = append(cases, many)
	for i, m := range cases {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatalf("case %d: MarshalBinary: %v", i, err)
		}
		var got Moments
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("case %d: UnmarshalBinary(%x) = %v", i, b, err)
		}
		if got != m {
			t.Errorf("case %d: round trip changed the summary", i)
		}
		pre := []byte("prefix")
		if app, _ := m.AppendBinary(pre); !bytes.Equal(app[len(pre):], b) {
			t.Errorf("case %d: AppendBinary differs from MarshalBinary", i)
		}
	}
	if b, _ := (Moments{}).MarshalBinary(); !bytes.Equal(b, []byte{momentsVersion, 0, 0, 0}) {
		t.Errorf("empty encodes to %x, want 01000000", b)
	}
}

func TestMomentsBinaryErrors(t *testing.T) {
	good, _ := momentsOf(1, 2).MarshalBinary()
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"version", []byte{2, 0, 0, 0}},
		{"truncated", good[:len(good)-1]},
		{"trailing", append(append([]byte{}, good...), 0)},
		{"overlong count", []byte{1, 0x80, 0, 0, 0}},
		{"overlong sum", []byte{1, 0, 0x80, 0, 0}},
		{"overlong sum of squares", []byte{1, 0, 0, 0x80, 0}},
		{"sums without values", []byte{1, 0, 2, 1}},
		{"sum beyond 128 bits", append(append([]byte{1, 1}, bytes.Repeat([]byte{0xff}, 18)...), 0x04, 0)},
		{"sum of squares beyond 192 bits", append(append([]byte{1, 1, 0}, bytes.Repeat([]byte{0xff}, 27)...), 0x08)},
		{"odd sum, even squares", []byte{1, 1, 2, 2}},                   // Σq = 1, Σq² = 2
		{"sum above squares", []byte{1, 2, 8, 2}},                       // Σq = 4, Σq² = 2
		{"Cauchy-Schwarz", []byte{1, 2, 12, 10}},                        // (Σq)² = 36 > 2·10
		{"square above range", append([]byte{1, 1, 0}, leb(1, 127)...)}, // Σq² = 2^127 > 2^126
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := momentsOf(5)
			if err := m.UnmarshalBinary(tt.in); !errors.Is(err, ErrCorruptMoments) {
				t.Errorf("UnmarshalBinary(%x) = %v, want ErrCorruptMoments", tt.in, err)
			}
			if m != momentsOf(5) {
				t.Errorf("failed UnmarshalBinary changed the receiver")
			}
		})
	}
}

// leb returns the LEB128 encoding of v·2^shift.
func leb(v uint64, shift int) []byte {
	var w [3]uint64
	w[shift/64] = v << (shift % 64)
	return appendLEB128(nil, w)
}

// FuzzMomentsBinary checks that decoding never panics, that what decodes
// re-encodes to the same bytes (one encoding per summary) and that a
// decoded summary keeps working: its figures are defined and it can take
// itself out again.
func FuzzMomentsBinary(f *testing.F) {
	for _, m := range []Moments{{}, momentsOf(1, 2), momentsOf(-0.3, 0.7, 1e6)} {
		b, _ := m.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 2, 12, 10})
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Moments
		if m.UnmarshalBinary(b) != nil {
			return
		}
		again, _ := m.MarshalBinary()
		if !bytes.Equal(again, b) {
			t.Fatalf("decode(%x) re-encodes to %x", b, again)
		}
		if m.N() > 0 && math.IsNaN(m.Mean()) || m.N() > 1 && !(m.Var() >= 0) {
			t.Fatalf("decode(%x): mean %v, variance %v", b, m.Mean(), m.Var())
		}
		c := m
		if err := c.Unmerge(m); err != nil || c != (Moments{}) {
			t.Fatalf("decode(%x): Unmerge of itself = %v", b, err)
		}
	})
}
