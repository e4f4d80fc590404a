package topics

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/data"
)

// bbcDocs reads the BBC corpus as a run would turn it into topic-model
// documents (one per article; vocabulary from the paragraph counts), or
// skips when the corpus is not on this machine.
func bbcDocs(tb testing.TB) (*Vocab, []Doc) {
	tb.Helper()
	const path = "/work/shared/corpus/bbc/articles.jsonl"
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	b, err := data.FS.ReadFile("lists/stopwords.txt")
	if err != nil {
		tb.Fatal(err)
	}
	stop, err := text.ParseStopwords(b)
	if err != nil {
		tb.Fatal(err)
	}
	ts, err := data.FS.ReadFile("lists/topic-stopwords.txt")
	if err != nil {
		tb.Fatal(err)
	}
	exclude, err := ParseStopTerms(ts)
	if err != nil {
		tb.Fatal(err)
	}
	ex := terms.NewExtractor(stop)
	counts := terms.NewCounts()
	var arts [][]terms.Seq
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		var seqs []terms.Seq
		for p := range strings.SplitSeq(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				s := ex.Extract(strings.Clone(p))
				counts.Add(s)
				seqs = append(seqs, s)
			}
		}
		arts = append(arts, seqs)
	}
	vocab, err := ChooseVocab(counts, terms.Phrases(counts, terms.PhraseOptions{}),
		VocabOptions{Exclude: exclude, Names: []string{"bbc"}})
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([]Doc, len(arts))
	for i, seqs := range arts {
		docs[i] = vocab.Doc(Doc{}, seqs...)
	}
	return vocab, docs
}

// perDoc reports wall and CPU nanoseconds per document; call it as
// defer perDoc(b, n)() after setup. CPU time is the steadier figure on a
// machine shared with other jobs.
func perDoc(b *testing.B, n int, unit string) func() {
	b.ResetTimer()
	cpu0 := cpuTime()
	return func() {
		ops := float64(b.N) * float64(n)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/ops, "ns/"+unit)
		if cpu := cpuTime() - cpu0; cpu > 0 {
			b.ReportMetric(float64(cpu.Nanoseconds())/ops, "cpu-ns/"+unit)
		}
	}
}

// BenchmarkInfer measures the inference of one new article from a stored
// model of K = 50 topics (fitted on the BBC set; 13k terms), on one
// goroutine: the nightly per-article cost. Goal: under 1 ms per article.
func BenchmarkInfer(b *testing.B) {
	vocab, docs := bbcDocs(b)
	m, err := Fit(DocsSource(docs), vocab, FitOptions{K: 50})
	if err != nil {
		b.Fatal(err)
	}
	in := m.NewInferrer()
	var inf Inference
	defer perDoc(b, len(docs), "article")()
	for b.Loop() {
		for _, d := range docs {
			in.Infer(&inf, d)
		}
	}
}

// BenchmarkFit measures a whole fit of the BBC set (2,225 articles) at
// its default K, one op per fit, on GOMAXPROCS workers.
func BenchmarkFit(b *testing.B) {
	vocab, docs := bbcDocs(b)
	defer perDoc(b, 1, "fit")()
	for b.Loop() {
		if _, err := Fit(DocsSource(docs), vocab, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
