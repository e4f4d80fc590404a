package topics

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
)

// VocabOptions are the parameters of [ChooseVocab]. Zero fields take the
// defaults.
type VocabOptions struct {
	// Size is the number of terms V kept, those of highest document
	// frequency within the bounds (default DefaultVocabSize).
	Size int
	// MinDF is the least number of documents (the counts' units:
	// paragraphs in a run) a term must occur in (default DefaultMinDF):
	// rarer terms say little about topics and cost memory (K·V).
	MinDF int64
	// MaxDF is the largest share of documents a term may occur in
	// (default DefaultMaxDF): words in more paragraphs than that ("year",
	// "people", "time") are in every topic and label none.
	MaxDF float64
	// Exclude are terms (folded words or two-word phrases, see
	// [ParseStopTerms]) kept out of the vocabulary. An excluded word also
	// takes out every phrase it is part of ("caption" removes "image
	// caption"); an excluded phrase only itself.
	Exclude []string
	// Names are terms kept out as themselves only: a word here does not
	// remove the phrases it is part of ([OutletTerms] gives "vice" for the
	// outlet Vice, which must leave "vice president").
	Names []string
	// ByOutlet, when not nil, holds each outlet's counts (the merged
	// counts split by outlet); a term is then kept out when one outlet
	// that has less than half of the paragraphs has more than
	// MaxOutletShare of the term's DF. Such terms are an outlet's page
	// furniture and signatures, not topics several outlets cover: on the
	// AllSides half, The Hill's inline links to other stories ("Donald
	// John TrumpGOP senators balk at lengthy impeachment trial … MORE")
	// and the New York Times's newsletter box ("Invalid email address.
	// Please re-enter.") each formed a topic of their own.
	ByOutlet map[string]*terms.Counts
	// MaxOutletShare is the largest share of a term's DF one outlet may
	// have (default DefaultMaxOutletShare).
	MaxOutletShare float64
}

// Defaults of VocabOptions.
const (
	// DefaultVocabSize keeps the model at K·V = 50·20,000 weights (8 MB);
	// on the AllSides half (18,661 articles) the 20,000th term by
	// paragraph DF occurs in 43 paragraphs.
	DefaultVocabSize = 20000
	DefaultMinDF     = 5
	// DefaultMaxDF is 5% of paragraphs: terms in more are in every topic
	// and label none. On the AllSides half that leaves out "trump"
	// (16%), "president", "people", "new", "house", "obama", "state" and
	// "u.s." (5%); on the BBC set, with its shorter paragraphs, 34 words
	// from "new" (14%) to "labour" (5%), most of them generic ones that
	// data/lists/topic-stopwords.txt lists anyway. Topical words stay:
	// "tax", "health", "russia" are under 3%.
	DefaultMaxDF = 0.05
	// DefaultMaxOutletShare keeps terms that at least a tenth of their
	// paragraphs have outside one outlet.
	DefaultMaxOutletShare = 0.9
)

func (o *VocabOptions) defaults() {
	if o.Size <= 0 {
		o.Size = DefaultVocabSize
	}
	if o.MinDF <= 0 {
		o.MinDF = DefaultMinDF
	}
	if o.MaxDF <= 0 || o.MaxDF > 1 {
		o.MaxDF = DefaultMaxDF
	}
	if o.MaxOutletShare <= 0 || o.MaxOutletShare > 1 {
		o.MaxOutletShare = DefaultMaxOutletShare
	}
}

// Calendar holds the day and month names (and the usual month
// abbreviations) that [ChooseVocab] always excludes, with the phrases they
// are part of ("tuesday night", "last march"): news copy dates everything,
// so these words join every topic and describe none.
var Calendar = []string{
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
	"jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}

// Vocab is a topic model's vocabulary: V terms (words and two-word
// phrases), numbered 0..V-1, and the rule that turns an article's
// content-term sequences into a bag of those terms ([Vocab.Doc]). It is
// read-only after construction and safe for concurrent use.
type Vocab struct {
	terms []string
	df    []int64
	// words maps every word that is a term or half of a phrase term to
	// its index in known; knownTerm[i] is the term id of that word (−1
	// when it is only part of phrases).
	words     map[string]int32
	knownTerm []int32
	// phrases maps pairKey(known a, known b) to the phrase's term id.
	phrases map[uint64]int32
}

// NewVocab returns the vocabulary of the given terms, numbered in order.
// Terms are folded words or two-word phrases ("estate tax"); an empty or
// repeated term, or one of more than two words, is an error. df, when not
// nil, gives each term's document frequency (kept for [Vocab.DF]).
func NewVocab(list []string, df []int64) (*Vocab, error) {
	if df != nil && len(df) != len(list) {
		return nil, fmt.Errorf("topics: vocab: %d terms but %d frequencies", len(list), len(df))
	}
	v := &Vocab{terms: slices.Clone(list), words: make(map[string]int32), phrases: make(map[uint64]int32)}
	if df != nil {
		v.df = slices.Clone(df)
	} else {
		v.df = make([]int64, len(list))
	}
	known := func(w string) int32 {
		if id, ok := v.words[w]; ok {
			return id
		}
		id := int32(len(v.knownTerm))
		v.words[w] = id
		v.knownTerm = append(v.knownTerm, -1)
		return id
	}
	seen := make(map[string]bool, len(list))
	for i, t := range list {
		if t == "" || seen[t] {
			return nil, fmt.Errorf("topics: vocab: term %d %q is empty or repeated", i, t)
		}
		seen[t] = true
		if p, ok := terms.SplitPhrase(t); ok {
			v.phrases[pairKey(known(p.A), known(p.B))] = int32(i)
			continue
		}
		if strings.Contains(t, " ") {
			return nil, fmt.Errorf("topics: vocab: term %d %q is not a word or a two-word phrase", i, t)
		}
		v.knownTerm[known(t)] = int32(i)
	}
	return v, nil
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// Len returns the number of terms V.
func (v *Vocab) Len() int { return len(v.terms) }

// Term returns the term with id i.
func (v *Vocab) Term(i int) string { return v.terms[i] }

// Terms returns a copy of the terms in id order.
func (v *Vocab) Terms() []string { return slices.Clone(v.terms) }

// DF returns the document frequency of term i in the counts the
// vocabulary was chosen from (0 when not known).
func (v *Vocab) DF(i int) int64 { return v.df[i] }

// ID returns the id of a term, false when it is not in the vocabulary.
func (v *Vocab) ID(term string) (int, bool) {
	if p, ok := terms.SplitPhrase(term); ok {
		a, oka := v.words[p.A]
		b, okb := v.words[p.B]
		if !oka || !okb {
			return 0, false
		}
		id, ok := v.phrases[pairKey(a, b)]
		return int(id), ok
	}
	k, ok := v.words[term]
	if !ok || v.knownTerm[k] < 0 {
		return 0, false
	}
	return int(v.knownTerm[k]), true
}

// Doc returns the bag of terms of one article given the content-term
// sequences of its paragraphs ([terms.Extract]), reusing dst's storage.
// Each paragraph is read left to right: two adjacent words that form a
// phrase term count as that phrase and not as words ("vice president" is
// one occurrence of the phrase, none of "vice" or "president"); other
// words count when they are terms. Terms outside the vocabulary are
// dropped.
func (v *Vocab) Doc(dst Doc, seqs ...terms.Seq) Doc {
	dst.IDs, dst.Counts = dst.IDs[:0], dst.Counts[:0]
	for _, s := range seqs {
		for i := 0; i < len(s.Terms); i++ {
			k, ok := v.words[s.Terms[i]]
			if !ok {
				continue
			}
			if i+1 < len(s.Terms) && s.Pos[i+1] == s.Pos[i]+1 {
				if k2, ok := v.words[s.Terms[i+1]]; ok {
					if id, ok := v.phrases[pairKey(k, k2)]; ok {
						dst.IDs = append(dst.IDs, id)
						i++
						continue
					}
				}
			}
			if t := v.knownTerm[k]; t >= 0 {
				dst.IDs = append(dst.IDs, t)
			}
		}
	}
	return dst.compact()
}

// Doc is one document (article) as a bag of vocabulary terms: IDs sorted
// ascending, each once, with Counts[i] > 0 occurrences of IDs[i].
type Doc struct {
	IDs    []int32
	Counts []float32
}

// Len returns the number of term occurrences in d.
func (d Doc) Len() float64 {
	var n float64
	for _, c := range d.Counts {
		n += float64(c)
	}
	return n
}

// compact turns d.IDs, a list of occurrences, into sorted distinct ids
// with counts.
func (d Doc) compact() Doc {
	slices.Sort(d.IDs)
	d.Counts = d.Counts[:0]
	n := 0
	for i := 0; i < len(d.IDs); {
		j := i + 1
		for j < len(d.IDs) && d.IDs[j] == d.IDs[i] {
			j++
		}
		d.IDs[n] = d.IDs[i]
		d.Counts = append(d.Counts, float32(j-i))
		n++
		i = j
	}
	d.IDs = d.IDs[:n]
	return d
}

// Validate reports whether d is well formed for a vocabulary of v terms:
// ids sorted, distinct and in [0, v), counts positive and finite.
func (d Doc) Validate(v int) error {
	if len(d.IDs) != len(d.Counts) {
		return fmt.Errorf("topics: doc: %d ids but %d counts", len(d.IDs), len(d.Counts))
	}
	for i, id := range d.IDs {
		if id < 0 || int(id) >= v || i > 0 && id <= d.IDs[i-1] {
			return fmt.Errorf("topics: doc: id %d at %d out of order or range [0, %d)", id, i, v)
		}
		if c := d.Counts[i]; !(c > 0) || c > 1e30 {
			return fmt.Errorf("topics: doc: count %v of id %d is not positive and finite", c, id)
		}
	}
	return nil
}

// ChooseVocab returns the vocabulary of a topic model from corpus term
// counts c (merged over all outlets and days) and the phrases chosen from
// them ([terms.Phrases]): the Size words and phrases of highest document
// frequency among those with MinDF ≤ DF ≤ MaxDF·c.Paragraphs, leaving out
// [Calendar] words, the Exclude terms and the Names (see [VocabOptions]).
// Ties are broken by term; terms are numbered in that order (highest DF
// first). Stopwords are already absent from the counts. With ByOutlet,
// terms one outlet all but owns are left out too. It returns an error when
// no term qualifies.
func ChooseVocab(c *terms.Counts, phrases []terms.Phrase, opt VocabOptions) (*Vocab, error) {
	if c == nil {
		return nil, fmt.Errorf("topics: vocab: nil counts")
	}
	opt.defaults()
	outWords := make(map[string]bool) // words that also take out phrases
	outExact := make(map[string]bool) // terms out as themselves
	for _, w := range Calendar {
		outWords[w] = true
	}
	for _, t := range opt.Exclude {
		if strings.Contains(t, " ") {
			outExact[t] = true
		} else {
			outWords[t] = true
		}
	}
	for _, t := range opt.Names {
		outExact[t] = true
	}
	maxDF := int64(opt.MaxDF * float64(c.Paragraphs))
	ok := func(term string, n terms.Count) bool {
		return n.DF >= opt.MinDF && n.DF <= maxDF && !outWords[term] && !outExact[term]
	}
	var cand []terms.TermCount
	for _, w := range c.Words() {
		if ok(w.Term, w.Count) {
			cand = append(cand, w)
		}
	}
	for _, p := range phrases {
		n := c.Pair(p.Pair)
		if outWords[p.A] || outWords[p.B] || !ok(p.String(), n) {
			continue
		}
		cand = append(cand, terms.TermCount{Term: p.String(), Count: n})
	}
	if opt.ByOutlet != nil {
		cand = slices.DeleteFunc(cand, func(t terms.TermCount) bool {
			for _, oc := range opt.ByOutlet {
				if 2*oc.Paragraphs >= c.Paragraphs {
					continue
				}
				if float64(oc.Term(t.Term).DF) > opt.MaxOutletShare*float64(t.DF) {
					return true
				}
			}
			return false
		})
	}
	if len(cand) == 0 {
		return nil, fmt.Errorf("topics: vocab: no term has %d ≤ DF ≤ %d", opt.MinDF, maxDF)
	}
	slices.SortFunc(cand, func(a, b terms.TermCount) int {
		return cmp.Or(cmp.Compare(b.DF, a.DF), strings.Compare(a.Term, b.Term))
	})
	cand = cand[:min(len(cand), opt.Size)]
	list := make([]string, len(cand))
	df := make([]int64, len(cand))
	for i, t := range cand {
		list[i], df[i] = t.Term, t.DF
	}
	return NewVocab(list, df)
}

// ParseStopTerms reads a list of terms to keep out of topic vocabularies
// (the format of data/lists/topic-stopwords.txt): one word or two-word
// phrase per line, '#' starts a comment, blank lines are ignored. Each
// line is folded as [text.Fold] folds a phrase; a line that folds to no
// word or to more than two is an error naming the line.
func ParseStopTerms(b []byte) ([]string, error) {
	var out []string
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
		t := text.Fold(line)
		if t == "" || strings.Count(t, " ") > 1 {
			return nil, fmt.Errorf("topic stop terms: line %d: %q is not a word or a two-word phrase", n, line)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("topic stop terms: %w", err)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Outlet names an outlet for [OutletTerms]: its name as the corpus gives
// it and the hosts (or URLs) its articles come from.
type Outlet struct {
	Name  string
	Hosts []string
}

// OutletTerms returns the terms that name the outlets themselves, to keep
// them out of topics (pass them as VocabOptions.Names): without them an
// outlet's own name and the names of outlets it cites ("fox news", "cnn")
// make topics of their own.
//
// An outlet's name is cut at " - " or "(" ("New York Times - News", "CNN
// (Web News)") and folded, without a leading article ("The Hill" is one
// word, "hill"); its content words are those that are not stopwords. It
// counts as the outlet's own name when one of the outlet's hosts spells it
// ([nameMatchesHost]: "foxnews", "nytimes", "wsj", "thehill"), or when the
// outlet has no host at all. Corpora such as AllSides list op-ed authors
// and politicians as outlets ("Mitt Romney" on cnn.com, "Barack Obama"):
// those names are topics, not outlets, and stay. For an own name:
//
//   - a one-word name is a term ("vox", "politico", "hill");
//   - of a longer name, its last two content words are a phrase term ("fox
//     news", "york times"), and so is each content word most of whose
//     occurrences in c (TF) are in phrases with its neighbours in the name
//     ("fox", "york", but not "new", "wall" or "news"; not "defense" of
//     "Defense One", whose "one" is a stopword);
//   - the registered label of each host that spells the name (what
//     precedes the public suffix: "www.foxnews.com" → "foxnews",
//     "www.bbc.co.uk" → "bbc"), as news copy writes "FoxNews.com".
//
// c may be nil; then the words of longer names are not tested. The result
// is sorted and has no repeats.
func OutletTerms(c *terms.Counts, stop text.Stopwords, outlets []Outlet) []string {
	var out []string
	for _, o := range outlets {
		name := o.Name
		if i := strings.Index(name, " - "); i >= 0 {
			name = name[:i]
		}
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		var words, all []string // without and with stopwords
		for _, t := range text.Words(name) {
			if t.Kind != text.Word {
				continue
			}
			all = append(all, t.Norm)
			if !stop.Contains(t.Norm) {
				words = append(words, t.Norm)
			}
		}
		for len(all) > 1 && (all[0] == "the" || all[0] == "a" || all[0] == "an") {
			all = all[1:]
		}
		if len(words) == 0 {
			continue
		}
		own := len(o.Hosts) == 0
		for _, h := range o.Hosts {
			labels := hostLabels(h)
			if len(labels) > 0 && nameMatchesHost(all, labels) {
				own = true
				out = append(out, labels[len(labels)-1])
			}
		}
		if !own {
			continue
		}
		if len(all) == 1 {
			out = append(out, words[0])
			continue
		}
		if len(words) > 1 {
			out = append(out, words[len(words)-2]+" "+words[len(words)-1])
		}
		if c == nil {
			continue
		}
		for i, w := range words {
			tf := c.Word(w).TF
			var in int64
			if i > 0 {
				in += c.Pair(terms.Pair{A: words[i-1], B: w}).TF
			}
			if i+1 < len(words) {
				in += c.Pair(terms.Pair{A: w, B: words[i+1]}).TF
			}
			if tf > 0 && 2*in >= tf {
				out = append(out, w)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// nameMatchesHost reports whether a host, given as its labels without
// "www" and the public suffix, spells an outlet name given as its folded
// words: some label is the name run together ("thehill", "vanityfair"),
// the initials of all its words ("wsj", "mrc") or of all but the last
// followed by the last ("nytimes"), or contains its first word of three
// letters or more ("foxnews" and "foxbusiness" for "Fox News",
// "chicago.suntimes" for "Chicago Sun-Times").
func nameMatchesHost(words, labels []string) bool {
	squash := func(s string) string { return strings.NewReplacer("-", "", "'", "", ".", "").Replace(s) }
	joined := squash(strings.Join(words, ""))
	var initials strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		initials.WriteRune(r)
	}
	ini := initials.String()
	last := squash(words[len(words)-1])
	iniLast := ini[:len(ini)-utf8.RuneLen([]rune(ini)[len([]rune(ini))-1])] + last
	first := squash(words[0])
	for _, l := range labels {
		l = squash(l)
		switch {
		case l == joined, len(words) > 1 && (l == ini || l == iniLast),
			utf8.RuneCountInString(first) >= 3 && strings.Contains(l, first):
			return true
		}
	}
	return false
}

// publicSuffixes are the last labels of host names that are not the
// outlet's own: generic and country top-level domains and the second-level
// labels used under them ("co.uk", "com.au"). A short list, not the Public
// Suffix List: news hosts are few and plain.
var publicSuffixes = map[string]bool{
	"com": true, "org": true, "net": true, "edu": true, "gov": true, "int": true,
	"info": true, "biz": true, "io": true, "tv": true, "news": true, "media": true,
	"co": true, "ac": true, "uk": true, "us": true, "ca": true, "au": true, "nz": true,
	"ie": true, "in": true, "de": true, "fr": true, "es": true, "it": true, "jp": true,
	"il": true, "ru": true, "cn": true, "za": true, "eu": true,
}

// hostLabels returns the labels of a host or URL, folded, without a
// leading "www" (or "www1", "m", "amp") and the public suffix, the
// registered label last: "https://www.chicago.suntimes.com/x" →
// ["chicago", "suntimes"], "bbc.co.uk" → ["bbc"]. It returns nil when
// nothing is left.
func hostLabels(h string) []string {
	h = strings.TrimSpace(strings.ToLower(h))
	if _, rest, ok := strings.Cut(h, "://"); ok {
		h = rest
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if i := strings.IndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	labels := strings.Split(strings.Trim(h, "."), ".")
	for len(labels) > 0 && publicSuffixes[labels[len(labels)-1]] {
		labels = labels[:len(labels)-1]
	}
	out := labels[:0]
	for _, l := range labels {
		if l == "" || l == "m" || l == "amp" || strings.HasPrefix(l, "www") {
			continue
		}
		out = append(out, text.Fold(l))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// OwnedTerms returns the terms that one outlet all but owns, as
// VocabOptions.ByOutlet leaves them out, for callers that read the
// outlets' counts one at a time instead of holding them all: the words and
// phrases of outlet (its counts) with at least minDF paragraphs in the
// corpus counts c of which more than maxShare are the outlet's, when the
// outlet has less than half of the corpus's paragraphs. Pass the union over
// outlets as VocabOptions.Names. maxShare ≤ 0 means DefaultMaxOutletShare,
// minDF ≤ 0 DefaultMinDF. The result is sorted.
func OwnedTerms(c *terms.Counts, phrases []terms.Phrase, outlet *terms.Counts, minDF int64, maxShare float64) []string {
	if maxShare <= 0 {
		maxShare = DefaultMaxOutletShare
	}
	if minDF <= 0 {
		minDF = DefaultMinDF
	}
	if 2*outlet.Paragraphs >= c.Paragraphs {
		return nil
	}
	owned := func(mine, all terms.Count) bool {
		return all.DF >= minDF && float64(mine.DF) > maxShare*float64(all.DF)
	}
	var out []string
	for _, w := range outlet.Words() {
		if owned(w.Count, c.Term(w.Term)) {
			out = append(out, w.Term)
		}
	}
	for _, p := range phrases {
		if owned(outlet.Pair(p.Pair), c.Pair(p.Pair)) {
			out = append(out, p.String())
		}
	}
	slices.Sort(out)
	return out
}
