package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// tok is the part of a Token a table states.
type tok struct {
	Text, Norm string
	Kind       Kind
	Poss, Cap  bool
}

func toks(ts []Token) []tok {
	out := make([]tok, len(ts))
	for i, t := range ts {
		out[i] = tok{t.Text, t.Norm, t.Kind, t.Possessive, t.Capitalized}
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []tok
	}{
		{"empty", "", []tok{}},
		{"punctuation only", " -- , . ! “” ", []tok{}},
		{"abbreviation U.S.", "the U.S. military", []tok{
			{"the", "the", Word, false, false},
			{"U.S.", "u.s.", Word, false, true},
			{"military", "military", Word, false, false}}},
		{"abbreviation at sentence end", "in the U.S.", []tok{
			{"in", "in", Word, false, false},
			{"the", "the", Word, false, false},
			{"U.S.", "u.s.", Word, false, true}}},
		{"long abbreviation", "the N.A.A.C.P. said", []tok{
			{"the", "the", Word, false, false},
			{"N.A.A.C.P.", "n.a.a.c.p.", Word, false, true},
			{"said", "said", Word, false, false}}},
		{"title keeps no period", "Mr. Steele", []tok{
			{"Mr", "mr", Word, false, true},
			{"Steele", "steele", Word, false, true}}},
		{"initials", "J. R. Smith", []tok{
			{"J", "j", Word, false, true},
			{"R", "r", Word, false, true},
			{"Smith", "smith", Word, false, true}}},
		{"decimal and thousands", "rose 3.5% to $1,000.", []tok{
			{"rose", "rose", Word, false, false},
			{"3.5", "3.5", Number, false, false},
			{"to", "to", Word, false, false},
			{"1,000", "1,000", Number, false, false}}},
		{"number then sentence end", "in 1990. Then", []tok{
			{"in", "in", Word, false, false},
			{"1990", "1990", Number, false, false},
			{"Then", "then", Word, false, true}}},
		{"number with letters is a word", "$1.13bn (£600m)", []tok{
			{"1.13bn", "1.13bn", Word, false, false},
			{"600m", "600m", Word, false, false}}},
		{"unicode word", "Nicolás Maduro", []tok{
			{"Nicolás", "nicolás", Word, false, true},
			{"Maduro", "maduro", Word, false, true}}},
		{"combining accent", "Nicola\u0301s", []tok{
			{"Nicola\u0301s", "nicola\u0301s", Word, false, true}}},
		{"possessive straight", "Trump's threats", []tok{
			{"Trump's", "trump", Word, true, true},
			{"threats", "threats", Word, false, false}}},
		{"possessive curly", "Mexico’s position", []tok{
			{"Mexico’s", "mexico", Word, true, true},
			{"position", "position", Word, false, false}}},
		{"plural possessive", "voters' choice", []tok{
			{"voters", "voters", Word, false, false},
			{"choice", "choice", Word, false, false}}},
		{"contraction is not possessive", "It’s what's left", []tok{
			{"It’s", "it's", Word, false, true},
			{"what's", "what's", Word, false, false},
			{"left", "left", Word, false, false}}},
		{"negation contraction", "don’t", []tok{
			{"don’t", "don't", Word, false, false}}},
		{"hyphenated compound", "the 19th-century Monroe Doctrine", []tok{
			{"the", "the", Word, false, false},
			{"19th-century", "19th-century", Word, false, false},
			{"Monroe", "monroe", Word, false, true},
			{"Doctrine", "doctrine", Word, false, true}}},
		{"hyphen variants fold", "law‑enforcement pro‐life", []tok{
			{"law‑enforcement", "law-enforcement", Word, false, false},
			{"pro‐life", "pro-life", Word, false, false}}},
		{"dangling hyphen and dash", "pre- and post-war—rally", []tok{
			{"pre", "pre", Word, false, false},
			{"and", "and", Word, false, false},
			{"post-war", "post-war", Word, false, false},
			{"rally", "rally", Word, false, false}}},
		{"score is a number", "won 2-1", []tok{
			{"won", "won", Word, false, false},
			{"2-1", "2-1", Number, false, false}}},
		{"quotes around words", `"start now hitting land"`, []tok{
			{"start", "start", Word, false, false},
			{"now", "now", Word, false, false},
			{"hitting", "hitting", Word, false, false},
			{"land", "land", Word, false, false}}},
		{"citation gap", "laboratories . This", []tok{
			{"laboratories", "laboratories", Word, false, false},
			{"This", "this", Word, false, true}}},
		{"e.g.", "e.g. cartels", []tok{
			{"e.g.", "e.g.", Word, false, false},
			{"cartels", "cartels", Word, false, false}}},
		{"abbreviation before hyphen", "U.S.-Mexico", []tok{
			{"U.S.", "u.s.", Word, false, true},
			{"Mexico", "mexico", Word, false, true}}},
		{"leading apostrophe", "the '90s", []tok{
			{"the", "the", Word, false, false},
			{"90s", "90s", Word, false, false}}},
		{"capitals fold", "NATO and the IMF Said", []tok{
			{"NATO", "nato", Word, false, true},
			{"and", "and", Word, false, false},
			{"the", "the", Word, false, false},
			{"IMF", "imf", Word, false, true},
			{"Said", "said", Word, false, true}}},
		{"capitalised possessive and contraction", "OBAMA'S plan. It's That's", []tok{
			{"OBAMA'S", "obama", Word, true, true},
			{"plan", "plan", Word, false, false},
			{"It's", "it's", Word, false, true},
			{"That's", "that's", Word, false, true}}},
		{"capitalised possessive", "Smith's and Jones's", []tok{
			{"Smith's", "smith", Word, true, true},
			{"and", "and", Word, false, false},
			{"Jones's", "jones", Word, true, true}}},
		{"many capitalised words", strings.Repeat("Alpha Beta ", 40), func() []tok {
			var want []tok
			for range 40 {
				want = append(want, tok{"Alpha", "alpha", Word, false, true}, tok{"Beta", "beta", Word, false, true})
			}
			return want
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.in)
			if g := toks(got); !equalToks(g, tt.want) {
				t.Errorf("Words(%q) = %+v, want %+v", tt.in, g, tt.want)
			}
			for _, tk := range got {
				if tt.in[tk.Start:tk.End] != tk.Text {
					t.Errorf("Words(%q): token %q has offsets [%d,%d) = %q", tt.in, tk.Text, tk.Start, tk.End, tt.in[tk.Start:tk.End])
				}
			}
		})
	}
}

func equalToks(a, b []tok) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAppendWordsReuses(t *testing.T) {
	buf := make([]Token, 0, 16)
	got := AppendWords(buf, "one two three")
	if len(got) != 3 || &got[0] != &buf[:1][0] {
		t.Errorf("AppendWords did not append into the given buffer: len %d", len(got))
	}
	got = AppendWords(got, "four")
	if len(got) != 4 || got[3].Text != "four" || got[3].Start != 0 {
		t.Errorf("AppendWords second call = %+v, want a 4th token \"four\" at offset 0", got)
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case and spaces", "Trump’s  Military", "trump military"},
		{"punctuation dropped", "“Illegal, aliens!”", "illegal aliens"},
		{"abbreviation", "the U.S.", "the u.s."},
		{"hyphen kept", "Pro‐Life", "pro-life"},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzWords checks the invariants of Words on arbitrary input: tokens are
// non-empty, in order, not overlapping, their Text is the input at their
// offsets, and Norm is valid UTF-8 for valid input.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"the U.S. military", "Nicolás Maduro's 19th-century", "3.5 1,000 2-1",
		"’s ' - ‐ .", "A.B.C", "\xff\xfe", "don’t it's voters'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, tk := range Words(s) {
			if tk.Start < end || tk.End <= tk.Start || tk.End > len(s) {
				t.Fatalf("Words(%q): bad offsets [%d,%d) after %d", s, tk.Start, tk.End, end)
			}
			if s[tk.Start:tk.End] != tk.Text {
				t.Fatalf("Words(%q): Text %q != input %q", s, tk.Text, s[tk.Start:tk.End])
			}
			if utf8.ValidString(s) && !utf8.ValidString(tk.Norm) {
				t.Fatalf("Words(%q): Norm %q is not valid UTF-8", s, tk.Norm)
			}
			if strings.TrimSpace(tk.Norm) == "" {
				t.Fatalf("Words(%q): empty Norm for %q", s, tk.Text)
			}
			end = tk.End
		}
	})
}

func BenchmarkWords(b *testing.B) {
	p := "The Mexican government has issued a firm and unambiguous rejection of any foreign military " +
		"intervention on its sovereign territory. President Claudia Sheinbaum stated after a conversation " +
		"with Trump that such action is \"not necessary,\" and she has consistently emphasized the country's position."
	buf := make([]Token, 0, 64)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		buf = AppendWords(buf[:0], p)
	}
}
