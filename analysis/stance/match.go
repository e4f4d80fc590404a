package stance

import (
	"sort"
	"strings"

	"newsframe/analysis/text"
)

// Mention is one occurrence of a target in a text.
type Mention struct {
	// Target indexes the Matcher's targets.
	Target int
	// Lo and Hi delimit the mention's tokens [Lo, Hi); Start and End are
	// its byte offsets.
	Lo, Hi     int
	Start, End int
}

// phraseSeq is a folded alias or cue as a sequence of token Norms.
type phraseSeq struct {
	words  []string
	target int
}

// Matcher finds the mentions of a fixed list of targets. It is immutable
// and safe for concurrent use.
type Matcher struct {
	targets []Target
	// byFirst maps a first Norm to the aliases starting with it, longest
	// first, then in target order.
	byFirst map[string][]phraseSeq
}

// NewMatcher compiles the aliases of targets (each target's name
// included). When two targets share an alias, the first listed wins.
func NewMatcher(targets []Target) *Matcher {
	m := &Matcher{targets: targets, byFirst: make(map[string][]phraseSeq)}
	seen := make(map[string]bool)
	for ti, t := range targets {
		for _, a := range append([]string{t.Name}, t.Aliases...) {
			for _, v := range variants(foldPhrase(a), t.Kind) {
				if v == "" || seen[v] {
					continue
				}
				seen[v] = true
				words := strings.Split(v, " ")
				m.byFirst[words[0]] = append(m.byFirst[words[0]], phraseSeq{words: words, target: ti})
			}
		}
	}
	for _, seqs := range m.byFirst {
		sort.SliceStable(seqs, func(i, j int) bool { return len(seqs[i].words) > len(seqs[j].words) })
	}
	return m
}

// Targets returns the matcher's targets.
func (m *Matcher) Targets() []Target { return m.targets }

// foldPhrase folds a phrase like token Norms: "Trump’s  Military" →
// "trump military".
func foldPhrase(s string) string { return text.Fold(s) }

// variants returns the folded alias and the forms that also match it: the
// alias without a leading "the", and for every kind but persons the
// plural (or singular) of its last word.
func variants(folded string, kind Kind) []string {
	if folded == "" {
		return nil
	}
	out := []string{folded}
	if rest, ok := strings.CutPrefix(folded, "the "); ok {
		out = append(out, rest)
	}
	if kind == KindPerson {
		return out
	}
	for _, f := range append([]string(nil), out...) {
		i := strings.LastIndexByte(f, ' ') + 1
		head, last := f[:i], f[i:]
		if len(last) < 3 || !isLetters(last) {
			continue
		}
		switch {
		case strings.HasSuffix(last, "ies"):
			out = append(out, head+last[:len(last)-3]+"y")
		case strings.HasSuffix(last, "ses") || strings.HasSuffix(last, "xes") || strings.HasSuffix(last, "ches") || strings.HasSuffix(last, "shes"):
			out = append(out, head+last[:len(last)-2])
		case strings.HasSuffix(last, "ss"):
			out = append(out, head+last+"es")
		case strings.HasSuffix(last, "s"):
			out = append(out, head+last[:len(last)-1])
		case strings.HasSuffix(last, "y") && !strings.ContainsRune("aeiou", rune(last[len(last)-2])):
			out = append(out, head+last[:len(last)-1]+"ies")
		case strings.HasSuffix(last, "x") || strings.HasSuffix(last, "ch") || strings.HasSuffix(last, "sh"):
			out = append(out, head+last+"es")
		default:
			out = append(out, head+last+"s")
		}
	}
	return out
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// Find appends the mentions in toks (text.Words of one text) to dst, left
// to right, and returns the extended slice. At each token the longest
// alias starting there wins and the scan resumes after it.
func (m *Matcher) Find(dst []Mention, toks []text.Token) []Mention {
	for i := 0; i < len(toks); {
		seqs := m.byFirst[toks[i].Norm]
		matched := false
		for _, sq := range seqs {
			if i+len(sq.words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(sq.words); k++ {
				if toks[i+k].Norm != sq.words[k] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			hi := i + len(sq.words)
			dst = append(dst, Mention{Target: sq.target, Lo: i, Hi: hi, Start: toks[i].Start, End: toks[hi-1].End})
			i = hi
			matched = true
			break
		}
		if !matched {
			i++
		}
	}
	return dst
}
