package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
)

type outletsBody struct {
	// Rows are the compared keys (first page only).
	Rows []outletRow
	// Members is true when some key holds several outlets.
	Members bool
	// All are this page's rows of the list of every outlet.
	All         []allOutletRow
	Pager       pager
	First, Last int
	Total       int
	Noun        string
}

type outletRow struct {
	Name, Href                   string
	Articles, Paragraphs         int
	Sentiment, QuoteShare        Interval
	SharedParagraphs, TotalParas int
	WireShare                    float64
	Members                      int
	Pooled                       bool
}

// allOutletRow is a row of the list of every outlet: Href links its
// own page when it is compared on its own; Keys link the compared keys
// it counts toward.
type allOutletRow struct {
	OutletSummary
	Href string
	Keys []keyRef
}

type keyRef struct{ Name, Href string }

type outletBody struct {
	Outlet                            *Outlet
	WireShare                         float64
	SentimentTime, Stance, StanceTime *chartBlock
	Terms, Distinctive                *chartBlock
	// Topics are its most prevalent topics against the corpus;
	// TopicTime are small multiples of its TopicTime.
	Topics                                  *chartBlock
	TopicTime                               []*chartBlock
	Speakers, Labels                        *chartBlock
	Articles                                []articleLink
	ArticlesShown, ArticlesTotal, WithPages int
	TimeUnit                                string
	// Members are the outlets of a group or the pool (the first
	// Limits.OutletList), with links to those compared on their own;
	// MembersMore counts the rest.
	Members     []allOutletRow
	MembersMore int
	Noun        string
}

func (s *site) outletPages() {
	m := s.m
	chunks := pageChunks(len(m.AllOutlets), s.lim.OutletList)
	for ci, ch := range chunks {
		list := s.page(listPageName("outlets", ci), "outlets")
		lb := &outletsBody{Noun: s.noun(), Pager: newPager("outlets", len(chunks), ci), First: ch[0] + 1, Last: ch[1], Total: len(m.AllOutlets)}
		if ci == 0 {
			for _, o := range m.Outlets {
				share := 0.0
				if o.TotalParagraphs > 0 {
					share = float64(o.SharedParagraphs) / float64(o.TotalParagraphs)
				}
				lb.Members = lb.Members || len(o.Members) > 0
				lb.Rows = append(lb.Rows, outletRow{
					Name: o.Name, Href: list.href(OutletPath(o.Name)), Articles: o.Articles, Paragraphs: o.Paragraphs,
					Sentiment: o.Sentiment, QuoteShare: o.QuoteShare, SharedParagraphs: o.SharedParagraphs, TotalParas: o.TotalParagraphs, WireShare: share,
					Members: len(o.Members), Pooled: o.Pooled,
				})
			}
		}
		for _, o := range m.AllOutlets[ch[0]:ch[1]] {
			row := allOutletRow{OutletSummary: o}
			if _, ok := s.outletIndex[o.Name]; ok {
				row.Href = list.href(OutletPath(o.Name))
			}
			for _, k := range o.Keys {
				ref := keyRef{Name: k}
				if k == o.Name && s.cmp.Unit != "groups" {
					ref.Name = "on its own"
				}
				if _, ok := s.outletIndex[k]; ok {
					ref.Href = list.href(OutletPath(k))
				}
				row.Keys = append(row.Keys, ref)
			}
			lb.All = append(lb.All, row)
		}
		title := "Outlets"
		if s.cmp.Unit == "groups" {
			title = "Groups and outlets"
		}
		if ci > 0 {
			title = fmt.Sprintf("%s, page %d", title, ci+1)
		}
		list.render("outlets", title, "outlets", lb)
		s.flush(list)
	}
	s.each(len(m.Outlets), s.outletPage)
}

func (s *site) outletPage(oi int) *pageBuilder {
	m := s.m
	o := &m.Outlets[oi]
	p := s.page(OutletPath(o.Name), "outlet-"+Slug(o.Name))
	colour := palette[oi%len(palette)]
	b := &outletBody{Outlet: o, TimeUnit: unit(m.TimeUnit), Noun: s.noun()}
	members, more := s.members(*o, s.lim.OutletList)
	b.MembersMore = more
	for _, x := range members {
		row := allOutletRow{OutletSummary: x}
		if _, ok := s.outletIndex[x.Name]; ok && x.Name != o.Name {
			row.Href = p.href(OutletPath(x.Name))
		}
		b.Members = append(b.Members, row)
	}
	if o.TotalParagraphs > 0 {
		b.WireShare = float64(o.SharedParagraphs) / float64(o.TotalParagraphs)
	}
	undatedNote := ""
	if o.Undated > 0 {
		undatedNote = " " + undatedText(o.Undated)
	}
	ivText := func(v Interval) string { return intervalText(v, "articles", "paragraphs") }

	// Sentiment over time: the mean as a line, its interval as whiskers.
	if len(o.SentimentTime) > 0 && len(m.Buckets) > 0 {
		t := &table{Header: append([]string{"bucket"}, intervalHeader("")...)}
		for _, pt := range o.SentimentTime {
			t.add(append([]string{pt.Bucket}, intervalFields(pt.Value)...)...)
		}
		c := timeChart(m.Buckets, []Series{{Name: "mean sentiment", Points: o.SentimentTime}}, "mean sentiment", -1, 1, []string{colour}, ivText)
		c.MultiSeries = append(c.MultiSeries, ciSeries("95% interval", timeCI(m.Buckets, o.SentimentTime, ivText), false, colour))
		b.SentimentTime = p.chart("Sentiment over time",
			fmt.Sprintf("Mean article sentiment per %s with its 95%% t-interval over articles; hollow: too few articles.%s", unit(m.TimeUnit), undatedNote),
			360, c, nil, p.csv("sentiment-time", t))
	}
	// Stance per target, split by voice.
	if len(o.Stance) > 0 {
		t := &table{Header: []string{"target", "mentions"}}
		for _, pre := range []string{"all_", "own_", "quoted_"} {
			t.Header = append(t.Header, intervalHeader(pre)...)
		}
		groups := []ciGroup{{Name: "all mentions", Colour: "#4e79a7"}, {Name: "own voice", Colour: "#59a14f"}, {Name: "inside quotes", Colour: "#f28e2b"}}
		var cats []string
		for _, st := range o.Stance {
			cats = append(cats, st.Target)
			row := []string{st.Target, csvInt(st.Mentions)}
			for gi, v := range []Interval{st.All, st.OwnVoice, st.Quoted} {
				groups[gi].Values = append(groups[gi].Values, v)
				groups[gi].Tips = append(groups[gi].Tips, fmt.Sprintf("%s, %s (%d mentions)\n%s", st.Target, groups[gi].Name, st.Mentions, ivText(v)))
				row = append(row, intervalFields(v)...)
			}
			t.add(row...)
		}
		b.Stance = p.chart("Stance toward targets",
			"Mean stance (−1 against … +1 favour) over the articles mentioning each target, overall, in the own voice and inside quotes; 95% t-intervals over articles, hollow: too few articles.",
			ciHeight(len(cats), 3), ciChart(cats, groups, true, "mean stance (−1 … +1)", -1, 1, false), nil, p.csv("stance", t))
	}
	if hasPoints(o.StanceTime) && len(m.Buckets) > 0 {
		t := &table{Header: append([]string{"target", "bucket"}, intervalHeader("")...)}
		for _, sr := range o.StanceTime {
			for _, pt := range sr.Points {
				t.add(append([]string{sr.Name, pt.Bucket}, intervalFields(pt.Value)...)...)
			}
		}
		b.StanceTime = p.chart("Stance over time",
			fmt.Sprintf("Mean stance per %s and target; gaps: no mention.%s", unit(m.TimeUnit), undatedNote),
			360, timeChart(m.Buckets, o.StanceTime, "mean stance", -1, 1, nil, ivText), nil, p.csv("stance-time", t))
	}
	// Topics: the most prevalent, and their shares over time.
	s.outletTopics(p, b, oi)
	// Terms.
	if len(o.TopTerms) > 0 {
		t := &table{Header: []string{"rank", "term", "count"}}
		for i, tc := range o.TopTerms {
			t.add(csvInt(i+1), tc.Term, csvInt(tc.Count))
		}
		n := min(len(o.TopTerms), s.lim.Bars)
		b.Terms = p.chart("Top terms", "Most frequent terms (words and phrases, stopwords removed).",
			barsHeight(n), termBars(o.TopTerms, n, colour), nil, p.csv("top-terms", t))
	}
	if len(o.Distinctive) > 0 {
		t := &table{Header: []string{"versus", "rank", "term", "count", "z"}}
		for i, d := range o.Distinctive {
			t.add("all others", csvInt(i+1), d.Term, csvInt(d.Count), csvFloat(d.Z))
		}
		n := min(len(o.Distinctive), s.lim.Bars)
		b.Distinctive = p.chart("Distinctive terms",
			"Terms this "+s.noun()+" uses more than all others compared (log-odds z-score, informative Dirichlet prior); pale bars: |z| < 1.96.",
			barsHeight(n), distinctiveBars(o.Distinctive[:n], colour), nil, p.csv("distinctive-terms", t))
	}
	if len(o.Speakers) > 0 {
		t := &table{Header: []string{"rank", "speaker", "quotes"}}
		for i, sp := range o.Speakers {
			t.add(csvInt(i+1), sp.Name, csvInt(sp.Quotes))
		}
		n := min(len(o.Speakers), s.lim.Bars)
		b.Speakers = p.chart("Most quoted", "Speakers of direct quotes and reported speech.",
			barsHeight(n), speakerBars(o.Speakers[:n], colour), nil, p.csv("speakers", t))
	}
	b.Labels = s.outletLabels(p, o.Name)
	// An outlet's articles, or those of a group's or the pool's outlets.
	outlets := map[string]bool{}
	for _, name := range o.Members {
		outlets[name] = true
	}
	if len(o.Members) == 0 {
		outlets[o.Name] = true
	}
	for _, i := range s.byDate {
		a := &m.Articles[i]
		if !outlets[a.Outlet] {
			continue
		}
		b.WithPages++
		if len(b.Articles) < s.lim.OutletArticles {
			b.Articles = append(b.Articles, s.articleLink(p, a))
		}
	}
	b.ArticlesShown = len(b.Articles)
	b.ArticlesTotal = o.Articles
	p.render("outlet", o.Name, "outlets", b)
	return p
}

// hasPoints reports whether any series has a point.
func hasPoints(ss []Series) bool {
	for _, s := range ss {
		if len(s.Points) > 0 {
			return true
		}
	}
	return false
}

// timeCI returns whisker items for the points of a series on the bucket
// axis.
func timeCI(buckets []string, points []Point, text func(Interval) string) []item {
	index := make(map[string]int, len(buckets))
	for i, b := range buckets {
		index[b] = i
	}
	var out []item
	for _, pt := range points {
		i, ok := index[pt.Bucket]
		if !ok {
			continue
		}
		out = append(out, ciItem(i, pt.Value, 0, 1, false, pt.Bucket+": "+text(pt.Value)))
	}
	return out
}

// speakerBars draws quote counts per speaker.
func speakerBars(sp []Speaker, colour string) echart {
	names := make([]string, len(sp))
	counts := make([]int, len(sp))
	for i, x := range sp {
		names[i], counts[i] = x.Name, x.Quotes
	}
	return countBars(names, counts, "quotes", colour)
}

// outletLabels draws, per label pair, the outlet's share of the first
// label over time.
func (s *site) outletLabels(p *pageBuilder, outlet string) *chartBlock {
	m := s.m
	t := &table{Header: []string{"label_a", "label_b", "period", "count_a", "count_b", "share_a"}}
	var series []Series
	for _, lp := range m.LabelPairs {
		sr := Series{Name: lp.A + " / " + lp.B}
		for _, u := range lp.Uses {
			if u.Outlet != outlet {
				continue
			}
			t.add(lp.A, lp.B, u.Period, csvInt(u.A), csvInt(u.B), csvFloat(u.Share))
			if u.Period != "" && u.A+u.B >= labelMinUses {
				// Share as the mean; the counts go in the tooltip through N/Obs.
				sr.Points = append(sr.Points, Point{Bucket: u.Period, Value: Interval{Mean: u.Share, Lo: u.Share, Hi: u.Share, N: u.A, Obs: u.B}})
			}
		}
		if len(sr.Points) > 0 {
			series = append(series, sr)
		}
	}
	if len(series) == 0 || len(m.Buckets) == 0 {
		return nil
	}
	text := func(v Interval) string {
		return fmt.Sprintf("%s pick the first label (%d vs %d uses)", percent(v.Mean), v.N, v.Obs)
	}
	c := timeChart(m.Buckets, series, "share using the first label", 0, 1, nil, text)
	c.YAxisList[0].AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
	return p.chart("Label preferences over time",
		fmt.Sprintf("Smoothed share of uses picking the first of each pair of competing labels; %ss with fewer than %d uses of either label are gaps (every row is in the CSV).", strings.ToLower(unit(m.TimeUnit)), labelMinUses),
		340, c, nil, p.csv("label-preferences", t))
}

// outletTopicsShown is how many of a key's topics its page draws, those
// with the largest shares.
const outletTopicsShown = 8

// outletTopics adds a key's most prevalent topics (with the corpus
// prevalence as a marker and its tests against the rest of the corpus)
// and its topic shares over time as small multiples.
func (s *site) outletTopics(p *pageBuilder, b *outletBody, oi int) {
	m := s.m
	o := &m.Outlets[oi]
	if m.TopicModel == nil || len(o.Topics) == 0 {
		return
	}
	t := &table{Header: append(append(append([]string{"topic", "label"}, intervalHeader("share_")...), intervalHeader("rest_")...),
		"diff", "diff_lo", "diff_hi", "p", "p_adjusted", "tested", "significant")}
	for _, ts := range o.Topics {
		t.add(append(append(append([]string{csvInt(ts.Topic), m.Topics[ts.Topic].Label}, intervalFields(ts.Share)...), intervalFields(ts.Rest)...),
			csvFloat(ts.Diff), csvFloat(ts.Lo), csvFloat(ts.Hi), csvFloat(ts.P), csvFloat(ts.PAdjusted), csvBool(ts.Tested), csvBool(ts.Significant))...)
	}
	href := p.csv("topics", t)
	top := slices.Clone(o.Topics)
	mean := func(ts TopicShare) float64 {
		if math.IsNaN(ts.Share.Mean) {
			return math.Inf(-1)
		}
		return ts.Share.Mean
	}
	slices.SortStableFunc(top, func(a, b TopicShare) int {
		return cmp.Or(cmp.Compare(mean(b), mean(a)), cmp.Compare(a.Topic, b.Topic))
	})
	top = top[:min(len(top), outletTopicsShown)]
	bars := make([]shareBar, len(top))
	for i, ts := range top {
		tp := m.Topics[ts.Topic]
		name := topicName(tp)
		if mark := topicMark(ts); mark != "" {
			name += " " + mark
		}
		bars[i] = shareBar{Name: name, Value: ts.Share, Colour: topicColour(ts), Marker: tp.About.Mean,
			Tip: fmt.Sprintf("%s\narticles about it %s\nrest of the corpus %s\nwhole corpus %s\n%s", topicName(tp), shareText(ts.Share), shareText(ts.Rest), percent(tp.About.Mean), testText(ts))}
	}
	b.Topics = p.chart(fmt.Sprintf("Its %d most prevalent topics", len(top)),
		fmt.Sprintf("Share of the %s's articles about each topic, with its 95%% Wilson interval; the diamond marks the share over the whole corpus. Blue ▲: significantly more than the rest of the corpus, red ▼: significantly less, grey: neither (Fisher's exact test, Benjamini–Hochberg over the %d topic tests); pale and dashed: too few articles. Every topic is in the CSV and on the compare page.", s.noun(), s.cmp.TopicTests),
		shareBarHeight(len(bars)), shareBars(bars, "whole corpus", "share of the articles about the topic", 240), nil, href)

	if len(m.Buckets) == 0 {
		return
	}
	tt := &table{Header: append([]string{"topic", "label", "bucket"}, intervalHeader("share_")...)}
	var tops []float64
	for _, sr := range o.TopicTime {
		for _, pt := range sr.Points {
			tt.add(append([]string{csvInt(sr.Topic), m.Topics[sr.Topic].Label, pt.Bucket}, intervalFields(pt.Value)...)...)
			tops = append(tops, pt.Value.Mean)
		}
		for _, pt := range m.Topics[sr.Topic].Series {
			tops = append(tops, pt.Value.Mean)
		}
	}
	if len(tt.Rows) == 0 {
		return
	}
	thref := p.csv("topic-time", tt)
	ymax := shareMax(tops)
	colour := palette[oi%len(palette)]
	for _, sr := range o.TopicTime {
		if len(sr.Points) == 0 {
			continue
		}
		tp := m.Topics[sr.Topic]
		series := []Series{{Name: o.Name, Points: sr.Points}, {Name: "corpus", Points: tp.Series}}
		b.TopicTime = append(b.TopicTime, p.chart(topicName(tp), "", multipleHeight,
			shareTime(m.Buckets, series, []string{colour, "#8c8c8c"}, ymax, "corpus"), multipleGrid, thref))
	}
}
