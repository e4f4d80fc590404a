package terms

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"newsframe/analysis/text"
)

var testStop = text.NewStopwords("the", "a", "of", "and", "on", "its", "is", "said", "to", "mr", "in", "with")

func TestExtract(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		terms []string
		pos   []int32
		len   int32
	}{
		{"empty", "", []string{}, []int32{}, 0},
		{"stopwords only", "The of and", []string{}, []int32{}, 3},
		{"adjacent content words", "military intervention", []string{"military", "intervention"}, []int32{0, 1}, 2},
		{"stopword between", "Secretary of State", []string{"secretary", "state"}, []int32{0, 2}, 3},
		{"comma breaks", "military, intervention", []string{"military", "intervention"}, []int32{0, 2}, 3},
		{"sentence end breaks", "No intervention. Military aid", []string{"no", "intervention", "military", "aid"}, []int32{0, 1, 3, 4}, 5},
		{"abbreviation ending a sentence breaks", "in the U.S. The talks", []string{"u.s.", "talks"}, []int32{2, 5}, 6},
		{"abbreviation inside a sentence stays adjacent", "the U.S. military", []string{"u.s.", "military"}, []int32{1, 2}, 3},
		{"inner hyphen stays adjacent", "U.S.-Mexico border", []string{"u.s.", "mexico", "border"}, []int32{0, 1, 2}, 3},
		{"spaced dash breaks", "tariffs - trade", []string{"tariffs", "trade"}, []int32{0, 2}, 3},
		{"em dash breaks", "tariffs—trade", []string{"tariffs", "trade"}, []int32{0, 2}, 3},
		{"plural possessive stays adjacent", "voters' choice", []string{"voters", "choice"}, []int32{0, 1}, 2},
		{"closing single quote breaks", "‘war’ zone", []string{"war", "zone"}, []int32{0, 2}, 3},
		{"quotation mark breaks", `the "cartels" running`, []string{"cartels", "running"}, []int32{2, 4}, 5},
		{"numbers dropped, keep position", "400 different groups", []string{"different", "groups"}, []int32{1, 2}, 3},
		{"initials dropped, period breaks", "J. Smith", []string{"smith"}, []int32{2}, 3},
		{"possessive folded", "Trump's military threats", []string{"trump", "military", "threats"}, []int32{0, 1, 2}, 3},
		{"unicode and compound", "Nicolás Maduro's 19th-century doctrine", []string{"nicolás", "maduro", "19th-century", "doctrine"}, []int32{0, 1, 2, 3}, 4},
		{"quoted sentence end breaks", "“It is war,” Mr. Steele said.", []string{"it", "war", "steele"}, []int32{0, 2, 6}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Extract(tt.in, text.Words(tt.in), testStop)
			if !slices.Equal(s.Terms, tt.terms) || !slices.Equal(s.Pos, tt.pos) || s.Len != tt.len {
				t.Errorf("Extract(%q) = %q %v len %d, want %q %v len %d", tt.in, s.Terms, s.Pos, s.Len, tt.terms, tt.pos, tt.len)
			}
		})
	}
}

func TestExtractorMatchesExtract(t *testing.T) {
	e := NewExtractor(testStop)
	for _, p := range []string{"The U.S. military said so, again.", "", "Claudia Sheinbaum stated it", "a b c"} {
		got := e.Extract(p)
		want := Extract(p, text.Words(p), testStop)
		if !slices.Equal(got.Terms, want.Terms) || !slices.Equal(got.Pos, want.Pos) || got.Len != want.Len {
			t.Errorf("Extractor.Extract(%q) = %+v, want %+v", p, got, want)
		}
	}
}

func TestSeqAdjacent(t *testing.T) {
	s := Seq{Terms: []string{"a", "b", "c", "d"}, Pos: []int32{0, 1, 3, 4}, Len: 5}
	want := []bool{true, false, true, false}
	for i, w := range want {
		if got := s.Adjacent(i); got != w {
			t.Errorf("Adjacent(%d) = %v, want %v", i, got, w)
		}
	}
}

func TestSeqBinary(t *testing.T) {
	tests := []struct {
		name string
		seq  Seq
	}{
		{"empty", Seq{Terms: []string{}, Pos: []int32{}}},
		{"trailing stopwords", Seq{Terms: []string{}, Pos: []int32{}, Len: 7}},
		{"terms", Extract("Mexico rejects U.S. military intervention, again; Nicolás Maduro.",
			text.Words("Mexico rejects U.S. military intervention, again; Nicolás Maduro."), testStop)},
		{"big gaps", Seq{Terms: []string{"x", "yy"}, Pos: []int32{1000, 100000}, Len: 100001}},
		{"repeats", Seq{Terms: []string{"war", "zone", "war", "war", "zone", "peace"}, Pos: []int32{0, 1, 2, 6, 9, 10}, Len: 12}},
		{"gap of exactly three", Seq{Terms: []string{"a1", "a2"}, Pos: []int32{3, 6}, Len: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.seq.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var got Seq
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatalf("UnmarshalBinary(%x) error = %v", b, err)
			}
			if !slices.Equal(got.Terms, tt.seq.Terms) || !slices.Equal(got.Pos, tt.seq.Pos) || got.Len != tt.seq.Len {
				t.Errorf("round trip = %+v, want %+v", got, tt.seq)
			}
		})
	}
}

func TestSeqBinaryErrors(t *testing.T) {
	good, _ := Seq{Terms: []string{"war", "zone"}, Pos: []int32{0, 2}, Len: 3}.MarshalBinary()
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"wrong version", append([]byte{9}, good[1:]...)},
		{"truncated", good[:len(good)-1]},
		{"trailing byte", append(append([]byte{}, good...), 0)},
		{"huge count", []byte{seqVersion, 3, 0xff, 0xff, 0xff, 0x0f}},
		{"position past Len", []byte{seqVersion, 1, 1, 1<<3 | 1<<1, 'x'}},
		{"reference before any term", []byte{seqVersion, 2, 1, 0<<3 | 1}},
		{"repeat spelled out", []byte{seqVersion, 2, 2, 1 << 3, 'x', 1 << 3, 'x'}},
		{"term longer than input", []byte{seqVersion, 2, 1, 9 << 3, 'x'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Seq
			if err := s.UnmarshalBinary(tt.in); !errors.Is(err, ErrCorrupt) {
				t.Errorf("UnmarshalBinary(%x) error = %v, want ErrCorrupt", tt.in, err)
			}
			in := NewInterner()
			in.intern([]byte("x")) // known beforehand: must not hide a repeat
			if err := s.UnmarshalInterned(tt.in, in); !errors.Is(err, ErrCorrupt) {
				t.Errorf("UnmarshalInterned(%x) error = %v, want ErrCorrupt", tt.in, err)
			}
		})
	}
	bad := []Seq{
		{Terms: []string{"a"}, Pos: nil},
		{Terms: []string{"a", "b"}, Pos: []int32{2, 1}, Len: 3},
		{Terms: []string{"a"}, Pos: []int32{3}, Len: 3},
	}
	for _, s := range bad {
		if _, err := s.MarshalBinary(); err == nil {
			t.Errorf("MarshalBinary(%+v) error = nil, want an error", s)
		}
	}
}

// FuzzSeqBinary checks that decoding arbitrary bytes never panics and that
// whatever decodes re-encodes to the same bytes.
func FuzzSeqBinary(f *testing.F) {
	good, _ := Seq{Terms: []string{"war", "zone"}, Pos: []int32{0, 2}, Len: 3}.MarshalBinary()
	f.Add(good)
	f.Add([]byte{seqVersion, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Seq
		if s.UnmarshalBinary(b) != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded %x but re-encoding fails: %v", b, err)
		}
		if string(again) != string(b) {
			t.Fatalf("decode(%x) re-encodes to %x", b, again)
		}
	})
}

// TestSeqInterned checks that interned decoding gives the sequences of
// UnmarshalBinary, sharing one string per distinct term, also for
// paragraphs with more distinct terms than the encoder scans linearly.
func TestSeqInterned(t *testing.T) {
	long := Seq{Len: 200}
	for i := range 100 {
		long.Terms = append(long.Terms, fmt.Sprintf("w%d", i%45))
		long.Pos = append(long.Pos, int32(2*i))
	}
	seqs := []Seq{long, seqOf("Military intervention, military threats and military intervention."), seqOf("")}
	in := NewInterner()
	for _, s := range seqs {
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var want, got Seq
		if err := want.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want, s) && len(s.Terms) > 0 {
			t.Errorf("UnmarshalBinary(MarshalBinary(%v)) = %v", s, want)
		}
		if err := got.UnmarshalInterned(b, in); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("UnmarshalInterned = %v, want %v", got, want)
		}
		for i, term := range got.Terms {
			if id := in.ids[term]; unsafe.StringData(in.names[id]) != unsafe.StringData(term) {
				t.Errorf("term %d %q is not the interned string", i, term)
			}
		}
	}
	if in.Len() != 45+3 {
		t.Errorf("Interner.Len() = %d, want 48", in.Len())
	}
}

// TestSentenceEndsMatchesSplit checks the cursor that AppendSeqSplit asks
// about sentence ends against a search of every sentence, at every token
// end of a text full of abbreviations.
func TestSentenceEndsMatchesSplit(t *testing.T) {
	s := strings.Repeat("The U.S. Army met Gen. Smith in the U.S. The talks ended. Mr. Jones left the U.S. and the U.K. behind. ", 20)
	spans := text.Sentences(s)
	var e sentenceEnds
	for _, tok := range text.Words(s) {
		want := false
		for _, sp := range spans {
			want = want || sp.End == tok.End
		}
		if got := e.at(s, tok.End); got != want {
			t.Fatalf("sentenceEnds.at(%d) = %v, want %v", tok.End, got, want)
		}
	}
}
