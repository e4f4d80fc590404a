package quotes_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/text"
	"newsframe/data"
)

// sampleArticles returns the paragraphs of the embedded basil-dev sample
// (30 news articles from three outlets).
func sampleArticles(tb testing.TB) [][]string {
	b, err := data.FS.ReadFile("sample/basil-dev.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var a struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("sample/basil-dev.jsonl:%d: %v", n, err)
		}
		out = append(out, strings.Split(a.Text, "\n\n"))
	}
	return out
}

func size(arts [][]string) int64 {
	var n int64
	for _, ps := range arts {
		for _, p := range ps {
			n += int64(len(p))
		}
	}
	return n
}

func BenchmarkFind(b *testing.B) {
	arts := sampleArticles(b)
	b.SetBytes(size(arts))
	for b.Loop() {
		for _, ps := range arts {
			quotes.Find(ps)
		}
	}
}

// BenchmarkAnalyze includes finding the entity mentions (names == nil).
func BenchmarkAnalyze(b *testing.B) {
	arts := sampleArticles(b)
	b.SetBytes(size(arts))
	for b.Loop() {
		for _, ps := range arts {
			quotes.Analyze(ps, nil)
		}
	}
}

// BenchmarkAnalyzeGivenNames measures Analyze alone, with the mentions the
// pipeline computes anyway.
func BenchmarkAnalyzeGivenNames(b *testing.B) {
	arts := sampleArticles(b)
	names := make([][]entities.Mention, len(arts))
	for i, ps := range arts {
		names[i] = entities.Mentions(ps)
	}
	b.SetBytes(size(arts))
	for b.Loop() {
		for i, ps := range arts {
			quotes.Analyze(ps, names[i])
		}
	}
}

// BenchmarkAnalyzeTokens measures what the pipeline pays when it shares its
// split and mentions: the attribution work alone.
func BenchmarkAnalyzeTokens(b *testing.B) {
	arts := sampleArticles(b)
	type split struct {
		words [][]text.Token
		sents [][]text.Span
		names []entities.Mention
	}
	splits := make([]split, len(arts))
	for i, ps := range arts {
		for _, p := range ps {
			splits[i].words = append(splits[i].words, text.Words(p))
			splits[i].sents = append(splits[i].sents, text.Sentences(p))
		}
		splits[i].names = entities.MentionsTokens(ps, splits[i].words, splits[i].sents)
	}
	b.SetBytes(size(arts))
	for b.Loop() {
		for i, ps := range arts {
			quotes.AnalyzeTokens(ps, splits[i].words, splits[i].sents, splits[i].names)
		}
	}
}

// BenchmarkAnalyzeLength runs Analyze on one article made of the whole
// sample repeated 1, 4 and 16 times: linear time shows as a constant MB/s.
func BenchmarkAnalyzeLength(b *testing.B) {
	var all []string
	for _, ps := range sampleArticles(b) {
		all = append(all, ps...)
	}
	for _, n := range []int{1, 4, 16} {
		var article []string
		for range n {
			article = append(article, all...)
		}
		b.Run(fmt.Sprintf("x%d", n), func(b *testing.B) {
			b.SetBytes(size([][]string{article}))
			for b.Loop() {
				quotes.Analyze(article, nil)
			}
		})
	}
}

// BenchmarkAnalyzeAdversarial runs Analyze on degenerate paragraphs (long
// runs of capitalised words, marks, verbs, commas) at two lengths: the
// time per byte should not grow with the length.
func BenchmarkAnalyzeAdversarial(b *testing.B) {
	shapes := []struct{ name, unit string }{
		{"caps", "Abc "},
		{"straight", `"a" `},
		{"curly-open", "“a "},
		{"said", "he said "},
		{"saying", "Bob Roe, saying "},
		{"commas", "Bob Roe, "},
		{"singles", "'ab "},
		{"sentences", `"Yes." `},
		{"mixed", `“A,” he said, "b" 'c' Mr. Dee of the Bank of America said; `},
	}
	for _, s := range shapes {
		for _, n := range []int{2000, 8000} {
			p := strings.Repeat(s.unit, n) + "said"
			b.Run(fmt.Sprintf("%s/%d", s.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(p)))
				for b.Loop() {
					quotes.Analyze([]string{p}, nil)
				}
			})
		}
	}
}
