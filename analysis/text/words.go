// Package text splits news prose into sentences and words.
//
// The splitters are written for English news copy: they keep "U.S.",
// "Mr. Steele", initials ("J. Smith"), decimals ("3.5"), numbers with
// separators ("1,000"), hyphenated compounds ("19th-century"), Unicode words
// ("Nicolás") and quotations intact. Every token and sentence carries byte
// offsets into the input, so callers can point back at the text.
package text

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a token.
type Kind uint8

const (
	// Word is a token containing at least one letter.
	Word Kind = iota
	// Number is a token made of digits and separators only ("400", "3.5").
	Number
)

// Token is one word or number of a text.
type Token struct {
	// Text is the token as written in the input: Text == input[Start:End].
	Text string
	// Norm is the case-folded form with typographic apostrophes made
	// straight and a possessive "'s" removed: "Trump’s" → "trump",
	// "U.S." → "u.s.", "don’t" → "don't".
	Norm string
	// Start and End are byte offsets into the input.
	Start, End int
	Kind       Kind
	// Possessive is set when a trailing "'s" was removed from Norm. (A
	// plural possessive "voters'" loses its apostrophe as punctuation.)
	Possessive bool
	// Capitalized is set when the first letter is upper case.
	Capitalized bool
}

// contractions ending in 's that are not possessives.
var contractions = map[string]bool{
	"it's": true, "he's": true, "she's": true, "that's": true, "what's": true,
	"there's": true, "here's": true, "who's": true, "let's": true, "where's": true,
	"how's": true, "when's": true, "why's": true, "everyone's": true, "nobody's": true,
}

// Words returns the word and number tokens of s in order. Punctuation and
// symbols are dropped. Apostrophes and hyphens are kept inside a word when a
// letter or digit follows them; periods are kept inside abbreviations
// ("U.S.", "N.A.A.C.P.") and numbers ("3.5").
func Words(s string) []Token {
	toks := make([]Token, 0, len(s)/6+1)
	return AppendWords(toks, s)
}

// AppendWords appends the tokens of s to dst and returns the extended slice;
// it lets hot loops reuse one buffer. Offsets are relative to s.
func AppendWords(dst []Token, s string) []Token {
	// Norms that need lower-casing are written to one buffer and made
	// strings together at the end: one allocation per call, not one per
	// capitalised word.
	var (
		lowerBuf [512]byte
		lower    = lowerBuf[:0]
		fixBuf   [64]lowered
		fix      = fixBuf[:0]
	)
	// English prose has a token per 5-6 bytes: one allocation up front
	// instead of regrowing (by a quarter at a time for large slices) a
	// book-length paragraph's tokens.
	dst = slices.Grow(dst, len(s)/6+1)
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && asciiClass[c] == 0 {
			i++ // ASCII punctuation, space or symbol
			continue
		}
		r, size := decode(s, i)
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		letters := false
		upperFirst := unicode.IsUpper(r)
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf && asciiClass[c] != 0 {
				letters = letters || asciiClass[c] == asciiLetter
				i++
				continue
			}
			r, size = decode(s, i)
			switch {
			case isWordRune(r):
				if !unicode.IsDigit(r) {
					letters = true
				}
				i += size
				continue
			case isApostrophe(r) || r == '-' || r == '‐' || r == '‑':
				// Inside a word only when a letter or digit follows.
				if j := i + size; j < len(s) {
					if n, _ := decode(s, j); isWordRune(n) {
						i = j
						continue
					}
				}
			case r == '.' || r == ',':
				if j := i + size; j < len(s) {
					n, nsize := decode(s, j)
					prev, _ := utf8.DecodeLastRuneInString(s[start:i])
					// 3.5 and 1,000: digit on both sides.
					if unicode.IsDigit(prev) && unicode.IsDigit(n) {
						i = j
						continue
					}
					// U.S. and N.A.A.C.P.: single letters between periods.
					if r == '.' && isAbbrevStep(s, start, i) && unicode.IsLetter(n) {
						if k := j + nsize; k >= len(s) || s[k] == '.' {
							i = j
							continue
						}
					}
				}
				// Final period of an abbreviation such as "U.S." belongs to it.
				if r == '.' && isAbbrevStep(s, start, i) && strings.ContainsRune(s[start:i], '.') {
					i += size
				}
			}
			break
		}
		toks := s[start:i]
		kind := Word
		if !letters {
			kind = Number
		}
		var norm string
		var poss bool
		if isASCII(toks) && !isLowerASCII(toks) {
			// normalize's strings.ToLower, into the shared buffer.
			off := len(lower)
			for k := 0; k < len(toks); k++ {
				c := toks[k]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				lower = append(lower, c)
			}
			n := len(lower) - off
			if b := lower[off:]; n > 2 && b[n-2] == '\'' && b[n-1] == 's' && !contractions[string(b)] {
				n, poss = n-2, true
			}
			fix = append(fix, lowered{tok: len(dst), off: off, n: n})
		} else {
			norm, poss = normalize(toks)
		}
		dst = append(dst, Token{Text: toks, Norm: norm, Start: start, End: i, Kind: kind,
			Possessive: poss, Capitalized: upperFirst})
	}
	if len(fix) > 0 {
		all := string(lower)
		for _, f := range fix {
			dst[f.tok].Norm = all[f.off : f.off+f.n]
		}
	}
	return dst
}

// lowered says that token tok's Norm is all[off:off+n] in AppendWords.
type lowered struct{ tok, off, n int }

// asciiClass classifies ASCII bytes for the tokenizer: letters, digits,
// and 0 for everything else.
const (
	asciiLetter = 1
	asciiDigit  = 2
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = asciiLetter, asciiLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = asciiDigit
	}
	return t
}()

// isAbbrevStep reports whether s[start:i] ends with a single letter that is
// either the whole token so far or preceded by a period: the shape of
// "U", "U.S", "N.A.A.C.P".
func isAbbrevStep(s string, start, i int) bool {
	last, size := utf8.DecodeLastRuneInString(s[start:i])
	if !unicode.IsLetter(last) {
		return false
	}
	before := i - size
	if before == start {
		return true
	}
	return s[before-1] == '.'
}

func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// normalize folds case, straightens apostrophes and removes a possessive.
func normalize(tok string) (string, bool) {
	norm := tok
	switch {
	case isLowerASCII(tok):
	case isASCII(tok):
		norm = strings.ToLower(tok) // no curly apostrophes or odd hyphens
	default:
		// One pass: what strings.ToLower does for non-ASCII text, plus
		// straight apostrophes and plain hyphens.
		norm = strings.Map(foldRune, tok)
	}
	if n := len(norm); n > 2 && norm[n-2] == '\'' && norm[n-1] == 's' && !contractions[norm] {
		return norm[:n-2], true
	}
	return norm, false
}

func foldRune(r rune) rune {
	switch r {
	case '’', 'ʼ':
		return '\''
	case '‐', '‑':
		return '-'
	}
	return unicode.ToLower(r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// Fold returns the normalised form of a phrase as Words would produce it,
// with tokens joined by single spaces: Fold("Trump’s  Military") ==
// "trump military". It is how user-given aliases and cue phrases are made
// comparable with token Norms.
func Fold(phrase string) string {
	toks := Words(phrase)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}
