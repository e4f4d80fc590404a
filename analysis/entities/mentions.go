package entities

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"newsframe/analysis/text"
)

// Mention is one occurrence of a candidate named entity in an article.
type Mention struct {
	// Paragraph is the index of the paragraph holding the mention.
	Paragraph int
	// Start and End are byte offsets of the name in the paragraph, without
	// its title and without a possessive "'s".
	Start, End int
	// Name is the name as written, titles stripped and possessive folded,
	// with runs of white space made single spaces: "Donald Trump", "Obama".
	Name string
	// Canonical is the longest form of the name seen in the article that
	// this mention is a short form of ("Sheinbaum" → "Claudia Sheinbaum"),
	// or Name itself.
	Canonical string
	// Title holds the stripped title words as written ("President", "Mr.",
	// "NAACP President"), or "".
	Title string
	// Person is set when the article gives evidence that Canonical names a
	// person: a personal title on one of its mentions, or its surname used
	// on its own.
	Person bool
	// Possessive is set when the name was written with "'s".
	Possessive bool
}

// candidate is a name chunk before the article-level decisions.
type candidate struct {
	m       Mention
	key     string // folded tokens joined by spaces: "claudia sheinbaum"
	tokens  int    // number of words in the name (connectors included)
	initial bool   // the name's first word starts a sentence or quotation
	// adjectival: a single demonym-like word before a lower-case noun
	// ("Mexican government").
	adjectival bool
	personal   bool // a personal title was stripped
	org        bool // one of its words is an institution word
	pos        int  // index in article order
	// initials of a multi-word name ("NRA" for "National Rifle
	// Association"), and the letters of an acronym ("IRS" for "I.R.S.").
	initials, acronym string
}

// Mentions returns the candidate named-entity mentions of an article, given
// as its paragraphs, in text order. A candidate is a run of capitalised
// words in one sentence, possibly joined by connectors ("Bank of America")
// or by initials and abbreviated titles ("George W. Bush", "Mr. Steele").
// Leading function words and modifiers are dropped ("The Trump
// administration" → "Trump", "Former England captain" → "England"); a run
// of capitals ends before a pronoun or auxiliary, which marks title case
// rather than a name ("Do They Know It's Christmas"); titles are stripped
// ("President Donald Trump" → "Donald Trump", kept in Title) and
// possessives folded ("Trump’s" → "Trump"). A single capitalised word is
// dropped when it is a function word, a month or day name, an all-capital
// common noun ("TV", "CEO"), a demonym-like adjective before a lower-case
// noun ("Mexican government"), or when it only ever appears at the start
// of a sentence or quotation in this article and is not the surname of a
// longer name ("Analysts", "Yeah").
//
// Short forms are linked to long forms within the article: a name whose
// words end a longer name ("Sheinbaum", "Mr. Steele") gets that longer
// name as Canonical, choosing the nearest preceding long form (else the
// first following one) when several share the surname ("Bush" after "Jeb
// Bush"). The time is linear in the length of the text.
func Mentions(paragraphs []string) []Mention {
	return MentionsTokens(paragraphs, nil, nil)
}

// MentionsTokens is Mentions for a caller that has already split each
// paragraph: words[i] is text.Words(paragraphs[i]) (or AppendWords) and
// sentences[i] is text.Sentences(paragraphs[i]). It saves splitting the
// text twice. nil words or sentences are computed here; otherwise each must
// have one entry per paragraph, or MentionsTokens panics.
func MentionsTokens(paragraphs []string, words [][]text.Token, sentences [][]text.Span) []Mention {
	if words != nil && len(words) != len(paragraphs) || sentences != nil && len(sentences) != len(paragraphs) {
		panic("entities: words and sentences need one entry per paragraph")
	}
	st := statePool.Get().(*mentionState)
	defer statePool.Put(st)
	st.reset()
	var (
		cands = st.cands
		toks  []text.Token
		// seenInside counts name words that appear capitalised where
		// capitalisation is informative (not sentence- or quote-initial).
		seenInside = st.seenInside
		// nonAdjectival counts single-word names used as nouns.
		nonAdjectival = st.nonAdjectival
	)
	initial := st.initial
	defer func() { st.cands, st.initial = cands[:0], initial[:0] }()
	for pi, p := range paragraphs {
		if words != nil {
			toks = words[pi]
		} else {
			toks = text.AppendWords(toks[:0], p)
		}
		if len(toks) == 0 {
			continue
		}
		var sents []text.Span
		if sentences != nil {
			sents = sentences[pi]
		} else {
			sents = text.Sentences(p)
		}
		initial = initialTokens(initial, p, toks, sents)
		for i := 0; i < len(toks); {
			if !isNameToken(toks[i]) {
				i++
				continue
			}
			j := chunkEnd(p, toks, initial, i)
			c, ok, next := makeCandidate(p, pi, toks, initial, i, j)
			if ok {
				c.pos = len(cands)
				cands = append(cands, c)
				if !c.initial {
					for w := range strings.FieldsSeq(c.key) {
						seenInside[w] = true
					}
				}
				if c.tokens == 1 && !c.adjectival {
					nonAdjectival[c.key] = true
				}
			}
			i = next
		}
	}
	return st.link(cands)
}

// mentionState holds the buffers and maps of one MentionsTokens call,
// reused between calls through statePool: most of an article's name
// bookkeeping would otherwise be spent growing fresh maps.
type mentionState struct {
	cands                     []candidate
	initial                   []bool
	seenInside, nonAdjectival map[string]bool
	suffixes                  map[string][]int
	longestOf                 map[string]int
	person                    map[string]bool
	keep                      []bool
	canon                     []int
}

var statePool = sync.Pool{New: func() any {
	return &mentionState{seenInside: map[string]bool{}, nonAdjectival: map[string]bool{},
		suffixes: map[string][]int{}, longestOf: map[string]int{}, person: map[string]bool{}}
}}

// reset empties the maps, keeping their room; a map that grew past
// maxPooledNames entries (a huge article) is dropped instead.
func (st *mentionState) reset() {
	for _, m := range []map[string]bool{st.seenInside, st.nonAdjectival, st.person} {
		clear(m)
	}
	clear(st.suffixes)
	clear(st.longestOf)
	if len(st.cands) > maxPooledNames || cap(st.cands) > maxPooledNames {
		*st = *statePool.New().(*mentionState)
	}
}

// maxPooledNames bounds the candidates whose buffers a pooled state keeps.
const maxPooledNames = 4096

// link decides which candidates are kept and gives each its canonical form.
func (st *mentionState) link(cands []candidate) []Mention {
	seenInside, nonAdjectival := st.seenInside, st.nonAdjectival
	// Every proper suffix of a multi-word name points to the positions of
	// that name, in article order.
	suffixes := st.suffixes
	for i, c := range cands {
		if c.tokens < 2 {
			continue
		}
		k := c.key
		for {
			sp := strings.IndexByte(k, ' ')
			if sp < 0 {
				break
			}
			k = k[sp+1:]
			if connectors[k] || functionWords[k] {
				continue
			}
			suffixes[k] = append(suffixes[k], i)
		}
		if len(c.initials) >= 2 {
			k := acronymKey + c.initials
			suffixes[k] = append(suffixes[k], i)
		}
	}
	// longest maps a key to the longest name that ends with it (the first
	// seen on a tie), so that "Todd Jealous" → "Benjamin Todd Jealous".
	// Every name in suffixes[key] is longer than key, so the answer
	// depends on the key alone and is remembered: a name repeated many
	// times costs one scan of its long forms, not one per mention.
	longestOf := st.longestOf
	longest := func(i int) int {
		longer := suffixes[cands[i].key]
		if len(longer) == 0 {
			return i
		}
		if best, ok := longestOf[cands[i].key]; ok {
			return best
		}
		best := longer[0]
		for _, j := range longer[1:] {
			if cands[j].tokens > cands[best].tokens {
				best = j
			}
		}
		longestOf[cands[i].key] = best
		return best
	}
	keep := slices.Grow(st.keep[:0], len(cands))[:len(cands)]
	canon := slices.Grow(st.canon[:0], len(cands))[:len(cands)]
	st.keep, st.canon = keep, canon
	for i, c := range cands {
		canon[i] = i
		targets := suffixes[c.key]
		if c.acronym != "" && len(targets) == 0 {
			targets = suffixes[acronymKey+c.acronym]
		}
		if len(targets) > 0 {
			// Nearest preceding long form, else the first following one.
			k := sort.SearchInts(targets, i) - 1
			if k < 0 {
				k = 0
			}
			canon[i] = longest(targets[k])
			keep[i] = true
			continue
		}
		canon[i] = longest(i)
		switch {
		case c.tokens > 1:
			keep[i] = true
		case c.adjectival && !nonAdjectival[c.key]:
			keep[i] = false
		case c.initial && !seenInside[c.key]:
			keep[i] = false
		default:
			keep[i] = true
		}
	}
	// Person evidence per canonical name.
	person := st.person
	for i, c := range cands {
		if !keep[i] {
			continue
		}
		long := cands[canon[i]]
		switch {
		case c.personal && !long.org:
			person[long.key] = true
		case c.key != long.key && c.acronym == "" && long.tokens >= 2 && long.tokens <= 4 && !long.org:
			person[long.key] = true
		}
	}
	out := make([]Mention, 0, len(cands))
	for i, c := range cands {
		if !keep[i] {
			continue
		}
		m := c.m
		m.Canonical = cands[canon[i]].m.Name
		m.Person = person[cands[canon[i]].key]
		out = append(out, m)
	}
	return out
}

// initialTokens marks the tokens whose capitalisation says nothing: the
// first word of a sentence, and a word right after an opening quotation
// mark, a colon or a dash.
func initialTokens(initial []bool, p string, toks []text.Token, sents []text.Span) []bool {
	initial = slices.Grow(initial[:0], len(toks))[:len(toks)]
	clear(initial)
	s := 0
	prevEnd := 0
	for i, t := range toks {
		for s < len(sents) && sents[s].End <= t.Start {
			s++
		}
		if s < len(sents) && (i == 0 || toks[i-1].End <= sents[s].Start) {
			initial[i] = true
		}
		// Most gaps are one space, which can neither hold ':', '—' or '–'
		// nor end with an opener.
		if gap := p[prevEnd:t.Start]; gap != " " && (strings.ContainsAny(gap, ":—–") || endsWithOpener(gap)) {
			initial[i] = true
		}
		prevEnd = t.End
	}
	return initial
}

// endsWithOpener reports whether gap ends with an opening quotation mark or
// bracket that the next word touches ("“This", "(The").
func endsWithOpener(gap string) bool {
	r, _ := utf8.DecodeLastRuneInString(gap)
	switch r {
	case '“', '"', '‘', '\'', '(', '[', '«':
		return true
	}
	return false
}

// isNameToken reports whether t may be part of a name: a capitalised word,
// not an all-capitals word of more than six letters (datelines and shouting:
// "WASHINGTON —").
func isNameToken(t text.Token) bool {
	if t.Kind != text.Word || !t.Capitalized {
		return false
	}
	if utf8.RuneCountInString(t.Text) > 6 && isAllCaps(t.Text) {
		return false
	}
	return true
}

func isAllCaps(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// maxNameWords bounds the words of one name: a longer run of capitalised
// words (a headline in title case) is cut into names of at most this many
// words, which also keeps the suffix index linear.
const maxNameWords = 8

// chunkEnd returns the index of the last token of the name that starts at
// toks[i].
func chunkEnd(p string, toks []text.Token, initial []bool, i int) int {
	j := i
	for !toks[j].Possessive && j-i+1 < maxNameWords {
		k := j + 1
		if k >= len(toks) || !joined(p, toks[j], toks[k]) || initial[k] {
			break
		}
		// A capitalised pronoun or auxiliary inside a run of capitals is
		// title case, not a name: "Do They Know It's Christmas".
		if n := toks[k].Norm; classOf(n)&isClause != 0 || classOf(n)&isFunction != 0 && strings.Contains(n, "'") {
			break
		}
		if isNameToken(toks[k]) {
			j = k
			continue
		}
		// A connector joins two capitalised words: "Bank of the West". Not
		// after a lone word that starts a sentence ("Critics of Obama").
		if !connectors[toks[k].Norm] || toks[k].Capitalized || (j == i && initial[i] && !titles[toks[i].Norm]) {
			break
		}
		n := k + 1
		if n < len(toks) && toks[n].Norm == "the" && !toks[n].Capitalized &&
			joined(p, toks[k], toks[n]) {
			n++
		}
		if n < len(toks) && joined(p, toks[n-1], toks[n]) && isNameToken(toks[n]) && !initial[n] {
			j = n
			continue
		}
		break
	}
	return j
}

// joined reports whether b follows a within one name: separated by a single
// space, or by ". " after an initial or an abbreviated title.
func joined(p string, a, b text.Token) bool {
	gap := p[a.End:b.Start]
	if gap == " " {
		return true
	}
	if gap == ". " {
		return abbreviatedTitles[a.Norm] || (utf8.RuneCountInString(a.Text) == 1 && a.Capitalized)
	}
	return false
}

// makeCandidate turns the chunk toks[i..j] into a candidate, or reports
// false when nothing of it is a name. next is the token to continue from:
// j+1, or the place after "of" in "Rep. Darrell Issa of California".
func makeCandidate(p string, pi int, toks []text.Token, initial []bool, i, j int) (c candidate, ok bool, next int) {
	next = j + 1
	a := i
	for a <= j && (classOf(toks[a].Norm)&(isFunction|isConnector|isLeadingModifier) != 0 ||
		a < j && initial[a] && isSentenceAdverb(toks[a].Norm)) {
		a++
	}
	if a > j {
		return candidate{}, false, next
	}
	// Strip titles: everything up to the last title word that still leaves
	// a name after it ("NAACP President Benjamin Todd Jealous").
	title := -1
	for k := a; k < j; k++ {
		if isTitle(toks, a, k) {
			title = k
		}
	}
	personal := false
	titleText := ""
	if title >= 0 {
		k := title
		// "Secretary of State Hillary Clinton", "Assistant Secretary for
		// Diplomatic Security Charlene Lamb": the title runs through the
		// connector's object; the name is the last two words (three with
		// an initial).
		if k+1 < j && connectors[toks[k+1].Norm] {
			k++
			for k+1 < j && (classOf(toks[k+1].Norm)&(isOffice|isInstitution|isConnector) != 0 ||
				toks[k+1].Norm == "the" || toks[k+1].Norm == "and") {
				k++
			}
		}
		rest := toks[k+1 : j+1]
		switch {
		case len(rest) == 1 && institutionWords[rest[0].Norm]:
			k = -1 // "Justice Department" is an institution, not Mr. Department
		case len(rest) > 0 && nameSuffixes[rest[0].Norm]:
			k = -1 // "Martin Luther King Jr."
		}
		if k >= 0 && k < j {
			personal = true
			titleText = strings.TrimSpace(collapse(p[toks[a].Start:toks[k].End]))
			if abbreviatedTitles[toks[k].Norm] && toks[k].End < len(p) && p[toks[k].End] == '.' {
				titleText += "."
			}
			a = k + 1
		}
	}
	for a <= j && classOf(toks[a].Norm)&(isConnector|isCalendar) != 0 {
		a++
	}
	for j >= a && calendarWords[toks[j].Norm] {
		j-- // "Michael Steele Sunday"
	}
	if a > j || isTitle(toks, a, j) {
		return candidate{}, false, next // a role without a name: "Senate Majority Leader"
	}
	if personal {
		// "Rep. Darrell Issa of California": the place is not in the name.
		for k := a + 1; k < j; k++ {
			if toks[k].Norm == "of" {
				j, next = k-1, k+1
				break
			}
		}
	}
	name := toks[a : j+1]
	if len(name) == 1 && (classOf(name[0].Norm)&(isFunction|isCommonAcronym) != 0 ||
		isPartyState(name[0].Text) || utf8.RuneCountInString(name[0].Text) == 1) {
		return candidate{}, false, next
	}
	last := name[len(name)-1]
	end := last.End
	if last.Possessive {
		end -= possessiveLen(last.Text)
	}
	org := false
	for _, t := range name {
		if classOf(t.Norm)&isInstitution != 0 {
			org = true
		}
	}
	keyString := name[0].Norm // a one-word name's key is its Norm
	initials := ""
	if len(name) > 1 {
		// The key and the initials are built in a stack buffer and made
		// strings once each.
		var buf [128]byte
		b := buf[:0]
		for n, t := range name {
			if n > 0 {
				b = append(b, ' ')
			}
			b = append(b, t.Norm...)
		}
		keyString = string(b)
		b = buf[:0]
		for _, t := range name {
			if classOf(t.Norm)&(isConnector|isFunction) == 0 {
				r, _ := utf8.DecodeRuneInString(t.Text)
				b = utf8.AppendRune(b, unicode.ToUpper(r))
			}
		}
		initials = string(b)
	}
	c = candidate{
		initials: initials,
		acronym:  acronymLetters(name),
		m: Mention{
			Paragraph:  pi,
			Start:      name[0].Start,
			End:        end,
			Name:       collapse(p[name[0].Start:end]),
			Title:      titleText,
			Possessive: last.Possessive,
		},
		key:      keyString,
		tokens:   len(name),
		initial:  initial[a],
		personal: personal,
		org:      org,
	}
	if len(name) == 1 && !personal && j+1 < len(toks) {
		after := toks[j+1]
		if !last.Possessive && joined(p, last, after) && !after.Capitalized && after.Kind == text.Word &&
			classOf(after.Norm)&(isFunction|isVerbAfterName) == 0 && !strings.HasSuffix(after.Norm, "ed") &&
			isDemonym(last.Norm) {
			c.adjectival = true
		}
	}
	return c, true, next
}

// adverbEndings are the endings of the adverbs that open sentences
// ("Unfortunately", "Additionally", "Reportedly").
var adverbEndings = []string{"ally", "ately", "ively", "ously", "ntly", "ngly", "edly", "arly", "fully"}

// isSentenceAdverb reports whether a word that starts a sentence before a
// name is an adverb rather than part of the name ("Unfortunately England
// lost"): a word of eight letters or more with an adverb ending. Names
// with such endings are rare ("Donnelly" ends otherwise).
func isSentenceAdverb(norm string) bool {
	if len(norm) < 8 {
		return false
	}
	for _, e := range adverbEndings {
		if strings.HasSuffix(norm, e) {
			return true
		}
	}
	return false
}

// isTitle reports whether toks[k] is a title word in the chunk that starts
// at toks[a].
func isTitle(toks []text.Token, a, k int) bool {
	n := toks[k].Norm
	if titles[n] || titles[strings.TrimSuffix(n, "s")] { // "Presidents Bush and Obama"
		return true
	}
	if before, ok := conditionalTitles[n]; ok && k > a {
		for _, b := range before {
			if toks[k-1].Norm == b {
				return true
			}
		}
	}
	return false
}

// acronymKey prefixes the initials of long names in the suffix index, so
// that they never collide with a word.
const acronymKey = "\x00"

// acronymLetters returns the letters of a one-word name written in capitals
// ("NRA", "I.R.S." → "IRS"), or "" for any other name.
func acronymLetters(name []text.Token) string {
	if len(name) != 1 {
		return ""
	}
	letters := strings.ReplaceAll(name[0].Text, ".", "")
	n := utf8.RuneCountInString(letters)
	if n < 2 || n > 6 || !isAllCaps(letters) {
		return ""
	}
	for _, r := range letters {
		if !unicode.IsLetter(r) {
			return ""
		}
	}
	return letters
}

// isPartyState reports whether s is a party-and-state tag such as "R-Ariz"
// or "D-N.Y.".
func isPartyState(s string) bool {
	return len(s) > 2 && s[1] == '-' && strings.IndexByte("RDI", s[0]) >= 0
}

func isDemonym(norm string) bool {
	for _, e := range demonymEndings {
		if strings.HasSuffix(norm, e) {
			return true
		}
	}
	return false
}

// possessiveLen returns the byte length of the "'s" or "’s" ending s.
func possessiveLen(s string) int {
	if strings.HasSuffix(s, "’s") || strings.HasSuffix(s, "’S") {
		return len("’s")
	}
	if strings.HasSuffix(s, "ʼs") {
		return len("ʼs")
	}
	return 2
}

// collapse makes every run of white space in s a single space.
func collapse(s string) string {
	if !hasOddSpace(s) && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// hasOddSpace reports whether s holds a tab, a line break or a no-break
// space (U+00A0, the bytes C2 A0: C2 never continues a UTF-8 sequence, so
// the bytes can only be that rune).
func hasOddSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r':
			return true
		case 0xC2:
			if i+1 < len(s) && s[i+1] == 0xA0 {
				return true
			}
		}
	}
	return false
}

// Institutional reports whether a name contains a word that marks an
// organisation, place or group ("Republican National Committee",
// "Democrats", "Justice Department") and so is no person's name.
func Institutional(name string) bool {
	for w := range strings.FieldsSeq(name) {
		w = strings.TrimRight(w, ".,")
		if isASCIIWord(w) {
			// foldKey without allocating: lower-case into a stack buffer;
			// the map lookup of string(b) does not copy.
			var buf [64]byte
			if len(w) <= len(buf) {
				b := buf[:len(w)]
				for i := 0; i < len(w); i++ {
					c := w[i]
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					b[i] = c
				}
				if institutionWords[string(b)] {
					return true
				}
				continue
			}
		}
		if institutionWords[foldKey(w)] {
			return true
		}
	}
	return false
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
