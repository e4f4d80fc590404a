package reports

import "fmt"

// outletLink is a row of an outlet table.
type outletLink struct {
	Name, Href           string
	Articles, Paragraphs int
	Sentiment            Interval
}

// articleLink is a row of an article list.
type articleLink struct {
	Href, Title, Outlet, Published, Label string
	Sentiment                             float64
	Paragraphs                            int
}

type indexBody struct {
	Skipped        []Skipped
	SkippedShown   int
	Histogram, Box *chartBlock
	TermPanels     []*chartBlock
	TermPanelsCut  bool
	Cooc, Network  *chartBlock
	// TopicColours are the network's colours of the topics, in order.
	TopicColours   []string
	Outlets        []outletLink
	RecentArticles []articleLink
}

// recentOnIndex is how many article links the index shows before
// pointing to the full list.
const recentOnIndex = 20

func (s *site) indexPage() {
	m := s.m
	p := s.page("index.html", "index")
	b := &indexBody{}
	b.Skipped = m.Skipped[:min(len(m.Skipped), s.lim.Skipped)]
	b.SkippedShown = len(b.Skipped)

	if len(m.Histogram.Counts) > 0 {
		c, t := histogramChart(m.Histogram)
		b.Histogram = p.chart("Distribution of paragraph sentiment",
			"Each bar counts paragraphs whose score falls in the bin; red is negative, blue positive.",
			340, c, nil, p.csv("sentiment-histogram", t))
	}
	if len(m.Outlets) > 0 {
		c, t := boxChart(m.Outlets)
		b.Box = p.chart("Sentiment by outlet",
			"Boxes: quartiles of paragraph scores, whiskers: range. Red dot: mean with its 95% bootstrap interval over articles (hollow and dashed: too little data).",
			max(300, 70+len(m.Outlets)*34), c, nil, p.csv("sentiment-by-outlet", t))
	}

	// One term panel per outlet, for the first Panels outlets; one CSV
	// holds every outlet's terms.
	terms := &table{Header: []string{"outlet", "rank", "term", "count"}}
	for _, o := range m.Outlets {
		for i, tc := range o.TopTerms {
			terms.add(o.Name, csvInt(i+1), tc.Term, csvInt(tc.Count))
		}
	}
	if len(terms.Rows) > 0 {
		href := p.csv("top-terms", terms)
		for i, o := range m.Outlets {
			if i == s.lim.Panels {
				b.TermPanelsCut = true
				break
			}
			if len(o.TopTerms) == 0 {
				continue
			}
			n := min(len(o.TopTerms), s.lim.Bars)
			b.TermPanels = append(b.TermPanels, p.chart(o.Name, "Most frequent terms (words and phrases, stopwords removed).",
				barsHeight(n), termBars(o.TopTerms, n, palette[i%len(palette)]), nil, href))
		}
	}
	if len(m.Cooccurrence.Terms) > 1 {
		c, extra, t, note := coocChart(m.Cooccurrence, s.lim.HeatmapTerms)
		n := min(len(m.Cooccurrence.Terms), s.lim.HeatmapTerms)
		b.Cooc = p.chart("Co-occurrence of the top terms", note,
			max(360, 170+n*18), c, extra, p.csv("cooccurrence", t))
	}
	if len(m.Network.Edges) > 0 {
		c, nodes, edges := networkChart(m.Network, m.Topics, s.lim.NetworkEdges)
		shown := min(len(m.Network.Edges), s.lim.NetworkEdges)
		note := fmt.Sprintf("The %d strongest NPMI links between top terms (line width: NPMI). Node size: frequency; colour: topic. Labels that would overlap hide; scroll to zoom in and drag to pan.", shown)
		b.Network = p.chart("Term network", note, 640, c, nil, p.csv("network-edges", edges), p.csv("network-nodes", nodes))
	}
	for i := range m.Topics {
		b.TopicColours = append(b.TopicColours, palette[i%len(palette)])
	}
	for _, o := range m.Outlets {
		b.Outlets = append(b.Outlets, outletLink{Name: o.Name, Href: p.href(OutletPath(o.Name)), Articles: o.Articles, Paragraphs: o.Paragraphs, Sentiment: o.Sentiment})
	}
	for _, a := range m.Articles[:min(len(m.Articles), recentOnIndex)] {
		b.RecentArticles = append(b.RecentArticles, s.articleLink(p, &a))
	}
	p.render("index", "Overview", "index", b)
	s.flush(p)
}

func (s *site) articleLink(p *pageBuilder, a *Article) articleLink {
	title := a.Title
	if title == "" {
		title = a.ID
	}
	return articleLink{
		Href: p.href(ArticlePath(a.ID)), Title: title, Outlet: a.Outlet, Published: a.Published,
		Label: a.Label, Sentiment: a.Sentiment, Paragraphs: len(a.Paragraphs),
	}
}
