package text

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Stopwords is a set of folded words that carry little content ("the",
// "said"), dropped from term counts, phrases and co-occurrence. The zero
// value is an empty set. A Stopwords is read-only after parsing and safe for
// concurrent use.
type Stopwords struct {
	words map[string]struct{}
}

// ParseStopwords reads a stopword list: one word per line, '#' starts a
// comment, blank lines are ignored. Each word is folded as [Words] folds a
// token (lower case, straight apostrophes), so the set matches Token.Norm.
// A line that folds to more than one word or to none is an error naming the
// line (the caller adds the file name). The format is that of
// data/lists/stopwords.txt.
func ParseStopwords(b []byte) (Stopwords, error) {
	s := Stopwords{words: make(map[string]struct{})}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		toks := Words(line)
		if len(toks) != 1 || toks[0].Text != line {
			return Stopwords{}, fmt.Errorf("stopwords: line %d: %q is not a single word", n, line)
		}
		// Norm, not the line: text tokens are looked up by Norm, which has
		// a possessive "'s" removed ("nation's" stops "nation").
		s.words[toks[0].Norm] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		return Stopwords{}, fmt.Errorf("stopwords: %w", err)
	}
	return s, nil
}

// NewStopwords returns the set of the given words, each folded with [Fold].
func NewStopwords(words ...string) Stopwords {
	s := Stopwords{words: make(map[string]struct{}, len(words))}
	for _, w := range words {
		s.words[Fold(w)] = struct{}{}
	}
	return s
}

// Contains reports whether the folded word norm (a Token.Norm) is a
// stopword.
func (s Stopwords) Contains(norm string) bool {
	_, ok := s.words[norm]
	return ok
}

// Len returns the number of words in the set.
func (s Stopwords) Len() int { return len(s.words) }

// Words returns the words of the set in sorted order.
func (s Stopwords) Words() []string {
	out := make([]string, 0, len(s.words))
	for w := range s.words {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}
