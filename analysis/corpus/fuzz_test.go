package corpus

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"newsframe/data"
)

// checkArticle asserts the properties every parsed article has: valid UTF-8
// everywhere, a non-empty id, at least one paragraph, no empty or uncleaned
// paragraph.
func checkArticle(t *testing.T, a Article) {
	t.Helper()
	for name, s := range map[string]string{"ID": a.ID, "Outlet": a.Outlet, "Title": a.Title, "Subtitle": a.Subtitle,
		"Author": a.Author, "URL": a.URL, "Source": a.Source} {
		if !utf8.ValidString(s) {
			t.Errorf("%s %q is not valid UTF-8", name, s)
		}
	}
	if strings.TrimSpace(a.ID) == "" {
		t.Errorf("empty id")
	}
	if len(a.Paragraphs) == 0 {
		t.Errorf("article without paragraphs")
	}
	for i, p := range a.Paragraphs {
		if p == "" || !utf8.ValidString(p) || CleanText(p) != p {
			t.Errorf("paragraph %d %q is empty, invalid or not clean", i, p)
		}
	}
}

func FuzzParseText(f *testing.F) {
	seed, err := data.FS.ReadFile(seedPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, false)
	f.Add([]byte("Title: T\nAuthor: A\nPublished: 2024-01-02\n\nBody .\n"), false)
	f.Add([]byte("# Heading\n\n## Sub\n\nText.\n"), true)
	f.Add([]byte("Home | World | News\nBy Jane Doe\nMarch 5, 2024\nA headline of some words\n\nBody.\n"), false)
	f.Add([]byte("caf\xe9 \x93x\x94\r\n\r\nmore"), false)
	f.Add([]byte("\xff\xfeT\x00i\x00"), false)
	f.Add([]byte("Is it? \n\nYes ."), false)
	bp := defaultBoilerplate(f)
	f.Fuzz(func(t *testing.T, in []byte, markdown bool) {
		path := "o/a.txt"
		if markdown {
			path = "o/a.md"
		}
		a, err := ParseText(Origin{Path: path}, bytes.NewReader(in), &Options{Boilerplate: bp, Warn: func(*ParseError) {}})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || KindOf(err) == "" {
				t.Fatalf("error %v is not a classified ParseError", err)
			}
			return
		}
		checkArticle(t, a)
	})
}

func FuzzJSONL(f *testing.F) {
	lines, err := data.FS.ReadFile("sample/basil-dev.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	first, _, _ := bytes.Cut(lines, []byte("\n"))
	f.Add(first)
	f.Add([]byte(`{"id":"a","author":["x",{"name":"y"}],"published":1700000000,"text":["p1","p2"]}` + "\n[1]\n7\n"))
	f.Add([]byte(`{"text":"a\n\nb","published":"March 5, 2024"}` + "\r\n{\"text\":"))
	f.Add([]byte("\xEF\xBB\xBF{\"text\":\"caf\xe9\"}\n\n" + `{"id":null,"body":"x","deep":[[[[{}]]]]}`))
	f.Add([]byte(`{"text":"` + strings.Repeat("long ", 2000) + `"}` + "\n{\"text\":\"after\"}"))
	bp := defaultBoilerplate(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewJSONLReader(Origin{Path: "o/f.jsonl"}, bytes.NewReader(in),
			&Options{Boilerplate: bp, MaxLine: 4096, Warn: func(*ParseError) {}})
		limit := bytes.Count(in, []byte("\n")) + 3
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("more than %d results from %d lines", limit, limit-3)
			}
			a, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || KindOf(err) == "" {
					t.Fatalf("error %v is not a classified ParseError", err)
				}
				continue
			}
			checkArticle(t, a)
		}
	})
}
