package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText normalises one line or paragraph of article text:
//   - every run of white space (including no-break and other Unicode
//     spaces, tabs and line breaks) becomes one space, and the ends are
//     trimmed;
//   - control characters, invalid UTF-8 bytes, zero-width spaces, word
//     joiners, byte order marks and soft hyphens are removed;
//   - citation gaps left by scrapers that drop footnote links are closed:
//     a space before "." or "," is removed when the mark is followed by the
//     end, a space, a quote, a bracket or more punctuation ("laboratories ."
//     → "laboratories.", "Maduro\u00a0." → "Maduro."), but not in ".NET" or
//     " .5".
//
// The result is valid UTF-8.
func CleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending: written before the next character
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x7F {
			// A run of printable ASCII other than the space is copied
			// whole; only its first byte may close a citation gap.
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < 0x7F {
				j++
			}
			if space {
				if !((c == '.' || c == ',') && gapCloses(s[i+1:])) {
					b.WriteByte(' ')
				}
				space = false
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			// ASCII white space and controls.
			i++
			if c == ' ' || (c >= '\t' && c <= '\r') {
				space = b.Len() > 0
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case dropRune(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dropRune reports runes removed from text: controls (C0 and C1), the
// zero-width space, word joiner, byte order mark and soft hyphen.
func dropRune(r rune) bool {
	switch r {
	case '\u200B', '\u2060', '\uFEFF', '\u00AD':
		return true
	}
	return unicode.IsControl(r)
}

// gapCloses reports whether a "." or "," preceded by a space and followed by
// rest is a citation gap to close: the mark ends the text or is followed by
// white space, closing punctuation or another mark.
func gapCloses(rest string) bool {
	// Skip characters that CleanText drops anyway.
	for rest != "" {
		r, n := utf8.DecodeRuneInString(rest)
		if unicode.IsSpace(r) {
			return true // before dropRune: "\f" is a control and a space
		}
		if (r == utf8.RuneError && n == 1) || dropRune(r) {
			rest = rest[n:]
			continue
		}
		break
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	switch {
	case unicode.IsSpace(r):
		return true
	case unicode.Is(unicode.Pf, r), unicode.Is(unicode.Pe, r):
		return true
	}
	switch r {
	case '"', '\'', '.', ',', ';', ':', '!', '?', '\u2019', '\u201D':
		return true
	}
	return false
}

// Paragraphs splits body text into cleaned paragraphs: blocks separated by
// blank (white-space-only) lines are paragraphs; inside a block, lines that
// bp matches are dropped and the others are joined with a space; every
// paragraph goes through [CleanText] and [StripRelatedLinks]; empty
// paragraphs are dropped. bp may
// be nil.
func Paragraphs(text string, bp *Boilerplate) []string {
	var paras []string
	var block []string
	flush := func() {
		if len(block) == 0 {
			return
		}
		if p := StripRelatedLinks(CleanText(strings.Join(block, " "))); p != "" {
			paras = append(paras, p)
		}
		block = block[:0]
	}
	for line := range strings.Lines(normaliseNewlines(text)) {
		line = strings.TrimRight(line, "\n")
		if isBlank(line) {
			flush()
			continue
		}
		if bp.Match(line) {
			continue
		}
		block = append(block, line)
	}
	flush()
	return paras
}

// isBlank reports whether s holds only white space and characters that
// CleanText removes.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !dropRune(r) && r != utf8.RuneError {
			return false
		}
	}
	return true
}
