package reports

import "fmt"

// outletLink is a row of a table of compared keys.
type outletLink struct {
	Name, Href           string
	Articles, Paragraphs int
	Sentiment            Interval
	// Members counts the outlets of a group or of the pool (0 for an
	// outlet); Pooled marks the pool.
	Members int
	Pooled  bool
}

// keyLinks returns the rows of the compared keys, linked from page p.
func (s *site) keyLinks(p *pageBuilder) []outletLink {
	var out []outletLink
	for _, o := range s.m.Outlets {
		out = append(out, outletLink{Name: o.Name, Href: p.href(OutletPath(o.Name)), Articles: o.Articles, Paragraphs: o.Paragraphs,
			Sentiment: o.Sentiment, Members: len(o.Members), Pooled: o.Pooled})
	}
	return out
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
	// CommunityColours are the network's colours of the term
	// communities, in order.
	CommunityColours []string
	Outlets          []outletLink
	// Members is true when some key holds several outlets (a group or
	// the pool): the table has a column counting them.
	Members bool
	// Pooled lists the outlets in the pool by name, the first
	// Limits.OutletList of them; PooledMore counts the rest.
	Pooled         []OutletSummary
	PooledMore     int
	RecentArticles []articleLink
	Noun           string
}

// recentOnIndex is how many article links the index shows before
// pointing to the full list.
const recentOnIndex = 20

func (s *site) indexPage() {
	m := s.m
	p := s.page("index.html", "index")
	b := &indexBody{Noun: s.noun()}
	b.Skipped = m.Skipped[:min(len(m.Skipped), s.lim.Skipped)]
	b.SkippedShown = len(b.Skipped)

	if len(m.Histogram.Counts) > 0 {
		c, t := histogramChart(m.Histogram)
		b.Histogram = p.chart("Distribution of paragraph sentiment",
			"Each bar counts paragraphs whose score falls in the bin; red is negative, blue positive.",
			340, c, nil, p.csv("sentiment-histogram", t))
	}
	if len(m.Outlets) > 0 {
		c, t := boxChart(m.Outlets, s.noun())
		b.Box = p.chart("Sentiment by "+s.noun(),
			"Boxes: quartiles of paragraph scores, whiskers: range. Red dot: mean article sentiment with its 95% t-interval over articles (hollow and dashed: too few articles).",
			max(300, 70+len(m.Outlets)*34), c, nil, p.csv("sentiment-by-outlet", t))
	}

	// One term panel per outlet, for the first Panels outlets; one CSV
	// holds every outlet's terms.
	terms := &table{Header: []string{s.noun(), "rank", "term", "count"}}
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
			note := "Most frequent terms (words and phrases, stopwords removed)."
			if len(o.Members) > 0 {
				note = fmt.Sprintf("Most frequent terms of its %d outlets (words and phrases, stopwords removed).", len(o.Members))
			}
			b.TermPanels = append(b.TermPanels, p.chart(o.Name, note,
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
		c, nodes, edges := networkChart(m.Network, m.Communities, s.lim.NetworkEdges)
		shown := min(len(m.Network.Edges), s.lim.NetworkEdges)
		note := fmt.Sprintf("The %d strongest NPMI links between top terms (line width: NPMI). Node size: frequency; colour: term community (Louvain communities of this graph, a view of co-occurrence; the document topics are on the topics page). Labels that would overlap hide; scroll to zoom in and drag to pan.", shown)
		b.Network = p.chart("Term network", note, 640, c, nil, p.csv("network-edges", edges), p.csv("network-nodes", nodes))
	}
	for i := range m.Communities {
		b.CommunityColours = append(b.CommunityColours, palette[i%len(palette)])
	}
	b.Outlets = s.keyLinks(p)
	for _, o := range m.Outlets {
		b.Members = b.Members || len(o.Members) > 0
		if o.Pooled && s.cmp.Unit != "groups" {
			b.Pooled, b.PooledMore = s.members(o, s.lim.OutletList)
		}
	}
	for _, i := range s.byDate[:min(len(s.byDate), recentOnIndex)] {
		b.RecentArticles = append(b.RecentArticles, s.articleLink(p, &m.Articles[i]))
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

// members returns the first n outlets of a group or of the pool, with
// their figures (from Model.AllOutlets; a name missing there is listed
// with no figures), and how many more there are.
func (s *site) members(o Outlet, n int) ([]OutletSummary, int) {
	var out []OutletSummary
	for _, name := range o.Members[:min(n, len(o.Members))] {
		if i, ok := s.allIndex[name]; ok {
			out = append(out, s.m.AllOutlets[i])
		} else {
			out = append(out, OutletSummary{Name: name})
		}
	}
	return out, len(o.Members) - len(out)
}
