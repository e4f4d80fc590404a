package pipeline

import (
	"fmt"
	"sort"
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
}

// NewAnalyzer checks cfg and returns an Analyzer.
func NewAnalyzer(cfg Config) (*Analyzer, error) {
	if cfg.Sentiment == nil {
		return nil, fmt.Errorf("pipeline: a sentiment model is required")
	}
	if err := cfg.Wire.Validate(); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	a := &Analyzer{cfg: cfg}
	if len(cfg.Targets) > 0 {
		s, err := stance.NewScorer(cfg.Sentiment, cfg.Targets)
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
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
func (a *Analyzer) Analyze(art *corpus.Article) *Article {
	n := len(art.Paragraphs)
	words := make([][]text.Token, n)
	sentences := make([][]text.Span, n)
	for i, p := range art.Paragraphs {
		words[i] = text.Words(p)
		sentences[i] = text.Sentences(p)
	}
	names := entities.MentionsTokens(art.Paragraphs, words, sentences)
	qa := quotes.AnalyzeTokens(art.Paragraphs, words, sentences, names)

	res := &Article{
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
		scorer = a.autoScorer(names)
	}

	res.Paragraphs = make([]Paragraph, n)
	perParagraphStance := make([][]stance.Result, n)
	var norms []string
	for i, p := range art.Paragraphs {
		par := &res.Paragraphs[i]
		par.Text = p
		par.Sentiment = a.cfg.Sentiment.Paragraph(p, words[i], sentences[i])
		if scorer != nil {
			perParagraphStance[i] = scorer.Paragraph(p, words[i], sentences[i], stance.VoiceOf(qa, i))
			par.Stance = perParagraphStance[i]
		}
		// The sequence's terms point into p, which the result keeps anyway.
		par.Seq = terms.Extract(p, words[i], a.cfg.Stopwords)
		norms = norms[:0]
		for _, t := range words[i] {
			norms = append(norms, t.Norm)
		}
		par.Signature = a.cfg.Wire.SignWords(norms)
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
			head = scorer.Paragraph(art.Title, text.Words(art.Title), text.Sentences(art.Title), nil)
		}
		res.Stance = scorer.AggregateHeadline(head, perParagraphStance)
	}
	res.finish()
	return res
}

// autoScorer builds a stance scorer for the entities an article names at
// least AutoMinMentions times (at most autoMaxTargets, most mentioned
// first), with the forms the article uses as aliases. It returns nil when
// there are none.
func (a *Analyzer) autoScorer(names []entities.Mention) *stance.Scorer {
	type entity struct {
		name     string
		person   bool
		mentions int
		aliases  map[string]bool
	}
	byName := map[string]*entity{}
	for _, m := range names {
		e := byName[m.Canonical]
		if e == nil {
			e = &entity{name: m.Canonical, aliases: map[string]bool{}}
			byName[m.Canonical] = e
		}
		e.mentions++
		e.person = e.person || m.Person
		if m.Name != m.Canonical {
			e.aliases[m.Name] = true
		}
	}
	var list []*entity
	for _, e := range byName {
		if e.mentions >= AutoMinMentions {
			list = append(list, e)
		}
	}
	if len(list) == 0 {
		return nil
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].mentions != list[j].mentions {
			return list[i].mentions > list[j].mentions
		}
		return list[i].name < list[j].name
	})
	if len(list) > autoMaxTargets {
		list = list[:autoMaxTargets]
	}
	targets := make([]stance.Target, 0, len(list))
	for _, e := range list {
		t := stance.Target{Name: e.name, Kind: stance.KindOrganisation}
		if e.person {
			t.Kind = stance.KindPerson
		}
		for alias := range e.aliases {
			t.Aliases = append(t.Aliases, alias)
		}
		sort.Strings(t.Aliases)
		if t.Validate() == nil {
			targets = append(targets, t)
		}
	}
	s, err := stance.NewScorer(a.cfg.Sentiment, targets)
	if err != nil {
		// An entity name the matcher cannot use (no word in it) is not
		// worth failing an article for.
		return nil
	}
	return s
}

// entityCounts counts the canonical names an article mentions.
func entityCounts(names []entities.Mention) entities.Counter {
	c := entities.Counter{}
	c.Add(names)
	return c
}
