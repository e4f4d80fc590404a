package source

import (
	"context"
	"os"
	"strings"
	"testing"

	"newsframe/analysis/corpus"
)

// BenchmarkWalkBBC reads the BBC development corpus (5.3 MB of JSON lines)
// through the walker: the ingest share of the end-to-end throughput.
func BenchmarkWalkBBC(b *testing.B) {
	const path = "/work/shared/corpus/bbc/articles.jsonl"
	info, err := os.Stat(path)
	if err != nil {
		b.Skip("development corpus not on this machine")
	}
	roots, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	w := New(roots, defaultOptions(b))
	b.SetBytes(info.Size())
	for b.Loop() {
		n := 0
		if _, err := w.Walk(context.Background(), func(it Item) error {
			if it.Article != nil {
				n++
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != 2225 {
			b.Fatalf("got %d articles", n)
		}
	}
}

func BenchmarkParseHTML(b *testing.B) {
	opts := defaultOptions(b).Corpus
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := ParseHTML(corpus.Origin{Path: "o/p.html"}, strings.NewReader(page), &opts); err != nil {
			b.Fatal(err)
		}
	}
}
