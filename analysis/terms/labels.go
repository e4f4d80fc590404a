package terms

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"newsframe/analysis/text"
)

// Label is one side of a [LabelPair]: a name and the folded terms counted
// for it (its variants: "illegal alien", "illegal aliens").
type Label struct {
	// Name is the first variant as written in the list.
	Name string
	// Variants are folded terms: one word ("pro-life") or two adjacent
	// words ("estate tax").
	Variants []string
}

// LabelPair is two competing labels for the same referent, such as
// "undocumented immigrants" and "illegal aliens".
type LabelPair struct {
	A, B Label
	// Line is the pair's line in the list it was parsed from.
	Line int
}

// Name returns "A / B" from the sides' names.
func (p LabelPair) Name() string { return p.A.Name + " / " + p.B.Name }

// ParseLabelPairs reads a list of competing labels (the format of
// data/lists/label-pairs.txt): one pair per line,
//
//	variant, variant ... | variant, variant ...
//
// side A before the '|', side B after it, variants separated by commas; the
// first variant names the side. '#' starts a comment; blank lines are
// ignored. Each variant must fold ([text.Fold]) to one or two content
// words with no stopword, number or punctuation among them, because label
// counts come from the unigram and adjacent-pair counts of [Counts]. A
// variant may not repeat, or be a word of another variant, within a pair:
// its occurrences would be counted twice. Errors name the line (the caller
// adds the file name).
func ParseLabelPairs(b []byte, stop text.Stopwords) ([]LabelPair, error) {
	var pairs []LabelPair
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		left, right, ok := strings.Cut(line, "|")
		if !ok || strings.Contains(right, "|") {
			return nil, fmt.Errorf("label pairs: line %d: want two sides separated by one '|'", n)
		}
		a, err := parseLabel(left, stop)
		if err != nil {
			return nil, fmt.Errorf("label pairs: line %d: %w", n, err)
		}
		bl, err := parseLabel(right, stop)
		if err != nil {
			return nil, fmt.Errorf("label pairs: line %d: %w", n, err)
		}
		all := append(slices.Clone(a.Variants), bl.Variants...)
		for i, v := range all {
			for _, w := range all[i+1:] {
				if v == w || overlaps(v, w) {
					return nil, fmt.Errorf("label pairs: line %d: %q and %q overlap: occurrences would count twice", n, v, w)
				}
			}
		}
		pairs = append(pairs, LabelPair{A: a, B: bl, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("label pairs: %w", err)
	}
	return pairs, nil
}

func parseLabel(side string, stop text.Stopwords) (Label, error) {
	var l Label
	for v := range strings.SplitSeq(side, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return Label{}, fmt.Errorf("empty variant in %q", strings.TrimSpace(side))
		}
		toks := text.Words(v)
		s := Extract(v, toks, stop)
		switch {
		case len(s.Terms) != len(toks):
			return Label{}, fmt.Errorf("variant %q: has a stopword, number or one-letter word; labels are counted over content words", v)
		case len(s.Terms) == 0 || len(s.Terms) > 2:
			return Label{}, fmt.Errorf("variant %q: want one or two words, got %d", v, len(s.Terms))
		case len(s.Terms) == 2 && !s.Adjacent(0):
			return Label{}, fmt.Errorf("variant %q: punctuation between its words", v)
		}
		if l.Name == "" {
			l.Name = v
		}
		l.Variants = append(l.Variants, strings.Join(s.Terms, " "))
	}
	return l, nil
}

// overlaps reports whether one variant is a word of the other.
func overlaps(v, w string) bool {
	vp, vok := SplitPhrase(v)
	wp, wok := SplitPhrase(w)
	switch {
	case vok && !wok:
		return w == vp.A || w == vp.B
	case wok && !vok:
		return v == wp.A || v == wp.B
	}
	return false
}

// Count returns the TF of the label in c: the sum over its variants.
func (l Label) Count(c *Counts) int64 {
	var n int64
	for _, v := range l.Variants {
		n += c.Term(v).TF
	}
	return n
}

// Preference is how often an outlet used each side of a label pair in a
// period.
type Preference struct {
	// Pair is LabelPair.Name: "undocumented immigrants / illegal aliens".
	Pair, Outlet, Period string
	// A and B are the counts of the two sides.
	A, B int64
	// Ratio is the smoothed preference ratio (A + ½) / (B + ½): above 1
	// the outlet prefers side A. ShareA is the smoothed share of side A,
	// (A + ½) / (A + B + 1), in (0, 1). Adding ½ to each side (a Jeffreys
	// Beta(½, ½) prior) keeps both finite when one side is never used.
	Ratio, ShareA float64
}

// Preferences counts each label pair per outlet and period from partials.
// period maps a key's day (YYYY-MM-DD, "" when unknown) to a period label
// (a week, a month), and false to leave the day out; nil puts every day in
// period "". Rows with no use of either side are left out. Rows are sorted
// by pair (list order), outlet, then period.
func Preferences(parts Partials, pairs []LabelPair, period func(day string) (string, bool)) []Preference {
	return PreferencesFrom(parts.Keys(), func(k Key, term string) int64 { return parts[k].Term(term).TF }, pairs, period)
}

// PreferencesFrom is [Preferences] over the label variants' frequencies
// given per key: tf(k, term) is the TF under key k of a variant (a word,
// or two words written "a b"). keys need only hold the keys where some
// variant occurs; the result is that of Preferences over partials with
// those counts.
func PreferencesFrom(keys []Key, tf func(k Key, term string) int64, pairs []LabelPair, period func(day string) (string, bool)) []Preference {
	type cell struct{ outlet, period string }
	count := func(l Label, k Key) int64 {
		var n int64
		for _, v := range l.Variants {
			n += tf(k, v)
		}
		return n
	}
	var out []Preference
	for _, lp := range pairs {
		counts := make(map[cell][2]int64)
		for _, k := range keys {
			per := ""
			if period != nil {
				var ok bool
				if per, ok = period(k.Day); !ok {
					continue
				}
			}
			ab := counts[cell{k.Outlet, per}]
			ab[0] += count(lp.A, k)
			ab[1] += count(lp.B, k)
			counts[cell{k.Outlet, per}] = ab
		}
		start := len(out)
		for k, ab := range counts {
			if ab[0]+ab[1] == 0 {
				continue
			}
			a, b := float64(ab[0]), float64(ab[1])
			out = append(out, Preference{Pair: lp.Name(), Outlet: k.outlet, Period: k.period,
				A: ab[0], B: ab[1], Ratio: (a + 0.5) / (b + 0.5), ShareA: (a + 0.5) / (a + b + 1)})
		}
		slices.SortFunc(out[start:], func(x, y Preference) int {
			return cmp.Or(strings.Compare(x.Outlet, y.Outlet), strings.Compare(x.Period, y.Period))
		})
	}
	return out
}
