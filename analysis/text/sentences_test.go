package text

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func sentences(s string) []string {
	out := []string{}
	for _, sp := range Sentences(s) {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"white space only", " \n\t ", []string{}},
		{"one without terminator", "No full stop here", []string{"No full stop here"}},
		{"two plain", "It rained. We stayed in.", []string{"It rained.", "We stayed in."}},
		{"trimmed", "  It rained.   We stayed in.  ", []string{"It rained.", "We stayed in."}},
		{"question and exclamation", "Why? Because! Fine.", []string{"Why?", "Because!", "Fine."}},
		{"U.S. inside a sentence", "The U.S. military said so. It left.",
			[]string{"The U.S. military said so.", "It left."}},
		{"U.S. before a name", "In the U.S. Army there are many.", []string{"In the U.S. Army there are many."}},
		{"U.S. ends a sentence", "It is the U.S. The talks went on.", []string{"It is the U.S.", "The talks went on."}},
		{"U.S. at the end", "They came to the U.S.", []string{"They came to the U.S."}},
		{"Mr. and Gov.", "Mr. Steele met Gov. Perry. They talked.", []string{"Mr. Steele met Gov. Perry.", "They talked."}},
		{"initials", "J. R. Smith spoke. He left.", []string{"J. R. Smith spoke.", "He left."}},
		{"decimal", "It rose 3.5 percent. Then fell.", []string{"It rose 3.5 percent.", "Then fell."}},
		{"number ends a sentence", "He was born in 1990. The next year he moved.",
			[]string{"He was born in 1990.", "The next year he moved."}},
		{"sentence starts with a number", "It fell. 400 groups remain.", []string{"It fell.", "400 groups remain."}},
		{"quotation kept whole", `He said, "I will go. You stay." Then he left.`,
			[]string{`He said, "I will go. You stay."`, "Then he left."}},
		{"curly quotation with attribution", "“This is not. It is war,” Mr. Steele said. Later he spoke.",
			[]string{"“This is not. It is war,” Mr. Steele said.", "Later he spoke."}},
		{"quotation ends the sentence", "She said “no.” They left.", []string{"She said “no.”", "They left."}},
		{"unbalanced quote does not swallow", "He said “we go. It ended. Fine.",
			[]string{"He said “we go.", "It ended.", "Fine."}},
		{"lower case after period", "See e.g. the report. And more.", []string{"See e.g. the report.", "And more."}},
		{"ellipsis", "Wait... The end.", []string{"Wait...", "The end."}},
		{"unicode ellipsis", "Wait… Then go.", []string{"Wait…", "Then go."}},
		{"no space after period", "Visit example.com today. Now.", []string{"Visit example.com today.", "Now."}},
		{"parenthesis", "It ended (finally). Then more.", []string{"It ended (finally).", "Then more."}},
		{"month abbreviation", "On Jan. 5 it began. It ended.", []string{"On Jan. 5 it began.", "It ended."}},
		{"No. 5", "No. 5 is here. Go.", []string{"No. 5 is here.", "Go."}},
		{"no ends a sentence", "She said no. They left.", []string{"She said no.", "They left."}},
		{"accented capital starts", "It ended. Élysée said no.", []string{"It ended.", "Élysée said no."}},
		{"newline inside", "One\nline. Two\nlines.", []string{"One\nline.", "Two\nlines."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzSentences checks that spans are in order, non-empty, trimmed and
// inside the input.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"It is the U.S. The talks.", `He said, "I go. You stay." Then.`, "a. b. C.", "“…”", "\xff. A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, sp := range Sentences(s) {
			if sp.Start < end || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("Sentences(%q): bad span %v after %d", s, sp, end)
			}
			got := s[sp.Start:sp.End]
			if strings.TrimFunc(got, unicode.IsSpace) != got {
				t.Fatalf("Sentences(%q): span %q not trimmed", s, got)
			}
			end = sp.End
		}
	})
}

func BenchmarkSentences(b *testing.B) {
	p := strings.Repeat("President Claudia Sheinbaum stated after a conversation with Trump that such action is "+
		"\"not necessary.\" The U.S. said Mr. Smith left at 3.5 p.m. ", 4)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		Sentences(p)
	}
}

func TestAppendSentences(t *testing.T) {
	for _, tc := range []struct {
		name, in string
	}{
		{"empty", ""},
		{"quotation", `He said, "We go. You stay." It rose.`},
		{"curly quotation and ellipsis", "“We go… You stay.” Then… Nothing"},
		{"abbreviations", "Mr. Steele met Gov. Perry in the U.S. The talks ended."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := []Span{{1, 2}}
			got := AppendSentences(slices.Clone(prefix), tc.in)
			want := append(slices.Clone(prefix), Sentences(tc.in)...)
			if !slices.Equal(got, want) {
				t.Errorf("AppendSentences(%v, %q) = %v, want %v", prefix, tc.in, got, want)
			}
		})
	}
}
