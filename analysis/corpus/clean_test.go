package corpus

import (
	"slices"
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"spaces collapse", "  a \t b\n c  ", "a b c"},
		{"citation gap period", "fentanyl laboratories . This", "fentanyl laboratories. This"},
		{"citation gap nbsp", "Nicolás Maduro\u00a0. President", "Nicolás Maduro. President"},
		{"citation gap at end", "military strikes\u00a0.", "military strikes."},
		{"citation gap comma", "Trump , who", "Trump, who"},
		{"gap closed by a form feed", "0\f,\f000000.", "0, 000000."},
		{"gap before closing quote", `no" .`, `no".`},
		{"gap before quote after", `right ." he said`, `right." he said`},
		{"dotnet kept", "the .NET runtime", "the .NET runtime"},
		{"decimal kept", "rose by .5 percent", "rose by .5 percent"},
		{"ellipsis", "Yeah right ...", "Yeah right..."},
		{"controls removed", "a\x00b\x1bc\u0080d", "abcd"},
		{"next line is a space", "a\u0085b", "a b"},
		{"zero width and soft hyphen", "co\u00adop\u200Beration\uFEFF", "cooperation"},
		{"invalid utf8 dropped", "a\xffb", "ab"},
		{"thin and narrow spaces", "10\u202F000\u2009people", "10 000 people"},
		{"empty", " \u00a0 ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	bp, err := ParseBoilerplate(strings.NewReader("advertisement\nread more:*\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"blocks", "One.\n\nTwo.", []string{"One.", "Two."}},
		{"lines joined", "One line\ncontinues here .\n\nTwo.", []string{"One line continues here.", "Two."}},
		{"blank line with spaces", "One.\n \t \nTwo.", []string{"One.", "Two."}},
		{"crlf", "One.\r\n\r\nTwo.\r\n", []string{"One.", "Two."}},
		{"boilerplate block", "One.\n\nADVERTISEMENT\n\nTwo.", []string{"One.", "Two."}},
		{"boilerplate line inside block", "One.\nRead more: other story\nstill one.", []string{"One. still one."}},
		{"prefix needs its colon", "Read more carefully, he said.", []string{"Read more carefully, he said."}},
		{"only boilerplate", "Advertisement", nil},
		{"empty", "", nil},
		{"many blank lines", "\n\n\nOne.\n\n\n\n", []string{"One."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Paragraphs(tt.in, bp); !slices.Equal(got, tt.want) {
				t.Errorf("Paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
