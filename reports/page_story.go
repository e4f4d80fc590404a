package reports

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

type storiesBody struct {
	Rows        []storyRow
	Pager       pager
	First, Last int
	Total       int
}

type storyRow struct {
	Href, Label, First string
	Articles           int
	Outlets, Missing   []string
}

type storyArticleRow struct {
	Href, Title, Outlet, Published string
}

type storyOutletRow struct {
	Outlet, Href string
	Articles     []storyArticleRow
	Lag          string
	Sentiment    Interval
	Speakers     []Speaker
}

type storyBody struct {
	Story          *Story
	Covered        []storyOutletRow
	Lag, Sentiment *chartBlock
	// LagNote says why there is no lag chart.
	LagNote        string
	Stance         *chartBlock
	Distinctive    []*chartBlock
	DistinctiveCut bool
	// HasSentiment, HasSpeakers, HasStance and HasDistinctive say
	// whether the model gives the outlets' figures on this story at all:
	// a page must not say "no word sets an outlet apart" when nothing
	// was computed.
	HasSentiment, HasSpeakers, HasStance, HasDistinctive bool
}

func (s *site) storyPages() {
	m := s.m
	chunks := pageChunks(len(m.Stories), s.lim.StoriesPerPage)
	for ci, ch := range chunks {
		p := s.page(listPageName("stories", ci), "stories")
		b := &storiesBody{Pager: newPager("stories", len(chunks), ci), First: ch[0] + 1, Last: ch[1], Total: len(m.Stories)}
		for _, st := range m.Stories[ch[0]:ch[1]] {
			row := storyRow{Href: p.href(StoryPath(st.ID)), Label: st.Label, First: st.First, Articles: len(st.Articles), Missing: st.Missing}
			for _, so := range st.Outlets {
				row.Outlets = append(row.Outlets, so.Outlet)
			}
			b.Rows = append(b.Rows, row)
		}
		p.render("stories", "Stories", "stories", b)
		s.flush(p)
	}
	s.each(len(m.Stories), func(i int) *pageBuilder { return s.storyPage(&m.Stories[i]) })
}

func (s *site) storyPage(st *Story) *pageBuilder {
	p := s.page(StoryPath(st.ID), "story-"+Slug(st.ID))
	b := &storyBody{Story: st}
	byOutlet := map[string][]storyArticleRow{}
	for _, a := range st.Articles {
		r := storyArticleRow{Title: a.Title, Outlet: a.Outlet, Published: a.Published}
		if r.Title == "" {
			r.Title = a.ID
		}
		if s.hasPage[a.ID] {
			r.Href = p.href(ArticlePath(a.ID))
		}
		byOutlet[a.Outlet] = append(byOutlet[a.Outlet], r)
	}
	var names []string
	for _, so := range st.Outlets {
		names = append(names, so.Outlet)
		lag := "undated"
		if so.LagKnown {
			lag = hours(so.LagHours)
		}
		row := storyOutletRow{Outlet: so.Outlet, Articles: byOutlet[so.Outlet], Lag: lag, Sentiment: so.Sentiment, Speakers: so.Speakers}
		b.HasSentiment = b.HasSentiment || so.Sentiment.N > 0
		b.HasSpeakers = b.HasSpeakers || len(so.Speakers) > 0
		b.HasStance = b.HasStance || len(so.Stance) > 0
		b.HasDistinctive = b.HasDistinctive || len(so.Distinctive) > 0
		if _, ok := s.outletIndex[so.Outlet]; ok {
			row.Href = p.href(OutletPath(so.Outlet))
		}
		b.Covered = append(b.Covered, row)
	}
	if len(st.Outlets) > 0 {
		b.Lag, b.LagNote = s.storyLag(p, st)
	}
	// Sentiment per outlet, when the filler gave it: the first
	// Limits.StoryOutlets outlets are drawn, the CSV holds all.
	var sentimentNames []string
	g := ciGroup{Name: "mean sentiment", Colour: "#4e79a7"}
	t := &table{Header: append([]string{"outlet", "articles"}, intervalHeader("")...)}
	for _, so := range st.Outlets {
		if so.Sentiment.N == 0 {
			continue
		}
		t.add(append([]string{so.Outlet, csvInt(so.Articles)}, intervalFields(so.Sentiment)...)...)
		if len(sentimentNames) < s.lim.StoryOutlets {
			sentimentNames = append(sentimentNames, so.Outlet)
			g.Values = append(g.Values, so.Sentiment)
			g.Tips = append(g.Tips, fmt.Sprintf("%s\n%s", so.Outlet, intervalText(so.Sentiment, "articles", "paragraphs")))
		}
	}
	if names := sentimentNames; len(names) > 0 {
		b.Sentiment = p.chart("Sentiment by outlet on this story",
			"Mean article sentiment with its 95% t-interval over articles; hollow and dashed: too few articles (one article gives no interval).",
			ciHeight(len(names), 1), ciChart(names, []ciGroup{g}, true, "mean sentiment (−1 … +1)", -1, 1, false), nil, p.csv("sentiment", t))
	}
	if len(st.Outlets) > 0 {
		var outlets []Outlet
		var per [][]TargetStance
		for _, so := range st.Outlets {
			if len(so.Stance) > 0 && len(outlets) < s.lim.StoryOutlets {
				outlets = append(outlets, Outlet{Name: so.Outlet})
				per = append(per, so.Stance)
			}
		}
		b.Stance = s.stanceHeat(p, "stance", outlets, per, true, "Stance on this story",
			"Mean stance per outlet and target on this story, with its 95% interval and n, the articles behind it; targets the story never mentions are left out. Parentheses and dashed border: too few articles; light grey: no mention.")
	}
	s.storyDistinctive(p, st, b)
	p.render("story", st.Label, "stories", b)
	return p
}

// storyLag draws each outlet's delay after the first report. There is
// no chart, only a note, when no article is dated or every dated outlet
// reported on the first day (a chart of zero-length bars reads as
// empty).
func (s *site) storyLag(p *pageBuilder, st *Story) (*chartBlock, string) {
	t := &table{Header: []string{"outlet", "articles", "lag_hours"}}
	var dated []StoryOutlet
	known, late := 0, 0
	for _, so := range st.Outlets {
		lag := ""
		if so.LagKnown {
			known++
			if so.LagHours > 0 {
				late++
			}
			lag = csvFloat(so.LagHours)
			dated = append(dated, so)
		}
		t.add(so.Outlet, csvInt(so.Articles), lag)
	}
	// The first Limits.StoryOutlets outlets to report are drawn.
	slices.SortStableFunc(dated, func(a, b StoryOutlet) int { return cmp.Compare(a.LagHours, b.LagHours) })
	drawn := dated[:min(len(dated), s.lim.StoryOutlets)]
	names := make([]string, len(drawn))
	data := make([]item, len(drawn))
	for i, so := range drawn {
		names[i] = so.Outlet
		data[i] = item{Value: num(so.LagHours), Tip: fmt.Sprintf("%s: first article %s after the first report (%d articles)", so.Outlet, hours(so.LagHours), so.Articles)}
	}
	switch {
	case known == 0:
		return nil, "No coverage lag: the story's articles are undated."
	case late == 0 && known == 1:
		return nil, "No coverage lag: only one outlet with a dated article."
	case late == 0:
		return nil, fmt.Sprintf("No coverage lag: all %d outlets with dated articles published on the story's first date.", known)
	}
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithTooltipOpts(tooltipItem), noLegend, grid("8", "40"),
		charts.WithXAxisOpts(valueAxisX("hours after the first report", 0, nil)),
		charts.WithYAxisOpts(categoryAxisY(names, "")),
	)
	c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Type: "bar", Name: "lag", Data: data, BarMaxWidth: "20",
		ItemStyle: &opts.ItemStyle{Color: "#76b7b2"},
		// The value at the end of each bar, so a zero lag (the first
		// outlet) still shows.
		Label: &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "nf:hours", Color: "#59636e"}})
	note := "Delay of each outlet's first article after the story's first report."
	if len(drawn) < len(dated) {
		note = fmt.Sprintf("Delay of the first %d outlets' first article after the story's first report; all %d are in the table and the CSV.", len(drawn), len(dated))
	}
	if known < len(st.Outlets) {
		note += fmt.Sprintf(" %d outlet(s) with undated articles are left out.", len(st.Outlets)-known)
	}
	return p.chart("Coverage lag", note, barsHeight(len(names)), c, nil, p.csv("lag", t)), ""
}

func (s *site) storyDistinctive(p *pageBuilder, st *Story, b *storyBody) {
	t := &table{Header: []string{"outlet", "versus", "rank", "term", "count", "z"}}
	for _, so := range st.Outlets {
		for i, d := range so.Distinctive {
			t.add(so.Outlet, "story pool", csvInt(i+1), d.Term, csvInt(d.Count), csvFloat(d.Z))
		}
	}
	if len(t.Rows) == 0 {
		return
	}
	href := p.csv("distinctive-terms", t)
	for i, so := range st.Outlets {
		if i == s.lim.Panels {
			b.DistinctiveCut = true
			break
		}
		if len(so.Distinctive) == 0 {
			continue
		}
		colour := palette[i%len(palette)]
		if oi, ok := s.outletIndex[so.Outlet]; ok {
			colour = palette[oi%len(palette)]
		}
		n := min(len(so.Distinctive), s.lim.Bars)
		b.Distinctive = append(b.Distinctive, p.chart(so.Outlet,
			"Words this outlet uses more than the story's other coverage (log-odds z, the story's pooled counts as prior).",
			barsHeight(n), distinctiveBars(so.Distinctive[:n], colour), nil, href))
	}
}
