package text

import (
	"slices"
	"strings"
	"testing"

	"newsframe/data"
)

func TestParseStopwords(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string
	}{
		{"empty", "", []string{}, ""},
		{"comments and blanks", "# a list\n\nthe\n  a  # article\n", []string{"a", "the"}, ""},
		{"folded", "The\nDon’t\n", []string{"don't", "the"}, ""},
		{"contraction kept", "it's\nlet’s\n", []string{"it's", "let's"}, ""},
		{"possessive folds like a token", "nation's\n", []string{"nation"}, ""},
		{"duplicates collapse", "the\nthe\nTHE\n", []string{"the"}, ""},
		{"two words", "the\nof the\n", nil, "line 2"},
		{"punctuation around", "the\n“so”\n", nil, "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStopwords([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseStopwords(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseStopwords(%q) error = %v", tt.in, err)
			}
			if w := got.Words(); !slices.Equal(w, tt.want) {
				t.Errorf("ParseStopwords(%q).Words() = %q, want %q", tt.in, w, tt.want)
			}
		})
	}
}

func TestStopwordsContains(t *testing.T) {
	s := NewStopwords("The", "said", "Don’t")
	tests := []struct {
		norm string
		want bool
	}{
		{"the", true}, {"said", true}, {"don't", true}, {"The", false}, {"military", false}, {"", false},
	}
	for _, tt := range tests {
		if got := s.Contains(tt.norm); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.norm, got, tt.want)
		}
	}
	var zero Stopwords
	if zero.Contains("the") || zero.Len() != 0 {
		t.Errorf("zero Stopwords: Contains(the) = %v, Len = %d, want false, 0", zero.Contains("the"), zero.Len())
	}
}

// TestEmbeddedStopwords parses data/lists/stopwords.txt and checks that
// every token of a sample sentence it should stop is stopped.
func TestEmbeddedStopwords(t *testing.T) {
	b, err := data.FS.ReadFile("lists/stopwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseStopwords(b)
	if err != nil {
		t.Fatalf("lists/stopwords.txt: %v", err)
	}
	if s.Len() < 200 {
		t.Errorf("lists/stopwords.txt: %d words, want at least 200", s.Len())
	}
	for _, tk := range Words("The officials said it’s what they’d done, according to Mr. Smith's aides") {
		want := !map[string]bool{"officials": true, "done": true, "smith": true, "aides": true}[tk.Norm]
		if got := s.Contains(tk.Norm); got != want {
			t.Errorf("Contains(%q) = %v, want %v", tk.Norm, got, want)
		}
	}
}
