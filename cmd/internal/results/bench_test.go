package results

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"testing"

	"newsframe/analysis/article"
	"newsframe/analysis/corpus"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
	"newsframe/data"
)

// benchRows analyses the benchmark corpus ($NEWSFRAME_BENCH_JSONL, else the
// bundled sample) into rows.
func benchRows(tb testing.TB) ([]article.ArticleRow, []article.ParagraphRow, int) {
	path := os.Getenv("NEWSFRAME_BENCH_JSONL")
	if path == "" {
		path = "../../../../data/sample/basil-dev.jsonl"
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	model, err := sentiment.Load(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	b, _ := fs.ReadFile(data.FS, "lists/stopwords.txt")
	stop, _ := text.ParseStopwords(b)
	an, err := article.NewAnalyzer(article.Config{Sentiment: model, Stopwords: stop, Wire: wire.DefaultParams()})
	if err != nil {
		tb.Fatal(err)
	}
	r := corpus.NewJSONLReader(corpus.Origin{Path: "bench.jsonl"}, f, nil)
	var arts []article.ArticleRow
	var paras []article.ParagraphRow
	textBytes := 0
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		res := an.Analyze(&a)
		ar, prs := article.Rows(res, article.Placement{StoryID: "s-" + res.ID})
		arts = append(arts, ar)
		paras = append(paras, prs...)
		for _, p := range a.Paragraphs {
			textBytes += len(p)
		}
	}
	return arts, paras, textBytes
}

// BenchmarkWriteRead writes the corpus's rows as chunks of 100 articles and
// reads them back.
func BenchmarkWriteRead(b *testing.B) {
	arts, paras, textBytes := benchRows(b)
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(textBytes))
	var written int64
	for b.Loop() {
		written = 0
		pi := 0
		for i := 0; i < len(arts); i += 100 {
			j := min(i+100, len(arts))
			chunk := arts[i:j]
			var np int32
			for _, a := range chunk {
				np += a.Paragraphs
			}
			fa, err := s.WriteArticles("2024-01-01", "c", int64(i), chunk)
			if err != nil {
				b.Fatal(err)
			}
			fp, err := s.WriteParagraphs("2024-01-01", "c", int64(i), paras[pi:pi+int(np)])
			if err != nil {
				b.Fatal(err)
			}
			pi += int(np)
			written += fa.Bytes + fp.Bytes
			if _, err := s.ReadParagraphs(fp.Path); err != nil {
				b.Fatal(err)
			}
			if _, err := s.ReadArticles(fa.Path); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(written)/float64(textBytes), "stored/text")
}
