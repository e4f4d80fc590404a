package source

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"newsframe/analysis/corpus"
)

// page is a news page with the furniture readability must see through.
const page = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Mexico rejects intervention | Example News</title>
<meta property="og:title" content="Mexico Rejects U.S. Military Intervention">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.com/world/mexico">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2026-01-12T10:02:00Z">
<style>p { color: red }</style>
<script>var ads = "<p>not text</p>";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="ad">Advertisement</div>
<article>
<h1>Mexico Rejects U.S. Military Intervention</h1>
<p>The Mexican government has issued a firm and unambiguous rejection of any foreign military
intervention on its sovereign territory, officials said on Monday in the capital&nbsp;.</p>
<p>President Claudia Sheinbaum said such action is &quot;not necessary&quot; and that &lt;cooperation&gt;
is the path, <a href="/x">according to her office</a>, after a call with <b>Donald Trump</b>.</p>
<p>Advertisement</p>
<p>Officials pointed to a drop in homicides and fentanyl seizures to argue that cooperation already
works, and analysts widely agreed that a military campaign would be both disastrous and ineffective.</p>
<p>Read more: Trump threatens cartels</p>
</article>
<footer><p>© 2026 Example News. All rights reserved.</p></footer>
</body></html>`

func TestParseHTML(t *testing.T) {
	opts := defaultOptions(t).Corpus
	a, err := ParseHTML(corpus.Origin{Path: "web/mexico.html"}, strings.NewReader(page), &opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Mexico Rejects U.S. Military Intervention" || a.Author != "Jane Doe" || a.Outlet != "Example News" ||
		a.URL != "https://example.com/world/mexico" || !a.Published.Equal(time.Date(2026, 1, 12, 10, 2, 0, 0, time.UTC)) ||
		a.ID != "Example News/web/mexico" {
		t.Errorf("metadata = %q, %q, %q, %q, %v, %q", a.Title, a.Author, a.Outlet, a.URL, a.Published, a.ID)
	}
	want := []string{
		"The Mexican government has issued a firm and unambiguous rejection of any foreign military intervention on its sovereign territory, officials said on Monday in the capital.",
		`President Claudia Sheinbaum said such action is "not necessary" and that <cooperation> is the path, according to her office, after a call with Donald Trump.`,
		"Officials pointed to a drop in homicides and fentanyl seizures to argue that cooperation already works, and analysts widely agreed that a military campaign would be both disastrous and ineffective.",
	}
	if !slices.Equal(a.Paragraphs, want) {
		t.Errorf("Paragraphs =\n%q\nwant\n%q", a.Paragraphs, want)
	}
}

func TestParseHTMLMetadataSources(t *testing.T) {
	body := `<article><p>` + strings.Repeat("A sentence of the body text, long enough to count. ", 12) + `</p></article>`
	tests := []struct {
		name      string
		head      string
		body      string
		title     string
		author    string
		outlet    string
		published time.Time
	}{
		{
			name: "json-ld",
			head: `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
				"headline":"Senate passes the budget","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Ray"}],
				"datePublished":"2024-03-05T10:02:00+00:00","publisher":{"@type":"Organization","name":"Daily Example"}}</script>`,
			title: "Senate passes the budget", author: "Ann Lee, Bo Ray", outlet: "Daily Example",
			published: time.Date(2024, 3, 5, 10, 2, 0, 0, time.UTC),
		},
		{
			name:  "time element",
			head:  `<title>Budget vote</title>`,
			body:  `<time datetime="2020-01-01">old</time><time pubdate datetime="2024-03-05">5 March</time>`,
			title: "Budget vote", outlet: "web", published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		},
		{
			name:  "no metadata",
			title: "", outlet: "web",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "<html><head>" + tt.head + "</head><body>" + tt.body + body + "</body></html>"
			a, err := ParseHTML(corpus.Origin{Path: "web/a.html"}, strings.NewReader(in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Author != tt.author || a.Outlet != tt.outlet || !a.Published.Equal(tt.published) {
				t.Errorf("got %q, %q, %q, %v, want %q, %q, %q, %v", a.Title, a.Author, a.Outlet, a.Published,
					tt.title, tt.author, tt.outlet, tt.published)
			}
			if len(a.Paragraphs) != 1 {
				t.Errorf("got %d paragraphs, want 1", len(a.Paragraphs))
			}
		})
	}
}

func TestParseHTMLNoParagraphElements(t *testing.T) {
	in := "<html><body><div>First block of text that is long enough.<br><br>Second block.</div></body></html>"
	a, err := ParseHTML(corpus.Origin{Path: "a.html"}, strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"First block of text that is long enough.", "Second block."}; !slices.Equal(a.Paragraphs, want) {
		t.Errorf("Paragraphs = %q, want %q", a.Paragraphs, want)
	}
}

func TestParseHTMLErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"empty", "", corpus.ErrEmpty},
		{"no text", "<html><head><title>T</title></head><body><script>x()</script></body></html>", corpus.ErrNoText},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", corpus.ErrBinary},
		{"deep divs", strings.Repeat("<div>", 50_000) + "text", ErrHTML},
		{"deep spans", "<p>" + strings.Repeat("<span>", 5_000) + "text", ErrHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := ParseHTML(corpus.Origin{Path: "a.html"}, strings.NewReader(tt.in), nil)
			var pe *corpus.ParseError
			if !errors.Is(err, tt.err) || !errors.As(err, &pe) {
				t.Errorf("ParseHTML error = %v, want a ParseError wrapping %v", err, tt.err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("ParseHTML took %v", d)
			}
		})
	}
}

func TestParseHTMLCharset(t *testing.T) {
	in := "<html><body><p>Caf\xe9 society, a long enough paragraph of body text for the extractor.</p></body></html>"
	var warnings []*corpus.ParseError
	a, err := ParseHTML(corpus.Origin{Path: "a.html"}, strings.NewReader(in), &corpus.Options{Warn: func(e *corpus.ParseError) {
		warnings = append(warnings, e)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Paragraphs) != 1 || !strings.HasPrefix(a.Paragraphs[0], "Café society") {
		t.Errorf("Paragraphs = %q", a.Paragraphs)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], corpus.ErrCharset) {
		t.Errorf("warnings = %v, want one ErrCharset", warnings)
	}
}
