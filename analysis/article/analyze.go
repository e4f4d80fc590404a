package article

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"newsframe/analysis/corpus"
	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
)

// Config is what an Analyzer needs: the models and word lists, loaded by
// the command from data/ or from user files.
type Config struct {
	// Sentiment scores paragraphs and, through stance, targets.
	Sentiment *sentiment.Model
	// Targets are the configured stance targets. When empty, every article
	// is scored toward the named entities it mentions at least
	// AutoMinMentions times (see ProposeTargets), so the report can
	// propose targets without any configuration.
	Targets []stance.Target
	// Stopwords are dropped from term sequences.
	Stopwords text.Stopwords
	// Wire are the MinHash parameters of the wire-copy signatures.
	Wire wire.Params
	// Levels, when set, replaces the model's default label thresholds at
	// every level (sentiment.Levels; a user's thresholds file).
	Levels *sentiment.Levels
}

// AutoMinMentions is how often an article must name an entity for it to be
// scored as an automatic target in that article.
const AutoMinMentions = 2

// autoMaxTargets bounds the automatic targets per article: the most
// mentioned entities.
const autoMaxTargets = 8

// Analyzer turns one article into its Article result. It is safe for
// concurrent use; each call allocates its own buffers.
type Analyzer struct {
	cfg    Config
	stance *stance.Scorer // nil in automatic-target mode

	// spare holds scratch buffers between calls. Unlike a sync.Pool it
	// survives garbage collections, which matters for the vocabulary memo
	// inside each sentiment.Prepared: it is worth keeping warm.
	mu    sync.Mutex
	spare []*scratch
}

// maxSpare bounds the scratch buffers an Analyzer keeps: more than the
// workers that share it only holds memory.
const maxSpare = 64

func (a *Analyzer) getScratch() *scratch {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n := len(a.spare); n > 0 {
		sc := a.spare[n-1]
		a.spare = a.spare[:n-1]
		return sc
	}
	return new(scratch)
}

func (a *Analyzer) putScratch(sc *scratch) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.spare) < maxSpare {
		a.spare = append(a.spare, sc)
	}
}

// NewAnalyzer checks cfg and returns an Analyzer.
func NewAnalyzer(cfg Config) (*Analyzer, error) {
	if cfg.Sentiment == nil {
		return nil, fmt.Errorf("article: a sentiment model is required")
	}
	if err := cfg.Wire.Validate(); err != nil {
		return nil, fmt.Errorf("article: %w", err)
	}
	if cfg.Levels != nil {
		if err := cfg.Levels.Validate(); err != nil {
			return nil, fmt.Errorf("article: label thresholds: %w", err)
		}
		cfg.Sentiment = cfg.Sentiment.WithLevels(*cfg.Levels)
	}
	a := &Analyzer{cfg: cfg}
	if len(cfg.Targets) > 0 {
		s, err := stance.NewScorer(cfg.Sentiment, cfg.Targets)
		if err != nil {
			return nil, fmt.Errorf("article: %w", err)
		}
		a.stance = s
	}
	return a, nil
}

// AutoTargets reports whether targets are proposed from named entities
// rather than configured.
func (a *Analyzer) AutoTargets() bool { return a.stance == nil }

// Analyze scores every paragraph of art: sentiment, stance toward the
// targets it mentions, quotations and speakers, content terms and the
// wire-copy signature. The text is split into words and sentences once and
// shared by every step.
func (a *Analyzer) Analyze(art *corpus.Article) *Result {
	sc := a.getScratch()
	defer a.putScratch(sc)
	n := len(art.Paragraphs)
	words, sentences := sc.split(art.Paragraphs)
	names := entities.MentionsTokens(art.Paragraphs, words, sentences)
	qa := quotes.AnalyzeTokens(art.Paragraphs, words, sentences, names)

	res := &Result{
		ID:        art.ID,
		Outlet:    art.Outlet,
		Title:     art.Title,
		Subtitle:  art.Subtitle,
		Author:    art.Author,
		Published: art.Published,
		URL:       art.URL,
		Source:    art.Source,
		Hash:      art.Hash(),
		Meta:      art.Meta,
		Quotes:    qa.Summary(),
		Entities:  entityCounts(names),
	}

	scorer := a.stance
	if scorer == nil {
		scorer = a.autoScorer(sc, names)
	}

	res.Paragraphs = make([]Paragraph, n)
	perParagraphStance := make([][]stance.Result, n)
	// The paragraphs' term sequences and signatures are carved from one
	// array each, sized for the whole article: two allocations per article
	// instead of three per paragraph. Each piece is capped at its length.
	k := a.cfg.Wire.Hashes()
	signed := 0
	for i := range words {
		if len(words[i]) >= a.cfg.Wire.MinWords {
			signed++
		}
	}
	sigs := make([]uint32, signed*k)
	total := len(sc.toks)
	seqTerms, seqPos := make([]string, 0, total), make([]int32, 0, total)
	// One prepared text, reused: the paragraph's sentiment and its stance
	// share the lexicon and naive Bayes lookups.
	prep := sc.prep
	for i, p := range art.Paragraphs {
		par := &res.Paragraphs[i]
		par.Text = p
		prep = a.cfg.Sentiment.Prepare(prep, p, words[i], sentences[i])
		par.Sentiment = prep.Paragraph()
		if scorer != nil {
			perParagraphStance[i] = scorer.ParagraphPrepared(prep, stance.VoiceOf(qa, i))
			par.Stance = perParagraphStance[i]
		}
		// The sequence's terms point into p, which the result keeps anyway.
		seq := terms.AppendSeqSplit(terms.Seq{Terms: seqTerms[len(seqTerms):], Pos: seqPos[len(seqPos):]},
			p, words[i], sentences[i], a.cfg.Stopwords)
		m := len(seq.Terms)
		seqTerms, seqPos = seqTerms[:len(seqTerms)+m], seqPos[:len(seqPos)+m]
		if m == 0 {
			seq.Terms, seq.Pos = nil, nil // as terms.Extract returns
		} else {
			seq.Terms, seq.Pos = seq.Terms[:m:m], seq.Pos[:m:m]
		}
		par.Seq = seq
		if sig := a.cfg.Wire.SignTokensInto(sigs, words[i]); sig != nil {
			par.Signature = sig
			sigs = sigs[k:]
		}
		par.Words = len(words[i])
		par.Chars = utf8.RuneCountInString(p)
	}
	for _, q := range qa.Quotes {
		for _, seg := range q.Segments {
			par := &res.Paragraphs[seg.Paragraph]
			par.Quotes = append(par.Quotes, QuoteSpan{Start: seg.Start, End: seg.End, Speaker: q.Speaker})
			par.QuotedChars += utf8.RuneCountInString(art.Paragraphs[seg.Paragraph][seg.Start:seg.End])
		}
	}
	if scorer != nil {
		// The headline counts as evidence of the article's stance (it is
		// how the article stance model was fitted), not as a paragraph.
		var head []stance.Result
		if art.Title != "" {
			sc.title = text.AppendWords(sc.title[:0], art.Title)
			sc.titleSentences = text.AppendSentences(sc.titleSentences[:0], art.Title)
			prep = a.cfg.Sentiment.Prepare(prep, art.Title, sc.title, sc.titleSentences)
			head = scorer.ParagraphPrepared(prep, nil)
		}
		res.Stance = scorer.AggregateHeadline(head, perParagraphStance)
	}
	sc.prep = prep
	res.Finish(a.cfg.Sentiment.Levels())
	return res
}

// scratch holds the buffers of one Analyze call. They are reused between
// calls: nothing in an Article points into them (token Norms and Texts
// are strings of their own or of the paragraph).
type scratch struct {
	toks      []text.Token   // every paragraph's tokens, back to back
	spans     []text.Span    // every paragraph's sentences, back to back
	words     [][]text.Token // words[i]: paragraph i's tokens, in toks
	sentences [][]text.Span  // sentences[i]: paragraph i's sentences, in spans
	bounds    []int
	prep      *sentiment.Prepared

	title          []text.Token
	titleSentences []text.Span

	// autoScorer's tallies.
	entityIndex map[string]int
	entities    []autoEntity
	ranked      []int
}

// split tokenises every paragraph and splits it into sentences, into sc's
// buffers. An empty paragraph gets nil tokens and sentences.
func (sc *scratch) split(paragraphs []string) (words [][]text.Token, sentences [][]text.Span) {
	n := len(paragraphs)
	sc.toks, sc.spans, sc.bounds = sc.toks[:0], sc.spans[:0], sc.bounds[:0]
	for _, p := range paragraphs {
		sc.bounds = append(sc.bounds, len(sc.toks), len(sc.spans))
		sc.toks = text.AppendWords(sc.toks, p)
		sc.spans = text.AppendSentences(sc.spans, p)
	}
	sc.bounds = append(sc.bounds, len(sc.toks), len(sc.spans))
	sc.words = slices.Grow(sc.words[:0], n)[:n]
	sc.sentences = slices.Grow(sc.sentences[:0], n)[:n]
	for i := range paragraphs {
		t0, s0, t1, s1 := sc.bounds[2*i], sc.bounds[2*i+1], sc.bounds[2*i+2], sc.bounds[2*i+3]
		sc.words[i], sc.sentences[i] = nil, nil
		if t1 > t0 {
			sc.words[i] = sc.toks[t0:t1:t1]
		}
		if s1 > s0 {
			sc.sentences[i] = sc.spans[s0:s1:s1]
		}
	}
	return sc.words, sc.sentences
}

// autoScorer builds a stance scorer for the entities an article names at
// least AutoMinMentions times (at most autoMaxTargets, most mentioned
// first), with the forms the article uses as aliases. It returns nil when
// there are none. The per-entity tallies live in sc and are reused.
func (a *Analyzer) autoScorer(sc *scratch, names []entities.Mention) *stance.Scorer {
	if sc.entityIndex == nil {
		sc.entityIndex = map[string]int{}
	}
	clear(sc.entityIndex)
	ents := sc.entities[:0]
	for _, m := range names {
		i, ok := sc.entityIndex[m.Canonical]
		if !ok {
			i = len(ents)
			sc.entityIndex[m.Canonical] = i
			ents = append(ents, autoEntity{name: m.Canonical})
		}
		ents[i].mentions++
		ents[i].person = ents[i].person || m.Person
	}
	sc.entities = ents
	list := sc.ranked[:0]
	for i := range ents {
		if ents[i].mentions >= AutoMinMentions {
			list = append(list, i)
		}
	}
	sc.ranked = list
	if len(list) == 0 {
		return nil
	}
	slices.SortFunc(list, func(x, y int) int {
		return cmp.Or(cmp.Compare(ents[y].mentions, ents[x].mentions), strings.Compare(ents[x].name, ents[y].name))
	})
	if len(list) > autoMaxTargets {
		list = list[:autoMaxTargets]
	}
	targets := make([]stance.Target, len(list))
	rank := make(map[string]int, len(list)) // canonical name → index in targets
	for r, i := range list {
		targets[r] = stance.Target{Name: ents[i].name, Kind: stance.KindOrganisation}
		if ents[i].person {
			targets[r].Kind = stance.KindPerson
		}
		rank[ents[i].name] = r
	}
	for _, m := range names {
		if r, ok := rank[m.Canonical]; ok && m.Name != m.Canonical {
			targets[r].Aliases = append(targets[r].Aliases, m.Name)
		}
	}
	valid := targets[:0]
	for _, t := range targets {
		slices.Sort(t.Aliases)
		t.Aliases = slices.Compact(t.Aliases)
		if t.Validate() == nil {
			valid = append(valid, t)
		}
	}
	s, err := stance.NewScorer(a.cfg.Sentiment, valid)
	if err != nil {
		// An entity name the matcher cannot use (no word in it) is not
		// worth failing an article for.
		return nil
	}
	return s
}

// autoEntity tallies one canonical name for autoScorer.
type autoEntity struct {
	name     string
	person   bool
	mentions int
}

// entityCounts counts the canonical names an article mentions.
func entityCounts(names []entities.Mention) entities.Counter {
	c := entities.Counter{}
	c.Add(names)
	return c
}
