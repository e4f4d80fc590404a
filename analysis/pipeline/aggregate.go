package pipeline

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/stats"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/topics"
	"newsframe/analysis/wire"
)

// Fields selects the paragraph fields a Source fills in; the others are
// left empty. Article-level fields are always filled.
type Fields uint8

// The paragraph fields; FieldsAll selects them all.
const (
	// FieldText is Paragraph.Text.
	FieldText Fields = 1 << iota
	// FieldResults are the scores: Sentiment, Stance, Quotes, Words,
	// Chars, QuotedChars.
	FieldResults
	// FieldTerms is Paragraph.Seq.
	FieldTerms
	// FieldSignatures is Paragraph.Signature.
	FieldSignatures
	FieldsAll = FieldText | FieldResults | FieldTerms | FieldSignatures
)

// Source yields the stored article results. Aggregate reads it twice, so
// it must give the same articles each time.
type Source interface {
	// Each calls fn for every article in ID order, with the paragraph
	// fields in need.
	Each(ctx context.Context, need Fields, fn func(*Article) error) error
	// Articles calls fn for each of the articles ids, in that order, with
	// every field.
	Articles(ctx context.Context, ids []string, fn func(*Article) error) error
}

// Options are the settings of Aggregate. Zero fields take the defaults.
type Options struct {
	// TopTerms is K, the number of terms (words and phrases) in the
	// co-occurrence matrix (default 200).
	TopTerms int
	// Window is the sliding co-occurrence window in term positions; 0
	// counts paragraphs only.
	Window int
	// Phrases are the collocation thresholds.
	Phrases terms.PhraseOptions
	// Targets are the configured target names; empty means propose
	// MaxProposed named entities.
	Targets     []string
	MaxProposed int
	// IncludeShared keeps wire copy in outlet comparisons (default: left
	// out, and the reports say so).
	IncludeShared bool
	// Stopwords are dropped from titles when titles join the story terms.
	Stopwords text.Stopwords
	Stories   stories.Options
	Topics    topics.Options
	Wire      wire.Params
	Bootstrap stats.Bootstrap
	// Keyness bounds the distinctive-term rows (Limit per comparison,
	// default 50).
	Keyness    terms.KeynessOptions
	LabelPairs []terms.LabelPair
	// Pages is the number of articles whose full results Aggregate keeps
	// for article pages (most recent first, then by ID).
	Pages int
	// StoryPages bounds the stories given per-outlet details (largest
	// first; default 200).
	StoryPages int
	// Progress, when set, is called after each article of each pass.
	Progress func(pass int, done int)
	// Partials, when set, are the term counts per (outlet, day) of the
	// articles Source yields (as the state keeps them), so that the
	// first pass need not count them again. Aggregate may modify them.
	Partials terms.Partials
}

func (o *Options) defaults() {
	if o.TopTerms <= 0 {
		o.TopTerms = 200
	}
	if o.MaxProposed <= 0 {
		o.MaxProposed = 10
	}
	if o.Keyness.Limit <= 0 {
		o.Keyness.Limit = 50
	}
	if o.StoryPages <= 0 {
		o.StoryPages = 200
	}
}

// QuotedVoiceShare is the share of a paragraph's characters that must lie
// inside quotation marks for the paragraph to count as a source's voice
// rather than the outlet's own.
const QuotedVoiceShare = 0.5

// Aggregate computes the corpus-level Overview from the stored results, in
// two passes over src, and returns it with the articles chosen for pages.
// Memory grows with the vocabulary, the number of articles (a few numbers
// each) and the paragraph signatures, never with the text: neither pass
// reads it, and the pages' articles are read last.
func Aggregate(ctx context.Context, src Source, opt Options) (*Overview, []*Article, error) {
	opt.defaults()
	ag := newAggregator(opt)
	if opt.Partials != nil {
		ag.partials, ag.counted = opt.Partials, true
	}
	n := 0
	if err := src.Each(ctx, FieldTerms|FieldSignatures, func(a *Article) error {
		ag.first(a)
		n++
		if opt.Progress != nil {
			opt.Progress(1, n)
		}
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("aggregate: first pass: %w", err)
	}
	if err := ag.between(); err != nil {
		return nil, nil, err
	}
	n = 0
	if err := src.Each(ctx, FieldResults|FieldTerms, func(a *Article) error {
		ag.second(a)
		n++
		if opt.Progress != nil {
			opt.Progress(2, n)
		}
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("aggregate: second pass: %w", err)
	}
	if err := ag.finish(); err != nil {
		return nil, nil, err
	}
	var pages []*Article
	if err := src.Articles(ctx, ag.pageIDs, func(a *Article) error {
		pages = append(pages, a)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("aggregate: pages: %w", err)
	}
	return ag.ov, pages, nil
}

type articleInfo struct {
	id        string
	published time.Time
}

// articleTopic holds one article's top-K term occurrences, for topic
// shares once the topics are known.
type articleTopic struct {
	outlet string
	bucket string
	terms  []int32 // vocabulary index
	counts []int32
}

type aggregator struct {
	opt      Options
	ov       *Overview
	outlets  map[string]*OutletStats
	partials terms.Partials
	// sharedOut counts, per outlet, the paragraphs left out as wire copy.
	sharedOut map[string]*terms.Counts
	// counted is set when partials came with the options.
	counted bool
	names   entities.Counter
	// entityOutlets records which outlets name each entity, so that
	// proposed targets favour entities several outlets cover.
	entityOutlets map[string]map[string]bool
	signed        []wire.Paragraph
	cluster       *stories.Clusterer
	infos         []articleInfo

	// Set between the passes.
	shared  map[string][]int // article → shared paragraph indexes
	pageSet map[string]bool
	vocab   map[string]int32
	// phraseVocab indexes the phrases of vocab by their pair, so that
	// adjacent words are looked up without building "a b".
	phraseVocab map[terms.Pair]int32
	targetIdx   map[string]int
	storyIdx    map[string]int // story id → index in ov.Stories (detailed ones)

	// Filled by the second pass.
	pageIDs  []string
	topicArt []articleTopic
	outUnits map[string]*outletUnits
	story    map[int]map[string]*storyUnits // story index → outlet → units
	hist     *stats.Histogram
	extract  *terms.Extractor
}

// outletUnits are the per-article observations behind an outlet's means.
type outletUnits struct {
	sentiment, own, quoted []stats.Unit
	quoteShare             []stats.Unit
	hist                   *stats.Histogram
	speakers               map[string]int
	stance                 []*TargetStance
	bucketSentiment        map[string][]stats.Unit
	bucketStance           []map[string][]stats.Unit // per target
}

type storyUnits struct {
	sentiment []stats.Unit
	stance    []*TargetStance
	counts    *terms.Counts
	speakers  map[string]int
}

func newAggregator(opt Options) *aggregator {
	return &aggregator{
		opt:           opt,
		ov:            &Overview{IncludeShared: opt.IncludeShared, Titles: map[string]string{}},
		outlets:       map[string]*OutletStats{},
		partials:      make(terms.Partials),
		names:         entities.Counter{},
		entityOutlets: map[string]map[string]bool{},
		cluster:       stories.NewClusterer(opt.Stories),
		outUnits:      map[string]*outletUnits{},
		story:         map[int]map[string]*storyUnits{},
		hist:          stats.NewHistogram(stats.DefaultBins),
		extract:       terms.NewExtractor(opt.Stopwords),
	}
}

// first is the first pass: counts, term partials, entities, signatures and
// story documents.
func (ag *aggregator) first(a *Article) {
	ov := ag.ov
	o := ag.outlets[a.Outlet]
	if o == nil {
		o = &OutletStats{Name: a.Outlet}
		ag.outlets[a.Outlet] = o
	}
	o.Articles++
	o.Paragraphs += len(a.Paragraphs)
	ov.Articles++
	ov.Paragraphs += len(a.Paragraphs)
	if a.Published.IsZero() {
		ov.Undated++
		o.Undated++
	} else {
		if ov.First.IsZero() || a.Published.Before(ov.First) {
			ov.First = a.Published
		}
		if a.Published.After(ov.Last) {
			ov.Last = a.Published
		}
	}
	key := terms.Key{Outlet: a.Outlet, Day: a.Day()}
	// The story document: the paragraphs' terms and the title's.
	lists := make([][]string, 0, len(a.Paragraphs)+1)
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if !ag.counted {
			ag.partials.Add(key, p.Seq)
		}
		lists = append(lists, p.Seq.Terms)
		if p.Signature != nil {
			ag.signed = append(ag.signed, wire.Paragraph{Article: a.ID, Index: i, Outlet: a.Outlet, Signature: p.Signature})
		}
	}
	lists = append(lists, ag.extract.Extract(a.Title).Terms)
	ag.names.Merge(a.Entities)
	for name := range a.Entities {
		if ag.entityOutlets[name] == nil {
			ag.entityOutlets[name] = map[string]bool{}
		}
		ag.entityOutlets[name][a.Outlet] = true
	}
	ag.cluster.AddTerms(stories.Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, Title: a.Title}, lists...)
	ag.infos = append(ag.infos, articleInfo{a.ID, a.Published})
	if a.Title != "" {
		ov.Titles[a.ID] = a.Title
	}
}

// between decides what the second pass needs: phrases and the top terms,
// wire copy, stories, targets, time buckets and the article pages.
func (ag *aggregator) between() error {
	ov, opt := ag.ov, ag.opt
	ov.Totals = ag.partials.Total()
	ov.OutletTotals = outletTotals(ag.partials)
	ov.Phrases = terms.Phrases(ov.Totals, opt.Phrases)
	ov.Top = terms.Top(ov.Totals, ov.Phrases, opt.TopTerms)
	ag.vocab = make(map[string]int32, len(ov.Top))
	ag.phraseVocab = map[terms.Pair]int32{}
	for i, t := range ov.Top {
		ag.vocab[t.Term] = int32(i)
		if p, ok := terms.SplitPhrase(t.Term); ok {
			ag.phraseVocab[p] = int32(i)
		}
	}
	if len(ov.Top) > 0 {
		var err error
		if ov.Cooccur, err = terms.NewCooccur(terms.TermsOf(ov.Top), 0); err != nil {
			return fmt.Errorf("aggregate: %w", err)
		}
		if opt.Window > 0 {
			if ov.Window, err = terms.NewCooccur(terms.TermsOf(ov.Top), opt.Window); err != nil {
				return fmt.Errorf("aggregate: %w", err)
			}
		}
	}

	// Wire copy.
	res, err := opt.Wire.Group(ag.signed)
	if err != nil {
		return fmt.Errorf("aggregate: wire: %w", err)
	}
	ov.Wire = res
	ag.shared = map[string][]int{}
	for i, m := range res.Marks {
		if m&wire.Shared != 0 {
			p := ag.signed[i]
			ag.shared[p.Article] = append(ag.shared[p.Article], p.Index)
			ov.Shared++
		} else if m&wire.Repeated != 0 {
			ov.Repeated++
		}
	}
	ag.signed = nil
	ov.SharedIn = ag.shared

	all := ag.cluster.Stories()
	ag.cluster = nil // its documents are no longer needed
	sort.SliceStable(all, func(i, j int) bool {
		if len(all[i].Articles) != len(all[j].Articles) {
			return len(all[i].Articles) > len(all[j].Articles)
		}
		return all[i].ID < all[j].ID
	})
	ov.StoryOf = stories.Assignments(all)
	ag.storyIdx = map[string]int{}
	for i := range all {
		ov.Stories = append(ov.Stories, &StoryStats{Story: all[i]})
		if i < opt.StoryPages && len(all[i].Coverage) > 0 {
			ag.storyIdx[all[i].ID] = i
		}
	}

	// Targets.
	if len(opt.Targets) > 0 {
		ov.Targets = append([]string(nil), opt.Targets...)
	} else {
		ov.Proposed = ag.propose(opt.MaxProposed)
		for _, e := range ov.Proposed {
			ov.Targets = append(ov.Targets, e.Name)
		}
	}
	ag.targetIdx = map[string]int{}
	for i, t := range ov.Targets {
		ag.targetIdx[t] = i
	}
	// An article names an automatic target by the longest form it uses
	// ("Obama" where "Barack Obama" never appears): count such results
	// toward the proposed entity that has the form as an alias, unless
	// two proposals share it.
	aliasOf := map[string]int{}
	for i, e := range ov.Proposed {
		for _, a := range e.Aliases {
			if _, taken := ag.targetIdx[a]; taken {
				continue
			}
			if j, ok := aliasOf[a]; ok && j != i {
				aliasOf[a] = -1
				continue
			}
			aliasOf[a] = i
		}
	}
	for a, i := range aliasOf {
		if i >= 0 {
			ag.targetIdx[a] = i
		}
	}

	// Time axis.
	if !ov.First.IsZero() {
		ov.Granularity = stats.ChooseGranularity(ov.First, ov.Last)
		ov.Buckets = ov.Granularity.Keys(ov.First, ov.Last)
	}

	// Outlets in display order.
	for _, o := range ag.outlets {
		ov.Outlets = append(ov.Outlets, o)
	}
	sort.Slice(ov.Outlets, func(i, j int) bool {
		a, b := ov.Outlets[i], ov.Outlets[j]
		if a.Articles != b.Articles {
			return a.Articles > b.Articles
		}
		return a.Name < b.Name
	})

	// Article pages: the most recent first, then by id.
	sort.SliceStable(ag.infos, func(i, j int) bool {
		a, b := ag.infos[i], ag.infos[j]
		if !a.published.Equal(b.published) {
			return a.published.After(b.published)
		}
		return a.id < b.id
	})
	ag.pageSet = map[string]bool{}
	for i := 0; i < len(ag.infos) && i < opt.Pages; i++ {
		ag.pageSet[ag.infos[i].id] = true
	}
	ag.infos = nil
	return nil
}

func (ag *aggregator) units(outlet string) *outletUnits {
	u := ag.outUnits[outlet]
	if u == nil {
		u = &outletUnits{
			hist:            stats.NewHistogram(stats.DefaultBins),
			speakers:        map[string]int{},
			stance:          make([]*TargetStance, len(ag.ov.Targets)),
			bucketSentiment: map[string][]stats.Unit{},
			bucketStance:    make([]map[string][]stats.Unit, len(ag.ov.Targets)),
		}
		for i, t := range ag.ov.Targets {
			u.stance[i] = &TargetStance{Target: t}
			u.bucketStance[i] = map[string][]stats.Unit{}
		}
		ag.outUnits[outlet] = u
	}
	return u
}

// stanceAcc accumulates one article's stance toward each target.
type stanceAcc struct {
	all, own, quoted stats.Unit
	mentions         int
}

// second is the second pass: co-occurrence, sentiment and stance per
// outlet, story and time bucket, quotes, topic counts and pages.
func (ag *aggregator) second(a *Article) {
	ov, opt := ag.ov, ag.opt
	o := ag.outlets[a.Outlet]
	u := ag.units(a.Outlet)
	bucket := ""
	if !a.Published.IsZero() {
		bucket = ov.Granularity.Key(a.Published)
	}
	shared := map[int]bool{}
	for _, i := range ag.shared[a.ID] {
		shared[i] = true
	}
	var su map[string]*storyUnits
	var sUnits *storyUnits
	if si, ok := ag.storyIdx[ov.StoryOf[a.ID]]; ok {
		su = ag.story[si]
		if su == nil {
			su = map[string]*storyUnits{}
			ag.story[si] = su
		}
		sUnits = su[a.Outlet]
		if sUnits == nil {
			sUnits = &storyUnits{counts: terms.NewCounts(), speakers: map[string]int{}, stance: make([]*TargetStance, len(ov.Targets))}
			for i, t := range ov.Targets {
				sUnits.stance[i] = &TargetStance{Target: t}
			}
			su[a.Outlet] = sUnits
		}
	}
	var sent, own, quoted, quoteShare stats.Unit
	acc := make([]stanceAcc, len(ov.Targets))
	topic := articleTopic{outlet: a.Outlet, bucket: bucket}
	topicCount := map[int32]int32{}
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		if ov.Cooccur != nil {
			ov.Cooccur.Add(p.Seq)
			if ov.Window != nil {
				ov.Window.Add(p.Seq)
			}
		}
		ag.hist.Add(p.Sentiment.Score)
		if shared[i] && !opt.IncludeShared {
			// Taken out of the outlet's counts in finish.
			ag.sharedCounts(a.Outlet).Add(p.Seq)
			continue
		}
		o.Compared++
		ag.countTopTerms(p.Seq, topicCount)
		u.hist.Add(p.Sentiment.Score)
		sent.Sum += p.Sentiment.Score
		sent.Count++
		if p.Chars > 0 && float64(p.QuotedChars) >= QuotedVoiceShare*float64(p.Chars) {
			quoted.Sum += p.Sentiment.Score
			quoted.Count++
		} else {
			own.Sum += p.Sentiment.Score
			own.Count++
		}
		quoteShare.Sum += float64(p.QuotedChars)
		quoteShare.Count += p.Chars
		for _, q := range p.Quotes {
			if q.Speaker != "" {
				u.speakers[q.Speaker]++
				if sUnits != nil {
					sUnits.speakers[q.Speaker]++
				}
			}
		}
		for _, r := range p.Stance {
			ti, ok := ag.targetIdx[r.Target]
			if !ok {
				continue
			}
			acc[ti].mentions++
			acc[ti].all.Sum += r.Score
			acc[ti].all.Count++
			if r.Quoted {
				acc[ti].quoted.Sum += r.Score
				acc[ti].quoted.Count++
			} else {
				acc[ti].own.Sum += r.Score
				acc[ti].own.Count++
			}
		}
		if sUnits != nil {
			sUnits.counts.Add(p.Seq)
		}
	}
	for i := range a.Paragraphs {
		if shared[i] {
			o.Shared++
		}
	}
	if sent.Count > 0 {
		u.sentiment = append(u.sentiment, sent)
		if bucket != "" {
			u.bucketSentiment[bucket] = append(u.bucketSentiment[bucket], sent)
		}
		if sUnits != nil {
			sUnits.sentiment = append(sUnits.sentiment, sent)
		}
	}
	if own.Count > 0 {
		u.own = append(u.own, own)
	}
	if quoted.Count > 0 {
		u.quoted = append(u.quoted, quoted)
	}
	if quoteShare.Count > 0 {
		u.quoteShare = append(u.quoteShare, quoteShare)
	}
	for ti := range acc {
		c := acc[ti]
		if c.all.Count == 0 {
			continue
		}
		addStance(u.stance[ti], c)
		if bucket != "" {
			u.bucketStance[ti][bucket] = append(u.bucketStance[ti][bucket], c.all)
		}
		if sUnits != nil {
			addStance(sUnits.stance[ti], c)
		}
	}
	if len(topicCount) > 0 {
		idx := make([]int32, 0, len(topicCount))
		for k := range topicCount {
			idx = append(idx, k)
		}
		sort.Slice(idx, func(i, j int) bool { return idx[i] < idx[j] })
		for _, k := range idx {
			topic.terms = append(topic.terms, k)
			topic.counts = append(topic.counts, topicCount[k])
		}
		ag.topicArt = append(ag.topicArt, topic)
	}
	if ag.pageSet[a.ID] {
		ag.pageIDs = append(ag.pageIDs, a.ID)
	}
}

func addStance(ts *TargetStance, c stanceAcc) {
	ts.Mentions += c.mentions
	ts.articles = append(ts.articles, c.all)
	if c.own.Count > 0 {
		ts.own = append(ts.own, c.own)
	}
	if c.quoted.Count > 0 {
		ts.quotedIn = append(ts.quotedIn, c.quoted)
	}
}

// countTopTerms adds the paragraph's occurrences of top-K terms (words,
// and phrases where their words are adjacent) to counts.
func (ag *aggregator) countTopTerms(s terms.Seq, counts map[int32]int32) {
	for i, t := range s.Terms {
		if k, ok := ag.vocab[t]; ok {
			counts[k]++
		}
		if s.Adjacent(i) && len(ag.phraseVocab) > 0 {
			if k, ok := ag.phraseVocab[terms.Pair{A: t, B: s.Terms[i+1]}]; ok {
				counts[k]++
			}
		}
	}
}

// outletTotals sums the partials per outlet. An outlet with a single
// partial (undated articles, or one day) shares its Counts instead of
// copying them: none of them is modified afterwards.
func outletTotals(p terms.Partials) map[string]*terms.Counts {
	n := map[string]int{}
	for k := range p {
		n[k.Outlet]++
	}
	out := make(map[string]*terms.Counts, len(n))
	for _, k := range p.Keys() {
		if n[k.Outlet] == 1 {
			out[k.Outlet] = p[k]
			continue
		}
		c := out[k.Outlet]
		if c == nil {
			c = terms.NewCounts()
			out[k.Outlet] = c
		}
		c.Merge(p[k])
	}
	return out
}

// sharedCounts returns the counts of the outlet's paragraphs left out of
// comparisons as wire copy.
func (ag *aggregator) sharedCounts(outlet string) *terms.Counts {
	if ag.sharedOut == nil {
		ag.sharedOut = map[string]*terms.Counts{}
	}
	c := ag.sharedOut[outlet]
	if c == nil {
		c = terms.NewCounts()
		ag.sharedOut[outlet] = c
	}
	return c
}

// comparedCounts returns the term counts of the outlet's paragraphs that
// take part in comparisons: all of them less the wire copy left out. The
// subtraction replaces counting the kept paragraphs again in the second
// pass, which cost as much as counting the corpus.
//
// The counts keep the words and the phrase pairs only (see
// OutletStats.Counts): a copy of every pair of every outlet took more
// memory than anything else in the aggregation.
func (ag *aggregator) comparedCounts(outlet string) (*terms.Counts, error) {
	total := ag.ov.OutletTotals[outlet]
	if total == nil {
		total = terms.NewCounts()
	}
	phrases := make([]terms.Pair, len(ag.ov.Phrases))
	for i, p := range ag.ov.Phrases {
		phrases[i] = p.Pair
	}
	c := total.Restrict(phrases)
	sub := ag.sharedOut[outlet]
	if sub == nil || sub.Paragraphs == 0 {
		return c, nil
	}
	if err := c.Sub(sub.Restrict(phrases)); err != nil {
		// The partials must hold every paragraph the second pass read.
		return nil, fmt.Errorf("aggregate: outlet %s: the term partials lack its wire copy: %w", outlet, err)
	}
	return c, nil
}

// finish computes what needs both passes: intervals, topics, keyness,
// preferences, differences and story details.
func (ag *aggregator) finish() error {
	ov, opt := ag.ov, ag.opt
	ov.Histogram = ag.hist
	boot := opt.Bootstrap

	if ov.Cooccur != nil {
		m, err := topics.Find(ov.Cooccur, ov.Totals, opt.Topics)
		if err != nil {
			return fmt.Errorf("aggregate: topics: %w", err)
		}
		ov.Topics = m
	}

	for _, o := range ov.Outlets {
		u := ag.units(o.Name)
		name := o.Name
		o.Sentiment = boot.Mean("sentiment/"+name, u.sentiment)
		o.OwnVoice = boot.Mean("own/"+name, u.own)
		o.Quoted = boot.Mean("quoted/"+name, u.quoted)
		o.QuoteShare = boot.Mean("quoteshare/"+name, u.quoteShare)
		o.Box = u.hist.Box()
		o.Speakers = topSpeakers(u.speakers, 20)
		for ti, ts := range u.stance {
			if len(ts.articles) == 0 {
				continue
			}
			ts.All = boot.Mean("stance/"+name+"/"+ts.Target, ts.articles)
			ts.OwnVoice = boot.Mean("stance-own/"+name+"/"+ts.Target, ts.own)
			ts.Quoted = boot.Mean("stance-quoted/"+name+"/"+ts.Target, ts.quotedIn)
			o.Stance = append(o.Stance, *ts)
			var series []BucketValue
			for _, b := range ov.Buckets {
				if units := u.bucketStance[ti][b]; len(units) > 0 {
					series = append(series, BucketValue{b, boot.Mean("stance-time/"+name+"/"+ts.Target+"/"+b, units)})
				}
			}
			for len(o.StanceTime) < ti {
				o.StanceTime = append(o.StanceTime, nil)
			}
			o.StanceTime = append(o.StanceTime, series)
		}
		for len(o.StanceTime) < len(ov.Targets) {
			o.StanceTime = append(o.StanceTime, nil)
		}
		for _, b := range ov.Buckets {
			if units := u.bucketSentiment[b]; len(units) > 0 {
				o.SentimentTime = append(o.SentimentTime, BucketValue{b, boot.Mean("sentiment-time/"+name+"/"+b, units)})
			}
		}
		var err error
		if o.Counts, err = ag.comparedCounts(o.Name); err != nil {
			return err
		}
	}

	ag.topicShares()

	// Distinctive language: each outlet against the rest and every pair.
	if len(ov.Outlets) > 1 {
		groups := map[string]*terms.Counts{}
		for _, o := range ov.Outlets {
			groups[o.Name] = o.Counts
		}
		ov.Distinctive = terms.Distinctive(groups, ov.Totals, ov.Phrases, opt.Keyness)
	}
	if len(opt.LabelPairs) > 0 {
		ov.Preferences = terms.Preferences(ag.partials, opt.LabelPairs, ag.period)
	}
	ag.differences()
	ag.storyDetails()
	return nil
}

// period maps a day to its time bucket.
func (ag *aggregator) period(day string) (string, bool) {
	if day == "" || len(ag.ov.Buckets) == 0 {
		return "", false
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "", false
	}
	return ag.ov.Granularity.Key(t), true
}

// topicShares turns the per-article top-term counts into topic shares per
// outlet (with intervals over articles) and per outlet and bucket.
func (ag *aggregator) topicShares() {
	ov := ag.ov
	if ov.Topics == nil || len(ov.Topics.Topics) == 0 {
		return
	}
	nt := len(ov.Topics.Topics)
	topicOf := make([]int, len(ov.Top))
	for i, t := range ov.Top {
		topicOf[i] = -1
		if k, ok := ov.Topics.Of(t.Term); ok {
			topicOf[i] = k
		}
	}
	type acc struct {
		units [][]stats.Unit          // per topic, one unit per article
		sums  map[string][]stats.Unit // bucket → per topic (Sum=count, Count=total)
	}
	per := map[string]*acc{}
	for _, art := range ag.topicArt {
		outlet := art.outlet
		a := per[outlet]
		if a == nil {
			a = &acc{units: make([][]stats.Unit, nt), sums: map[string][]stats.Unit{}}
			per[outlet] = a
		}
		counts := make([]int, nt)
		total := 0
		for j, k := range art.terms {
			if t := topicOf[k]; t >= 0 {
				counts[t] += int(art.counts[j])
				total += int(art.counts[j])
			}
		}
		if total == 0 {
			continue
		}
		for t := 0; t < nt; t++ {
			a.units[t] = append(a.units[t], stats.Unit{Sum: float64(counts[t]), Count: total})
		}
		if art.bucket != "" {
			s := a.sums[art.bucket]
			if s == nil {
				s = make([]stats.Unit, nt)
				a.sums[art.bucket] = s
			}
			for t := 0; t < nt; t++ {
				s[t].Sum += float64(counts[t])
				s[t].Count += total
			}
		}
	}
	for _, o := range ov.Outlets {
		a := per[o.Name]
		o.TopicShares = make([]stats.Interval, nt)
		o.TopicTime = make([][]BucketValue, nt)
		for t := 0; t < nt; t++ {
			var units []stats.Unit
			if a != nil {
				units = a.units[t]
			}
			o.TopicShares[t] = ag.opt.Bootstrap.Mean(fmt.Sprintf("topic/%s/%d", o.Name, t), units)
			if a == nil {
				continue
			}
			for _, b := range ov.Buckets {
				if s, ok := a.sums[b]; ok && s[t].Count > 0 {
					v := s[t].Sum / float64(s[t].Count)
					o.TopicTime[t] = append(o.TopicTime[t], BucketValue{b, stats.Interval{Mean: v, Lo: math.NaN(), Hi: math.NaN(), Obs: s[t].Count}})
				}
			}
		}
	}
}

// differences tests every pair of outlets on mean sentiment and on stance
// toward each target, then adjusts the p-values for the false discovery
// rate (Benjamini & Hochberg 1995).
func (ag *aggregator) differences() {
	ov, boot := ag.ov, ag.opt.Bootstrap
	var ps []float64
	for i, oa := range ov.Outlets {
		for _, ob := range ov.Outlets[i+1:] {
			ua, ub := ag.units(oa.Name), ag.units(ob.Name)
			d := boot.Diff("diff/sentiment/"+oa.Name+"/"+ob.Name, ua.sentiment, ub.sentiment)
			ov.Differences = append(ov.Differences, OutletDifference{Measure: "sentiment", A: oa.Name, B: ob.Name, Difference: d})
			ps = append(ps, d.P)
			for ti, t := range ov.Targets {
				xa, xb := ua.stance[ti].articles, ub.stance[ti].articles
				if len(xa) == 0 || len(xb) == 0 {
					continue
				}
				d := boot.Diff("diff/stance/"+t+"/"+oa.Name+"/"+ob.Name, xa, xb)
				ov.Differences = append(ov.Differences, OutletDifference{Measure: "stance: " + t, A: oa.Name, B: ob.Name, Difference: d})
				ps = append(ps, d.P)
			}
		}
	}
	// NaN p-values (a side without observations) are left out of the
	// family.
	var idx []int
	var valid []float64
	for i, p := range ps {
		if !math.IsNaN(p) {
			idx = append(idx, i)
			valid = append(valid, p)
		}
	}
	adj := stats.AdjustBH(valid)
	for i := range ov.Differences {
		ov.Differences[i].PAdjusted = math.NaN()
	}
	for k, i := range idx {
		ov.Differences[i].PAdjusted = adj[k]
		ov.Differences[i].Significant = adj[k] <= 0.05
	}
}

// storyDetails fills each detailed story's per-outlet figures.
func (ag *aggregator) storyDetails() {
	ov, opt := ag.ov, ag.opt
	for si, byOutlet := range ag.story {
		st := ov.Stories[si]
		pooled := terms.NewCounts()
		outlets := make([]string, 0, len(byOutlet))
		for name, su := range byOutlet {
			pooled.Merge(su.counts)
			outlets = append(outlets, name)
		}
		sort.Strings(outlets)
		var dist []terms.Keyness
		if len(outlets) > 1 {
			groups := map[string]*terms.Counts{}
			for _, name := range outlets {
				groups[name] = byOutlet[name].counts
			}
			kopt := opt.Keyness
			kopt.NoPairs = true
			kopt.Limit = 15
			dist = terms.Distinctive(groups, pooled, ov.Phrases, kopt)
		}
		for _, name := range outlets {
			su := byOutlet[name]
			so := StoryOutlet{Outlet: name, Speakers: topSpeakers(su.speakers, 10)}
			so.Sentiment = opt.Bootstrap.Mean("story/"+st.ID+"/"+name, su.sentiment)
			for _, ts := range su.stance {
				if len(ts.articles) == 0 {
					continue
				}
				ts.All = opt.Bootstrap.Mean("story-stance/"+st.ID+"/"+name+"/"+ts.Target, ts.articles)
				so.Stance = append(so.Stance, *ts)
			}
			for _, k := range dist {
				if k.Group == name && k.Z > 0 {
					so.Distinctive = append(so.Distinctive, k)
				}
			}
			st.Outlets = append(st.Outlets, so)
		}
	}
}

func topSpeakers(m map[string]int, n int) []SpeakerCount {
	out := make([]SpeakerCount, 0, len(m))
	for name, c := range m {
		out = append(out, SpeakerCount{name, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Quotes != out[j].Quotes {
			return out[i].Quotes > out[j].Quotes
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// propose returns the n named entities proposed as targets when none are
// configured: among the most mentioned (4n candidates from
// entities.Counter.Top), those named by the most outlets first, since a
// target only one outlet mentions cannot show how outlets differ; ties keep
// the mention order.
func (ag *aggregator) propose(n int) []entities.Entity {
	cands := ag.names.Top(4 * n)
	outlets := make([]int, len(cands))
	for i, e := range cands {
		seen := map[string]bool{}
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			for o := range ag.entityOutlets[name] {
				seen[o] = true
			}
		}
		outlets[i] = len(seen)
	}
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return outlets[idx[a]] > outlets[idx[b]] })
	out := make([]entities.Entity, 0, n)
	for _, i := range idx {
		if len(out) == n {
			break
		}
		out = append(out, cands[i])
	}
	return out
}
