package sentiment

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jonreiter/govader"

	"newsframe/analysis/text"
)

// The kinds of lexicon lines. A word may have several kinds ("drop" is a
// decrease shifter with a negative valence of its own; "losses" has a
// negative valence and is a quantity whose increase is bad).
const (
	// kindValence: value is the prior polarity on VADER's scale, about -4..4.
	kindValence = "valence"
	// kindNegator: reverses the polarity of what follows, up to the end of
	// the clause ("not", "never", "no", "without").
	kindNegator = "negator"
	// kindBooster: value is added to the magnitude of the next polar word:
	// positive for intensifiers ("very"), negative for downtoners ("slightly").
	kindBooster = "booster"
	// kindContrast: what follows in the sentence outweighs what precedes
	// ("but", "however").
	kindContrast = "contrast"
	// kindConcessive: the clause it opens is discounted ("although",
	// "despite").
	kindConcessive = "concessive"
	// kindIncrease and kindDecrease: shifters that say a quantity nearby goes
	// up or down ("rose", "drop in"): a decrease of a bad thing is good.
	kindIncrease = "increase"
	kindDecrease = "decrease"
	// kindQuantity: value is +1 for a thing of which more is good ("profit",
	// "jobs") and -1 for a thing of which more is bad ("homicides",
	// "unemployment"). It has no polarity on its own; a shifter gives it one.
	kindQuantity = "quantity"
	// kindSpeech: a verb (or phrase, "according to") that attributes
	// speech: a target right next to it is a speaker, and what it says is
	// mostly not about itself.
	kindSpeech = "speech"
	// kindLoaded: a verb of saying that casts its speaker ("admitted",
	// "boasted", "conceded"); it is also a kindSpeech verb.
	kindLoaded = "loaded"
)

// entry holds everything the lexicon says about one word or phrase.
type entry struct {
	valence  float64
	boost    float64
	quantity float64
	flags    uint16
	// explicit is set for lines given in a file or the base lexicon, as
	// opposed to inflected forms generated from them.
	explicit bool
	// startsPhrase is set when some multi-word entry begins with this word.
	startsPhrase bool
}

const (
	flagNegator uint16 = 1 << iota
	flagContrast
	flagConcessive
	flagIncrease
	flagDecrease
	flagBooster
	flagValence
	flagSpeech
	flagLoaded
)

type phrase struct {
	words []string
	entry
}

// Lexicon maps token Norms and multi-word phrases to polarity and
// modifier information. It is immutable after ParseLexicon and safe for
// concurrent use.
type Lexicon struct {
	words map[string]entry
	// phrases by first word, longest first.
	phrases map[string][]phrase
}

// VADERLexicon returns the word valences of VADER's lexicon (Hutto &
// Gilbert 2014, "VADER: A Parsimonious Rule-based Model for Sentiment
// Analysis of Social Media Text", ICWSM; MIT licence) as shipped by
// github.com/jonreiter/govader, keyed by lower-case word, on a -4..4 scale.
// Emoticons, which news text lacks, are included but never match a token.
func VADERLexicon() map[string]float64 {
	lex := govader.NewSentimentIntensityAnalyzer().Lexicon
	out := make(map[string]float64, len(lex))
	for w, v := range lex {
		out[w] = v
	}
	return out
}

// ParseLexicon builds a Lexicon from base word valences (for example
// VADERLexicon(), or nil) overlaid with the lines of a lexicon file. name is
// used in error messages. Each non-blank line that does not start with '#'
// is
//
//	kind<TAB>word or phrase[<TAB>value]
//
// with kind one of valence, negator, booster, contrast, concessive,
// increase, decrease, quantity, speech, loaded (see the data/lexicons
// README). A file line
// replaces the base valence of the same word. Words and phrases are folded
// with text.Fold, so they compare with token Norms. Regular inflections of
// single words (+s, +es, +ed, +ing, y→ies...) that neither the base nor the
// file lists are added with the valence, shift and quantity of their lemma:
// VADER lists "death" but not "deaths". A phrase without a valence line
// takes the valence of its last word ("net loss" that of "loss").
func ParseLexicon(name string, file []byte, base map[string]float64) (*Lexicon, error) {
	lex := &Lexicon{words: make(map[string]entry), phrases: make(map[string][]phrase)}
	keys := make([]string, 0, len(base))
	for w := range base {
		keys = append(keys, w)
	}
	sort.Strings(keys) // deterministic: later keys never depend on map order
	for _, w := range keys {
		f := text.Fold(w)
		if f == "" || f != strings.ToLower(w) {
			continue // emoticons and tokens our tokenizer cannot produce
		}
		e := lex.get(f)
		e.valence = base[w]
		e.flags |= flagValence
		e.explicit = true
		lex.set(f, e)
	}
	sc := bufio.NewScanner(bytes.NewReader(file))
	seen := make(map[string]int) // kind+phrase → line, to catch duplicates
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 || len(fields) > 3 {
			return nil, fmt.Errorf("lexicon %s: line %d: want kind<TAB>phrase[<TAB>value], got %d fields", name, n, len(fields))
		}
		kind, key := strings.TrimSpace(fields[0]), text.Fold(fields[1])
		if key == "" {
			return nil, fmt.Errorf("lexicon %s: line %d: empty phrase %q", name, n, fields[1])
		}
		if prev, dup := seen[kind+"\x00"+key]; dup {
			return nil, fmt.Errorf("lexicon %s: line %d: %s %q already given on line %d", name, n, kind, key, prev)
		}
		seen[kind+"\x00"+key] = n
		value, hasValue := 0.0, len(fields) == 3
		if hasValue {
			v, err := strconv.ParseFloat(strings.TrimSpace(fields[2]), 64)
			if err != nil {
				return nil, fmt.Errorf("lexicon %s: line %d: value: %w", name, n, err)
			}
			value = v
		}
		switch kind {
		case kindValence, kindNegator, kindBooster, kindContrast, kindConcessive, kindIncrease, kindDecrease, kindQuantity,
			kindSpeech, kindLoaded:
		default:
			return nil, fmt.Errorf("lexicon %s: line %d: unknown kind %q", name, n, kind)
		}
		needValue := kind == kindValence || kind == kindBooster || kind == kindQuantity
		if needValue != hasValue {
			if needValue {
				return nil, fmt.Errorf("lexicon %s: line %d: %s needs a value", name, n, kind)
			}
			return nil, fmt.Errorf("lexicon %s: line %d: %s takes no value", name, n, kind)
		}
		e := lex.get(key)
		switch kind {
		case kindValence:
			e.valence = value
			e.flags |= flagValence
		case kindNegator:
			e.flags |= flagNegator
		case kindBooster:
			e.boost = value
			e.flags |= flagBooster
		case kindContrast:
			e.flags |= flagContrast
		case kindConcessive:
			e.flags |= flagConcessive
		case kindIncrease:
			e.flags |= flagIncrease
		case kindDecrease:
			e.flags |= flagDecrease
		case kindSpeech:
			e.flags |= flagSpeech
		case kindLoaded:
			e.flags |= flagSpeech | flagLoaded
		case kindQuantity:
			if value != 1 && value != -1 {
				return nil, fmt.Errorf("lexicon %s: line %d: quantity value must be 1 or -1, got %g", name, n, value)
			}
			e.quantity = value
		default:
			return nil, fmt.Errorf("lexicon %s: line %d: unknown kind %q", name, n, kind)
		}
		e.explicit = true
		lex.set(key, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", name, err)
	}
	lex.inflect()
	// A phrase without a valence of its own takes its head's (last word's):
	// "net loss" is as negative as "loss".
	for _, ps := range lex.phrases {
		for i := range ps {
			if ps[i].flags&flagValence == 0 && ps[i].flags&(flagNegator|flagBooster|flagContrast|flagConcessive|flagSpeech) == 0 {
				if head, ok := lex.words[ps[i].words[len(ps[i].words)-1]]; ok && head.flags&flagValence != 0 {
					ps[i].valence = head.valence
					ps[i].flags |= flagValence
				}
			}
		}
	}
	for first := range lex.phrases {
		ps := lex.phrases[first]
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
		e := lex.words[first]
		e.startsPhrase = true
		lex.words[first] = e
	}
	return lex, nil
}

func (l *Lexicon) get(key string) entry {
	if i := strings.IndexByte(key, ' '); i >= 0 {
		for _, p := range l.phrases[key[:i]] {
			if strings.Join(p.words, " ") == key {
				return p.entry
			}
		}
		return entry{}
	}
	return l.words[key]
}

func (l *Lexicon) set(key string, e entry) {
	if i := strings.IndexByte(key, ' '); i >= 0 {
		first := key[:i]
		ps := l.phrases[first]
		for j := range ps {
			if strings.Join(ps[j].words, " ") == key {
				ps[j].entry = e
				return
			}
		}
		l.phrases[first] = append(ps, phrase{words: strings.Split(key, " "), entry: e})
		return
	}
	l.words[key] = e
}

// inflect adds regular inflections of single words that carry a valence,
// a shift or a quantity. Lemmas are visited in sorted order and an
// inflection already present (listed or generated) is never replaced.
func (l *Lexicon) inflect() {
	lemmas := make([]string, 0, len(l.words))
	for w, e := range l.words {
		if e.flags&(flagValence|flagIncrease|flagDecrease) != 0 || e.quantity != 0 {
			lemmas = append(lemmas, w)
		}
	}
	sort.Strings(lemmas)
	for _, w := range lemmas {
		e := l.words[w]
		gen := entry{valence: e.valence, quantity: e.quantity,
			flags: e.flags & (flagValence | flagIncrease | flagDecrease)}
		for _, form := range inflections(w) {
			if _, ok := l.words[form]; !ok {
				l.words[form] = gen
			}
		}
	}
}

// inflections returns regular English inflections of w: plural or third
// person (+s, +es, y→ies), past (+ed, +d, y→ied, doubled final consonant)
// and gerund (+ing, e→ing). Some are not words; they never match.
func inflections(w string) []string {
	n := len(w)
	if n < 3 || !isLowerLetters(w) {
		return nil
	}
	last := w[n-1]
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	var out []string
	switch {
	case last == 'y' && !vowel(w[n-2]):
		stem := w[:n-1]
		out = append(out, stem+"ies", stem+"ied", w+"ing")
	case last == 'e':
		out = append(out, w+"s", w+"d", w[:n-1]+"ing")
	case last == 's' || last == 'x' || last == 'z' || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		out = append(out, w+"es", w+"ed", w+"ing")
	default:
		out = append(out, w+"s", w+"ed", w+"ing")
		// Short consonant-vowel-consonant verbs double: drop → dropped.
		if n <= 4 && !vowel(last) && vowel(w[n-2]) && !vowel(w[n-3]) && strings.IndexByte("wxy", last) < 0 {
			out = append(out, w+string(last)+"ed", w+string(last)+"ing")
		}
	}
	return out
}
