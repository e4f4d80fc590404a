package quotes

import (
	"cmp"
	"container/heap"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"newsframe/analysis/entities"
	"newsframe/analysis/text"
)

// Attribution is a speech-verb clause outside quotation marks: who says
// something, with which verb, and (for reported speech) what.
type Attribution struct {
	Paragraph int
	// Speaker is the canonical name of the speaker ("Claudia Sheinbaum"),
	// a pronoun resolved to the last named person, or a description
	// ("officials") when Nominal is set.
	Speaker string
	Nominal bool
	// SpeakerStart and SpeakerEnd are the byte offsets of the speaker as
	// written in the paragraph ("Sheinbaum", "she", "Officials").
	SpeakerStart, SpeakerEnd int
	// Verb is the folded speech verb, with its particle: "said",
	// "stated", "according to", "pointed to".
	Verb string
	// VerbStart and VerbEnd are the byte offsets of the verb (with its
	// particle).
	VerbStart, VerbEnd int
	// Reported is set when the clause reports speech itself rather than
	// only introducing an adjacent quotation ("Officials have pointed to
	// their own security results", "Sheinbaum stated after a conversation
	// with Trump that ..."); Start and End then bound the reported words
	// in the paragraph.
	Reported   bool
	Start, End int
}

// Source says whether a position in the text is quoted and who speaks
// there.
type Source struct {
	// Quoted is set inside quotation marks.
	Quoted bool
	// Quote and Attribution index Analysis.Quotes and
	// Analysis.Attributions, or are -1.
	Quote, Attribution int
	// Speaker, Nominal and Verb are those of the quotation or of the
	// reported-speech clause holding the position; Speaker is "" when the
	// text is the outlet's own voice or the speaker is unknown.
	Speaker string
	Nominal bool
	Verb    string
}

// Analysis holds the quotations and attributions of one article.
type Analysis struct {
	Quotes       []Quote
	Attributions []Attribution
	summary      Summary
	// quoted index regions per paragraph, sorted by start; reported holds
	// the reported-speech regions per paragraph in attribution order,
	// which may nest and overlap.
	quoted, reported [][]region
	// voices flattens the reported regions of paragraphs that have more
	// than maxScanRegions of them (see flatten), so that At stays
	// logarithmic in their number.
	voices map[int][]region
}

type region struct{ start, end, index int }

// Analyze finds the quotations of an article (see Find), the speech-verb
// clauses outside them and who speaks in each, and ties every quotation to
// its speaker.
//
// A speaker is found on either side of the verb: "X said" (across
// auxiliaries and adverbs: "Officials have pointed to", and an appositive:
// "Brad Woodhouse, said") or "said X" after a quotation ("...,” said Mr.
// Steele"); "according to X"; for a participle ("..., saying", "by
// declaring"), the first name or pronoun of the sentence. Names are
// reduced to their canonical form (names[i].Canonical: "Mr. Steele" →
// "Michael Steele"). A pronoun (he, she, they) or "the congressman" resolves
// to the last named person outside quotations, preferring one who spoke or
// started a sentence; "they" prefers the last group that spoke
// ("officials"). A description ("one social media commenter") is kept as
// written, with Nominal set.
//
// A quotation takes the nearest attribution in the sentence where it
// starts or ends; failing that, the speaker of the previous quotation in
// its paragraph, of the next attributed one in its paragraph, or of one
// ending in the paragraph before (news convention for paragraphs that are
// only a quotation).
//
// names are the article's entity mentions in text order, as returned by
// entities.Mentions(paragraphs); nil means Analyze finds them itself. The
// time is linear in the length of the text.
func Analyze(paragraphs []string, names []entities.Mention) *Analysis {
	return AnalyzeTokens(paragraphs, nil, nil, names)
}

// AnalyzeTokens is Analyze for a caller that has already split each
// paragraph: words[i] is text.Words(paragraphs[i]) and sentences[i] is
// text.Sentences(paragraphs[i]); they are read, not kept or changed. It
// saves splitting the text again (the split is most of the cost). nil words
// or sentences are computed here; otherwise each must have one entry per
// paragraph, or AnalyzeTokens panics.
func AnalyzeTokens(paragraphs []string, words [][]text.Token, sentences [][]text.Span, names []entities.Mention) *Analysis {
	if words != nil && len(words) != len(paragraphs) || sentences != nil && len(sentences) != len(paragraphs) {
		panic("quotes: words and sentences need one entry per paragraph")
	}
	if words == nil {
		words = make([][]text.Token, len(paragraphs))
		for i, p := range paragraphs {
			words[i] = text.Words(p)
		}
	}
	if sentences == nil {
		sentences = make([][]text.Span, len(paragraphs))
		for i, p := range paragraphs {
			sentences[i] = text.Sentences(p)
		}
	}
	if names == nil {
		names = entities.MentionsTokens(paragraphs, words, sentences)
	} else if !sort.SliceIsSorted(names, func(i, j int) bool { return mentionLess(names[i], names[j]) }) {
		names = append([]entities.Mention(nil), names...)
		sort.SliceStable(names, func(i, j int) bool { return mentionLess(names[i], names[j]) })
	}
	a := &Analysis{
		Quotes:   Find(paragraphs),
		quoted:   make([][]region, len(paragraphs)),
		reported: make([][]region, len(paragraphs)),
	}
	for qi, q := range a.Quotes {
		for _, s := range q.Segments {
			a.quoted[s.Paragraph] = append(a.quoted[s.Paragraph], region{s.MarkStart, s.MarkEnd, qi})
		}
	}
	c := paraPool.Get().(*para)
	defer paraPool.Put(c)
	c.clear()
	st := salience{speakers: c.speakers, personLike: c.personLike}
	sents := sentences
	for _, m := range names {
		if i := strings.LastIndexByte(m.Canonical, ' '); i >= 0 {
			last := m.Canonical[i+1:]
			if len(m.Canonical) > len(c.surnames[last]) {
				c.surnames[last] = m.Canonical
			}
		}
	}
	mi := 0
	for pi, p := range paragraphs {
		c.reset(pi, p, words[pi], sentences[pi], a.quoted[pi])
		for mi < len(names) && names[mi].Paragraph < pi {
			mi++
		}
		for ; mi < len(names) && names[mi].Paragraph == pi; mi++ {
			c.addMention(mi, names[mi])
		}
		st.subjectSentence = -1
		for t := range c.toks {
			if c.quoted[t] {
				continue
			}
			if m := c.mention[t]; m >= 0 && (t == 0 || c.mention[t-1] != m) {
				// "Of Obama", "the Obama administration": no subject.
				modifier := c.usable(t-1, t) && c.gap(t-1) == " " &&
					(prepositions[c.toks[t-1].Norm] || determiners[c.toks[t-1].Norm])
				st.see(names[m], c.sent[t], !modifier)
			}
			// One lookup tells whether the word is a pronoun or a speech
			// verb; most words are neither.
			cls := tokenClasses[c.toks[t].Norm]
			if cls == 0 {
				continue
			}
			if cls&classPronoun != 0 && c.toks[t].Norm != "they" {
				st.continueSubject(c.sent[t])
			}
			if cls&classSpeechVerb == 0 {
				continue
			}
			if at, ok := c.attribute(t, names, &st); ok {
				a.Attributions = append(a.Attributions, at)
				if !at.Nominal {
					st.subjectSentence = c.sent[t]
				}
			}
		}
	}
	a.link(paragraphs, words, sents)
	a.summarize(paragraphs)
	return a
}

// Token classes of the main loop of AnalyzeTokens.
const (
	classPronoun uint8 = 1 << iota
	classSpeechVerb
)

// tokenClasses maps subject pronouns and speech verbs to their classes.
var tokenClasses = func() map[string]uint8 {
	m := map[string]uint8{}
	for w := range subjectPronouns {
		m[w] |= classPronoun
	}
	for w := range speechVerbs {
		m[w] |= classSpeechVerb
	}
	return m
}()

func mentionLess(a, b entities.Mention) bool {
	if a.Paragraph != b.Paragraph {
		return a.Paragraph < b.Paragraph
	}
	return a.Start < b.Start
}

// salience tracks who a pronoun may refer to.
type salience struct {
	lastPerson  string // the last person named outside quotations
	lastSubject string // ... that spoke or started a sentence
	lastGroup   string // the last group that spoke
	speakers    map[string]bool
	personLike  map[string]bool // cache of personLike(name)
	// subjectSentence is the sentence (in the current paragraph) whose
	// first person was last seen, or -1.
	subjectSentence int
}

// see records a person named outside quotations; the first one of a
// sentence that may be its subject becomes the last subject.
func (s *salience) see(m entities.Mention, sentence int, canBeSubject bool) {
	if !m.Person && !s.speakers[m.Canonical] {
		like, ok := s.personLike[m.Canonical]
		if !ok {
			like = personLike(m.Canonical)
			s.personLike[m.Canonical] = like
		}
		if !like {
			return
		}
	}
	s.lastPerson = m.Canonical
	if canBeSubject && sentence != s.subjectSentence {
		s.subjectSentence = sentence
		s.lastSubject = m.Canonical
	}
}

// personLike reports whether a name with no person evidence still looks
// like one: two or three capitalised words, none an institution word and
// the first not one that starts place names ("New York", "South Carolina").
func personLike(name string) bool {
	n := 0
	for w := range strings.FieldsSeq(name) {
		if n++; n > 3 || n == 1 && placeStarts[w] {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || isUpperString(w) {
			return false
		}
	}
	return n >= 2 && !entities.Institutional(name)
}

// isUpperString reports whether strings.ToUpper(w) == w, without
// allocating: no rune of w changes when upper-cased.
func isUpperString(w string) bool {
	for _, r := range w {
		if unicode.ToUpper(r) != r {
			return false
		}
	}
	return true
}

// continueSubject records that a sentence's subject is a pronoun: the
// last subject stays the centre of attention for the rest of the sentence,
// so a name later in it ("he said Obama ...") does not take its place.
func (s *salience) continueSubject(sentence int) {
	if sentence != s.subjectSentence && s.lastSubject != "" {
		s.subjectSentence = sentence
	}
}

func (s *salience) spoke(speaker string, nominal, person bool) {
	switch {
	case nominal:
		if groupWords[lastWord(speaker)] {
			s.lastGroup = speaker
		}
	case person:
		s.speakers[speaker] = true
		s.lastPerson, s.lastSubject = speaker, speaker
	default:
		s.lastGroup = speaker
	}
}

// resolve returns the named antecedent of a pronoun or role noun.
func (s *salience) resolve(pronoun string) string {
	if pronoun == "they" && s.lastGroup != "" {
		return s.lastGroup
	}
	if s.lastSubject != "" {
		return s.lastSubject
	}
	return s.lastPerson
}

// para holds one paragraph's tokens and what each is part of.
type para struct {
	pi      int
	p       string
	toks    []text.Token
	sents   []text.Span
	sent    []int  // token → sentence index
	quoted  []bool // token inside quotation marks
	mention []int  // token → index into names, or -1
	quotes  []region
	// sentFirst[s] is the index of the first token of sentence s, with
	// len(sents) as a sentinel entry.
	sentFirst []int
	// breaks are the clause breaks (see clauseBreaks).
	breaks []int
	// surnames maps a name's last word to the longest canonical name
	// ending with it.
	surnames map[string]string
	// speakers and personLike hold the article's salience maps (see
	// salience), kept here so that they are reused with the buffers.
	speakers, personLike map[string]bool
}

// paraPool reuses the per-token buffers and maps of AnalyzeTokens between
// calls.
var paraPool = sync.Pool{New: func() any {
	return &para{surnames: map[string]string{}, speakers: map[string]bool{}, personLike: map[string]bool{}}
}}

// clear empties c's maps for a new article; buffers that grew past
// maxPooledTokens (a huge paragraph) are dropped instead.
func (c *para) clear() {
	clear(c.surnames)
	clear(c.speakers)
	clear(c.personLike)
	if cap(c.sent) > maxPooledTokens {
		c.sent, c.quoted, c.mention, c.sentFirst, c.breaks = nil, nil, nil, nil, nil
	}
	c.p, c.toks, c.sents, c.quotes = "", nil, nil, nil
}

// maxPooledTokens bounds the per-token buffers a pooled para keeps.
const maxPooledTokens = 1 << 16

func (c *para) reset(pi int, p string, toks []text.Token, sents []text.Span, quoted []region) {
	c.pi, c.p, c.quotes = pi, p, quoted
	c.toks, c.sents = toks, sents
	if len(sents) == 0 && len(toks) > 0 {
		c.sents = []text.Span{{Start: 0, End: len(p)}} // one sentence, whatever the caller split
	}
	n := len(c.toks)
	c.sent = resize(c.sent, n)
	c.mention = resize(c.mention, n)
	c.quoted = c.quoted[:0]
	s, q := 0, 0
	for i, t := range c.toks {
		for s < len(c.sents)-1 && c.sents[s].End <= t.Start {
			s++
		}
		c.sent[i] = s
		c.mention[i] = -1
		for q < len(quoted) && quoted[q].end <= t.Start {
			q++
		}
		c.quoted = append(c.quoted, q < len(quoted) && quoted[q].start <= t.Start)
	}
	c.sentFirst = resize(c.sentFirst, len(c.sents)+1)
	for s := range c.sentFirst {
		c.sentFirst[s] = len(c.toks)
	}
	for i := len(c.toks) - 1; i >= 0; i-- {
		c.sentFirst[c.sent[i]] = i
	}
	for s := len(c.sents) - 1; s >= 0; s-- {
		c.sentFirst[s] = min(c.sentFirst[s], c.sentFirst[s+1]) // a sentence without tokens
	}
	c.breaks = c.clauseBreaks(c.breaks[:0])
}

func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

// addMention marks the tokens covered by names[mi]; mentions come in
// order, so the scan is linear over the paragraph.
func (c *para) addMention(mi int, m entities.Mention) {
	i := sort.Search(len(c.toks), func(i int) bool { return c.toks[i].End > m.Start })
	for ; i < len(c.toks) && c.toks[i].Start < m.End; i++ {
		c.mention[i] = mi
	}
}

// usable reports whether token k exists and lies in token v's
// sentence, outside quotation marks.
func (c *para) usable(k, v int) bool {
	return k >= 0 && k < len(c.toks) && c.sent[k] == c.sent[v] && !c.quoted[k]
}

// gap returns the text between tokens k and k+1.
func (c *para) gap(k int) string { return c.p[c.toks[k].End:c.toks[k+1].Start] }

// speaker is a found speaker before its attribution is built.
type speaker struct {
	name       string
	nominal    bool
	person     bool
	start, end int
}

// attribute builds the attribution whose verb is token v, if v is a speech
// verb with a speaker.
func (c *para) attribute(v int, names []entities.Mention, st *salience) (Attribution, bool) {
	tok := c.toks[v]
	if !speechVerbs[tok.Norm] || (tok.Capitalized && tok.Norm != "according") {
		return Attribution{}, false
	}
	verb, verbEnd, after := tok.Norm, tok.End, v+1
	next := ""
	if c.usable(v+1, v) && strings.TrimSpace(c.gap(v)) == "" {
		next = c.toks[v+1].Norm
	}
	if particles, ok := particleVerbs[verb]; ok {
		if !particles[next] {
			return Attribution{}, false
		}
		verb += " " + next
		verbEnd = c.toks[v+1].End
		after = v + 2
	} else if notSpeechBefore[verb][next] {
		return Attribution{}, false
	}
	ing := strings.HasSuffix(tok.Norm, "ing")
	if c.usable(v-1, v) && strings.TrimSpace(c.gap(v-1)) == "" {
		prev := c.toks[v-1].Norm
		if determiners[prev] || (passiveBefore[prev] && !ing) {
			return Attribution{}, false // "his claims", "was told"
		}
	}
	var (
		sp    speaker
		found bool
	)
	switch {
	case verb == "according to":
		sp, found = c.speakerAfter(after, v, names, st)
	default:
		inverted := v > 0 && c.quoted[v-1] && c.sent[v-1] == c.sent[v]
		if inverted {
			sp, found = c.speakerAfter(after, v, names, st)
		}
		if !found {
			var conj bool
			sp, found, conj = c.speakerBefore(v, names, st)
			toInfinitive := c.usable(v-1, v) && c.toks[v-1].Norm == "to"
			if !found && (ing || conj || toInfinitive) {
				sp, found = c.sentenceSubject(v, names, st)
			}
		}
		if !found && v > 0 && strings.Contains(c.gap(v-1), ",") {
			// "The economy is improving, said Obama."
			sp, found = c.speakerAfter(after, v, names, st)
		}
	}
	if !found || sp.name == "" {
		return Attribution{}, false
	}
	st.spoke(sp.name, sp.nominal, sp.person)
	at := Attribution{
		Paragraph: c.pi, Speaker: sp.name, Nominal: sp.nominal,
		SpeakerStart: sp.start, SpeakerEnd: sp.end,
		Verb: verb, VerbStart: tok.Start, VerbEnd: verbEnd,
	}
	at.Start, at.End, at.Reported = c.content(at, v, after)
	return at, true
}

// speakerBefore walks left from the verb over auxiliaries and adverbs to the
// subject. conj reports that the walk stopped at "and" (a coordinated verb
// whose subject starts the sentence).
func (c *para) speakerBefore(v int, names []entities.Mention, st *salience) (sp speaker, found, conj bool) {
	comma := false
	for k := v - 1; c.usable(k, v) && v-k <= maxWalk; k-- {
		g := strings.Trim(strings.TrimSpace(c.gap(k)), ".") // "R-Calif.,"
		if g != "" {
			if g != "," || comma {
				return speaker{}, false, false
			}
			comma = true
			// "A spokesman ..., Brad Woodhouse, said" (a name before
			// the comma) or "Lis Smith, a spokeswoman for the Obama
			// campaign, said" (a name before an appositive).
			if m := c.mention[k]; m < 0 || !c.appositiveName(k, v, names, st) {
				if sp, ok := c.appositive(k, v, names, st); ok {
					return sp, true, false
				}
				if m < 0 {
					return speaker{}, false, false
				}
			}
		}
		t := c.toks[k]
		if m := c.mention[k]; m >= 0 {
			// "driven by U.S. demand": a name after a preposition is
			// no subject.
			j := k
			for j > 0 && c.mention[j-1] == m {
				j--
			}
			if c.afterPreposition(j, v) {
				return speaker{}, false, false
			}
			return named(names[m], st), true, false
		}
		lower := !t.Capitalized
		switch {
		case skipBeforeVerb[t.Norm] || (lower && len(t.Norm) > 4 && strings.HasSuffix(t.Norm, "ly")):
			continue
		case subjectPronouns[t.Norm]:
			return c.pronoun(k, st), true, false
		case t.Norm == "who":
			// "Mr. Steele, who said": the name before the comma.
			if c.usable(k-1, v) && strings.TrimSpace(c.gap(k-1)) == "," {
				if m := c.mention[k-1]; m >= 0 {
					return named(names[m], st), true, false
				}
			}
			return speaker{}, false, false
		case t.Norm == "and":
			return speaker{}, false, true
		case isStop(t.Norm) || t.Kind != text.Word:
			return speaker{}, false, false
		case t.Capitalized && !speakingNoun(t.Norm) && !functionWord(t.Norm) && (k == 0 || c.sent[k-1] != c.sent[k]):
			// A name that starts its sentence, which entities.Mentions
			// cannot tell from a capitalised common word: "Obama said".
			return c.bareName(k, names), true, false
		}
		sp, ok := c.description(k, v, -1, st)
		return sp, ok, false
	}
	return speaker{}, false, false
}

// maxInherit bounds the quotations searched back for one to inherit a
// speaker from.
const maxInherit = 20

// maxWalk bounds the words searched for a subject before a verb, which
// keeps Analyze linear on sentences made of many verbs.
const maxWalk = 40

// bareName makes a speaker of the capitalised word at token k, linked to
// the article's longest name ending with it when there is one.
func (c *para) bareName(k int, names []entities.Mention) speaker {
	t := c.toks[k]
	word := strings.TrimSuffix(strings.TrimSuffix(t.Text, "’s"), "'s")
	name := word
	if long, ok := c.surnames[word]; ok {
		name = long
	}
	return speaker{name: name, person: true, start: t.Start, end: t.Start + len(word)}
}

// appositive looks left from token k, which ends a comma-separated
// appositive, for the name it describes: the token before an earlier comma
// (at most three commas and 30 words back), skipping institutions
// ("Rep. Jerrold Nadler, D-N.Y., the former chairman of the House Judiciary
// subcommittee on the Constitution, Civil Rights and Civil Liberties, told").
func (c *para) appositive(k, v int, names []entities.Mention, st *salience) (speaker, bool) {
	commas := 0
	for j := k - 1; j >= 0 && k-j <= 30 && c.usable(j, v); j-- {
		g := strings.Trim(strings.TrimSpace(c.gap(j)), ".")
		if g == "" {
			continue
		}
		if g != "," {
			return speaker{}, false
		}
		if commas++; commas > 3 {
			return speaker{}, false
		}
		if c.mention[j] >= 0 && c.appositiveName(j, v, names, st) {
			return named(names[c.mention[j]], st), true
		}
	}
	return speaker{}, false
}

// appositiveName reports whether the name ending at token k, before a
// comma, can be the speaker of the verb after the comma: a person's name,
// or any name that is itself set off by a comma or starts the sentence
// ("A spokesman for the committee, Brad Woodhouse, said"), but not the end
// of a list ("Civil Rights and Civil Liberties, told").
func (c *para) appositiveName(k, v int, names []entities.Mention, st *salience) bool {
	m := names[c.mention[k]]
	j := k
	for j > 0 && c.mention[j-1] == c.mention[k] {
		j--
	}
	for c.usable(j-1, v) && k-j < maxWalk && c.mention[j-1] < 0 && (c.toks[j-1].Capitalized || c.toks[j-1].Norm == "the") {
		j-- // a title, or "The State Department, in a document ..., noted"
	}
	if !c.usable(j-1, v) {
		return true // the sentence's subject
	}
	if entities.Institutional(m.Canonical) {
		return false
	}
	return m.Person || st.speakers[m.Canonical] || strings.ContainsAny(c.gap(j-1), ",”\"")
}

// afterPreposition reports whether token j follows a preposition in v's
// sentence.
func (c *para) afterPreposition(j, v int) bool {
	return c.usable(j-1, v) && c.gap(j-1) == " " && prepositions[c.toks[j-1].Norm] && !clauseOpeners[c.toks[j-1].Norm]
}

// speakerAfter reads the speaker that follows the verb: "said Mr. Steele",
// "said he", "said a spokesman", "according to officials".
func (c *para) speakerAfter(k, v int, names []entities.Mention, st *salience) (speaker, bool) {
	for n := 0; n < 4 && c.usable(k, v); n, k = n+1, k+1 {
		if g := strings.TrimSpace(c.gap(k - 1)); g != "" && g != "." {
			return speaker{}, false
		}
		t := c.toks[k]
		switch {
		case c.mention[k] >= 0:
			m := c.mention[k]
			end := k
			for end+1 < len(c.toks) && c.mention[end+1] == m {
				end++
			}
			// "said White House press secretary Sean Spicer", "said the
			// Texas senator, Ted Cruz": the name was a modifier.
			if sp, ok := c.nameAfterRole(end, v, false, names, st); ok {
				return sp, true
			}
			return named(names[m], st), true
		case subjectPronouns[t.Norm]:
			return c.pronoun(k, st), true
		case t.Norm == "the" || t.Norm == "a" || t.Norm == "an" || t.Norm == "one" || titleModifiers[t.Norm]:
			continue
		case t.Capitalized && t.Kind == text.Word && !isStop(t.Norm):
			continue // a title before the name: "said Rep. Todd Akin"
		case isStop(t.Norm) || t.Kind != text.Word:
			return speaker{}, false
		}
		sp, ok := c.description(k, v, +1, st)
		if ok {
			// "said the legislator, Representative Carl Seel": the name
			// set off after the description is the speaker.
			last := k
			for last+1 < len(c.toks) && c.toks[last+1].End <= sp.end {
				last++
			}
			if n, ok := c.nameAfterRole(last, v, true, names, st); ok {
				return n, true
			}
		}
		return sp, ok
	}
	return speaker{}, false
}

// maxRoleWords bounds the words nameAfterRole reads.
const maxRoleWords = 8

// nameAfterRole reads the name that a role introduces after a speech verb,
// from token j on: "said the legislator, Representative Carl Seel", "said
// a spokeswoman for the campaign, Lis Smith", "said White House press
// secretary Sean Spicer", "said the Texas senator, Ted Cruz". j ends a
// description (described set) or a name used as a modifier. The walk
// crosses lower-case words and at most one comma, then capitalised title
// words, and takes the first name it meets when a role noun stands right
// before it (or before the comma), or when a comma sets it off after a
// description. A name after a preposition ("said a spokesman for Obama")
// or after a plain comma ("said Obama, Clinton and ...") is not taken.
func (c *para) nameAfterRole(j, v int, described bool, names []entities.Mention, st *salience) (speaker, bool) {
	ready := described
	comma := false
	for k := j + 1; k-j <= maxRoleWords && c.usable(k, v); k++ {
		switch g := strings.TrimSpace(c.gap(k - 1)); {
		case g == "":
		case g == "," && !comma:
			comma = true
			ready = ready || described
		default:
			return speaker{}, false
		}
		if m := c.mention[k]; m >= 0 {
			if !ready || entities.Institutional(names[m].Canonical) {
				return speaker{}, false
			}
			return named(names[m], st), true
		}
		t := c.toks[k]
		switch {
		case t.Kind != text.Word:
			return speaker{}, false
		case comma && t.Capitalized && !isStop(t.Norm):
			// a title before the name: "Representative", "Sen."
		case comma:
			return speaker{}, false
		case t.Capitalized:
			ready = roleNouns[t.Norm]
		case speakingNoun(t.Norm) && !isStop(t.Norm):
			ready = true
		case described && (prepositions[t.Norm] || determiners[t.Norm]):
			ready = false // "a spokeswoman for the campaign"
		case isStop(t.Norm):
			return speaker{}, false
		default:
			ready = false // a modifier: "press" in "press secretary"
		}
	}
	return speaker{}, false
}

// sentenceSubject returns the subject of a participle or infinitive verb
// ("..., saying", "by declaring", "was quick to retort"): the name or
// pronoun nearest before the verb in its sentence that is not an object,
// that is not after a preposition, "that", "whether" or a past-tense verb
// ("chided Obama"), and not a possessive.
func (c *para) sentenceSubject(v int, names []entities.Mention, st *salience) (speaker, bool) {
	for j := v - 1; j >= 0 && v-j <= maxWalk && c.sent[j] == c.sent[v]; j-- {
		if c.quoted[j] {
			continue
		}
		m := c.mention[j]
		if m >= 0 {
			start := j
			for start > 0 && c.mention[start-1] == m {
				start--
			}
			j = start
			if !names[m].Possessive && !c.objectPosition(start, v) {
				return named(names[m], st), true
			}
			continue
		}
		if subjectPronouns[c.toks[j].Norm] && !c.objectPosition(j, v) {
			return c.pronoun(j, st), true
		}
	}
	return speaker{}, false
}

// objectPosition reports whether the name or pronoun starting at token j
// stands where a subject cannot: after a preposition (other than a clause
// opener such as "after"), "that", "whether", "if", or a past-tense verb.
// Titles and role nouns before a name are skipped ("presidential nominee
// Mitt Romney", "Mr. Obama").
func (c *para) objectPosition(j, v int) bool {
	k := j - 1
	for c.usable(k, v) && j-k <= maxWalk && c.mention[k] < 0 && (c.toks[k].Capitalized || roleNouns[c.toks[k].Norm]) {
		k--
	}
	if !c.usable(k, v) || strings.TrimSpace(c.gap(k)) != "" && strings.Trim(strings.TrimSpace(c.gap(k)), ".") != "" {
		return false
	}
	n := c.toks[k].Norm
	switch {
	case clauseOpeners[n]:
		return false
	case prepositions[n] || n == "that" || n == "whether" || n == "if":
		return true
	case !c.toks[k].Capitalized && strings.HasSuffix(n, "ed") && !skipBeforeVerb[n]:
		return true
	}
	return false
}

// named makes a speaker of a name; any name that speaks is taken for a
// person unless it names an institution ("the NAACP said").
func named(m entities.Mention, st *salience) speaker {
	return speaker{name: m.Canonical, person: m.Person || st.speakers[m.Canonical] ||
		!entities.Institutional(m.Canonical), start: m.Start, end: m.End}
}

func (c *para) pronoun(k int, st *salience) speaker {
	t := c.toks[k]
	name := st.resolve(t.Norm)
	return speaker{name: name, person: name != "" && name != st.lastGroup, start: t.Start, end: t.End}
}

// description reads a descriptive speaker around token k, walking away from
// the verb (dir -1: left, +1: right) over up to four content words: "one
// social media commenter", "Officials", "a spokesman". "The congressman"
// resolves like a pronoun. ok is false when the head word names no one who
// can speak ("aggressive demands", "its actions") or follows a preposition.
func (c *para) description(k, v, dir int, st *salience) (sp speaker, ok bool) {
	first, last := k, k
	for n := 1; n < 4; n++ {
		j := first - 1
		if dir > 0 {
			j = last + 1
		}
		if !c.usable(j, v) || c.mention[j] >= 0 || isStop(c.toks[j].Norm) || c.toks[j].Kind != text.Word {
			break
		}
		if dir < 0 {
			if c.gap(j) != " " {
				break
			}
			first = j
		} else {
			if c.gap(last) != " " {
				break
			}
			last = j
		}
	}
	head := c.toks[k]
	if dir > 0 {
		head = c.toks[last]
	}
	if !speakingNoun(head.Norm) || (dir < 0 && c.afterPreposition(first, v)) {
		return speaker{}, false
	}
	if first == last && roleNouns[head.Norm] && first > 0 && c.toks[first-1].Norm == "the" &&
		c.sent[first-1] == c.sent[first] {
		if name := st.resolve("he"); name != "" {
			return speaker{name: name, person: true, start: c.toks[first-1].Start, end: head.End}, true
		}
	}
	words := c.p[c.toks[first].Start:c.toks[last].End]
	if c.toks[first].Capitalized && (first == 0 || c.sent[first-1] != c.sent[first]) {
		r, size := utf8.DecodeRuneInString(words)
		words = string(unicode.ToLower(r)) + words[size:]
	}
	return speaker{name: words, nominal: true, start: c.toks[first].Start, end: c.toks[last].End}, true
}

// content returns the reported words of an attribution: the rest of the
// sentence after "X said (that)" or before "..., X said" / "..., according
// to X". ok is false when neither side has three words.
func (c *para) content(at Attribution, v, after int) (start, end int, ok bool) {
	s := c.sents[c.sent[v]]
	phraseStart := min(at.SpeakerStart, at.VerbStart)
	phraseEnd := max(at.SpeakerEnd, at.VerbEnd)
	// The sentence's tokens are toks[lo:hi]; count those before and
	// after the phrase by binary search, so that many verbs in one long
	// sentence stay cheap.
	lo, hi := c.sentFirst[c.sent[v]], c.sentFirst[c.sent[v]+1]
	sentToks := c.toks[lo:hi]
	before := sort.Search(len(sentToks), func(i int) bool { return sentToks[i].End > phraseStart })
	first := sort.Search(len(sentToks), func(i int) bool { return sentToks[i].Start >= phraseEnd })
	if first < len(sentToks) && (sentToks[first].Norm == "that" || sentToks[first].Norm == "to" || sentToks[first].Norm == "out") {
		first++ // "said that ...", "pointed to ..."
	}
	rest := len(sentToks) - first
	useAfter := func() (int, int, bool) {
		start := sentToks[first].Start
		end := s.End
		if i := sort.SearchInts(c.breaks, start+1); i < len(c.breaks) && c.breaks[i] < end {
			end = c.breaks[i]
		}
		return start, end, true
	}
	useBefore := func() (int, int, bool) {
		e := phraseStart
		for e > s.Start {
			r, size := utf8.DecodeLastRuneInString(c.p[:e])
			if !unicode.IsSpace(r) && r != ',' && r != '—' && r != '–' {
				break
			}
			e -= size
		}
		return s.Start, e, true
	}
	speakerFirst := at.SpeakerStart < at.VerbStart
	switch {
	case at.Verb == "according to" && before == 0 && rest >= 3:
		return useAfter()
	case at.Verb == "according to" && before >= 3:
		return useBefore()
	case at.Verb == "according to":
		return 0, 0, false
	case speakerFirst && rest >= 3:
		return useAfter()
	case before >= 3:
		return useBefore()
	case rest >= 3:
		return useAfter()
	}
	return 0, 0, false
}

// clauseBreaks returns the offsets where reported words end before the
// end of their sentence, in order: at a new clause outside quotation marks,
// ";" or ", and" / ", but" / ", while" not followed by "that" ("Mr. Steele
// said the war was lost, and critics disagreed"), also when the comma sits
// inside a closing mark ("… choosing,” and critics disagreed").
func (c *para) clauseBreaks(dst []int) []int {
	p := c.p
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case ';':
			if !c.quotedAt(i) {
				dst = append(dst, i)
			}
		case ',':
			rest := p[i+1:]
			closing := 0
			for _, m := range []string{"”", "\""} {
				if strings.HasPrefix(rest, m) {
					closing = len(m)
				}
			}
			rest = rest[closing:]
			conj := ""
			for _, w := range []string{" and ", " but ", " while ", " whereas "} {
				if strings.HasPrefix(rest, w) {
					conj = w
				}
			}
			switch {
			case conj == "" || strings.HasPrefix(rest[len(conj):], "that "):
			case closing > 0:
				dst = append(dst, i+1+closing)
			case !c.quotedAt(i):
				dst = append(dst, i)
			}
		}
	}
	return dst
}

// quotedAt reports whether byte off of the paragraph is inside a quotation.
func (c *para) quotedAt(off int) bool {
	i := sort.Search(len(c.quotes), func(i int) bool { return c.quotes[i].end > off })
	return i < len(c.quotes) && c.quotes[i].start <= off
}

// link ties every quotation to an attribution, then decides which
// attributions are reported speech.
func (a *Analysis) link(paragraphs []string, words [][]text.Token, sents [][]text.Span) {
	byPara := make([][]int, len(paragraphs))
	for i, at := range a.Attributions {
		byPara[at.Paragraph] = append(byPara[at.Paragraph], i)
	}
	direct := make([]int, len(a.Quotes))
	for qi, q := range a.Quotes {
		direct[qi] = -1
		first, last := q.Segments[0], q.Segments[len(q.Segments)-1]
		startSent := sentenceAt(sents[first.Paragraph], first.MarkStart)
		endSent := sentenceAt(sents[last.Paragraph], max(last.MarkEnd-1, last.MarkStart))
		// Attributions are in text order: the nearest one before the
		// quotation and the nearest one after it are found by binary
		// search.
		best := -1
		if ats := byPara[first.Paragraph]; len(ats) > 0 {
			i := sort.Search(len(ats), func(i int) bool { return a.Attributions[ats[i]].VerbEnd > first.MarkStart }) - 1
			if i >= 0 {
				at := a.Attributions[ats[i]]
				if sentenceAt(sents[at.Paragraph], at.VerbStart) == startSent {
					best, direct[qi] = first.MarkStart-at.VerbEnd, ats[i]
				}
			}
		}
		if ats := byPara[last.Paragraph]; len(ats) > 0 {
			i := sort.Search(len(ats), func(i int) bool { return a.Attributions[ats[i]].VerbStart >= last.MarkEnd })
			if i < len(ats) {
				at := a.Attributions[ats[i]]
				// The same sentence, or the next one when the attribution
				// follows the closing mark directly ("...?" Obama said.).
				if sentenceAt(sents[at.Paragraph], at.VerbStart) == endSent ||
					!hasWordIn(paragraphs[at.Paragraph], words[at.Paragraph], last.MarkEnd, min(at.VerbStart, max(at.SpeakerStart, last.MarkEnd))) {
					if d := at.VerbStart - last.MarkEnd; best < 0 || d < best {
						direct[qi] = ats[i]
					}
				}
			}
		}
	}
	// An attribution that only introduces an adjacent quotation reports
	// nothing else. A quotation that starts a sentence or has its
	// attribution adjacent is "strong": later quotations may inherit its
	// speaker, while a phrase quoted mid-sentence ("on NBC's "Today" show")
	// passes nothing on.
	strong := make([]bool, len(a.Quotes))
	for qi, q := range a.Quotes {
		first := q.Segments[0]
		strong[qi] = startsSentence(paragraphs[first.Paragraph], sents[first.Paragraph], first.MarkStart)
	}
	for qi, ai := range direct {
		if ai < 0 {
			continue
		}
		at := &a.Attributions[ai]
		q := a.Quotes[qi]
		// The words between the quotation and the attribution (its
		// verb, or its speaker when that stands between).
		var lo, hi int
		if last := q.Segments[len(q.Segments)-1]; last.Paragraph == at.Paragraph && at.VerbStart >= last.MarkEnd {
			lo, hi = last.MarkEnd, at.VerbStart
			if at.SpeakerStart >= lo && at.SpeakerStart < hi {
				hi = at.SpeakerStart
			}
		} else if first := q.Segments[0]; first.Paragraph == at.Paragraph && first.MarkStart >= at.VerbEnd {
			lo, hi = at.VerbEnd, first.MarkStart
			if at.SpeakerEnd > lo && at.SpeakerEnd <= hi {
				lo = at.SpeakerEnd
			}
		}
		if !hasWordIn(paragraphs[at.Paragraph], words[at.Paragraph], lo, hi) {
			at.Reported = false
			strong[qi] = true
		}
	}
	for qi := range a.Quotes {
		ai := direct[qi]
		q := &a.Quotes[qi]
		if ai >= 0 {
			q.Speaker, q.Nominal, q.Verb = a.Attributions[ai].Speaker, a.Attributions[ai].Nominal, a.Attributions[ai].Verb
			continue
		}
		if first := q.Segments[0]; !startsSentence(paragraphs[first.Paragraph], sents[first.Paragraph], first.MarkStart) {
			continue // a phrase quoted inside the outlet's own sentence: "a simple “kingpin” strategy"
		}
		// Inherit: from the previous strong quotation in the paragraph,
		// the next attributed one in the paragraph, or the last strong one
		// of the paragraph before.
		prev := func(lastPara int) int {
			for j := qi - 1; j >= 0 && j >= qi-maxInherit && a.Quotes[j].Last >= lastPara; j-- {
				if strong[j] && a.Quotes[j].Speaker != "" {
					return j
				}
			}
			return -1
		}
		if j := prev(q.First); j >= 0 {
			p := a.Quotes[j]
			q.Speaker, q.Nominal, q.Verb = p.Speaker, p.Nominal, p.Verb
		} else if qi+1 < len(a.Quotes) && a.Quotes[qi+1].First == q.Last && direct[qi+1] >= 0 {
			n := a.Attributions[direct[qi+1]]
			q.Speaker, q.Nominal, q.Verb = n.Speaker, n.Nominal, n.Verb
		} else if j := prev(q.First - 1); j >= 0 {
			p := a.Quotes[j]
			q.Speaker, q.Nominal, q.Verb = p.Speaker, p.Nominal, p.Verb
		}
	}
	for ai, at := range a.Attributions {
		if at.Reported {
			a.reported[at.Paragraph] = append(a.reported[at.Paragraph], region{at.Start, at.End, ai})
		}
	}
	for pi, rs := range a.reported {
		if len(rs) > maxScanRegions {
			if a.voices == nil {
				a.voices = map[int][]region{}
			}
			a.voices[pi] = flatten(rs)
		}
	}
}

// maxScanRegions is the number of reported regions of a paragraph up to
// which At scans them all.
const maxScanRegions = 8

// flatten turns regions that may nest or overlap into disjoint ones,
// sorted by start, each holding the index of the last region of rs (in
// rs's order) that covers it: what At's scan of rs would find. It sweeps
// the region ends in order with a heap of the regions open at each point,
// in O(r log r) time for r regions.
func flatten(rs []region) []region {
	type event struct{ at, order int }
	events := make([]event, 0, 2*len(rs))
	for i, r := range rs {
		if r.start < r.end {
			events = append(events, event{r.start, i}, event{r.end, i})
		}
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Compare(a.at, b.at) })
	var (
		open h // positions in rs of the regions that may still cover the point
		out  []region
	)
	for k := 0; k < len(events); {
		at := events[k].at
		for ; k < len(events) && events[k].at == at; k++ {
			if rs[events[k].order].start == at {
				heap.Push(&open, events[k].order)
			}
		}
		for open.Len() > 0 && rs[open[0]].end <= at {
			heap.Pop(&open) // ended: removed lazily, once it is on top
		}
		if open.Len() == 0 {
			continue
		}
		next := at
		if k < len(events) {
			next = events[k].at
		}
		top := rs[open[0]].index
		if n := len(out); n > 0 && out[n-1].end == at && out[n-1].index == top {
			out[n-1].end = next
		} else if next > at {
			out = append(out, region{at, next, top})
		}
	}
	return out
}

// h is a max-heap of positions in a region list: the last region wins.
type h []int

func (x h) Len() int           { return len(x) }
func (x h) Less(i, j int) bool { return x[i] > x[j] }
func (x h) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }
func (x *h) Push(v any)        { *x = append(*x, v.(int)) }
func (x *h) Pop() any {
	old := *x
	v := old[len(old)-1]
	*x = old[:len(old)-1]
	return v
}

// hasWordIn reports whether p[lo:hi] holds a letter or digit, given p's
// tokens. Every letter and digit of p lies in a token (text.Words starts a
// token at each), so only the tokens overlapping the range are read, found
// by binary search: a long range that many quotations share costs no more
// than a short one. After maxWordTokens tokens without a letter or digit
// (runs of combining marks) the range counts as holding a word.
func hasWordIn(p string, toks []text.Token, lo, hi int) bool {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].End > lo })
	for n := 0; i < len(toks) && toks[i].Start < hi; i, n = i+1, n+1 {
		if n == maxWordTokens || hasWord(p[max(lo, toks[i].Start):min(hi, toks[i].End)]) {
			return true
		}
	}
	return false
}

// maxWordTokens bounds the tokens hasWordIn reads.
const maxWordTokens = 8

// hasWord reports whether s holds a letter or digit.
func hasWord(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// startsSentence reports whether off is the start of a sentence (ignoring
// white space and an opening bracket).
func startsSentence(p string, sents []text.Span, off int) bool {
	i := sentenceAt(sents, off)
	if i >= len(sents) {
		return false
	}
	return strings.TrimLeft(p[sents[i].Start:off], " ([") == ""
}

// sentenceAt returns the index of the sentence holding offset off (the next
// one when off falls between sentences).
func sentenceAt(sents []text.Span, off int) int {
	return sort.Search(len(sents), func(i int) bool { return sents[i].End > off })
}

// At reports whether byte offset off of paragraph pi is inside a quotation
// and who speaks there: the quotation's speaker, else the speaker of the
// reported-speech clause holding it. Outside both, Source has Quote and
// Attribution -1 and no speaker: the outlet's own voice. An offset out of
// range gives the same.
func (a *Analysis) At(pi, off int) Source {
	src := Source{Quote: -1, Attribution: -1}
	if pi < 0 || pi >= len(a.quoted) {
		return src
	}
	qs := a.quoted[pi]
	if i := sort.Search(len(qs), func(i int) bool { return qs[i].end > off }); i < len(qs) && qs[i].start <= off {
		q := a.Quotes[qs[i].index]
		src.Quoted, src.Quote = true, qs[i].index
		src.Speaker, src.Nominal, src.Verb = q.Speaker, q.Nominal, q.Verb
		return src
	}
	// Reported clauses may nest ("X said that Y said ..."): the innermost,
	// that is the last one starting at or before off, wins.
	if vs, ok := a.voices[pi]; ok {
		if i := sort.Search(len(vs), func(i int) bool { return vs[i].end > off }); i < len(vs) && vs[i].start <= off {
			at := a.Attributions[vs[i].index]
			src.Attribution = vs[i].index
			src.Speaker, src.Nominal, src.Verb = at.Speaker, at.Nominal, at.Verb
		}
		return src
	}
	for _, r := range a.reported[pi] {
		if r.start <= off && off < r.end {
			at := a.Attributions[r.index]
			src.Attribution = r.index
			src.Speaker, src.Nominal, src.Verb = at.Speaker, at.Nominal, at.Verb
		}
	}
	return src
}

// speakingNoun reports whether a description's head word can name someone
// who speaks or a text that states: a listed person, group or document
// noun, or an agent-noun ending ("commenter", "strategist", "spokesman").
func speakingNoun(norm string) bool {
	w := strings.TrimSuffix(norm, "s")
	if groupWords[norm] || roleNouns[norm] || roleNouns[w] || speakingNouns[norm] {
		return true
	}
	if strings.HasSuffix(w, "ment") {
		return false // "statement" is listed; "agreement", "comment" are not
	}
	for _, e := range agentEndings {
		if strings.HasSuffix(w, e) && len(w) > len(e)+2 {
			return true
		}
	}
	return strings.HasSuffix(norm, "men") || strings.HasSuffix(norm, "people")
}

// functionWord reports whether a capitalised sentence-initial word is a
// function word rather than a name.
func functionWord(norm string) bool {
	return isStop(norm) || nounStop[norm] || norm == "this" || norm == "there" || norm == "here" ||
		norm == "but" || norm == "yet" || norm == "so"
}

func isStop(norm string) bool {
	return determiners[norm] || nounStop[norm] || subjectPronouns[norm] || passiveBefore[norm] ||
		prepositions[norm] ||
		skipBeforeVerb[norm] || norm == "i" || norm == "we" || norm == "you" || norm == "it"
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		s = s[i+1:]
	}
	return strings.ToLower(s)
}
