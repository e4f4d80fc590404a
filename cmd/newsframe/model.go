package main

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"newsframe/analysis/pipeline"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stats"
	"newsframe/analysis/terms"
	"newsframe/reports"
)

// histogramBins is the number of bins of the report's sentiment histogram.
const histogramBins = 40

// buildModel fills the report model from the aggregation. Every list comes
// out of the Overview already sorted, so the model is deterministic.
func buildModel(ov *pipeline.Overview, pages []*pipeline.Article, opt *runOptions, ing *ingestResult, bad int,
	levels sentiment.Levels, levelsSource string) *reports.Model {
	m := &reports.Model{Title: "newsframe report"}
	m.Settings = []reports.Setting{
		{Name: "corpus", Value: corpusName(opt)},
		{Name: "top terms", Value: fmt.Sprint(opt.topTerms)},
		{Name: "co-occurrence window", Value: windowName(opt.window)},
		{Name: "wire copy in comparisons", Value: map[bool]string{true: "included", false: "excluded"}[opt.includeShared]},
		{Name: "targets", Value: targetsName(ov, opt)},
		{Name: "label thresholds", Value: levelsName(levels, levelsSource)},
	}
	m.Summary = reports.Summary{Articles: ov.Articles, Paragraphs: ov.Paragraphs, Outlets: len(ov.Outlets),
		Undated: ov.Undated, Skipped: bad, Stories: len(ov.Stories)}
	if !ov.First.IsZero() {
		m.Summary.First = ov.First.UTC().Format(time.DateOnly)
		m.Summary.Last = ov.Last.UTC().Format(time.DateOnly)
	}
	for _, p := range ing.problems {
		if p.Warning {
			continue
		}
		m.Skipped = append(m.Skipped, reports.Skipped{Path: p.Path, Line: p.Line, Kind: p.Kind, Reason: p.Reason})
	}
	m.Histogram = histogram(ov.Histogram)
	m.Targets = ov.Targets
	m.TargetsProposed = len(ov.Proposed) > 0
	m.TimeUnit = ov.Granularity.String()
	m.Buckets = ov.Buckets

	var topicIndex func(string) int
	if ov.Topics != nil {
		for _, t := range ov.Topics.Topics {
			m.Topics = append(m.Topics, reports.Topic{Label: t.Label, Terms: t.Terms})
		}
		topicIndex = func(term string) int {
			if k, ok := ov.Topics.Of(term); ok {
				return k
			}
			return -1
		}
	} else {
		topicIndex = func(string) int { return -1 }
	}

	dist := map[string][]reports.Distinctive{}
	for _, k := range ov.Distinctive {
		if k.Versus == terms.Rest && k.Z > 0 && len(dist[k.Group]) < 30 {
			dist[k.Group] = append(dist[k.Group], reports.Distinctive{Term: k.Term, Count: int(k.Count), Z: k.Z})
		}
	}
	for _, o := range ov.Outlets {
		ro := reports.Outlet{Name: o.Name, Articles: o.Articles, Paragraphs: o.Paragraphs, Undated: o.Undated,
			Sentiment: interval(o.Sentiment), OwnVoice: interval(o.OwnVoice), Quoted: interval(o.Quoted),
			Box:        reports.Box{Min: o.Box.Min, Q1: o.Box.Q1, Median: o.Box.Median, Q3: o.Box.Q3, Max: o.Box.Max},
			QuoteShare: interval(o.QuoteShare), SharedParagraphs: o.Shared, TotalParagraphs: o.Paragraphs,
			Distinctive: dist[o.Name]}
		for _, ts := range o.Stance {
			ro.Stance = append(ro.Stance, targetStance(ts))
		}
		for _, tc := range terms.Top(o.Counts, ov.Phrases, 30) {
			ro.TopTerms = append(ro.TopTerms, reports.TermCount{Term: tc.Term, Count: int(tc.TF)})
		}
		for t, iv := range o.TopicShares {
			ro.Topics = append(ro.Topics, reports.TopicShare{Topic: t, Share: interval(iv)})
		}
		for _, s := range o.Speakers {
			ro.Speakers = append(ro.Speakers, reports.Speaker{Name: s.Name, Quotes: s.Quotes})
		}
		ro.SentimentTime = points(o.SentimentTime)
		for ti, series := range o.StanceTime {
			if len(series) > 0 {
				ro.StanceTime = append(ro.StanceTime, reports.Series{Name: ov.Targets[ti], Points: points(series)})
			}
		}
		for ti, series := range o.TopicTime {
			if len(series) > 0 && ti < len(m.Topics) {
				ro.TopicTime = append(ro.TopicTime, reports.Series{Name: m.Topics[ti].Label, Points: points(series)})
			}
		}
		m.Outlets = append(m.Outlets, ro)
	}

	if ov.Cooccur != nil {
		m.Cooccurrence, m.Network = cooccurrence(ov, topicIndex)
	}
	m.Wire = reports.Wire{Excluded: !ov.IncludeShared, Shared: ov.Shared, Total: ov.Paragraphs}
	m.LabelPairs = labelPairs(ov)
	m.Differences = differences(ov)

	for i, st := range ov.Stories {
		if i >= opt.storyPages {
			break
		}
		m.Stories = append(m.Stories, story(st, ov.Titles))
	}
	for _, a := range pages {
		m.Articles = append(m.Articles, articlePage(a, ov))
	}
	return m
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

func targetsName(ov *pipeline.Overview, opt *runOptions) string {
	if len(ov.Proposed) > 0 {
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
	// The fine histogram's bins nest in the coarse ones: count each fine
	// bin at its centre.
	for i, c := range h.Counts {
		if c == 0 {
			continue
		}
		centre := -1 + (float64(i)+0.5)*h.Width()
		k := int((centre + 1) / 2 * histogramBins)
		if k >= histogramBins {
			k = histogramBins - 1
		}
		out.Counts[k] += int(c)
	}
	return out
}

func targetStance(ts pipeline.TargetStance) reports.TargetStance {
	return reports.TargetStance{Target: ts.Target, Mentions: ts.Mentions, All: interval(ts.All),
		OwnVoice: interval(ts.OwnVoice), Quoted: interval(ts.Quoted)}
}

func points(bv []pipeline.BucketValue) []reports.Point {
	out := make([]reports.Point, len(bv))
	for i, b := range bv {
		out[i] = reports.Point{Bucket: b.Bucket, Value: interval(b.Value)}
	}
	return out
}

// cooccurrence builds the heat map table and the term network.
func cooccurrence(ov *pipeline.Overview, topicOf func(string) int) (reports.Cooccurrence, reports.Network) {
	vocab := ov.Cooccur.Vocab()
	counts := ov.Cooccur.Matrix()
	npmi := ov.Cooccur.NPMI()
	n := len(vocab)
	c := reports.Cooccurrence{Terms: vocab, Counts: make([][]int, n), NPMI: make([][]float64, n)}
	for i := 0; i < n; i++ {
		c.Counts[i] = make([]int, n)
		c.NPMI[i] = make([]float64, n)
		for j := 0; j < n; j++ {
			c.Counts[i][j] = int(counts.At(i, j))
			c.NPMI[i][j] = npmi.At(i, j)
		}
	}
	var net reports.Network
	for i, t := range ov.Top {
		net.Nodes = append(net.Nodes, reports.Node{Term: t.Term, Count: int(t.TF), Topic: topicOf(t.Term)})
		_ = i
	}
	type edge struct {
		a, b  int
		npmi  float64
		count int
	}
	var edges []edge
	for i := 0; i < n; i++ {
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

// differences converts the pairwise outlet tests, in the Overview's order
// (outlet pairs in outlet order, sentiment then each target).
func differences(ov *pipeline.Overview) []reports.Difference {
	out := make([]reports.Difference, 0, len(ov.Differences))
	for _, d := range ov.Differences {
		rd := reports.Difference{Measure: d.Measure, OutletA: d.A, OutletB: d.B,
			A: interval(d.X), B: interval(d.Y), Diff: d.Diff, Lo: d.Lo, Hi: d.Hi,
			P: d.P, PAdjusted: d.PAdjusted, Significant: d.Significant, TooFew: d.TooFew}
		if t, ok := strings.CutPrefix(d.Measure, "stance: "); ok {
			rd.Measure, rd.Target = "stance", t
		}
		out = append(out, rd)
	}
	return out
}

func labelPairs(ov *pipeline.Overview) []reports.LabelPair {
	var out []reports.LabelPair
	index := map[string]int{}
	for _, p := range ov.Preferences {
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

func story(st *pipeline.StoryStats, titles map[string]string) reports.Story {
	rs := reports.Story{ID: st.ID, Label: st.Title, Missing: st.Missing}
	if rs.Label == "" {
		rs.Label = strings.Join(st.Terms, ", ")
	}
	if !st.First.IsZero() {
		rs.First = st.First.UTC().Format(time.DateOnly)
	}
	for _, a := range st.Articles {
		sa := reports.StoryArticle{ID: a.ID, Title: titles[a.ID], Outlet: a.Outlet}
		if !a.Published.IsZero() {
			sa.Published = a.Published.UTC().Format(time.DateOnly)
		}
		rs.Articles = append(rs.Articles, sa)
	}
	details := map[string]pipeline.StoryOutlet{}
	for _, so := range st.Outlets {
		details[so.Outlet] = so
	}
	for _, cv := range st.Coverage {
		so := reports.StoryOutlet{Outlet: cv.Outlet, Articles: cv.Articles, LagHours: cv.Lag.Hours(), LagKnown: cv.HasLag}
		if d, ok := details[cv.Outlet]; ok {
			so.Sentiment = interval(d.Sentiment)
			for _, ts := range d.Stance {
				so.Stance = append(so.Stance, targetStance(ts))
			}
			for _, k := range d.Distinctive {
				so.Distinctive = append(so.Distinctive, reports.Distinctive{Term: k.Term, Count: int(k.Count), Z: k.Z})
			}
			for _, s := range d.Speakers {
				so.Speakers = append(so.Speakers, reports.Speaker{Name: s.Name, Quotes: s.Quotes})
			}
		}
		rs.Outlets = append(rs.Outlets, so)
	}
	return rs
}

func articlePage(a *pipeline.Article, ov *pipeline.Overview) reports.Article {
	ra := reports.Article{ID: a.ID, Title: a.Title, Outlet: a.Outlet, Author: a.Author, URL: a.URL,
		Source: a.Source, StoryID: ov.StoryOf[a.ID], Sentiment: a.Sentiment.Value(), Label: string(a.Label)}
	if !a.Published.IsZero() {
		ra.Published = a.Published.UTC().Format(time.DateOnly)
	}
	for _, s := range a.Stance {
		ra.Stance = append(ra.Stance, reports.ArticleStance{Target: s.Target, Label: string(s.Label), Score: s.Score, Mentions: s.Mentions})
	}
	shared := map[int]bool{}
	for _, i := range ov.SharedIn[a.ID] {
		shared[i] = true
	}
	for i, p := range a.Paragraphs {
		rp := reports.Paragraph{Text: p.Text, Score: p.Sentiment.Score, Label: string(p.Sentiment.Label), Shared: shared[i]}
		for _, c := range p.Sentiment.Cues {
			rp.Cues = append(rp.Cues, reports.Cue{Start: c.Start, End: c.End, Weight: c.Weight})
		}
		for _, s := range p.Stance {
			ps := reports.ParagraphStance{Target: s.Target, Label: string(s.Label), Score: s.Score, Quoted: s.Quoted, Speaker: s.Speaker}
			for _, c := range s.Cues {
				ps.Cues = append(ps.Cues, reports.Cue{Start: c.Start, End: c.End, Weight: c.Weight})
			}
			rp.Stances = append(rp.Stances, ps)
		}
		for _, q := range p.Quotes {
			rp.Quotes = append(rp.Quotes, reports.Quote{Start: q.Start, End: q.End, Speaker: q.Speaker})
		}
		ra.Paragraphs = append(ra.Paragraphs, rp)
	}
	return ra
}
