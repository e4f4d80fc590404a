package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stats"
	"newsframe/analysis/terms"
	"newsframe/analysis/topics"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/reports"
)

// histogramBins is the number of bins of the report's sentiment histogram.
const histogramBins = 40

// modelInputs is what the report model is built from besides the overview.
type modelInputs struct {
	opt      *runOptions
	problems []reportProblem
	bad      int
	stories  int
	pages    []pageArticle
	story    []storyPage
	network  *topics.Model
	// topics is the topic model, topicArticles the representative
	// articles its pages list.
	topics        *topicView
	topicArticles map[string]topicArticle
	cooc          *terms.Cooccur
	// levels are the label thresholds used, levelsSource where they come
	// from.
	levels       sentiment.Levels
	levelsSource string
}

type reportProblem struct {
	Path, Kind, Reason string
	Line               int
}

// pageArticle is an article given a page: its stored rows.
type pageArticle struct {
	Article    article.ArticleRow
	Paragraphs []article.ParagraphRow
}

// storyPage is a story given a page, with its members.
type storyPage struct {
	Story   catalog.Story
	Members []catalog.Article
}

// buildModel fills the report model. Every list comes sorted, so the model
// is deterministic.
func buildModel(ov *aggregate.Overview, in modelInputs) *reports.Model {
	opt := in.opt
	m := &reports.Model{Title: "newsframe report"}
	m.Settings = []reports.Setting{
		{Name: "corpus", Value: corpusName(opt)},
		{Name: "top terms", Value: fmt.Sprint(opt.topTerms)},
		{Name: "co-occurrence window", Value: windowName(opt.window)},
		{Name: "wire copy in comparisons", Value: map[bool]string{true: "included", false: "excluded"}[opt.includeShared]},
		{Name: "targets", Value: targetsName(ov, opt)},
		{Name: "compared", Value: comparedName(comparison(ov, opt))},
		{Name: "tests", Value: fmt.Sprintf("Welch's t-test on article means, no test below %d articles a side, Benjamini-Hochberg over %d tests", ov.Opt.MinArticles, testsRun(ov))},
		{Name: "label thresholds", Value: levelsName(in.levels, in.levelsSource)},
	}
	m.Summary = reports.Summary{Articles: ov.Articles, Paragraphs: ov.Paragraphs, Outlets: ov.Outlets,
		Undated: ov.Undated, Skipped: in.bad, Stories: in.stories}
	if !ov.First.IsZero() {
		m.Summary.First = ov.First.UTC().Format(time.DateOnly)
		m.Summary.Last = ov.Last.UTC().Format(time.DateOnly)
	}
	for _, p := range in.problems {
		m.Skipped = append(m.Skipped, reports.Skipped{Path: p.Path, Line: p.Line, Kind: p.Kind, Reason: p.Reason})
	}
	m.Histogram = histogram(ov.Histogram)
	m.Targets = ov.Targets
	m.TargetsProposed = ov.Proposed
	m.TimeUnit = ov.Granularity.String()
	m.Buckets = ov.Buckets

	topicOf := func(string) int { return -1 }
	if in.network != nil {
		for _, t := range in.network.Topics {
			m.Communities = append(m.Communities, reports.Community{Label: t.Label, Terms: t.Terms})
		}
		topicOf = func(term string) int {
			if k, ok := in.network.Of(term); ok {
				return k
			}
			return -1
		}
	}
	m.Comparison = comparison(ov, opt)
	m.AllOutlets = allOutlets(ov)
	dist := map[string][]reports.Distinctive{}
	for _, k := range ov.Distinctive {
		if k.Versus == terms.Rest && k.Z > 0 && len(dist[k.Group]) < 30 {
			dist[k.Group] = append(dist[k.Group], reports.Distinctive{Term: k.Term, Count: int(k.Count), Z: k.Z})
		}
	}
	for _, k := range ov.Keys {
		s := k.Summary
		ro := reports.Outlet{Name: k.Name, Pooled: k.Pooled, Articles: int(s.Articles), Paragraphs: int(s.Paragraphs), Undated: int(s.Undated),
			Sentiment: withObs(interval(k.Sentiment(&ov.Opt)), s.Compared), OwnVoice: interval(k.OwnVoice(&ov.Opt)), Quoted: interval(k.Quoted(&ov.Opt)),
			QuoteShare: interval(k.QuoteShare(&ov.Opt)), SharedParagraphs: int(s.Shared), TotalParagraphs: int(s.Paragraphs),
			Distinctive: dist[k.Name]}
		if k.Pooled || ov.Opt.ByGroup {
			ro.Members = slices.Clone(k.Outlets)
		}
		b := s.Histogram.Box()
		ro.Box = reports.Box{Min: b.Min, Q1: b.Q1, Median: b.Median, Q3: b.Q3, Max: b.Max}
		for _, t := range ov.Targets {
			if st := s.Stance[t]; st != nil {
				ro.Stance = append(ro.Stance, reports.TargetStance{Target: t, Mentions: int(st.Mentions),
					All: withObs(interval(ov.Interval(st.All)), st.Paragraphs), OwnVoice: interval(ov.Interval(st.OwnVoice)), Quoted: interval(ov.Interval(st.Quoted))})
			}
		}
		if k.Counts != nil {
			for _, tc := range terms.Top(k.Counts, ov.Phrases, 30) {
				ro.TopTerms = append(ro.TopTerms, reports.TermCount{Term: tc.Term, Count: int(tc.TF)})
			}
		}
		for _, sp := range topSpeakers(ov.Speakers(k), 15) {
			ro.Speakers = append(ro.Speakers, sp)
		}
		if ks := ov.Series[k.Name]; ks != nil {
			ro.SentimentTime = seriesPoints(ov, ks.Sentiment)
			for _, t := range ov.Targets {
				if st := ks.Stance[t]; len(st) > 0 {
					ro.StanceTime = append(ro.StanceTime, reports.Series{Name: t, Points: seriesPoints(ov, st)})
				}
			}
		}
		m.Outlets = append(m.Outlets, ro)
	}
	if in.cooc != nil {
		m.Cooccurrence, m.Network = cooccurrence(in.cooc, ov.Top, topicOf)
	}
	m.Wire = reports.Wire{Excluded: !opt.includeShared, Shared: ov.Shared, Total: ov.Paragraphs}
	m.LabelPairs = labelPairs(ov.Preferences)
	m.Differences = differences(ov)
	for _, sp := range in.story {
		m.Stories = append(m.Stories, story(sp))
	}
	for _, a := range in.pages {
		m.Articles = append(m.Articles, articlePage(a))
	}
	if in.topics != nil {
		fillTopics(m, ov, in.topics, in.topicArticles)
	}
	return m
}

// comparison says what the pages compare.
func comparison(ov *aggregate.Overview, opt *runOptions) reports.Comparison {
	c := reports.Comparison{Unit: "outlets", MinArticles: ov.Opt.MinArticles, Tests: testsRun(ov), OutletsCSV: "outlets.csv"}
	if ov.Opt.ByGroup {
		c.Unit = "groups"
		if ov.Opt.Groups != nil {
			c.GroupsFile = opt.data.groups
		} else {
			c.Field = opt.compareBy
		}
	}
	for _, k := range ov.Keys {
		if k.Pooled {
			c.Pooled, c.PooledName = len(k.Outlets), k.Name
		} else {
			c.Shown++
		}
	}
	return c
}

// allOutlets lists every outlet with the compared keys its articles
// count toward.
func allOutlets(ov *aggregate.Overview) []reports.OutletSummary {
	keys := map[string][]string{}
	for _, k := range ov.Keys {
		for _, o := range k.Outlets {
			keys[o] = append(keys[o], k.Name)
		}
	}
	out := make([]reports.OutletSummary, 0, len(ov.All))
	for _, k := range ov.All {
		s := k.Summary
		out = append(out, reports.OutletSummary{Name: k.Name, Keys: keys[k.Name], Articles: int(s.Articles), Paragraphs: int(s.Paragraphs),
			Undated: int(s.Undated), Sentiment: withObs(interval(k.Sentiment(&ov.Opt)), s.Compared)})
	}
	return out
}

func testsRun(ov *aggregate.Overview) int {
	n := 0
	for _, d := range ov.Differences {
		if d.Tested {
			n++
		}
	}
	return n
}

// comparedName says what is compared, for the settings table.
func comparedName(c reports.Comparison) string {
	s := fmt.Sprintf("all %d %s", c.Shown, c.Unit)
	if c.Pooled > 0 {
		s = fmt.Sprintf("the %d largest %s; the other %d outlets pooled as %q (every outlet is in %s)", c.Shown, c.Unit, c.Pooled, c.PooledName, c.OutletsCSV)
	}
	switch {
	case c.Field != "":
		s += fmt.Sprintf(", groups formed by the article field %q", c.Field)
	case c.GroupsFile != "":
		s += ", groups from " + c.GroupsFile
	}
	return s
}

// levelsName describes the label thresholds of a run: the rule, the
// thresholds of each level and where they come from.
func levelsName(levels sentiment.Levels, source string) string {
	var b strings.Builder
	b.WriteString("negative below the first value, positive above the second, else neutral: ")
	for i, l := range sentiment.AllLevels() {
		t, _ := levels.Get(l)
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %g, %g", strings.ReplaceAll(string(l), "_", " "), t.Negative, t.Positive)
	}
	fmt.Fprintf(&b, " (%s)", source)
	return b.String()
}

func corpusName(opt *runOptions) string {
	if len(opt.corpus) == 0 {
		return "embedded sample"
	}
	return strings.Join(opt.corpus, ", ")
}

func windowName(w int) string {
	if w == 0 {
		return "off (paragraphs only)"
	}
	return fmt.Sprintf("%d term positions", w)
}

func targetsName(ov *aggregate.Overview, opt *runOptions) string {
	if ov.Proposed {
		return "proposed from named entities (none configured)"
	}
	if opt.data.targetsFile != "" {
		return opt.data.targetsFile
	}
	return "from --target flags"
}

func histogram(h *stats.Histogram) reports.Histogram {
	out := reports.Histogram{Edges: make([]float64, histogramBins+1), Counts: make([]int, histogramBins)}
	for i := range out.Edges {
		out.Edges[i] = -1 + 2*float64(i)/histogramBins
	}
	if h == nil {
		return out
	}
	for i, c := range h.Counts {
		if c == 0 {
			continue
		}
		centre := -1 + (float64(i)+0.5)*h.Width()
		k := min(int((centre+1)/2*histogramBins), histogramBins-1)
		out.Counts[k] += int(c)
	}
	return out
}

// interval converts an overview interval for the report (paragraphs
// unknown: Obs 0).
func interval(iv aggregate.Interval) reports.Interval {
	return reports.Interval{Mean: iv.Mean, Lo: iv.Lo, Hi: iv.Hi, N: iv.N, Sparse: iv.TooFew}
}

// withObs sets the paragraphs behind an interval.
func withObs(iv reports.Interval, paragraphs int64) reports.Interval {
	iv.Obs = int(paragraphs)
	return iv
}

func seriesPoints(ov *aggregate.Overview, m map[string]*aggregate.Moments) []reports.Point {
	var out []reports.Point
	for _, b := range ov.Buckets {
		if x := m[b]; x != nil && x.N() > 0 {
			out = append(out, reports.Point{Bucket: b, Value: interval(ov.Interval(*x))})
		}
	}
	return out
}

func topSpeakers(m map[string]int64, n int) []reports.Speaker {
	var out []reports.Speaker
	for name, q := range m {
		if q > 0 {
			out = append(out, reports.Speaker{Name: name, Quotes: int(q)})
		}
	}
	slices.SortFunc(out, func(a, b reports.Speaker) int {
		if a.Quotes != b.Quotes {
			return b.Quotes - a.Quotes
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out[:min(len(out), n)]
}

// cooccurrence builds the heat map table and the term network over the
// top terms.
func cooccurrence(co *terms.Cooccur, top []terms.TermCount, topicOf func(string) int) (reports.Cooccurrence, reports.Network) {
	vocab := terms.TermsOf(top)
	r, err := co.Restrict(vocab)
	if err != nil {
		return reports.Cooccurrence{}, reports.Network{}
	}
	counts := r.Matrix()
	npmi := r.NPMI()
	n := len(vocab)
	c := reports.Cooccurrence{Terms: vocab, Counts: make([][]int, n), NPMI: make([][]float64, n)}
	for i := range n {
		c.Counts[i] = make([]int, n)
		c.NPMI[i] = make([]float64, n)
		for j := range n {
			c.Counts[i][j] = int(counts.At(i, j))
			c.NPMI[i][j] = npmi.At(i, j)
		}
	}
	var net reports.Network
	for _, t := range top {
		net.Nodes = append(net.Nodes, reports.Node{Term: t.Term, Count: int(t.TF), Community: topicOf(t.Term)})
	}
	type edge struct {
		a, b  int
		npmi  float64
		count int
	}
	var edges []edge
	for i := range n {
		for j := i + 1; j < n; j++ {
			if cnt := counts.At(i, j); cnt >= 3 && npmi.At(i, j) > 0 {
				edges = append(edges, edge{i, j, npmi.At(i, j), int(cnt)})
			}
		}
	}
	sort.Slice(edges, func(x, y int) bool {
		if edges[x].npmi != edges[y].npmi {
			return edges[x].npmi > edges[y].npmi
		}
		if edges[x].a != edges[y].a {
			return edges[x].a < edges[y].a
		}
		return edges[x].b < edges[y].b
	})
	for _, e := range edges {
		net.Edges = append(net.Edges, reports.Edge{A: e.a, B: e.b, NPMI: e.npmi, Count: e.count})
	}
	return c, net
}

// differences converts the Welch tests for the report.
func differences(ov *aggregate.Overview) []reports.Difference {
	means := map[[2]string]aggregate.Interval{}
	for _, k := range ov.Keys {
		means[[2]string{k.Name, ""}] = k.Sentiment(&ov.Opt)
		for t, st := range k.Summary.Stance {
			means[[2]string{k.Name, t}] = ov.Interval(st.All)
		}
	}
	out := make([]reports.Difference, 0, len(ov.Differences))
	for _, d := range ov.Differences {
		out = append(out, reports.Difference{Measure: d.Measure, Target: d.Target, OutletA: d.A, OutletB: d.B,
			A: interval(means[[2]string{d.A, d.Target}]), B: interval(means[[2]string{d.B, d.Target}]),
			Diff: d.Diff, Lo: d.Lo, Hi: d.Hi, P: d.P, PAdjusted: d.PAdjusted, Tested: d.Tested, Significant: d.Significant,
			TooFew: d.NA < ov.Opt.MinArticles || d.NB < ov.Opt.MinArticles})
	}
	return out
}

func labelPairs(prefs []terms.Preference) []reports.LabelPair {
	var out []reports.LabelPair
	index := map[string]int{}
	for _, p := range prefs {
		k, ok := index[p.Pair]
		if !ok {
			a, b, _ := strings.Cut(p.Pair, " / ")
			k = len(out)
			index[p.Pair] = k
			out = append(out, reports.LabelPair{A: a, B: b})
		}
		out[k].Uses = append(out[k].Uses, reports.LabelUse{Outlet: p.Outlet, Period: p.Period,
			A: int(p.A), B: int(p.B), Share: p.ShareA})
	}
	return out
}

// story builds a story page from its catalog row and members.
func story(sp storyPage) reports.Story {
	st := sp.Story
	rs := reports.Story{ID: st.ID, Label: st.Title}
	if rs.Label == "" {
		rs.Label = st.Label
	}
	if !st.First.IsZero() {
		rs.First = st.First.UTC().Format(time.DateOnly)
	}
	type cov struct {
		n     int
		first time.Time
	}
	byOutlet := map[string]*cov{}
	var outlets []string
	for _, a := range sp.Members {
		sa := reports.StoryArticle{ID: a.ID, Title: a.Title, Outlet: a.Outlet}
		if !a.Published.IsZero() {
			sa.Published = a.Published.UTC().Format(time.DateOnly)
		}
		rs.Articles = append(rs.Articles, sa)
		c := byOutlet[a.Outlet]
		if c == nil {
			c = &cov{}
			byOutlet[a.Outlet] = c
			outlets = append(outlets, a.Outlet)
		}
		c.n++
		if !a.Published.IsZero() && (c.first.IsZero() || a.Published.Before(c.first)) {
			c.first = a.Published
		}
	}
	slices.Sort(outlets)
	for _, o := range outlets {
		c := byOutlet[o]
		so := reports.StoryOutlet{Outlet: o, Articles: c.n}
		if !c.first.IsZero() && !st.First.IsZero() {
			so.LagHours, so.LagKnown = c.first.Sub(st.First).Hours(), true
		}
		rs.Outlets = append(rs.Outlets, so)
	}
	return rs
}

// byteOffsets converts code-point offsets of s to byte offsets (the
// report's pages slice Go strings).
type byteOffsets struct {
	s       string
	cp, off int
}

func (b *byteOffsets) at(cp int32) int {
	if int(cp) < b.cp {
		b.cp, b.off = 0, 0
	}
	for b.cp < int(cp) && b.off < len(b.s) {
		_, size := utf8.DecodeRuneInString(b.s[b.off:])
		b.off += size
		b.cp++
	}
	return b.off
}

func articlePage(a pageArticle) reports.Article {
	ar := a.Article
	ra := reports.Article{ID: ar.ArticleID, Title: ar.Title, Outlet: ar.Outlet, Author: ar.Author, URL: ar.URL,
		Source: ar.Source, StoryID: ar.StoryID, Sentiment: ar.SentimentMean, Label: ar.SentimentLabel, Published: ar.Day()}
	for _, s := range ar.Stance {
		ra.Stance = append(ra.Stance, reports.ArticleStance{Target: s.Target, Label: s.Label, Score: s.Score, Mentions: int(s.Mentions)})
	}
	for _, t := range ar.Topics {
		ra.Topics = append(ra.Topics, reports.ArticleTopic{Topic: int(t.Topic), Weight: t.Weight})
	}
	for _, p := range a.Paragraphs {
		bo := &byteOffsets{s: p.Text}
		cue := func(c article.Cue) reports.Cue {
			return reports.Cue{Start: bo.at(c.Start), End: bo.at(c.End), Weight: c.Weight}
		}
		rp := reports.Paragraph{Text: p.Text, Score: p.SentimentScore, Label: p.SentimentLabel, Shared: p.Shared}
		for _, c := range p.SentimentCues {
			rp.Cues = append(rp.Cues, cue(c))
		}
		for _, s := range p.Stance {
			ps := reports.ParagraphStance{Target: s.Target, Label: s.Label, Score: s.Score, Quoted: s.Quoted, Speaker: s.Speaker}
			for _, c := range s.Cues {
				ps.Cues = append(ps.Cues, cue(c))
			}
			rp.Stances = append(rp.Stances, ps)
		}
		for _, q := range p.Quotes {
			rp.Quotes = append(rp.Quotes, reports.Quote{Start: bo.at(q.Start), End: bo.at(q.End), Speaker: q.Speaker})
		}
		ra.Paragraphs = append(ra.Paragraphs, rp)
	}
	return ra
}
