package sentiment

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	cdsentiment "github.com/cdipaolo/sentiment"

	"newsframe/analysis/text"
)

// Bayes is the English naive Bayes model of github.com/cdipaolo/sentiment
// (multinomial, two classes, Laplace smoothing, trained on IMDB movie
// reviews) turned into an immutable table of per-word log-likelihood ratios.
// It is safe for concurrent use without locks.
//
// In goml's NaiveBayes the likelihood of word w in class c is
//
//	P(w|c) = (count_c(w) + 1) / (seen(w) + V)
//
// where seen(w) is the word's count over both classes and V the vocabulary
// size. The denominator is the same for both classes, so the posterior
// log-odds of the positive class (1) given the words w_1..w_n is
//
//	logit P(pos|w) = log(P(pos)/P(neg)) + Σ_i log((count_1(w_i)+1) / (count_0(w_i)+1))
//
// which never underflows, unlike the library's product of probabilities.
// Words the model has not seen contribute nothing, as in the library.
type Bayes struct {
	// index maps a word to its id; words[id] is the word and ratios[id]
	// its log-likelihood ratio. Ids follow descending count over both
	// classes, and the keys share one string in that order, so that the
	// common words' keys and ratios stay in a few cache lines.
	index  map[string]int32
	words  []string
	ratios []float64
	prior  float64
}

// bayesWord is the JSON shape of goml's text.Word.
type bayesWord struct {
	Count []uint64
	Seen  uint64
}

// RestoreBayes restores cdipaolo/sentiment's pre-trained English model
// and copies its word counts into a new Bayes. It reads the model's JSON
// asset directly (readBayesModel, about 0.15 s with the decompression)
// rather than through the library's generic decoder (about 0.9 s), and
// falls back to the library if the asset has a shape the direct reader does
// not handle; both give the same Bayes. Call it once and share the result.
func RestoreBayes() (*Bayes, error) {
	if raw, err := cdsentiment.Asset("model.json"); err == nil {
		if m, err := readBayesModel(raw); err == nil && len(m.probabilities) == 2 {
			return newBayes(m.words, m.counts, m.probabilities[0], m.probabilities[1])
		}
	}
	return restoreBayesLibrary()
}

// restoreBayesLibrary is RestoreBayes through the library's own Restore.
func restoreBayesLibrary() (*Bayes, error) {
	models, err := cdsentiment.Restore()
	if err != nil {
		return nil, fmt.Errorf("restore cdipaolo/sentiment model: %w", err)
	}
	m, ok := models[cdsentiment.English]
	if !ok {
		return nil, fmt.Errorf("restore cdipaolo/sentiment model: no English model")
	}
	// The word map is unexported; its JSON form is the documented way out.
	raw, err := json.Marshal(&m.Words)
	if err != nil {
		return nil, fmt.Errorf("copy cdipaolo/sentiment word counts: %w", err)
	}
	var words map[string]bayesWord
	if err := json.Unmarshal(raw, &words); err != nil {
		return nil, fmt.Errorf("copy cdipaolo/sentiment word counts: %w", err)
	}
	if len(m.Probabilities) != 2 {
		return nil, fmt.Errorf("cdipaolo/sentiment model has %d classes, want 2", len(m.Probabilities))
	}
	counts := make(map[string][2]uint64, len(words))
	for w, c := range words {
		if len(c.Count) != 2 {
			return nil, fmt.Errorf("cdipaolo/sentiment word %q has %d class counts, want 2", w, len(c.Count))
		}
		counts[w] = [2]uint64{c.Count[0], c.Count[1]}
	}
	return NewBayes(counts, m.Probabilities[0], m.Probabilities[1])
}

// NewBayes builds a Bayes from per-word class counts (index 0 negative, 1
// positive) and the class priors. Keys must be lower-case letters only, as
// goml's sanitiser leaves them.
func NewBayes(counts map[string][2]uint64, priorNeg, priorPos float64) (*Bayes, error) {
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	slices.Sort(words)
	c := make([][2]uint64, len(words))
	for i, w := range words {
		c[i] = counts[w]
	}
	return newBayes(words, c, priorNeg, priorPos)
}

// newBayes is NewBayes from the words and their counts as parallel lists;
// a word listed twice takes its last counts. Ties in count keep list
// order.
func newBayes(words []string, counts [][2]uint64, priorNeg, priorPos float64) (*Bayes, error) {
	if !(priorNeg > 0 && priorPos > 0) {
		return nil, fmt.Errorf("bayes: priors must be positive, got %g and %g", priorNeg, priorPos)
	}
	type seen struct {
		count uint64
		index int
	}
	order := make([]seen, 0, len(words))
	var last map[string]int // only when a word is listed twice
	if !slices.IsSorted(words) || hasAdjacentDuplicates(words) {
		last = make(map[string]int, len(words))
		for i, w := range words {
			last[w] = i
		}
	}
	size := 0
	for i, w := range words {
		if last != nil && last[w] != i {
			continue
		}
		order = append(order, seen{counts[i][0] + counts[i][1], i})
		size += len(w)
	}
	slices.SortFunc(order, func(a, b seen) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	var arena strings.Builder
	arena.Grow(size)
	for _, o := range order {
		arena.WriteString(words[o.index])
	}
	all := arena.String()
	b := &Bayes{index: make(map[string]int32, len(order)), words: make([]string, len(order)),
		ratios: make([]float64, len(order)), prior: math.Log(priorPos / priorNeg)}
	off := 0
	for id, o := range order {
		w := all[off : off+len(words[o.index])]
		off += len(w)
		c := counts[o.index]
		b.index[w] = int32(id)
		b.words[id] = w
		b.ratios[id] = math.Log(float64(c[1]+1) / float64(c[0]+1))
	}
	return b, nil
}

// hasAdjacentDuplicates reports whether two neighbours of sorted words
// are equal.
func hasAdjacentDuplicates(words []string) bool {
	for i := 1; i < len(words); i++ {
		if words[i] == words[i-1] {
			return true
		}
	}
	return false
}

// Len returns the vocabulary size.
func (b *Bayes) Len() int { return len(b.words) }

// lookup returns the ratio of a word as the model stores it.
func (b *Bayes) lookup(w string) (float64, bool) {
	if id, ok := b.index[w]; ok {
		return b.ratios[id], true
	}
	return 0, false
}

// Prior returns the prior log-odds log(P(pos)/P(neg)).
func (b *Bayes) Prior() float64 { return b.prior }

// Ratio returns the log-likelihood ratio log((count_pos+1)/(count_neg+1))
// of a token Norm, looked up as the model's sanitiser would see it (letters
// only: "don't" → "dont", "u.s." → "us"), and whether the model knows it.
func (b *Bayes) Ratio(norm string) (float64, bool) {
	if isLowerLetters(norm) {
		return b.lookup(norm)
	}
	var buf [64]byte
	n := 0
	for _, r := range norm {
		if !unicode.IsLetter(r) {
			continue
		}
		if n+utf8.RuneLen(r) > len(buf) {
			return 0, false // longer than any word worth looking up
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	if n == 0 {
		return 0, false
	}
	return b.lookup(string(buf[:n])) // no allocation: the compiler converts in place
}

// LogOdds returns the posterior log-odds of the positive class for the
// tokens toks (the prior plus the ratio of every known token, repeated
// tokens counted each time) and the number of known tokens.
func (b *Bayes) LogOdds(toks []text.Token) (logOdds float64, known int) {
	logOdds = b.prior
	for i := range toks {
		if toks[i].Kind != text.Word {
			continue
		}
		if r, ok := b.Ratio(toks[i].Norm); ok {
			logOdds += r
			known++
		}
	}
	return logOdds, known
}

// LibraryLogOdds returns the posterior log-odds that the library's own
// Probability would compute for s, with the library's tokenisation: drop
// every rune that is neither a letter nor a space, lower-case, split on
// single spaces. It exists to check Bayes against the library; use LogOdds
// on text.Words tokens for scoring.
func (b *Bayes) LibraryLogOdds(s string) float64 {
	clean := strings.Map(func(r rune) rune {
		if r == ' ' || unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
	l := b.prior
	for _, w := range strings.Split(strings.ToLower(clean), " ") {
		if r, ok := b.lookup(w); ok {
			l += r
		}
	}
	return l
}

// Logistic returns 1 / (1 + e^-x), the probability whose log-odds is x,
// without overflow for large |x|.
func Logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func isLowerLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return len(s) > 0
}
