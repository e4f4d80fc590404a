package article_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"sync"
	"testing"

	"newsframe/analysis/article"
	"newsframe/analysis/corpus"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
	"newsframe/data"
)

// benchCorpus is the JSON-lines corpus of the benchmarks: the bundled
// sample, or the file named by $NEWSFRAME_BENCH_JSONL (for example
// ../../../shared/corpus/bbc/articles.jsonl).
func benchCorpus(tb testing.TB) []corpus.Article {
	path := os.Getenv("NEWSFRAME_BENCH_JSONL")
	if path == "" {
		path = "../../data/sample/basil-dev.jsonl"
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := corpus.NewJSONLReader(corpus.Origin{Path: "bench.jsonl"}, f, nil)
	var arts []corpus.Article
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		arts = append(arts, a)
	}
	return arts
}

var (
	modelOnce sync.Once
	model     *sentiment.Model
	stopwords text.Stopwords
	modelErr  error
)

func benchAnalyzer(tb testing.TB) *article.Analyzer {
	modelOnce.Do(func() {
		if model, modelErr = sentiment.Load(data.FS); modelErr != nil {
			return
		}
		var b []byte
		if b, modelErr = fs.ReadFile(data.FS, "lists/stopwords.txt"); modelErr != nil {
			return
		}
		stopwords, modelErr = text.ParseStopwords(b)
	})
	if modelErr != nil {
		tb.Fatal(modelErr)
	}
	an, err := article.NewAnalyzer(article.Config{Sentiment: model, Stopwords: stopwords, Wire: wire.DefaultParams()})
	if err != nil {
		tb.Fatal(err)
	}
	return an
}

// BenchmarkAnalyze analyses the whole benchmark corpus per iteration and
// reports ns per paragraph and MB/s of paragraph text, on one goroutine.
func BenchmarkAnalyze(b *testing.B) {
	arts := benchCorpus(b)
	an := benchAnalyzer(b)
	paragraphs, bytes := 0, 0
	for _, a := range arts {
		paragraphs += len(a.Paragraphs)
		for _, p := range a.Paragraphs {
			bytes += len(p)
		}
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range arts {
			an.Analyze(&arts[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*paragraphs), "ns/paragraph")
}
