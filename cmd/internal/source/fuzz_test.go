package source

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsframe/analysis/corpus"
)

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(page))
	f.Add([]byte(`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"H","author":{"name":"A"},"datePublished":"2024-03-05"}</script></head><body><p>Text .</p></body></html>`))
	f.Add([]byte(`<time pubdate datetime="March 5, 2024">x</time><div>one<br><br>two</div><p></p><p> </p>`))
	f.Add([]byte(`<table><tr><td><p>cell<p>cell2</table><ul><li>x<li>y</ul><svg><p>in svg</p></svg>`))
	f.Add([]byte("<meta property=\"og:site_name\" content=\"\xe9\"><p>caf\xe9</p>"))
	f.Add([]byte(`<link rel="canonical" href="::bad url"><noscript><p>a</p></noscript><template><p>b</p></template>`))
	opts := defaultOptions(f).Corpus
	opts.Warn = func(*corpus.ParseError) {}
	f.Fuzz(func(t *testing.T, in []byte) {
		start := time.Now()
		a, err := ParseHTML(corpus.Origin{Path: "o/p.html"}, bytes.NewReader(in), &opts)
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("ParseHTML took %v on %d bytes", d, len(in))
		}
		if err != nil {
			if strings.Contains(err.Error(), "readability panicked") {
				t.Fatalf("readability panicked: %v", err)
			}
			var pe *corpus.ParseError
			if !errors.As(err, &pe) || kindOf(err) == "io" {
				t.Fatalf("error %v is not a classified ParseError", err)
			}
			return
		}
		for _, s := range []string{a.ID, a.Outlet, a.Title, a.Author, a.URL, a.Source} {
			if !utf8.ValidString(s) {
				t.Errorf("%q is not valid UTF-8", s)
			}
		}
		if a.ID == "" || len(a.Paragraphs) == 0 {
			t.Errorf("id %q, %d paragraphs", a.ID, len(a.Paragraphs))
		}
		for i, p := range a.Paragraphs {
			if p == "" || !utf8.ValidString(p) || corpus.CleanText(p) != p {
				t.Errorf("paragraph %d %q is empty, invalid or not clean", i, p)
			}
		}
	})
}
