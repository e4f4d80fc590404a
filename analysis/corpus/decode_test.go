package corpus

import (
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		// warn is part of the ErrCharset warning's text ("" for none) and
		// warnLine its line.
		warn     string
		warnLine int
		err      error
		line     int
	}{
		{name: "plain", in: "Title\n\nBody.", want: "Title\n\nBody."},
		{name: "utf8 bom", in: "\xEF\xBB\xBFTitle\nBody", want: "Title\nBody"},
		{name: "crlf", in: "a\r\nb\r\n\r\nc", want: "a\nb\n\nc"},
		{name: "lone cr", in: "a\rb", want: "a\nb"},
		{name: "utf16 le bom", in: "\xFF\xFEa\x00\n\x00\xE9\x00", want: "a\né"},
		{name: "utf16 be bom", in: "\xFE\xFF\x00a\x00\n\x00\xE9", want: "a\né"},
		{name: "cp1252", in: "caf\xE9 \x93quoted\x94 \x96 na\xEFve", want: "café “quoted” – naïve", warn: "Windows-1252", warnLine: 1},
		{name: "valid multibyte", in: "Nicolás Maduro", want: "Nicolás Maduro"},
		// Mostly UTF-8 with a broken byte: replaced, not mojibake.
		{name: "broken utf8 after valid", in: "Nicolás\nMaduro \xFF.", want: "Nicolás\nMaduro \uFFFD.", warn: "1 runs of bad bytes replaced", warnLine: 2},
		{name: "truncated sequence", in: "é\xC3", want: "é\uFFFD", warn: "replaced", warnLine: 1},
		// A run of damage counts once against the valid characters.
		{name: "one run of damage", in: "Nicolás\n\xFF\xFE\xFD", want: "Nicolás\n\uFFFD", warn: "1 runs", warnLine: 2},
		{name: "utf8 with a bom", in: "\xEF\xBB\xBFab\xC3", want: "ab\uFFFD", warn: "replaced", warnLine: 1},
		{name: "mostly utf8", in: "Zoë, José \xE9 Ñ", want: "Zoë, José \uFFFD Ñ", warn: "replaced", warnLine: 1},
		{name: "mostly cp1252", in: "caf\xE9 d\xE9j\xE0 Zoë", want: "café déjà ZoÃ«", warn: "Windows-1252", warnLine: 1},
		// Neither: a byte Windows-1252 leaves undefined.
		{name: "cp1252 undefined byte", in: "abc\n\n\x81def", want: "abc\n\n\uFFFDdef", warn: "replaced", warnLine: 3},
		{name: "lone high byte is cp1252", in: "ab\xC3", want: "abÃ", warn: "Windows-1252", warnLine: 1},
		{name: "nul byte", in: "text\x00more", err: ErrBinary},
		{name: "control bytes", in: "\x01\x02\x03\x04abcdef", err: ErrBinary},
		{name: "few controls pass", in: "a long enough line of text\x07", want: "a long enough line of text\x07"},
		{name: "empty", in: "", err: ErrEmpty},
		{name: "white space only", in: " \n\t\r\n", err: ErrEmpty},
		{name: "bom only", in: "\xEF\xBB\xBF", err: ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warning, err := Decode("f.txt", []byte(tt.in))
			if tt.err != nil {
				var pe *ParseError
				if !errors.Is(err, tt.err) || !errors.As(err, &pe) {
					t.Fatalf("Decode(%q) error = %v, want a *ParseError wrapping %v", tt.in, err, tt.err)
				}
				if pe.Path != "f.txt" || pe.Line != tt.line {
					t.Errorf("Decode(%q) error at %s:%d, want f.txt:%d", tt.in, pe.Path, pe.Line, tt.line)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%q) error = %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Decode(%q) = %q, want %q", tt.in, got, tt.want)
			}
			switch {
			case tt.warn == "" && warning != nil:
				t.Errorf("Decode(%q) warning = %v, want none", tt.in, warning)
			case tt.warn != "" && (warning == nil || !errors.Is(warning, ErrCharset) ||
				!strings.Contains(warning.Error(), tt.warn) || warning.Line != tt.warnLine || warning.Path != "f.txt"):
				t.Errorf("Decode(%q) warning = %v, want an ErrCharset saying %q at f.txt:%d", tt.in, warning, tt.warn, tt.warnLine)
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&ParseError{Path: "a", Line: 3, Err: errorf(ErrTooLong, "line longer than 5 bytes")}, "too-long"},
		{errorf(ErrJSON, "x"), "json"},
		{ErrNoText, "no-text"},
		{errors.New("disk on fire"), ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("KindOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	pe := &ParseError{Path: "a.jsonl", Line: 3, Err: errorf(ErrTooLong, "line longer than 5 bytes")}
	if got, want := pe.Error(), "a.jsonl:3: line longer than 5 bytes"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
