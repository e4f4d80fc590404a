package reports

import "strconv"

type articlesBody struct {
	Rows              []articleLink
	Pager             pager
	First, Last       int
	Total, AllInInput int
}

type paragraphView struct {
	// Index counts from 0, as the exports' paragraph column.
	Index    int
	Score    float64
	Label    string
	Segments []segment
	Stances  []ParagraphStance
	Shared   bool
}

type articleBody struct {
	Article    *Article
	OutletHref string
	StoryHref  string
	StoryLabel string
	Paragraphs []paragraphView
	// Topics are its largest topic proportions (articleTopicsShown),
	// TopicsMore counts the rest.
	Topics     []articleTopicRow
	TopicsMore int
}

// articleTopicsShown is how many of an article's topics its page lists.
const articleTopicsShown = 5

// articleTopicRow is one of an article's topics.
type articleTopicRow struct {
	ID          int
	Label, Href string
	Weight      float64
	// Width is the bar's width in percent of the largest weight shown.
	Width string
}

func (s *site) articlePages() {
	m := s.m
	chunks := pageChunks(len(m.Articles), s.lim.ArticlesPerPage)
	for ci, ch := range chunks {
		p := s.page(listPageName("article", ci), "articles")
		b := &articlesBody{Pager: newPager("articles", len(chunks), ci), First: ch[0] + 1, Last: ch[1], Total: len(m.Articles), AllInInput: m.Summary.Articles}
		for _, i := range s.byDate[ch[0]:ch[1]] {
			b.Rows = append(b.Rows, s.articleLink(p, &m.Articles[i]))
		}
		p.render("articles", "Articles", "articles", b)
		s.flush(p)
	}
	s.each(len(m.Articles), s.articlePage)
}

func (s *site) articlePage(i int) *pageBuilder {
	a := &s.m.Articles[i]
	p := s.page(ArticlePath(a.ID), "")
	b := &articleBody{Article: a}
	if _, ok := s.outletIndex[a.Outlet]; ok {
		b.OutletHref = p.href(OutletPath(a.Outlet))
	}
	if label, ok := s.storyLabels[a.StoryID]; ok && a.StoryID != "" {
		b.StoryHref, b.StoryLabel = p.href(StoryPath(a.StoryID)), label
	}
	if s.m.TopicModel != nil {
		shown := a.Topics[:min(len(a.Topics), articleTopicsShown)]
		largest := 0.0
		for _, t := range shown {
			largest = max(largest, t.Weight)
		}
		for _, t := range shown {
			w := 0.0
			if largest > 0 {
				w = 100 * t.Weight / largest
			}
			b.Topics = append(b.Topics, articleTopicRow{ID: t.Topic, Label: s.m.Topics[t.Topic].Label, Href: p.href(TopicPath(t.Topic)),
				Weight: t.Weight, Width: strconv.FormatFloat(w, 'f', 1, 64) + "%"})
		}
		b.TopicsMore = len(a.Topics) - len(shown)
	}
	for j := range a.Paragraphs {
		para := &a.Paragraphs[j]
		b.Paragraphs = append(b.Paragraphs, paragraphView{
			Index: j, Score: para.Score, Label: para.Label,
			Segments: highlight(para.Text, paragraphMarks(para)),
			Stances:  para.Stances, Shared: para.Shared,
		})
	}
	title := a.Title
	if title == "" {
		title = a.ID
	}
	p.render("article", title, "articles", b)
	return p
}
