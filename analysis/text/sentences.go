package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// abbreviations that end with a period but rarely end a sentence
// (lower-cased, without the final period).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true,
	"rep": true, "gov": true, "gen": true, "lt": true, "col": true, "sgt": true,
	"capt": true, "cmdr": true, "adm": true, "maj": true, "pres": true, "st": true,
	"jr": true, "sr": true, "rev": true, "hon": true, "atty": true, "supt": true,
	"inc": true, "co": true, "corp": true, "ltd": true, "bros": true, "vs": true,
	"etc": true, "e.g": true, "i.e": true, "vol": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"ft": true, "mt": true, "ave": true, "blvd": true, "approx": true, "est": true,
	"fig": true, "dept": true, "univ": true, "assn": true,
}

// numberAbbreviations abbreviate only before a number ("No. 5"); before
// anything else they are words ending a sentence ("She said no.").
var numberAbbreviations = map[string]bool{"no": true, "nos": true}

// sentenceStarters are words that, after an abbreviation such as "U.S.",
// show that a new sentence has begun.
var sentenceStarters = map[string]bool{
	"the": true, "this": true, "that": true, "these": true, "those": true, "it": true,
	"he": true, "she": true, "they": true, "we": true, "i": true, "you": true,
	"but": true, "and": true, "in": true, "on": true, "at": true, "a": true,
	"an": true, "his": true, "her": true, "their": true, "its": true, "there": true,
	"when": true, "while": true, "after": true, "before": true, "if": true,
	"as": true, "for": true, "however": true, "meanwhile": true, "still": true,
	"yet": true, "so": true, "what": true, "why": true, "how": true, "officials": true,
}

// Sentences returns the sentences of s as byte spans, with surrounding
// white space trimmed. A sentence ends at '.', '!', '?' or '…' (plus any
// closing quotes and brackets) followed by white space and a capital letter,
// digit or opening quote, or at the end of s. It does not end after a known
// abbreviation ("Mr.", "Gov."), an initial ("J. Smith"), a decimal, or inside
// a quotation that closes later in s, so that a quoted remark stays part of
// the sentence that reports it. "U.S." ends a sentence only when a word that
// typically starts one follows ("... the U.S. The talks").
func Sentences(s string) []Span {
	return AppendSentences(nil, s)
}

// AppendSentences appends the sentences of s (see [Sentences]) to dst and
// returns the extended slice; it lets hot loops reuse one buffer.
func AppendSentences(dst []Span, s string) []Span {
	quoted := quoteRegions(s)
	spans := dst
	start := 0
	q := 0 // index into quoted
	for i := 0; i < len(s); {
		if !mayEnd[s[i]] {
			i++ // an ASCII byte that is no terminator
			continue
		}
		r, size := decode(s, i)
		if !isTerminator(r) {
			i += size
			continue
		}
		end := i + size
		// Runs of terminators ("?!", "...") and closing punctuation.
		for end < len(s) {
			n, nsize := decode(s, end)
			if isTerminator(n) || isCloser(n) {
				end += nsize
				continue
			}
			break
		}
		for q < len(quoted) && quoted[q].End <= i {
			q++
		}
		inQuote := q < len(quoted) && quoted[q].Start < i && end < quoted[q].End
		if !inQuote && isBoundary(s, i, r, end) {
			spans = appendTrimmed(spans, s, start, end)
			start = end
		}
		i = end
	}
	return appendTrimmed(spans, s, start, len(s))
}

// isBoundary decides whether the terminator r at s[i] (with trailing
// punctuation up to end) ends a sentence.
func isBoundary(s string, i int, r rune, end int) bool {
	// Must be followed by white space and then a plausible sentence start,
	// or by the end of the text.
	j := end
	for j < len(s) {
		n, nsize := decode(s, j)
		if !unicode.IsSpace(n) {
			break
		}
		j += nsize
	}
	if j == len(s) {
		return true
	}
	if j == end {
		return false // "3.5", "U.S", "example.com"
	}
	next, _ := decode(s, j)
	if !(unicode.IsUpper(next) || unicode.IsDigit(next) || isOpener(next)) {
		return false
	}
	if r != '.' {
		return true
	}
	word := wordBefore(s, i)
	lower := strings.ToLower(word)
	switch {
	case word == "":
		return true
	case numberAbbreviations[lower]:
		// "No. 5" but "She said no. They left."
		return !unicode.IsDigit(next)
	case abbreviations[lower]:
		return false
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]):
		return false // an initial: "J. Smith"
	case strings.Contains(word, "."):
		// "U.S." or "N.A.A.C.P.": a boundary only before a typical starter.
		return sentenceStarters[strings.ToLower(firstWord(s[j:]))]
	}
	return true
}

// wordBefore returns the run of letters and inner periods that ends at s[i].
func wordBefore(s string, i int) string {
	k := i
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:k])
		if unicode.IsLetter(r) || r == '.' && k < i {
			k -= size
			continue
		}
		break
	}
	return strings.TrimLeft(s[k:i], ".")
}

func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

func appendTrimmed(spans []Span, s string, start, end int) []Span {
	for start < end {
		r, size := decode(s, start)
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if start < end {
		spans = append(spans, Span{start, end})
	}
	return spans
}

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// mayEnd marks the bytes that may start a terminator: '.', '!', '?' and
// every non-ASCII byte (decoded to look for '…').
var mayEnd = func() (t [256]bool) {
	t['.'], t['!'], t['?'] = true, true, true
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	return t
}()

func isCloser(r rune) bool {
	return r == '"' || r == '”' || r == '’' || r == '\'' || r == ')' || r == ']' || r == '»'
}

func isOpener(r rune) bool {
	return r == '"' || r == '“' || r == '‘' || r == '(' || r == '[' || r == '«'
}

// quoteRegions returns the spans of s enclosed in quotation marks, each from
// its opening to just after its closing mark. Curly quotes pair “ with the
// next ”; straight double quotes pair in order. An opening mark without a
// closing one opens no region, so an unbalanced quote cannot swallow the
// rest of a paragraph.
func quoteRegions(s string) []Span {
	var regions []Span
	open := -1
	straight := -1
	// Byte by byte: '"' is ASCII, and the bytes of “ and ” (E2 80 9C,
	// E2 80 9D) can only be those runes, since E2 never continues a
	// UTF-8 sequence.
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xE2:
			if i+2 >= len(s) || s[i+1] != 0x80 {
				continue
			}
			switch s[i+2] {
			case 0x9C: // “
				if open < 0 {
					open = i
				}
			case 0x9D: // ”
				if open >= 0 {
					regions = append(regions, Span{open, i + len("”")})
					open = -1
				}
			}
		case '"':
			if straight < 0 {
				straight = i
			} else {
				regions = append(regions, Span{straight, i + 1})
				straight = -1
			}
		}
	}
	if len(regions) > 1 {
		// Sort by start (curly and straight regions interleave rarely).
		for i := 1; i < len(regions); i++ {
			for j := i; j > 0 && regions[j].Start < regions[j-1].Start; j-- {
				regions[j], regions[j-1] = regions[j-1], regions[j]
			}
		}
	}
	return regions
}
