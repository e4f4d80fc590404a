package corpus

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxBoilerplateLine is the longest line, in bytes, that a pattern may drop:
// boilerplate ("Advertisement", "Read more: …", "Sign up for …") is short,
// the cap keeps a body paragraph that happens to start with the same words
// as a prefix pattern, and it spares the normalisation of every long line.
const maxBoilerplateLine = 200

// Boilerplate is a set of line patterns (page furniture such as "SCROLL FOR
// NEXT", "Advertisement", "Share this article") that parsers drop from
// article text. The zero value and nil match nothing.
type Boilerplate struct {
	exact    map[string]bool
	prefixes []string
	// first holds the first run of letters and digits of every pattern
	// (or its opening "©"): a line whose first run is not in it matches
	// none (most lines), and is rejected without normalising it. A prefix
	// pattern that may end inside a word ("advert*") sets anyFirst.
	first    map[string]bool
	anyFirst bool
}

// ParseBoilerplate reads one or more pattern lists and returns their union.
// The list format, one pattern per line:
//
//	# a comment (also after a pattern: "Advertisement  # ads")
//	Advertisement        the whole line, case-insensitively
//	Read more:*          any line starting with "Read more:"
//
// Lines are compared after case folding and collapsing inner white space.
// For whole-line patterns, leading and trailing characters that are neither
// letters nor digits are trimmed ("» Advertisement:" matches
// "advertisement"); for prefix patterns only leading ones, except "©", so
// that "Read more:*" does not match "Read more carefully" and "©*" works. A
// pattern that is empty after that normalisation is an error with its line
// number.
func ParseBoilerplate(lists ...io.Reader) (*Boilerplate, error) {
	b := &Boilerplate{exact: make(map[string]bool), first: make(map[string]bool)}
	for i, r := range lists {
		sc := bufio.NewScanner(r)
		n := 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if j := strings.Index(line, "#"); j >= 0 {
				line = line[:j]
			}
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			prefix := strings.HasSuffix(line, "*")
			key := normaliseBoilerplate(line)
			if prefix {
				key = normalisePrefix(strings.TrimSuffix(line, "*"))
			}
			if key == "" {
				return nil, fmt.Errorf("boilerplate list %d: line %d: pattern %q has no letters or digits", i+1, n, line)
			}
			run, rest := firstRun(key)
			if prefix {
				b.prefixes = append(b.prefixes, key)
				if r, _ := utf8.DecodeRuneInString(key); isOpeningSign(r) {
					run = string(r)
				} else if rest == "" {
					b.anyFirst = true
				}
			} else {
				b.exact[key] = true
			}
			b.first[run] = true
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("boilerplate list %d: %w", i+1, err)
		}
	}
	return b, nil
}

// Len returns the number of patterns.
func (b *Boilerplate) Len() int {
	if b == nil {
		return 0
	}
	return len(b.exact) + len(b.prefixes)
}

// Match reports whether line, a single line of text, is boilerplate. Lines
// longer than 200 bytes never are.
func (b *Boilerplate) Match(line string) bool {
	if b == nil || (len(b.exact) == 0 && len(b.prefixes) == 0) || len(line) > maxBoilerplateLine {
		return false
	}
	if !b.anyFirst {
		run, _ := firstRun(line)
		sign, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(line, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isOpeningSign(r)
		}))
		if !b.first[run] && !b.first[strings.ToLower(run)] && !(isOpeningSign(sign) && b.first[string(sign)]) {
			return false
		}
	}
	key := normaliseBoilerplate(line)
	if key != "" && b.exact[key] {
		return true
	}
	key = normalisePrefix(line)
	for _, p := range b.prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// normaliseBoilerplate folds case, collapses white space and trims
// characters that are neither letters nor digits from both ends.
func normaliseBoilerplate(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// normalisePrefix is normaliseBoilerplate for prefix patterns: trailing
// punctuation is kept ("Read more:" must not match "Read more carefully"),
// and so are the signs that open copyright lines.
func normalisePrefix(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isOpeningSign(r)
	})
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// isOpeningSign reports the signs kept at the start of prefix patterns.
func isOpeningSign(r rune) bool { return r == '©' || r == '®' || r == '℗' }

// firstRun returns the first run of letters and digits of s and what
// follows it.
func firstRun(s string) (run, rest string) {
	isAlnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	i := strings.IndexFunc(s, isAlnum)
	if i < 0 {
		return "", ""
	}
	s = s[i:]
	j := strings.IndexFunc(s, func(r rune) bool { return !isAlnum(r) })
	if j < 0 {
		return s, ""
	}
	return s[:j], s[j:]
}
