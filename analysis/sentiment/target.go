package sentiment

import (
	"fmt"
	"math"
	"slices"

	"newsframe/analysis/text"
)

// Feature names of the target model, in the order TargetFeatures writes
// them. See TargetFeatures for their definitions.
var targetFeatures = []string{
	"near_positive", "near_negative", "far_positive", "far_negative", "bayes_near", "bayes",
	"before_positive", "before_negative", "after_positive", "after_negative",
	"quoted_positive", "quoted_negative", "decay_positive", "decay_negative",
	"count_positive", "count_negative", "max_near",
	"pronoun", "target_quoted", "speaker", "quoted_share", "subject", "length", "possessive",
	"speech_in_sentence", "loaded_speech", "polar",
}

// TargetFeatureNames returns the names of the target model's features.
func TargetFeatureNames() []string { return append([]string(nil), targetFeatures...) }

func checkTargetFeatures(m Multinomial) error {
	want := targetFeatures
	if len(m.Features) != len(want) || len(m.Negative) != len(want) || len(m.Positive) != len(want) {
		return fmt.Errorf("sentiment weights: target model has %d features and %d+%d weights, want %d (run make calibrate)",
			len(m.Features), len(m.Negative), len(m.Positive), len(want))
	}
	for i := range want {
		if m.Features[i] != want[i] {
			return fmt.Errorf("sentiment weights: target feature %d is %q, want %q (run make calibrate)", i, m.Features[i], want[i])
		}
	}
	return nil
}

const (
	// nearReach is how many tokens either side of a mention count as near
	// when they are in the mention's clause.
	nearReach = 8
	// decayLength is the distance, in tokens, over which a polar item's
	// weight in the decay features falls by a factor e.
	decayLength = 5.0
	// speakerReach is how many tokens after a mention a verb of saying
	// makes it the speaker ("Trump said", "Trump, who, said" is not).
	speakerReach = 3
	// subjectReach: a mention starting within this many tokens of its
	// sentence's start is taken as the sentence's subject.
	subjectReach = 2
)

// pronouns are the personal and possessive pronouns a NewsMTSC-style
// target can be (closed-class English vocabulary).
var pronouns = map[string]bool{
	"he": true, "she": true, "him": true, "her": true, "his": true, "hers": true,
	"they": true, "them": true, "their": true, "i": true, "we": true, "us": true,
	"it": true, "its": true, "you": true, "me": true, "my": true, "our": true,
}

// nearWindow returns the token range around the mention [tlo, thi) that
// counts as near: up to nearReach tokens either side, stopping at clause
// boundaries (bound[i] = boundaryBefore(s, toks, i)), but always at least the two
// tokens either side.
func nearWindow(bound []bool, lo, hi, tlo, thi int) (int, int) {
	wlo := tlo
	for wlo > lo && tlo-wlo < nearReach && (tlo-wlo < 2 || !bound[wlo]) {
		wlo--
	}
	whi := thi
	for whi < hi && whi-thi < nearReach && (whi-thi < 2 || !bound[whi]) {
		whi++
	}
	return wlo, whi
}

// appendQuoted appends to dst, for each token of toks, whether it lies
// inside double quotation marks (“…” or "…"), reading s from its start so
// that a quotation opened in an earlier sentence counts: the state after
// the runes of s before the token's first byte. Only the gaps between
// tokens are read: a token holds no quotation mark (they are neither
// letters, digits, apostrophes nor hyphens), and '"' and the bytes of “
// and ” (E2 80 9C, E2 80 9D) can only be those runes, since E2 never
// continues a sequence.
func appendQuoted(dst []bool, s string, toks []text.Token) []bool {
	open := false
	prev := 0
	for i := range toks {
		open = quoteState(open, s[prev:toks[i].Start])
		dst = append(dst, open)
		prev = toks[i].End
	}
	return dst
}

// quoteState returns whether a quotation is open after gap, given whether
// one was open before it.
func quoteState(open bool, gap string) bool {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '"':
			open = !open
		case 0xE2:
			if i+2 < len(gap) && gap[i+1] == 0x80 {
				switch gap[i+2] {
				case 0x9C: // “
					open = true
				case 0x9D: // ”
					open = false
				}
			}
		}
	}
	return open
}

// mentionContext is what the target features need besides the items.
type mentionContext struct {
	lo, hi         int    // sentence
	tlo, thi       int    // mention
	wlo, whi       int    // near window
	quoted         []bool // quoted[i-lo] for token i of the sentence
	bayesNear, nbS float64
	fixed          [9]float64 // pronoun .. loaded_speech
}

// mentionContext sets c for the mention toks[tlo:thi] in the sentence
// (or segment) toks[lo:hi] of p.
func (p *Prepared) mentionContext(c *mentionContext, lo, hi, tlo, thi int) {
	m, toks := p.m, p.toks
	*c = mentionContext{lo: lo, hi: hi, tlo: tlo, thi: thi}
	c.wlo, c.whi = nearWindow(p.bound, lo, hi, tlo, thi)
	c.quoted = p.quotedTokens()[lo:hi]
	center := 0.0
	if m.w != nil {
		center = m.w.BayesCenter
	}
	nearMean, _ := bayesMeanOf(p.ratios[c.wlo:c.whi])
	sentMean, _ := bayesMeanOf(p.ratios[lo:hi])
	c.bayesNear = nearMean - center
	c.nbS = sentMean - center
	te := &p.entries
	var pronoun, targetQuoted, speaker, quotedShare, subject, possessive, speechElsewhere, loaded float64
	if thi-tlo == 1 && pronouns[toks[tlo].Norm] {
		pronoun = 1
	}
	if c.quoted[tlo-lo] {
		targetQuoted = 1
	}
	for j := thi; j < hi && j < thi+speakerReach; j++ {
		f := te.flags(j)
		if f&flagSpeech != 0 && speaker == 0 {
			speaker = 1
		}
		if f&flagLoaded != 0 {
			loaded = 1
		}
	}
	// "…, said X" and "…” said X" (a clause break before the verb: in
	// "Critics said X failed" X is not the speaker), and "according to X".
	if tlo-1 > lo && te.flags(tlo-1)&flagSpeech != 0 && p.bound[tlo-1] {
		speaker = 1
	}
	if m.lex.phraseFlagsEndingAt(toks, lo, tlo)&flagSpeech != 0 {
		speaker = 1
	}
	for j := lo; j < hi; j++ {
		if c.quoted[j-lo] {
			quotedShare++
		}
		if (j < tlo || j >= thi) && te.flags(j)&flagSpeech != 0 {
			speechElsewhere = 1
		}
	}
	quotedShare /= float64(hi - lo)
	if tlo-lo <= subjectReach {
		subject = 1
	}
	if toks[thi-1].Possessive {
		possessive = 1
	}
	c.fixed = [9]float64{pronoun, targetQuoted, speaker, quotedShare, subject,
		math.Log(float64(hi - lo)), possessive, speechElsewhere, loaded}
}

// decayTable[d] is e^(−d/decayLength), the weight of an item d tokens
// from a mention in the decay features: looked up, since the cues
// compute the features once per item left out.
var decayTable = func() (t [64]float64) {
	for d := range t {
		t[d] = math.Exp(-float64(d) / decayLength)
	}
	return t
}()

// decay returns e^(−d/decayLength), bit for bit as math.Exp gives it.
func decay(d int) float64 {
	if d < len(decayTable) {
		return decayTable[d]
	}
	return math.Exp(-float64(d) / decayLength)
}

// phraseFlagsEndingAt returns the flags of the longest multi-word entry
// that ends right before token end and starts at or after lo, or 0.
func (l *Lexicon) phraseFlagsEndingAt(toks []text.Token, lo, end int) uint16 {
	for start := max(lo, end-4); start < end-1; start++ {
		for _, p := range l.phrases[toks[start].Norm] {
			if start+len(p.words) != end {
				continue
			}
			match := true
			for k := 1; k < len(p.words); k++ {
				if toks[start+k].Norm != p.words[k] {
					match = false
					break
				}
			}
			if match {
				return p.flags
			}
		}
	}
	return 0
}

// features appends the target features to dst, leaving out item skip
// (−1 for none); see TargetFeatures.
func (c *mentionContext) features(dst []float64, items []Item, skip int) []float64 {
	var np, nn, fp, fn, bp, bn, ap, an, qp, qn, dp, dn, cp, cn, maxNear float64
	for k, it := range items {
		if k == skip {
			continue
		}
		v := it.Valence
		near := it.Hi > c.wlo && it.Lo < c.whi
		if v > 0 {
			cp++
		} else {
			cn++
		}
		if near {
			if v > 0 {
				np += v
			} else {
				nn -= v
			}
			switch {
			case it.Hi <= c.tlo && v > 0:
				bp += v
			case it.Hi <= c.tlo:
				bn -= v
			case v > 0:
				ap += v
			default:
				an -= v
			}
			maxNear = math.Max(maxNear, math.Abs(v))
		} else if v > 0 {
			fp += v
		} else {
			fn -= v
		}
		if it.Lo >= c.lo && it.Lo < c.hi && c.quoted[it.Lo-c.lo] {
			if v > 0 {
				qp += v
			} else {
				qn -= v
			}
		}
		d := 0
		switch {
		case it.Hi <= c.tlo:
			d = c.tlo - it.Hi + 1
		case it.Lo >= c.thi:
			d = it.Lo - c.thi + 1
		}
		w := decay(d)
		if v > 0 {
			dp += w * v
		} else {
			dn -= w * v
		}
	}
	l := math.Log1p
	near, far := [4]float64{l(np), l(nn), l(fp), l(fn)}, 0.0
	for _, v := range near {
		far += v
	}
	dst = append(dst, near[0], near[1], near[2], near[3], c.bayesNear, c.nbS,
		l(bp), l(bn), l(ap), l(an), l(qp), l(qn), l(dp), l(dn), l(cp), l(cn), maxNear)
	dst = append(dst, c.fixed[:]...)
	return append(dst, l(far))
}

// TargetFeatures appends the target-model features of the mention
// toks[tlo:thi] inside the sentence toks[lo:hi] of s to dst, and the
// sentence's lexicon items to items. With v an item's valence after
// negation, contrast and shifters:
//
//	near_±, far_±        log(1 + Σ|v|) of the positive or negative items in
//	                     the mention's clause within 8 tokens (near) or not
//	bayes_near, bayes    shrunk naive Bayes mean over the near window and
//	                     over the sentence, minus the fitted centre
//	before_±, after_±    near_± split by whether the item ends before the
//	                     mention (the mention as patient: "criticism of X")
//	quoted_±             items inside quotation marks
//	decay_±              log(1 + Σ e^(−d/5)|v|), d the distance in tokens
//	count_±              log(1 + number of positive or negative items)
//	max_near             largest |v| near the mention
//	pronoun              1 when the mention is a personal pronoun
//	target_quoted        1 when the mention is inside a quotation
//	speaker              1 when a verb of saying follows within 3 tokens
//	                     ("X said"), precedes ("…, said X") or "according
//	                     to" does: what a speaker says is mostly not about
//	                     the speaker
//	quoted_share         share of the sentence's tokens inside quotations
//	subject              1 when the mention starts within 2 tokens of the
//	                     sentence start
//	length               log(number of tokens in the sentence)
//	possessive           1 for "X's"
//	speech_in_sentence   1 when another verb of saying is in the sentence
//	loaded_speech        1 for a loaded verb of saying after the mention
//	                     ("X admitted", "X boasted")
//	polar                log(1 + near_+ + near_− + far_+ + far_−)
func (m *Model) TargetFeatures(dst []float64, items []Item, s string, toks []text.Token, lo, hi, tlo, thi int) ([]float64, []Item) {
	p := m.getPrepared(s, toks, nil)
	defer preparedPool.Put(p)
	dst = p.denseFeatures(dst, lo, hi, tlo, thi)
	return dst, append(items, p.work...)
}

// inSegment keeps, in place, the items that lie within tokens [lo, hi).
func inSegment(items []Item, lo, hi int) []Item {
	out := items[:0]
	for _, it := range items {
		if it.Lo >= lo && it.Hi <= hi {
			out = append(out, it)
		}
	}
	return out
}

// segment returns the part of the sentence toks[lo:hi] that holds the
// mention [tlo, thi): contrast ("but", "whereas", ", while", ";") and
// concession ("although" up to the end of its clause) divide a sentence
// into parts that may judge different people ("Ruiz was accused of fraud,
// while Lopez was praised"). The target features read only the mention's
// part; the lexicon rules still run over the whole sentence.
//
// te and bound are the tokens' lexicon entries and clause boundaries
// (Prepared).
func (l *Lexicon) segment(s string, toks []text.Token, lo, hi, tlo, thi int, te *tokenEntries, bound []bool) (int, int) {
	slo, shi := lo, hi
	split := func(j int) {
		switch {
		case j <= lo || j >= hi:
		case j <= tlo:
			slo = max(slo, j)
		case j >= thi:
			shi = min(shi, j)
		}
	}
	for j := lo; j < hi; j++ {
		f := te.flags(j)
		switch {
		case f&flagContrast != 0:
			split(j)
		case f&flagConcessive != 0:
			split(j)
			end := j + 1
			for end < hi && !bound[end] {
				end++
			}
			split(end)
		case (toks[j].Norm == "while" || toks[j].Norm == "whereas") && bound[j]:
			split(j)
		case j > lo && containsByte(s[toks[j-1].End:toks[j].Start], ';'):
			split(j)
		}
	}
	return slo, shi
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// TargetProbs returns P(negative), P(neutral), P(positive) of the
// sentiment toward the mention toks[tlo:thi] inside the sentence
// toks[lo:hi] of s, under the fitted target model, and the cues that
// moved it. A lexicon item's cue weight is the change in the log-odds of
// positive against negative when the item is left out (so the weights of
// features built from it, near or far, before or after, are all
// counted); a naive Bayes word's is its share of the two Bayes features.
func (m *Model) TargetProbs(s string, toks []text.Token, lo, hi, tlo, thi int) ([3]float64, []Cue) {
	p := m.getPrepared(s, toks, nil)
	defer preparedPool.Put(p)
	return p.TargetProbs(lo, hi, tlo, thi)
}

// denseFeatures appends to dst the dense target features of the mention
// toks[tlo:thi] in the sentence toks[lo:hi] and leaves its hashed context
// features in p.feats (contextFeatures), its segment's lexicon items in
// p.work and its context in p.mention.
func (p *Prepared) denseFeatures(dst []float64, lo, hi, tlo, thi int) []float64 {
	m := p.m
	items := append(p.work[:0], p.itemsOf(lo, hi)...)
	slo, shi := m.lex.segment(p.s, p.toks, lo, hi, tlo, thi, &p.entries, p.bound)
	items = inSegment(items, slo, shi)
	p.work = items
	c := &p.mention
	p.mentionContext(c, slo, shi, tlo, thi)
	p.contextFeatures(lo, hi, slo, shi, tlo, thi)
	return c.features(dst, items, -1)
}

// minHashedCue is the smallest polarity, in log-odds, of a word's hashed
// features for the word to be a cue: weaker words would never be among a
// result's strongest cues, and sorting them costs.
const minHashedCue = 0.1

// TargetProbs is Model.TargetProbs on the prepared text: the sentiment
// toward the mention toks[tlo:thi] inside the sentence toks[lo:hi].
func (p *Prepared) TargetProbs(lo, hi, tlo, thi int) ([3]float64, []Cue) {
	probs := p.targetProbs(lo, hi, tlo, thi, true)
	return probs, p.targetCues(lo, hi)
}

// TargetScore is TargetProbs without the cues, for callers that only
// aggregate.
func (p *Prepared) TargetScore(lo, hi, tlo, thi int) [3]float64 {
	return p.targetProbs(lo, hi, tlo, thi, false)
}

// targetProbs computes the mention's features into p and returns its
// probabilities. withCues also sums, in the same pass over the hashed
// weights (which are read from memory once), the polarity w₊ − w₋ of
// each token's hashed features into p.tokCue.
func (p *Prepared) targetProbs(lo, hi, tlo, thi int, withCues bool) [3]float64 {
	w := p.m.w
	if len(w.Hashed) == 0 {
		panic(errNoHashed)
	}
	p.x = p.denseFeatures(p.x[:0], lo, hi, tlo, thi)
	mm := &w.Target
	eNeg, ePos := mm.Bias[0], mm.Bias[1]
	for i, v := range p.x {
		eNeg += mm.Negative[i] * v
		ePos += mm.Positive[i] * v
	}
	h := w.Hashed
	if !withCues {
		for _, b := range p.feats {
			eNeg += float64(h[2*b])
			ePos += float64(h[2*b+1])
		}
		return softmax3(eNeg, ePos)
	}
	p.tokCue = slices.Grow(p.tokCue[:0], hi-lo)[:hi-lo]
	clear(p.tokCue)
	for i, b := range p.feats {
		n, q := h[2*b], h[2*b+1]
		eNeg += float64(n)
		ePos += float64(q)
		if j := int(p.featTok[i]); j >= lo && j < hi {
			p.tokCue[j-lo] += float64(q - n)
		}
	}
	return softmax3(eNeg, ePos)
}

// targetCues returns the cues of the mention whose features targetProbs
// left in p. A cue's weight is its share of the log-odds of positive
// against negative: for a lexicon item, the change in the dense part
// when the item is left out (so the weights of every feature built from
// it, near or far, before or after, count); for a word, the summed
// polarity (w₊ − w₋) of the hashed features it starts; for a naive Bayes
// word, its share of the two Bayes features.
func (p *Prepared) targetCues(lo, hi int) []Cue {
	s, toks, w := p.s, p.toks, p.m.w
	mm := &w.Target
	c := &p.mention
	items := p.work
	logOdds := func(x []float64) float64 {
		z := mm.Bias[1] - mm.Bias[0]
		for i, v := range x {
			z += mm.Polarity(i) * v
		}
		return z
	}
	full := logOdds(p.x)
	cb := &p.cues
	cb.cues = cb.cues[:0]
	x := p.xLeave[:0]
	for k, it := range items {
		x = c.features(x[:0], items, k)
		d := full - logOdds(x)
		start, end := toks[it.Lo].Start, toks[it.Hi-1].End
		cb.cues = append(cb.cues, Cue{Text: s[start:end], Start: start, End: end, Weight: d})
	}
	p.xLeave = x
	// Hashed features by the token they start at (p.tokCue, summed by
	// targetProbs), in token order.
	for j, v := range p.tokCue {
		// Only words that carry sentiment of their own (a lexicon entry or
		// a strong naive Bayes ratio) are shown: the hashed features of
		// function words and names move the score too, but as cues they
		// would explain nothing, and the strongest cue decides whose voice
		// a stance is in (package stance).
		r := p.ratios[lo+j]
		if math.Abs(v) >= minHashedCue && (p.entries.ids[lo+j] >= 0 || r == r && math.Abs(r) >= minBayesCue) && !p.isName(lo+j, lo) {
			t := &toks[lo+j]
			cb.cues = append(cb.cues, Cue{Text: t.Text, Start: t.Start, End: t.End, Weight: v})
		}
	}
	cb.addRatios(p, c.wlo, c.whi, mm.Polarity(4))
	cb.addRatios(p, c.lo, c.hi, mm.Polarity(5))
	return cb.top()
}

// Target scores the sentiment toward the mention toks[tlo:thi] inside the
// sentence toks[lo:hi] of s: P(positive) − P(negative) ∈ (−1, 1) under the
// target model (TargetProbs), and the cues that moved it.
func (m *Model) Target(s string, toks []text.Token, lo, hi, tlo, thi int) (score float64, cues []Cue) {
	p, cues := m.TargetProbs(s, toks, lo, hi, tlo, thi)
	return p[2] - p[0], cues
}
