package wire

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"newsframe/analysis/codec"
	"newsframe/analysis/text"
)

const wirePara = `WASHINGTON (AP) — The Senate on Tuesday passed a bill that would extend ` +
	`unemployment benefits for another six months, sending the measure to the House, where ` +
	`leaders said they expected a vote before the end of the week. The bill, which passed ` +
	`61 to 38, would cost about $34 billion and would not be offset by cuts elsewhere in the ` +
	`budget, a point Republicans raised repeatedly during two days of debate on the floor.`

// exactJaccard is the Jaccard similarity of the k-shingle sets of a and b.
func exactJaccard(a, b string, k int) float64 {
	set := func(s string) map[string]bool {
		toks := text.Words(s)
		m := make(map[string]bool)
		for i := 0; i+k <= len(toks); i++ {
			parts := make([]string, k)
			for j := range k {
				parts[j] = toks[i+j].Norm
			}
			m[strings.Join(parts, " ")] = true
		}
		return m
	}
	x, y := set(a), set(b)
	inter := 0
	for s := range x {
		if y[s] {
			inter++
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}

// edit replaces the word at each given position of s (counted in
// whitespace-separated fields) with "changed".
func edit(s string, positions ...int) string {
	f := strings.Fields(s)
	for _, i := range positions {
		f[i] = "changed"
	}
	return strings.Join(f, " ")
}

func TestSign(t *testing.T) {
	p := DefaultParams()
	tests := []struct {
		name    string
		a, b    string
		wantNil bool
		// minSim, maxSim bound Similarity(Sign(a), Sign(b)).
		minSim, maxSim float64
	}{
		{name: "identical", a: wirePara, b: wirePara, minSim: 1, maxSim: 1},
		{
			name: "case, punctuation and apostrophes ignored",
			a:    wirePara,
			b:    strings.ToUpper(strings.ReplaceAll(wirePara, ",", "")),
			// Upper-casing "(AP)" and "$34" keeps the same words.
			minSim: 1, maxSim: 1,
		},
		{name: "one word changed", a: wirePara, b: edit(wirePara, 30), minSim: 0.8, maxSim: 1},
		{name: "rewritten", a: wirePara, b: "The House is expected to vote this week on a Senate bill " +
			"extending jobless benefits for six months at a cost of $34 billion, which Republicans " +
			"opposed because it adds to the deficit.", minSim: 0, maxSim: 0.2},
		{name: "too short", a: "The Senate passed the bill on Tuesday.", wantNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sa, sb := p.Sign(tt.a), p.Sign(tt.b)
			if tt.wantNil {
				if sa != nil {
					t.Errorf("Sign(%q) = %d values, want nil", tt.a, len(sa))
				}
				return
			}
			if len(sa) != p.Hashes() {
				t.Fatalf("len(Sign) = %d, want %d", len(sa), p.Hashes())
			}
			if got := Similarity(sa, sb); got < tt.minSim || got > tt.maxSim {
				t.Errorf("Similarity = %v, want in [%v, %v] (exact Jaccard %.3f)", got, tt.minSim, tt.maxSim, exactJaccard(tt.a, tt.b, p.Shingle))
			}
		})
	}
}

// TestSimilarityEstimatesJaccard checks the MinHash estimate against the
// exact Jaccard similarity for increasingly edited copies: within four
// standard errors √(J(1−J)/H).
func TestSimilarityEstimatesJaccard(t *testing.T) {
	p := DefaultParams()
	n := len(strings.Fields(wirePara))
	for edits := 0; edits <= 12; edits++ {
		var pos []int
		for i := range edits {
			pos = append(pos, (i*7+3)%n)
		}
		b := edit(wirePara, pos...)
		exact := exactJaccard(wirePara, b, p.Shingle)
		got := Similarity(p.Sign(wirePara), p.Sign(b))
		tol := 4*math.Sqrt(exact*(1-exact)/float64(p.Hashes())) + 1e-9
		if math.Abs(got-exact) > tol {
			t.Errorf("%d edits: Similarity = %.3f, want exact Jaccard %.3f ± %.3f", edits, got, exact, tol)
		}
	}
}

func TestSignDeterministic(t *testing.T) {
	p := DefaultParams()
	a := p.Sign(wirePara)
	// Values computed once and fixed here: a change to the hash functions
	// would silently invalidate every stored signature.
	want := []uint32{a[0], a[1], a[119]}
	if b := p.Sign(wirePara); !slices.Equal(a, b) {
		t.Fatal("two Sign calls differ")
	}
	golden := []uint32{558421124, 1166508590, 2696268057}
	if !slices.Equal(want, golden) {
		t.Errorf("Sign(wirePara)[0, 1, 119] = %v, want %v", want, golden)
	}
}

func TestSignatureBinary(t *testing.T) {
	sig := DefaultParams().Sign(wirePara)
	b, err := sig.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 4*len(sig) {
		t.Errorf("len(MarshalBinary) = %d, want %d", len(b), 4*len(sig))
	}
	var got Signature
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, sig) {
		t.Error("UnmarshalBinary(MarshalBinary(sig)) != sig")
	}
	if err := got.UnmarshalBinary(b[:5]); !errors.Is(err, ErrSignatureLength) {
		t.Errorf("UnmarshalBinary(5 bytes) error = %v, want ErrSignatureLength", err)
	}
	if err := got.UnmarshalBinary(nil); err != nil || got != nil {
		t.Errorf("UnmarshalBinary(nil) = %v, %v, want nil signature, nil error", got, err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Params)
		ok   bool
	}{
		{"default", func(*Params) {}, true},
		{"zero shingle", func(p *Params) { p.Shingle = 0 }, false},
		{"min words below shingle", func(p *Params) { p.MinWords = 3 }, false},
		{"no bands", func(p *Params) { p.Bands = 0 }, false},
		{"threshold above 1", func(p *Params) { p.Threshold = 1.2 }, false},
		{"threshold 1", func(p *Params) { p.Threshold = 1 }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultParams()
			tt.edit(&p)
			if err := p.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestSignatureCodec(t *testing.T) {
	for _, sig := range []Signature{nil, {7}, {1, 1 << 31, 42}} {
		e := codec.Encoder{}
		AppendSignature(&e, sig)
		d := codec.Decoder{B: e.B}
		got := DecodeSignature(&d)
		if err := d.Finish(); err != nil || !slices.Equal(got, sig) || (len(sig) == 0) != (got == nil) {
			t.Errorf("DecodeSignature(AppendSignature(%v)) = %v, %v", sig, got, err)
		}
	}
}
