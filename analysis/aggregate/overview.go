package aggregate

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/quotes"
	"newsframe/analysis/stats"
	"newsframe/analysis/terms"
)

// Summaries are the stored summaries an Overview is made of, as the
// command loads them from the catalog.
type Summaries struct {
	// Cells holds every cell's summary.
	Cells map[Cell]*CellSummary
	// Terms returns one cell's term counts (nil when it has none).
	Terms func(Cell) (*CellTerms, error)
	// Totals are the corpus's term counts (wire copy included); Shared
	// the counts of every paragraph left out as wire copy.
	Totals, Shared *terms.Counts
	// Cooc and Window count the co-occurrence candidates.
	Cooc, Window *terms.Cooccur
	// Entities are the corpus's named-entity totals.
	Entities map[string]EntityTotal
	// Days calls fn for every (day, cell) summary in day order.
	Days func(fn func(day string, c Cell, s *DaySummary) error) error
}

// OverviewOptions set how the overview compares.
type OverviewOptions struct {
	// CompareOutlets is N: the pages and the pairwise tests show the N
	// largest keys (outlets or groups) and pool the rest (default 12).
	CompareOutlets int
	// ByGroup compares groups: the cells' Group values (--compare-by), or
	// Groups, which maps outlets to groups (--groups). Outlets without a
	// group form the group "(none)".
	ByGroup bool
	Groups  map[string]string
	// MinArticles is the least number of articles on each side of a test
	// (default 10); smaller cells are shown marked and not tested.
	MinArticles int
	// TopTerms is K, the top terms shown.
	TopTerms int
	Phrases  terms.PhraseOptions
	// Targets are the configured targets; none means propose
	// MaxProposed named entities (default 10).
	Targets     []string
	MaxProposed int
	Keyness     terms.KeynessOptions
	LabelPairs  []terms.LabelPair
	// Exclude lists terms left out of keyness (outlets' own names).
	Exclude map[string]bool
	// Topics is K, the number of topics of the topic model whose shares
	// the cells hold (0: none).
	Topics int
}

// OtherKey is the name of the pool of the keys beyond the N shown.
const OtherKey = "other outlets"

// Interval is a mean over articles with its 95% t-interval (see
// stats.TTest.Interval); TooFew marks fewer than MinArticles articles.
type Interval = stats.Estimate

// Moments are the per-article values behind a mean (stats.Moments).
type Moments = stats.Moments

// Key is one compared unit: an outlet, a group, or the pool of the rest.
type Key struct {
	Name string
	// Outlets are its outlets (one for an outlet key).
	Outlets []string
	// Pooled marks the "other outlets" pool.
	Pooled  bool
	Summary *CellSummary
	// Counts are the term counts of its compared paragraphs.
	Counts *terms.Counts
	// Topics holds its share of each topic against the rest of the corpus
	// (topic order; nil without topics). Set for the compared keys.
	Topics []TopicShare
	cells  []Cell
}

// TopicShare is a key's coverage of one topic. Share is the mean of its
// articles' proportions of the topic (each article one value, zeros
// included) with its t-interval; About the share of its articles about the
// topic (a proportion of at least AboutShare) with its Wilson interval,
// and RestAbout the same over every other article of the corpus. Test
// compares About with RestAbout by Fisher's exact test (Measure "topic",
// Target the topic number, B "rest"; Diff the difference of the shares
// with Newcombe's interval; see stats.TTest.CompareProportions).
type TopicShare struct {
	Topic            int
	Share            Interval
	About, RestAbout stats.Proportion
	Test             Difference
}

// Sentiment and the other accessors give the key's figures.
func (k *Key) Sentiment(o *OverviewOptions) Interval  { return o.interval(k.Summary.Sentiment) }
func (k *Key) OwnVoice(o *OverviewOptions) Interval   { return o.interval(k.Summary.OwnVoice) }
func (k *Key) Quoted(o *OverviewOptions) Interval     { return o.interval(k.Summary.Quoted) }
func (k *Key) QuoteShare(o *OverviewOptions) Interval { return o.interval(k.Summary.QuoteShare) }

// Difference is a Welch test between two keys on one measure.
type Difference struct {
	// Measure is "sentiment" or "stance"; Target names the stance target.
	Measure, Target string
	A, B            string
	// Diff is mean(A) − mean(B) with its 95% interval; SE, DF and T the
	// Welch statistic; P the two-sided p-value, PAdjusted after
	// Benjamini–Hochberg over every test of the overview.
	Diff, Lo, Hi, SE, DF, T, P, PAdjusted float64
	NA, NB                                int
	// Tested is false when a side has fewer than MinArticles articles:
	// the row is shown, marked, without a test.
	Tested, Significant bool
	c                   stats.Comparison
}

// Overview is what the report shows, computed from the summaries alone.
type Overview struct {
	Articles, Paragraphs, Undated, Shared int
	First, Last                           time.Time
	// Outlets counts the outlets.
	Outlets int
	// Histogram counts every compared paragraph's sentiment.
	Histogram *stats.Histogram
	// Keys are the compared keys, largest first, the pool last; All holds
	// every outlet (for the exports), largest first.
	Keys, All []*Key
	// Targets are the stance targets shown; Proposed is set when they
	// were proposed from the named entities.
	Targets  []string
	Proposed bool
	// Totals, Phrases and Top describe the corpus's terms.
	Totals  *terms.Counts
	Phrases []terms.Phrase
	Top     []terms.TermCount
	// Compared are the term counts of every compared paragraph (the
	// background of keyness).
	Compared *terms.Counts
	// Distinctive holds each key against the rest and every pair of keys.
	Distinctive []terms.Keyness
	// Differences are the Welch tests between keys.
	Differences []Difference
	// Topics is the corpus's mean proportion of each topic, TopicAbout
	// its share of articles about each (nil without topics); TopicTests
	// counts the tests of the keys' shares against the rest, adjusted by
	// Benjamini–Hochberg as one family of their own.
	Topics     []Interval
	TopicAbout []stats.Proportion
	TopicTests int
	// Granularity and Buckets are the time axis; Series the keys' time
	// series.
	Granularity stats.Granularity
	Buckets     []string
	Series      map[string]*KeySeries
	// Preferences are the competing labels per key, whole period
	// (Period "") and per bucket.
	Preferences []terms.Preference
	// SpeakerFolds maps a short form of a speaker's name to the full name
	// it stands for across the corpus ("Obama" → "Barack Obama"; see
	// quotes.SpeakerFolds); Key.Speakers applies it.
	SpeakerFolds map[string]string
	Opt          OverviewOptions
}

// KeySeries is a key's figures per time bucket.
type KeySeries struct {
	Sentiment map[string]*Moments
	Stance    map[string]map[string]*Moments // target → bucket
	// About[t][bucket] counts the articles about topic t out of all with
	// topics.
	About []map[string]*Count
}

// Count is a number of articles about a topic out of N.
type Count struct{ Hits, N int }

// CorpusKey names the whole corpus in Overview.Series (its topic
// shares over time).
const CorpusKey = "(all)"

func (o *OverviewOptions) defaults() {
	if o.CompareOutlets <= 0 {
		o.CompareOutlets = 12
	}
	if o.MinArticles <= 0 {
		o.MinArticles = 10
	}
	if o.TopTerms <= 0 {
		o.TopTerms = 200
	}
	if o.MaxProposed <= 0 {
		o.MaxProposed = 10
	}
	if o.Keyness.Limit <= 0 {
		o.Keyness.Limit = 50
	}
}

func (o *OverviewOptions) ttest() stats.TTest { return stats.TTest{MinArticles: o.MinArticles} }

// interval returns the mean of m with its 95% t-interval over articles.
func (o *OverviewOptions) interval(m Moments) Interval { return o.ttest().Interval(m) }

// welch compares two keys with Welch's t-test on their per-article values.
func (o *OverviewOptions) welch(measure, target, an, bn string, a, b Moments) Difference {
	c := o.ttest().Compare(a, b)
	return Difference{Measure: measure, Target: target, A: an, B: bn, NA: c.NX, NB: c.NY,
		Diff: c.Diff, Lo: c.Lo, Hi: c.Hi, SE: c.SE, DF: c.DF, T: c.T, P: c.P, PAdjusted: c.Q, Tested: !c.TooFew, c: c}
}

// Build computes the overview from the summaries.
func Build(s *Summaries, opt OverviewOptions) (*Overview, error) {
	opt.defaults()
	ov := &Overview{Opt: opt, Histogram: stats.NewHistogram(histogramBins), Totals: s.Totals}
	// Every outlet, and the keys.
	outlets := map[string]*Key{}
	keys := map[string]*Key{}
	keyOf := func(c Cell) string {
		if !opt.ByGroup {
			return c.Outlet
		}
		if opt.Groups != nil {
			if g, ok := opt.Groups[c.Outlet]; ok {
				return g
			}
			return "(none)"
		}
		return cmp.Or(c.Group, "(none)")
	}
	for _, c := range sortedCellKeys(s.Cells) {
		cs := s.Cells[c]
		for i, m := range []map[string]*Key{outlets, keys} {
			name := c.Outlet
			if i == 1 {
				name = keyOf(c)
			}
			k := m[name]
			if k == nil {
				k = &Key{Name: name, Summary: NewCellSummary()}
				m[name] = k
			}
			k.Summary.Merge(cs)
			k.cells = append(k.cells, c)
			if !slices.Contains(k.Outlets, c.Outlet) {
				k.Outlets = append(k.Outlets, c.Outlet)
			}
		}
		ov.Articles += int(cs.Articles)
		ov.Paragraphs += int(cs.Paragraphs)
		ov.Undated += int(cs.Undated)
		ov.Shared += int(cs.Shared)
		for i, n := range cs.Histogram.Counts {
			ov.Histogram.Counts[i] += n
		}
	}
	ov.Outlets = len(outlets)
	ov.All = sortKeys(outlets)
	ranked := sortKeys(keys)
	n := min(opt.CompareOutlets, len(ranked))
	ov.Keys = ranked[:n]
	if len(ranked) > n {
		pool := &Key{Name: OtherKey, Pooled: true, Summary: NewCellSummary()}
		if opt.ByGroup {
			pool.Name = "other groups"
		}
		for _, k := range ranked[n:] {
			pool.Summary.Merge(k.Summary)
			pool.cells = append(pool.cells, k.cells...)
			pool.Outlets = append(pool.Outlets, k.Outlets...)
		}
		slices.Sort(pool.Outlets)
		ov.Keys = append(ov.Keys, pool)
	}

	// Terms: the corpus's, the compared paragraphs', each shown key's.
	ov.Phrases = terms.Phrases(s.Totals, opt.Phrases)
	ov.Top = terms.Top(s.Totals, ov.Phrases, opt.TopTerms)
	ov.Compared = s.Totals.Clone()
	if s.Shared != nil {
		if err := ov.Compared.Sub(s.Shared); err != nil {
			return nil, fmt.Errorf("overview: compared terms: %w", err)
		}
	}
	for _, k := range ov.Keys {
		if k.Pooled {
			continue
		}
		k.Counts = terms.NewCounts()
		for _, c := range k.cells {
			ct, err := s.Terms(c)
			if err != nil {
				return nil, err
			}
			if ct != nil {
				k.Counts.Merge(ct.Compared)
			}
		}
	}
	if len(ov.Keys) > 0 && ov.Keys[len(ov.Keys)-1].Pooled {
		last := ov.Keys[len(ov.Keys)-1]
		last.Counts = ov.Compared.Clone()
		for _, k := range ov.Keys[:len(ov.Keys)-1] {
			if err := last.Counts.Sub(k.Counts); err != nil {
				return nil, fmt.Errorf("overview: pooled terms: %w", err)
			}
		}
	}
	groups := map[string]*terms.Counts{}
	for _, k := range ov.Keys {
		groups[k.Name] = excludeTerms(k.Counts, opt.Exclude)
	}
	ov.Distinctive = terms.Distinctive(groups, excludeTerms(ov.Compared, opt.Exclude), ov.Phrases, opt.Keyness)
	// A key's own names (its outlets' names and sites) are not its
	// framing: leave them out of its rows.
	own := map[string]*OwnNames{}
	for _, k := range ov.Keys {
		own[k.Name] = NewOwnNames(k.Outlets, k.Summary.Hosts)
	}
	ov.Distinctive = slices.DeleteFunc(ov.Distinctive, func(r terms.Keyness) bool {
		o := own[r.Group]
		return o != nil && o.Has(r.Term)
	})

	// Targets: configured, or proposed from the entities most outlets name.
	if len(opt.Targets) > 0 {
		ov.Targets = slices.Clone(opt.Targets)
	} else {
		ov.Targets = propose(s, opt.MaxProposed)
		ov.Proposed = true
	}

	// Tests between every pair of keys, on sentiment and each target.
	for i, a := range ov.Keys {
		for _, b := range ov.Keys[i+1:] {
			ov.Differences = append(ov.Differences, opt.welch("sentiment", "", a.Name, b.Name, a.Summary.Sentiment, b.Summary.Sentiment))
			for _, t := range ov.Targets {
				sa, sb := a.Summary.Stance[t], b.Summary.Stance[t]
				if sa == nil || sb == nil {
					continue
				}
				ov.Differences = append(ov.Differences, opt.welch("stance", t, a.Name, b.Name, sa.All, sb.All))
			}
		}
	}
	// Benjamini–Hochberg over every test the pages show.
	cs := make([]stats.Comparison, len(ov.Differences))
	for i, d := range ov.Differences {
		cs[i] = d.c
	}
	stats.AdjustFamily(cs)
	for i := range ov.Differences {
		d := &ov.Differences[i]
		d.PAdjusted = cs[i].Q
		d.Significant = d.Tested && cs[i].Q <= 0.05
	}

	ov.topics(s)

	// Speakers fold over the whole corpus.
	all := map[string]int{}
	for _, cs := range s.Cells {
		for name, n := range cs.Speakers {
			all[name] += int(n)
		}
	}
	ov.SpeakerFolds = quotes.SpeakerFolds(all)

	// Dates and time series.
	if err := ov.series(s, keyOf); err != nil {
		return nil, err
	}
	return ov, nil
}

// series reads the day summaries for the date range, the time series of
// the shown keys and the competing labels.
func (ov *Overview) series(s *Summaries, keyOf func(Cell) string) error {
	if s.Days == nil {
		return nil
	}
	shown := map[string]string{} // key name of a cell's key → shown key
	pooled := ""
	for _, k := range ov.Keys {
		if k.Pooled {
			pooled = k.Name
		}
	}
	for _, k := range ov.Keys {
		if !k.Pooled {
			shown[k.Name] = k.Name
		}
	}
	target := func(c Cell) string {
		if k, ok := shown[keyOf(c)]; ok {
			return k
		}
		return pooled
	}
	// First pass: the date range.
	var first, last string
	err := s.Days(func(day string, c Cell, d *DaySummary) error {
		if day != "" && d.Articles > 0 {
			if first == "" || day < first {
				first = day
			}
			if day > last {
				last = day
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if first != "" {
		ov.First, _ = time.Parse(time.DateOnly, first)
		ov.Last, _ = time.Parse(time.DateOnly, last)
		ov.Granularity = stats.ChooseGranularity(ov.First, ov.Last)
		ov.Buckets = ov.Granularity.Keys(ov.First, ov.Last)
	}
	ov.Series = map[string]*KeySeries{}
	type lk struct{ key, period string }
	labels := map[lk]map[string]int64{}
	err = s.Days(func(day string, c Cell, d *DaySummary) error {
		name := target(c)
		if name == "" {
			return nil
		}
		bucket := ""
		if day != "" && first != "" {
			t, err := time.Parse(time.DateOnly, day)
			if err != nil {
				return fmt.Errorf("day summary %q: %w", day, err)
			}
			bucket = ov.Granularity.Key(t)
		}
		periods := []string{""}
		if bucket != "" {
			periods = append(periods, bucket)
		}
		for _, period := range periods {
			k := lk{name, period}
			if labels[k] == nil {
				labels[k] = map[string]int64{}
			}
			mergeCounts(labels[k], d.Labels, 1)
		}
		if bucket == "" {
			return nil
		}
		ks := ov.keySeries(name)
		if k := ov.Opt.Topics; k > 0 && d.TopicDocs > 0 {
			all := ov.keySeries(CorpusKey)
			for t := range k {
				addCount(all.About[t], bucket, int(d.About(t)), int(d.TopicDocs))
				addCount(ks.About[t], bucket, int(d.About(t)), int(d.TopicDocs))
			}
		}
		m := ks.Sentiment[bucket]
		if m == nil {
			m = &Moments{}
			ks.Sentiment[bucket] = m
		}
		m.Merge(d.Sentiment)
		for t, sm := range d.Stance {
			if !slices.Contains(ov.Targets, t) {
				continue
			}
			if ks.Stance[t] == nil {
				ks.Stance[t] = map[string]*Moments{}
			}
			x := ks.Stance[t][bucket]
			if x == nil {
				x = &Moments{}
				ks.Stance[t][bucket] = x
			}
			x.Merge(*sm)
		}
		return nil
	})
	if err != nil {
		return err
	}
	keys := slices.SortedFunc(maps.Keys(labels), func(a, b lk) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.period, b.period))
	})
	var tkeys []terms.Key
	for _, k := range keys {
		tkeys = append(tkeys, terms.Key{Outlet: k.key, Day: k.period})
	}
	ov.Preferences = terms.PreferencesFrom(tkeys, func(k terms.Key, term string) int64 {
		return labels[lk{k.Outlet, k.Day}][term]
	}, ov.Opt.LabelPairs, func(day string) (string, bool) { return day, true })
	return nil
}

// keySeries returns the series of a key, made on first use.
func (ov *Overview) keySeries(name string) *KeySeries {
	ks := ov.Series[name]
	if ks == nil {
		ks = &KeySeries{Sentiment: map[string]*Moments{}, Stance: map[string]map[string]*Moments{}}
		for range ov.Opt.Topics {
			ks.About = append(ks.About, map[string]*Count{})
		}
		ov.Series[name] = ks
	}
	return ks
}

// addCount adds hits of n to s[bucket].
func addCount(s map[string]*Count, bucket string, hits, n int) {
	x := s[bucket]
	if x == nil {
		x = &Count{}
		s[bucket] = x
	}
	x.Hits += hits
	x.N += n
}

// Proportion returns the share of c with its Wilson interval under the
// overview's options.
func (ov *Overview) Proportion(c Count) stats.Proportion {
	return ov.Opt.ttest().Proportion(c.Hits, c.N)
}

// topics computes the corpus's topic shares and each compared key's
// against the rest, with Fisher's exact tests of the shares of articles
// about each topic (see AboutShare) adjusted by Benjamini–Hochberg
// over the keys and topics: a family of its own, as the agenda (what
// outlets cover) is another question than the framing (how).
func (ov *Overview) topics(s *Summaries) {
	k := ov.Opt.Topics
	if k <= 0 {
		return
	}
	tt := ov.Opt.ttest()
	all := make([]Moments, k)
	about := make([]int, k)
	docs := 0
	for _, c := range sortedCellKeys(s.Cells) {
		cs := s.Cells[c]
		docs += int(cs.TopicDocs)
		for t := range k {
			all[t].Merge(cs.Topic(t))
			about[t] += int(cs.About(t))
		}
	}
	for t := range k {
		ov.Topics = append(ov.Topics, ov.Opt.interval(all[t]))
		ov.TopicAbout = append(ov.TopicAbout, tt.Proportion(about[t], docs))
	}
	var cs []stats.Comparison
	for _, key := range ov.Keys {
		key.Topics = make([]TopicShare, k)
		n := int(key.Summary.TopicDocs)
		for t := range k {
			hits := int(key.Summary.About(t))
			c := tt.CompareProportions(hits, n, about[t]-hits, docs-n)
			d := Difference{Measure: "topic", Target: fmt.Sprint(t), A: key.Name, B: "rest", NA: c.NX, NB: c.NY,
				Diff: c.Diff, Lo: c.Lo, Hi: c.Hi, SE: c.SE, DF: c.DF, T: c.T, P: c.P, PAdjusted: c.Q, Tested: !c.TooFew, c: c}
			key.Topics[t] = TopicShare{Topic: t, Share: ov.Opt.interval(key.Summary.Topic(t)),
				About: tt.Proportion(hits, n), RestAbout: tt.Proportion(about[t]-hits, docs-n), Test: d}
			cs = append(cs, c)
		}
	}
	stats.AdjustFamily(cs)
	i := 0
	for _, key := range ov.Keys {
		for t := range key.Topics {
			d := &key.Topics[t].Test
			d.c = cs[i]
			d.PAdjusted = cs[i].Q
			d.Significant = d.Tested && cs[i].Q <= 0.05
			if d.Tested {
				ov.TopicTests++
			}
			i++
		}
	}
}

// Speakers returns the key's quotations per speaker, short forms of a
// name folded into the full name as the overview's SpeakerFolds say.
func (ov *Overview) Speakers(k *Key) map[string]int64 {
	out := make(map[string]int64, len(k.Summary.Speakers))
	for name, n := range k.Summary.Speakers {
		if full, ok := ov.SpeakerFolds[name]; ok {
			name = full
		}
		out[name] += n
	}
	return out
}

// Interval returns the interval of m under the overview's options.
func (ov *Overview) Interval(m Moments) Interval { return ov.Opt.interval(m) }

func sortedCellKeys(m map[Cell]*CellSummary) []Cell {
	return slices.SortedFunc(maps.Keys(m), func(a, b Cell) int { return strings.Compare(a.Key(), b.Key()) })
}

// sortKeys orders keys by articles (most first), then name.
func sortKeys(m map[string]*Key) []*Key {
	out := slices.Collect(maps.Values(m))
	slices.SortFunc(out, func(a, b *Key) int {
		return cmp.Or(cmp.Compare(b.Summary.Articles, a.Summary.Articles), strings.Compare(a.Name, b.Name))
	})
	for _, k := range out {
		slices.Sort(k.Outlets)
	}
	return out
}

// excludeTerms returns c without the excluded terms (words, and phrases
// containing one), or c itself when none is excluded.
func excludeTerms(c *terms.Counts, exclude map[string]bool) *terms.Counts {
	if len(exclude) == 0 || c == nil {
		return c
	}
	out := c.Clone()
	out.Drop(func(term string) bool {
		if exclude[term] {
			return true
		}
		if p, ok := terms.SplitPhrase(term); ok {
			return exclude[p.A] || exclude[p.B]
		}
		return false
	})
	return out
}

// propose picks n targets among the 4n entities named in the most
// articles: those named by the most outlets first.
func propose(s *Summaries, n int) []string {
	type cand struct {
		name              string
		articles, outlets int64
	}
	var cands []cand
	for name, t := range s.Entities {
		cands = append(cands, cand{name: name, articles: t.Articles})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.articles, a.articles), strings.Compare(a.name, b.name))
	})
	cands = cands[:min(len(cands), 4*n)]
	outlets := map[string]map[string]bool{}
	for c, cs := range s.Cells {
		for i := range cands {
			if cs.Entities[cands[i].name] > 0 {
				if outlets[cands[i].name] == nil {
					outlets[cands[i].name] = map[string]bool{}
				}
				outlets[cands[i].name][c.Outlet] = true
			}
		}
	}
	for i := range cands {
		cands[i].outlets = int64(len(outlets[cands[i].name]))
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.outlets, a.outlets) })
	out := make([]string, 0, n)
	for _, c := range cands[:min(len(cands), n)] {
		out = append(out, c.name)
	}
	return out
}
