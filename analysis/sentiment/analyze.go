package sentiment

import (
	"newsframe/analysis/text"
)

// Rule constants of the lexicon layer. The scalars follow VADER (Hutto &
// Gilbert 2014) where VADER has one; the windows are ours.
const (
	// negationScalar multiplies a polar word inside a negation's scope:
	// "not good" is mildly negative, not as negative as "bad" (VADER's N_SCALAR).
	negationScalar = -0.74
	// negationReach is the most tokens a negation's scope covers when no
	// clause boundary ends it first.
	negationReach = 6
	// boosterReach is how many tokens before a polar word a booster acts;
	// farther boosters count less (VADER: 1, 0.95, 0.9).
	boosterReach = 3
	// contrastBefore and contrastAfter weigh the parts of a sentence around
	// "but" (VADER's but-check: 0.5 and 1.5).
	contrastBefore = 0.5
	contrastAfter  = 1.5
	// concessiveWeight discounts the clause opened by "although", "despite".
	concessiveWeight = 0.5
	// shiftReach is how many tokens a shifter ("rose", "drop in") looks
	// before or after itself for the quantity it moves.
	shiftReach = 4
	// shiftedQuantity is the valence magnitude of a quantity moved by a
	// shifter when the quantity has no valence of its own ("profit rose").
	shiftedQuantity = 2.0
	// titleCaseShare: above this share of capitalised words a sentence is a
	// headline or in capitals, and capitals no longer mark names.
	titleCaseShare = 0.6
)

// Item is one polar unit the lexicon layer found: a word or phrase, with
// the modifiers that acted on it folded into Valence.
type Item struct {
	// Lo and Hi delimit the item's tokens [Lo, Hi) (a shifted quantity
	// spans the shifter and the quantity; a negated word includes its
	// negator when it is near).
	Lo, Hi int
	// Valence is the signed strength after negation, boosters, contrast
	// and shifting, on VADER's scale (about -4..4 for one word).
	Valence float64
	// Negated is set when a negation reversed the item.
	Negated bool
	negAt   int // token index of the negation in scope, or -1
}

// boundaryBefore reports whether punctuation that ends a clause stands
// between toks[i-1] and toks[i]: , ; : ( ) [ ] dashes and quotation marks.
func boundaryBefore(s string, toks []text.Token, i int) bool {
	if i <= 0 {
		return true
	}
	gap := s[toks[i-1].End:toks[i].Start]
	for j := 0; j < len(gap); j++ {
		switch gap[j] {
		case ',', ';', ':', '(', ')', '[', ']', '"', '.', '!', '?':
			return true
		case '-':
			if j > 0 && gap[j-1] == ' ' { // " - " as a dash, not a hyphen
				return true
			}
		case 0xE2: // — – “ ” ‘ ’ … start with 0xE2 0x80
			if j+2 < len(gap) && gap[j+1] == 0x80 {
				switch gap[j+2] {
				case 0x93, 0x94, 0x9C, 0x9D, 0xA6: // – — “ ” …
					return true
				}
			}
		}
	}
	return false
}

// Analyze appends to dst the polar items of the sentence made of tokens
// toks[lo:hi] of s (toks = text.Words(s)) and returns the extended slice.
// It applies, in order: multi-word phrases (longest match), names (a
// capitalised word next to another, as in "Supreme Court" or "United
// States", carries no polarity unless the sentence is in title case or
// capitals), boosters and downtoners on the next polar word, shifters
// that move a nearby quantity ("drop in homicides" is good, "profit fell"
// bad), negation up to the end of the clause, contrast ("but": before ×0.5,
// after ×1.5) and concession (the clause opened by "although" ×0.5).
func (l *Lexicon) Analyze(dst []Item, s string, toks []text.Token, lo, hi int) []Item {
	return l.analyze(dst, s, toks, lo, hi, nil, nil)
}

// tokenEntries are the lexicon entries of a text's tokens, looked up in
// advance (Model.Prepare): token i has entries[ids[i]], or none when
// ids[i] < 0.
type tokenEntries struct {
	ids     []int32
	entries []entry
}

// at returns the lexicon entry of token i and whether it has one.
func (te *tokenEntries) at(i int) (entry, bool) {
	if k := te.ids[i]; k >= 0 {
		return te.entries[k], true
	}
	return entry{}, false
}

// flags returns the lexicon flags of token i (0 when it has no entry).
func (te *tokenEntries) flags(i int) uint16 {
	if k := te.ids[i]; k >= 0 {
		return te.entries[k].flags
	}
	return 0
}

// analyze is Analyze with the tokens' entries and clause boundaries
// optionally found in advance (te, and bound[i] = boundaryBefore(s, toks,
// i); nil to find them here).
func (l *Lexicon) analyze(dst []Item, s string, toks []text.Token, lo, hi int, te *tokenEntries, bound []bool) []Item {
	if lo < 0 {
		lo = 0
	}
	if hi > len(toks) {
		hi = len(toks)
	}
	if lo >= hi {
		return dst
	}
	// Headlines and capitals: names cannot be told by case.
	words, caps := 0, 0
	for i := lo; i < hi; i++ {
		if toks[i].Kind == text.Word {
			words++
			if toks[i].Capitalized {
				caps++
			}
		}
	}
	namesByCase := words < 4 || float64(caps) <= titleCaseShare*float64(words)

	first := len(dst)
	var (
		negUntil     = -1 // tokens < negUntil are negated
		negAt        = -1
		boost        float64
		boostAt      = -1
		contrastAt   = -1
		concessiveTo = -1 // tokens < concessiveTo are discounted
		shifters     [8]struct {
			at, end int
			dir     float64
		}
		nShift     int
		quantities [16]struct {
			at, end int
			q       float64
			item    int
		}
		nQuant int
	)
	if bound == nil {
		// Only bound[lo+1:hi] is read.
		bound = make([]bool, hi)
		for i := lo; i < hi; i++ {
			bound[i] = boundaryBefore(s, toks, i)
		}
	}
	clauseEnd := func(i int) int { // first token index after i that starts a new clause
		for j := i + 1; j < hi; j++ {
			if bound[j] {
				return j
			}
		}
		return hi
	}
	for i := lo; i < hi; {
		t := &toks[i]
		if i > lo && bound[i] {
			boostAt = -1
		}
		var e entry
		var ok bool
		if te != nil {
			e, ok = te.at(i)
		} else {
			e, ok = l.words[t.Norm]
		}
		n := 1
		if ok && e.startsPhrase {
			for _, p := range l.phrases[t.Norm] {
				if i+len(p.words) > hi {
					continue
				}
				match := true
				for k := 1; k < len(p.words); k++ {
					if toks[i+k].Norm != p.words[k] {
						match = false
						break
					}
				}
				if match {
					e, n = p.entry, len(p.words)
					break
				}
			}
		}
		if !ok && n == 1 {
			i++
			continue
		}
		inName := false
		if namesByCase && t.Capitalized && t.Kind == text.Word {
			prevCap := i > lo && toks[i-1].Capitalized && !bound[i]
			nextCap := i+n < hi && toks[i+n].Capitalized && !bound[i+n]
			inName = prevCap || nextCap
		}
		switch {
		case e.flags&flagNegator != 0:
			// "not only", "no doubt", "without doubt" do not negate.
			if i+n < hi && (toks[i+n].Norm == "only" || toks[i+n].Norm == "doubt") {
				break
			}
			end := clauseEnd(i + n - 1)
			if end > i+n+negationReach {
				end = i + n + negationReach
			}
			negUntil, negAt = end, i
		case e.flags&flagBooster != 0:
			boost, boostAt = e.boost, i+n-1
		case e.flags&flagContrast != 0:
			if i > lo && contrastAt < 0 {
				contrastAt = i
			}
		case e.flags&flagConcessive != 0:
			concessiveTo = clauseEnd(i + n - 1)
		}
		if e.flags&(flagIncrease|flagDecrease) != 0 && nShift < len(shifters) {
			dir := 1.0
			if e.flags&flagDecrease != 0 {
				dir = -1
			}
			shifters[nShift].at, shifters[nShift].end, shifters[nShift].dir = i, i+n, dir
			nShift++
		}
		isQuantity := e.quantity != 0 && !inName
		if (e.valence != 0 && !inName) || isQuantity {
			v := e.valence
			if boostAt >= 0 && i-boostAt <= boosterReach && v != 0 {
				scale := 1.0
				switch i - boostAt {
				case 2:
					scale = 0.95
				case 3:
					scale = 0.9
				}
				if v > 0 {
					v += boost * scale
				} else {
					v -= boost * scale
				}
				boostAt = -1
			}
			it := Item{Lo: i, Hi: i + n, Valence: v, negAt: -1}
			if negAt < i && i < negUntil {
				it.negAt = negAt
			}
			dst = append(dst, it)
			if isQuantity && nQuant < len(quantities) {
				quantities[nQuant].at, quantities[nQuant].end = i, i+n
				quantities[nQuant].q, quantities[nQuant].item = e.quantity, len(dst)-1
				nQuant++
			}
		}
		i += n
	}
	items := dst[first:]
	// Shifters: pair each with the nearest quantity within reach and no
	// clause boundary between ("drop in homicides", "profit rose"); on a tie
	// the quantity before the shifter (its subject) wins. Only listed
	// quantities move: "the ending was great" has no quantity to end.
	for si := 0; si < nShift; si++ {
		sh := shifters[si]
		best, bestDist := -1, 2*shiftReach+2
		for q := 0; q < nQuant; q++ {
			qu := quantities[q]
			if qu.q == 0 {
				continue
			}
			var d int
			switch {
			case qu.end <= sh.at:
				d = 2 * (sh.at - qu.end + 1)
			case qu.at >= sh.end:
				d = 2*(qu.at-sh.end+1) + 1
			default:
				continue
			}
			if d >= bestDist || !sameClause(bound, min(qu.at, sh.at), max(qu.end, sh.end)) {
				continue
			}
			best, bestDist = q, d
		}
		if best < 0 {
			continue
		}
		qu := quantities[best]
		it := &dst[qu.item]
		it.Valence = sh.dir * qu.q * max(shiftedQuantity, abs(it.Valence))
		// Drop the shifter's own valence ("drop" -1.1) and widen the item.
		for k := range items {
			if items[k].Lo == sh.at && &items[k] != it {
				items[k].Valence = 0
			}
		}
		it.Lo, it.Hi = min(it.Lo, sh.at), max(it.Hi, sh.end)
		quantities[best].q = 0 // a quantity moves once
	}
	// Quantities that no shifter moved have no polarity of their own beyond
	// their listed valence; negation, contrast and concession apply last.
	for k := range items {
		it := &items[k]
		if it.negAt >= 0 && it.Valence != 0 {
			it.Valence *= negationScalar
			it.Negated = true
			if it.Lo-it.negAt <= boosterReach {
				it.Lo = it.negAt
			}
		}
		switch {
		case it.Lo < concessiveTo:
			it.Valence *= concessiveWeight
		case contrastAt >= 0 && it.Hi <= contrastAt:
			it.Valence *= contrastBefore
		case contrastAt >= 0 && it.Lo > contrastAt:
			it.Valence *= contrastAfter
		}
	}
	// Remove zeroed items in place.
	out := dst[:first]
	for _, it := range items {
		if it.Valence != 0 {
			out = append(out, it)
		}
	}
	return out
}

// sameClause reports whether tokens lo..hi-1 contain no clause boundary
// (bound[i] = boundaryBefore(s, toks, i)).
func sameClause(bound []bool, lo, hi int) bool {
	for j := lo + 1; j < hi; j++ {
		if bound[j] {
			return false
		}
	}
	return true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
