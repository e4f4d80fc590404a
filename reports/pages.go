package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"path"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageKinds are the page templates; each is parsed together with
// layout.html (the frame, nav bar and shared partials).
var pageKinds = []string{"index", "compare", "outlets", "outlet", "stories", "story", "articles", "article", "history", "topics", "topic"}

var templates = parseTemplates()

var funcs = template.FuncMap{
	"plus":    plus,
	"signed":  signed,
	"percent": percent,
	"tone":    tone,
	"join":    strings.Join,
	"base":    path.Base,
	"hours":   hours,
	"when":    when,
	"groups":  func(c Comparison) bool { return c.unit() == "groups" },
	"hasData": func(v Interval) bool { return v.N > 0 && !math.IsNaN(v.Mean) },
	"known":   func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) },
	"points":  pointsText,
	"pvalue":  pValue,
	// clause drops a final full stop, so a note can end a sentence.
	"clause": func(s string) string { return strings.TrimRight(s, ". ") },
}

// when formats an RFC 3339 time as "2006-01-02 15:04:05 UTC"; other text
// is returned as it is.
func when(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.DateTime) + " UTC"
}

func parseTemplates() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, k := range pageKinds {
		t := template.New(k).Funcs(funcs)
		out[k] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/"+k+".html"))
	}
	return out
}

// tone is the CSS class of a value in [-1, 1]: "positive" above 0.05,
// "negative" below -0.05, else "neutral".
func tone(v float64) string {
	switch {
	case v > 0.05:
		return "positive"
	case v < -0.05:
		return "negative"
	}
	return "neutral"
}

// hours formats a lag: "0 h", "5.5 h", "3.2 days".
func hours(h float64) string {
	if math.Abs(h) < 48 {
		return fmt.Sprintf("%.1f h", h)
	}
	return fmt.Sprintf("%.1f days", h/24)
}

// pageData is what layout.html renders.
type pageData struct {
	Model *Model
	// Cmp is Model.Comparison with its counts filled in when the filler
	// left them zero.
	Cmp   Comparison
	Title string
	// Root is the relative path from the page to the report root.
	Root string
	// Nav names the current section of the nav bar.
	Nav string
	// Charts is true when the page has charts, so it loads ECharts.
	Charts bool
	Body   any
}

// pageBuilder renders one page and the CSV files of its charts into
// memory; [site.flush] writes them. Builders of different pages share
// nothing mutable, so pages can render concurrently.
type pageBuilder struct {
	s    *site
	name string
	root string
	// prefix starts the name of every CSV of the page:
	// data/<prefix>-<chart>.csv.
	prefix string
	n      int
	out    []output
	err    error
}

// output is a rendered file waiting to be written.
type output struct {
	name string
	data []byte
}

func (s *site) page(name, csvPrefix string) *pageBuilder {
	return &pageBuilder{s: s, name: name, root: rootOf(name), prefix: csvPrefix}
}

// emit renders one file of the page into memory.
func (p *pageBuilder) emit(name string, render func(io.Writer) error) {
	if p.err != nil {
		return
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		p.err = fmt.Errorf("reports: render %s: %w", name, err)
		return
	}
	p.out = append(p.out, output{name, buf.Bytes()})
}

// csv writes t to data/<prefix>-<key>.csv and returns its link from this
// page.
func (p *pageBuilder) csv(key string, t *table) string {
	name := "data/" + p.prefix + "-" + key + ".csv"
	p.emit(name, func(w io.Writer) error { return writeCSV(w, t) })
	return p.root + name
}

// chart renders one chart's option; csv are the links to its data (from
// [pageBuilder.csv]). It returns nil after an error (the site keeps the
// first).
func (p *pageBuilder) chart(title, note string, height int, c echart, extra map[string]any, csv ...string) *chartBlock {
	if p.err != nil {
		return nil
	}
	opt, err := optionJSON(c, extra)
	if err != nil {
		p.err = fmt.Errorf("reports: %s: chart %q: %w", p.name, title, err)
		return nil
	}
	p.n++
	return &chartBlock{
		ID:     fmt.Sprintf("chart-%d", p.n),
		Title:  title,
		Note:   note,
		Height: height,
		Option: opt,
		CSV:    csv,
	}
}

// href returns the link from this page to a path relative to the root.
func (p *pageBuilder) href(target string) string { return p.root + target }

// render renders the page with template kind; the site writes it (and
// its CSV files) with flush.
func (p *pageBuilder) render(kind, title, nav string, body any) {
	t := templates[kind]
	data := &pageData{Model: p.s.m, Cmp: p.s.cmp, Title: title, Root: p.root, Nav: nav, Charts: p.n > 0, Body: body}
	p.emit(p.name, func(w io.Writer) error {
		return t.ExecuteTemplate(w, "layout", data)
	})
}

// pagerLink is one entry of a pager; Gap marks an ellipsis standing for
// pages left out.
type pagerLink struct {
	Number  int
	Href    string
	Current bool
	Gap     bool
}

// pager links the pages of a list: Prev and Next ("" at the ends) and
// the page numbers.
type pager struct {
	Pages      []pagerLink
	Prev, Next string
}

// pagerWindow is how many pages on each side of the current one a pager
// lists; the first and last are always listed.
const pagerWindow = 3

// newPager links the pages of a list in dir from page cur (0-based); the
// pages are siblings, so links are bare file names. With many pages it
// lists the first, the last and those near cur, with gaps between.
func newPager(dir string, n, cur int) pager {
	href := func(i int) string { return path.Base(listPageName(dir, i)) }
	var p pager
	if cur > 0 {
		p.Prev = href(cur - 1)
	}
	if cur+1 < n {
		p.Next = href(cur + 1)
	}
	for i := 0; i < n; i++ {
		if i != 0 && i != n-1 && (i < cur-pagerWindow || i > cur+pagerWindow) {
			if k := len(p.Pages); k == 0 || !p.Pages[k-1].Gap {
				p.Pages = append(p.Pages, pagerLink{Gap: true})
			}
			continue
		}
		p.Pages = append(p.Pages, pagerLink{Number: i + 1, Href: href(i), Current: i == cur})
	}
	return p
}
