package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsframe/analysis/entities"
)

// SpeakerFolds returns, for each named speaker in counts (speaker →
// quotations, as in Summary.Speakers, summed over a corpus) that is a
// short form of a longer named speaker, the name it folds into: "Obama" →
// "Barack Obama", "Jealous" → "Benjamin Todd Jealous". Within an article
// short forms already take their long form (see Analyze); across articles
// an outlet that writes "Obama" counts for the same speaker as one that
// writes "Barack Obama", as target proposals do (entities.Counter.Top).
//
// Only one-word names fold (a full name written with more words elsewhere
// is more often a chunking error, "Right-blogger Ben Shapiro", than
// another form). The long form must end with the word, look like a
// person's name (two or three capitalised words, not all capitals, no
// institution word, not a place such as "New Mexico") and every word of
// both be capitalised, so that descriptions ("official", "senior
// official") never fold; the word before the surname may not be "of",
// "for", "and" or "the" ("Bank of America" is no long form of "America").
// Institutions do not fold. When the long forms differ in their first
// word ("Bill Clinton", "Hillary Clinton"), the short form folds into the
// group with the most quotations (its most quoted form) only when that
// group has at least foldDominance times as many as all the others
// together; otherwise it is ambiguous and stays. A short form quoted more
// than widerThanLong times as often as all its long forms together names
// something else (a place or company rather than a surname) and stays.
// The result does not depend on map order; counts is not changed.
func SpeakerFolds(counts map[string]int) map[string]string {
	type name struct {
		name, key string // key: folded words joined by spaces
		quotes    int
	}
	bySurname := map[string][]name{} // last word → person-like longer names
	var short []name
	for n, q := range counts {
		if !capitalisedName(n) {
			continue
		}
		key := speakerKey(n)
		words := strings.Fields(key)
		switch {
		case len(words) == 1:
			short = append(short, name{n, key, q})
		case personLike(n) && !objectConnectors[words[len(words)-2]]:
			last := words[len(words)-1]
			bySurname[last] = append(bySurname[last], name{n, key, q})
		}
	}
	folds := map[string]string{}
	for _, s := range short {
		longer := bySurname[s.key]
		if len(longer) == 0 || entities.Institutional(s.name) {
			continue
		}
		// Group the long forms by first word: one group, one person.
		type group struct {
			best   name
			quotes int
		}
		groups := map[string]*group{}
		all := 0
		for _, l := range longer {
			first, _, _ := strings.Cut(l.key, " ")
			g := groups[first]
			if g == nil {
				g = &group{best: l}
				groups[first] = g
			} else if l.quotes > g.best.quotes || l.quotes == g.best.quotes && l.name < g.best.name {
				g.best = l
			}
			g.quotes += l.quotes
			all += l.quotes
		}
		var top *group
		for _, g := range groups {
			if top == nil || g.quotes > top.quotes || g.quotes == top.quotes && g.best.name < top.best.name {
				top = g
			}
		}
		if top.quotes < foldDominance*(all-top.quotes) || float64(s.quotes) > widerThanLong*float64(all) {
			continue
		}
		folds[s.name] = top.best.name
	}
	return folds
}

// FoldSpeakers returns a copy of counts in which every short form's
// quotations are added to the name SpeakerFolds folds it into, and the
// short form removed.
func FoldSpeakers(counts map[string]int) map[string]int {
	folds := SpeakerFolds(counts)
	out := make(map[string]int, len(counts)-len(folds))
	for name, n := range counts {
		if into, ok := folds[name]; ok {
			name = into
		}
		out[name] += n
	}
	return out
}

// foldDominance is how many times more quotations the most quoted long
// form of a surname must have than its other long forms together for the
// surname alone to be taken for it.
const foldDominance = 2

// widerThanLong is how many times more quotations than all its long forms
// together a one-name speaker may have and still fold into them: a
// surname alone is quoted about as often as the full name ("Obama" 30,
// "Barack Obama" 28 on basil-dev and 3,000 AllSides articles), a place
// used as a speaker far more ("California" 3, "Feral California" 1).
const widerThanLong = 1.5

// objectConnectors end the part of a name that a short form can stand
// for: the words after them name something else ("Bank of America").
var objectConnectors = map[string]bool{"of": true, "for": true, "and": true, "the": true}

// capitalisedName reports whether every word of a speaker starts with an
// upper-case letter: a name, not a description ("official", "senior
// official", "Democratic strategist").
func capitalisedName(s string) bool {
	words := strings.Fields(s)
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !objectConnectors[strings.ToLower(w)] {
			return false
		}
	}
	return len(words) > 0
}

// speakerKey folds a speaker name for matching forms across articles:
// lower case, straight apostrophes, single spaces.
func speakerKey(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "’", "'")), " ")
}
