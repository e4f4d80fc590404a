package source

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsframe/analysis/corpus"
)

// ErrHTML marks a page the extractor could not handle.
var ErrHTML = errors.New("html extraction failed")

// Bounds on the pages handed to readability. Its candidate search is
// super-linear in the number of elements and it recurses over the tree, as
// does text rendering: a news page has a few thousand elements nested a few
// dozen deep, a hostile one could hold millions nested millions deep and
// exhaust the stack.
const (
	maxHTMLElements = 50_000
	maxHTMLDepth    = 1_000
)

// ParseHTML extracts the article of an HTML page read from r, using
// go-readability (a port of Mozilla's Readability.js) for the main text.
//
//   - Title, author and date come from the page metadata as readability
//     reads it (JSON-LD headline/author/datePublished, og:title,
//     article:published_time, dc: and parsely tags), the date from the first
//     <time datetime> (one marked pubdate or itemprop="datePublished" first)
//     when the metadata has none.
//   - Outlet is og:site_name (or the JSON-LD publisher) when present, else
//     the fallback of o. URL is the canonical link, else og:url.
//   - Paragraphs are the <p> blocks of the extracted content, as plain text
//     cleaned like every paragraph (corpus.CleanText, boilerplate dropped);
//     when the content has no <p>, its text split on blank lines. No markup
//     reaches the article.
//
// Errors are *corpus.ParseError: the errors of corpus.Decode, ErrTooLong
// over opts.MaxText, ErrNoText when no text is found, ErrHTML when the
// extractor fails. Warnings (input that is not valid UTF-8, an unparsable
// date) go to opts.Warn.
func ParseHTML(o corpus.Origin, r io.Reader, opts *corpus.Options) (a corpus.Article, err error) {
	name := o.Name
	if name == "" {
		name = o.Path
	}
	limit := int64(corpus.DefaultMaxText)
	if opts != nil && opts.MaxText > 0 {
		limit = int64(opts.MaxText)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: err}
	}
	if int64(len(b)) > limit {
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: tooLong(limit)}
	}
	text, warning, err := corpus.Decode(name, b)
	if err != nil {
		return corpus.Article{}, err
	}
	warn := func(e error) {
		if opts != nil && opts.Warn != nil {
			opts.Warn(&corpus.ParseError{Path: name, Err: e})
		}
	}
	if warning != nil && opts != nil && opts.Warn != nil {
		opts.Warn(warning)
	}
	// golang.org/x/net/html's tree builder takes time quadratic in the
	// nesting of elements such as <div> (40,000 nested divs: a minute),
	// so the nesting is measured with the linear tokenizer first.
	if depth := tagDepth(text); depth > maxHTMLDepth {
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: fmt.Errorf("%w: elements nested deeper than %d", ErrHTML, maxHTMLDepth)}
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: fmt.Errorf("%w: %v", ErrHTML, err)}
	}
	meta := pageMeta(doc)
	switch {
	case meta.depth > maxHTMLDepth:
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: fmt.Errorf("%w: elements nested deeper than %d", ErrHTML, maxHTMLDepth)}
	case meta.elements > maxHTMLElements:
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: fmt.Errorf("%w: more than %d elements", ErrHTML, maxHTMLElements)}
	}
	var pageURL *url.URL
	if u, err := url.Parse(meta.url); err == nil && u.IsAbs() {
		pageURL = u
	}
	ra, err := extract(doc, pageURL)
	if err != nil {
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: fmt.Errorf("%w: %v", ErrHTML, err)}
	}

	a.Title = corpus.CleanText(ra.Title())
	a.Author = corpus.CleanText(strings.TrimPrefix(strings.TrimPrefix(corpus.CleanText(ra.Byline()), "By "), "by "))
	a.Outlet = corpus.CleanText(ra.SiteName())
	a.URL = corpus.CleanText(meta.url)
	if t, err := ra.PublishedTime(); err == nil {
		a.Published = t
	} else {
		raw := meta.time
		if !errors.Is(err, readability.ErrTimestampMissing) {
			raw = "" // metadata present but unparsable: report it, not <time>
			warn(fmt.Errorf("%w: %v", corpus.ErrDate, err))
		}
		if raw != "" {
			if t, err := corpus.ParseDate(raw); err == nil {
				a.Published = t
			} else {
				warn(fmt.Errorf("%w: <time datetime=%q>", corpus.ErrDate, raw))
			}
		}
	}
	var bp *corpus.Boilerplate
	if opts != nil {
		bp = opts.Boilerplate
	}
	a.Paragraphs = paragraphs(ra.Node, bp)
	o.Complete(&a, 0)
	if len(a.Paragraphs) == 0 {
		return corpus.Article{}, &corpus.ParseError{Path: name, Err: fmt.Errorf("no article text found: %w", corpus.ErrNoText)}
	}
	return a, nil
}

func tooLong(limit int64) error {
	return fmt.Errorf("file larger than %d bytes: %w", limit, corpus.ErrTooLong)
}

// extract runs readability, turning a panic of the library into an error:
// one malformed page must not end a nightly run.
func extract(doc *html.Node, pageURL *url.URL) (a readability.Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("readability panicked: %v", p)
		}
	}()
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxHTMLElements
	return parser.ParseAndMutate(doc, pageURL)
}

// meta is what ParseHTML reads from the page itself before readability
// rewrites it.
type meta struct {
	url  string // canonical link or og:url
	time string // datetime of the publication <time>
	// depth is the deepest nesting of nodes, elements the element count.
	depth, elements int
}

// pageMeta finds the canonical URL and the publication <time> of a page and
// measures its tree. It walks without recursion: the tree may be deep.
func pageMeta(doc *html.Node) meta {
	var m meta
	var ogURL, anyTime string
	type frame struct {
		n     *html.Node
		depth int
	}
	stack := []frame{{doc, 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		m.depth = max(m.depth, f.depth)
		if n.Type == html.ElementNode {
			m.elements++
			switch n.DataAtom {
			case atom.Link:
				if m.url == "" && strings.EqualFold(attr(n, "rel"), "canonical") {
					m.url = attr(n, "href")
				}
			case atom.Meta:
				if ogURL == "" && attr(n, "property") == "og:url" {
					ogURL = attr(n, "content")
				}
			case atom.Time:
				dt := attr(n, "datetime")
				if dt != "" && m.time == "" && (hasAttr(n, "pubdate") || attr(n, "itemprop") == "datePublished") {
					m.time = dt
				}
				if dt != "" && anyTime == "" {
					anyTime = dt
				}
			}
		}
		// Push children last first, so that they pop in document order.
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{c, f.depth + 1})
		}
	}
	if m.url == "" {
		m.url = ogURL
	}
	if m.time == "" {
		m.time = anyTime
	}
	m.url = strings.TrimSpace(m.url)
	return m
}

// autoClosed holds the void elements and those whose end tag is optional:
// they do not deepen the tree when left open ("<p>a<p>b", "<li>", "<br>").
var autoClosed = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
	atom.P: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Option: true,
	atom.Optgroup: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Thead: true,
	atom.Tbody: true, atom.Tfoot: true, atom.Colgroup: true, atom.Caption: true,
	atom.Rb: true, atom.Rt: true, atom.Rtc: true, atom.Rp: true, atom.Html: true,
	atom.Head: true, atom.Body: true,
}

// tagDepth returns the greatest number of elements open at once in s, by
// counting start and end tags (elements in autoClosed aside). It overstates
// the depth of pages that leave other elements open, which is rare.
func tagDepth(s string) int {
	z := html.NewTokenizer(strings.NewReader(s))
	depth, deepest := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return deepest
		case html.StartTagToken:
			name, _ := z.TagName()
			if !autoClosed[atom.Lookup(name)] {
				depth++
				deepest = max(deepest, depth)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if !autoClosed[atom.Lookup(name)] && depth > 0 {
				depth--
			}
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// paragraphs returns the cleaned text of the <p> elements under n, or, when
// there are none, its text split on blank lines.
func paragraphs(n *html.Node, bp *corpus.Boilerplate) []string {
	if n == nil {
		return nil
	}
	var paras []string
	found := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			found = true
			if p := corpus.CleanText(render.InnerText(n)); p != "" && !bp.Match(p) {
				paras = append(paras, p)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if !found {
		return corpus.Paragraphs(render.InnerText(n), bp)
	}
	return paras
}
