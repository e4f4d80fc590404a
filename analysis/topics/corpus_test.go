package topics

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/data"
)

// corpusSeqs reads the paragraphs of a JSON-lines corpus as content-term
// sequences, skipping the test when the corpus is not on this machine.
func corpusSeqs(tb testing.TB, path string) []terms.Seq {
	tb.Helper()
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
	ex := terms.NewExtractor(stop)
	var seqs []terms.Seq
	r := bufio.NewReader(f)
	for n := 1; ; n++ {
		line, rerr := r.ReadBytes('\n')
		if strings.TrimSpace(string(line)) != "" {
			var a struct{ Text string }
			if err := json.Unmarshal(line, &a); err != nil {
				tb.Fatalf("%s:%d: %v", path, n, err)
			}
			for p := range strings.SplitSeq(a.Text, "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					seqs = append(seqs, ex.Extract(strings.Clone(p)))
				}
			}
		}
		if rerr != nil {
			break
		}
	}
	return seqs
}

func corpusModel(tb testing.TB, seqs []terms.Seq, opt Options) *Model {
	tb.Helper()
	tot := terms.NewCounts()
	for _, s := range seqs {
		tot.Add(s)
	}
	vocab := terms.TermsOf(terms.Top(tot, terms.Phrases(tot, terms.PhraseOptions{}), 200))
	co, err := terms.NewCooccur(vocab, 0)
	if err != nil {
		tb.Fatal(err)
	}
	for _, s := range seqs {
		co.Add(s)
	}
	m, err := Find(co, tot, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestCorpusDeterministic finds the topics of basil-dev (top 200 terms)
// from paragraphs in shuffled orders: topics, labels and Q must not move.
func TestCorpusDeterministic(t *testing.T) {
	seqs := corpusSeqs(t, "/work/shared/corpus/basil-dev/articles.jsonl")
	want := corpusModel(t, seqs, Options{})
	if len(want.Topics) < 3 || want.Q <= 0.2 {
		t.Errorf("basil-dev: %d topics, Q %.3f; want several topics and clear structure", len(want.Topics), want.Q)
	}
	r := rand.New(rand.NewPCG(9, 10))
	for i := 0; i < 5; i++ {
		r.Shuffle(len(seqs), func(a, b int) { seqs[a], seqs[b] = seqs[b], seqs[a] })
		if got := corpusModel(t, seqs, Options{}); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: topics differ:\n%+v\nwant\n%+v", i, got.Topics, want.Topics)
		}
	}
	dense := corpusModel(t, seqs, Options{Neighbors: -1})
	for i := 0; i < 10; i++ {
		if got := corpusModel(t, seqs, Options{Neighbors: -1}); !reflect.DeepEqual(got, dense) {
			t.Fatalf("dense graph run %d: topics differ", i)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	seqs := corpusSeqs(b, "/work/shared/corpus/bbc/articles.jsonl")
	tot := terms.NewCounts()
	for _, s := range seqs {
		tot.Add(s)
	}
	vocab := terms.TermsOf(terms.Top(tot, terms.Phrases(tot, terms.PhraseOptions{}), 200))
	co, err := terms.NewCooccur(vocab, 0)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range seqs {
		co.Add(s)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Find(co, tot, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
