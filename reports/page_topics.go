package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// topicRow is a topic in a table, linked from the page showing it.
type topicRow struct {
	*Topic
	Href string
	// HasCoherence and HasPrevalence say whether the figures are known.
	HasCoherence bool
}

type topicsBody struct {
	Model *TopicModel
	// Note says why there is no topic model.
	Note string
	Rows []topicRow
	// Prevalence is the bar chart of every topic's prevalence.
	Prevalence *chartBlock
	// DriftKnown: Drift is a number.
	DriftKnown bool
	// TopicsCSV links every topic's figures.
	TopicsCSV string
}

// keyShareRow is a compared key's share of one topic on a topic page.
type keyShareRow struct {
	Name, Href string
	Pooled     bool
	TopicShare
	Mark string
}

type topicBody struct {
	Topic *Topic
	Model *TopicModel
	// Prev and Next link the neighbouring topics ("" at the ends).
	Prev, Next      string
	Representatives []representativeRow
	ByKey           *chartBlock
	Keys            []keyShareRow
	KeysCSV         string
	Time            *chartBlock
	// KeyTime are small multiples, one per key with data; KeyTimeCut
	// counts the keys with data left out ([Limits].Panels).
	KeyTime    []*chartBlock
	KeyTimeCut int
	// KeysWithTime counts the keys that have this topic among their most
	// prevalent (Outlet.TopicTime).
	KeysWithTime int
	Noun         string
	Dated        bool
	// AboutPercent is TopicModel.AboutShare as a percentage ("20%").
	AboutPercent string
}

type representativeRow struct {
	TopicArticle
	Href string
}

// topicPages writes topics/index.html and, with a topic model, one page
// per topic.
func (s *site) topicPages() {
	m := s.m
	p := s.page("topics/index.html", "topics")
	b := &topicsBody{Model: m.TopicModel, Note: m.TopicNote}
	if m.TopicModel == nil && b.Note == "" {
		b.Note = "no topic model was passed to the report"
	}
	if m.TopicModel != nil {
		b.DriftKnown = !math.IsNaN(m.TopicModel.Drift)
		t := &table{Header: append([]string{"topic", "label", "top_terms", "frex_terms", "coherence_npmi", "continues", "similarity"}, intervalHeader("prevalence_")...)}
		for i := range m.Topics {
			tp := &m.Topics[i]
			b.Rows = append(b.Rows, topicRow{Topic: tp, Href: p.href(TopicPath(tp.ID)), HasCoherence: !math.IsNaN(tp.Coherence)})
			cont := ""
			if tp.Continues >= 0 {
				cont = csvInt(tp.Continues)
			}
			t.add(append([]string{csvInt(tp.ID), tp.Label, joinTerms(tp.Top), joinTerms(tp.FREX), csvFloat(tp.Coherence), cont, csvFloat(tp.Similarity)}, intervalFields(tp.Prevalence)...)...)
		}
		if len(m.Topics) > 0 {
			b.TopicsCSV = p.csv("topics", t)
			order := s.topicsByPrevalence()
			bars := make([]shareBar, len(order))
			for i, ti := range order {
				tp := m.Topics[ti]
				bars[i] = shareBar{Name: topicName(tp), Value: tp.Prevalence, Colour: colourPrevalence, Marker: math.NaN(),
					Tip: fmt.Sprintf("%s\nprevalence %s", topicName(tp), shareText(tp.Prevalence))}
			}
			b.Prevalence = p.chart("Prevalence of each topic",
				fmt.Sprintf("Mean share of each topic over the %d articles with topic proportions, with 95%% t-intervals over articles; most prevalent first. Each article's proportions sum to 1, so the prevalences do too.", m.TopicModel.Articles),
				shareBarHeight(len(bars)), shareBars(bars, "", "share of the articles' topic weight", 260), nil, b.TopicsCSV)
		}
	}
	p.render("topics", "Topics", "topics", b)
	s.flush(p)
	if m.TopicModel != nil {
		s.each(len(m.Topics), s.topicPage)
	}
}

// joinTerms joins terms for a CSV cell: "a; b; c".
func joinTerms(ts []string) string { return strings.Join(ts, "; ") }

// topicsByPrevalence returns the indexes of Model.Topics by prevalence,
// largest first (then by id).
func (s *site) topicsByPrevalence() []int {
	ts := s.m.Topics
	idx := make([]int, len(ts))
	for i := range idx {
		idx[i] = i
	}
	mean := func(i int) float64 {
		if v := ts[i].Prevalence.Mean; !math.IsNaN(v) {
			return v
		}
		return math.Inf(-1)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(mean(b), mean(a)), cmp.Compare(a, b))
	})
	return idx
}

// topicShareOf returns key o's share of topic t and whether it has one.
func topicShareOf(o *Outlet, t int) (TopicShare, bool) {
	// Outlet.Topics is in topic order, one per topic: try the index
	// first.
	if t < len(o.Topics) && o.Topics[t].Topic == t {
		return o.Topics[t], true
	}
	for _, ts := range o.Topics {
		if ts.Topic == t {
			return ts, true
		}
	}
	return TopicShare{}, false
}

func (s *site) topicPage(ti int) *pageBuilder {
	m := s.m
	tp := &m.Topics[ti]
	p := s.page(TopicPath(tp.ID), fmt.Sprintf("topic-%d", tp.ID))
	b := &topicBody{Topic: tp, Model: m.TopicModel, Noun: s.noun(), Dated: len(m.Buckets) > 0, AboutPercent: aboutPercent(m.TopicModel)}
	if ti > 0 {
		b.Prev = p.href(TopicPath(ti - 1))
	}
	if ti+1 < len(m.Topics) {
		b.Next = p.href(TopicPath(ti + 1))
	}
	for _, r := range tp.Representatives {
		row := representativeRow{TopicArticle: r}
		if r.HasPage && s.hasPage[r.ID] {
			row.Href = p.href(ArticlePath(r.ID))
		}
		b.Representatives = append(b.Representatives, row)
	}

	// Prevalence by compared key, against the rest of the corpus.
	t := &table{Header: append(append(append([]string{s.noun()}, intervalHeader("share_")...), intervalHeader("rest_")...),
		"diff", "diff_lo", "diff_hi", "p", "p_adjusted", "tested", "significant")}
	var bars []shareBar
	for oi := range m.Outlets {
		o := &m.Outlets[oi]
		ts, ok := topicShareOf(o, ti)
		if !ok {
			continue
		}
		mark := topicMark(ts)
		b.Keys = append(b.Keys, keyShareRow{Name: o.Name, Href: p.href(OutletPath(o.Name)), Pooled: o.Pooled, TopicShare: ts, Mark: mark})
		t.add(append(append(append([]string{o.Name}, intervalFields(ts.Share)...), intervalFields(ts.Rest)...),
			csvFloat(ts.Diff), csvFloat(ts.Lo), csvFloat(ts.Hi), csvFloat(ts.P), csvFloat(ts.PAdjusted), csvBool(ts.Tested), csvBool(ts.Significant))...)
		name := o.Name
		if mark != "" {
			name += " " + mark
		}
		bars = append(bars, shareBar{Name: name, Value: ts.Share, Colour: topicColour(ts), Marker: tp.About.Mean,
			Tip: fmt.Sprintf("%s on %s\nshare %s\nrest of the corpus %s\n%s", o.Name, topicName(*tp), shareText(ts.Share), shareText(ts.Rest), testText(ts))})
	}
	if len(bars) > 0 {
		b.KeysCSV = p.csv("by-"+s.noun(), t)
		b.ByKey = p.chart("Articles about this topic, by "+s.noun(),
			fmt.Sprintf("Share of each %s's articles about this topic, with its 95%% Wilson interval; the diamond marks the share over the whole corpus (%s). Blue ▲: significantly more than the rest of the corpus, red ▼: significantly less, grey: neither; pale and dashed: too few articles, not tested.", s.noun(), percent(tp.About.Mean)),
			shareBarHeight(len(bars)), shareBars(bars, "whole corpus", "share of the articles about the topic", 200), nil, b.KeysCSV)
	}

	// Corpus share over time.
	if len(tp.Series) > 0 && len(m.Buckets) > 0 {
		t := &table{Header: append([]string{"bucket"}, intervalHeader("share_")...)}
		for _, pt := range tp.Series {
			t.add(append([]string{pt.Bucket}, intervalFields(pt.Value)...)...)
		}
		c := timeChart(m.Buckets, []Series{{Name: "corpus", Points: tp.Series}}, "share", 0, nil, []string{colourPrevalence}, shareText)
		c.YAxisList[0].AxisLabel = &opts.AxisLabel{Formatter: "nf:pct"}
		c.MultiSeries = append(c.MultiSeries, ciSeries("95% interval", timeCI(m.Buckets, tp.Series, shareText), false, colourPrevalence))
		note := fmt.Sprintf("Share of the articles of each %s that are about this topic, with its 95%% Wilson interval; hollow: too few articles.", unit(m.TimeUnit))
		if m.Summary.Undated > 0 {
			note += " " + undatedText(m.Summary.Undated)
		}
		b.Time = p.chart("Share over time", note, 340, c, nil, p.csv("time", t))
	}

	// Per key over time: small multiples of the keys that have this
	// topic among their most prevalent.
	if len(m.Buckets) > 0 {
		type multiple struct {
			o  *Outlet
			sr TopicSeries
		}
		var ms []multiple
		var tops []float64
		t := &table{Header: append([]string{s.noun(), "bucket"}, intervalHeader("share_")...)}
		for oi := range m.Outlets {
			o := &m.Outlets[oi]
			for _, sr := range o.TopicTime {
				if sr.Topic != ti || len(sr.Points) == 0 {
					continue
				}
				ms = append(ms, multiple{o, sr})
				for _, pt := range sr.Points {
					tops = append(tops, pt.Value.Mean)
					t.add(append([]string{o.Name, pt.Bucket}, intervalFields(pt.Value)...)...)
				}
			}
		}
		for _, pt := range tp.Series {
			tops = append(tops, pt.Value.Mean)
		}
		b.KeysWithTime = len(ms)
		if len(ms) > 0 {
			href := p.csv("time-by-"+s.noun(), t)
			ymax := shareMax(tops)
			for i, x := range ms {
				if i == s.lim.Panels {
					b.KeyTimeCut = len(ms) - i
					break
				}
				series := []Series{{Name: x.o.Name, Points: x.sr.Points}, {Name: "corpus", Points: tp.Series}}
				b.KeyTime = append(b.KeyTime, p.chart(x.o.Name, "", multipleHeight,
					shareTime(m.Buckets, series, []string{palette[s.outletIndex[x.o.Name]%len(palette)], "#8c8c8c"}, ymax, "corpus"), multipleGrid, href))
			}
		}
	}
	p.render("topic", topicName(*tp), "topics", b)
	return p
}
