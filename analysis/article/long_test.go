package article_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"newsframe/analysis/corpus"
	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
	"newsframe/data"
)

// longParagraph returns the seed article's text, its white space made
// single spaces, repeated into one paragraph of at least n bytes: the
// hostile input of a corpus line that holds a whole book.
func longParagraph(tb testing.TB, n int) string {
	b, err := data.FS.ReadFile("sample/seed/000_2e93276e539b50fe.txt")
	if err != nil {
		tb.Fatal(err)
	}
	unit := strings.Join(strings.Fields(string(b)), " ")
	var sb strings.Builder
	sb.Grow(n + len(unit) + 1)
	for sb.Len() < n {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(unit)
	}
	return sb.String()
}

// BenchmarkAnalyzeLongParagraph analyses one paragraph of 1, 4 and 16 MB.
// Linear cost shows as the same ns/byte at every size (with quadratic
// steps it grows fourfold per step).
func BenchmarkAnalyzeLongParagraph(b *testing.B) {
	an := benchAnalyzer(b)
	for _, mb := range []int{1, 4, 16} {
		p := longParagraph(b, mb<<20)
		art := corpus.Article{ID: "long", Outlet: "bench", Title: "Long", Paragraphs: []string{p}}
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				an.Analyze(&art)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(p)), "ns/byte")
		})
	}
}

// TestAnalysisWorkIsLinear checks every step of the per-article analysis on
// one long paragraph and on one four times as long: the work done, counted
// as heap bytes and objects allocated (unlike time, not at the mercy of the
// machine's load), may grow at most sixfold in objects and eightfold in
// bytes. Linear steps grow fourfold, but a slice grown by doubling holds
// anything from one to two times what it needs, so its bytes may grow
// eightfold; a step that re-reads the paragraph for every quotation or
// name grows sixteenfold. The sizes stay
// small enough for `go test`; BenchmarkAnalyzeLongParagraph measures time
// at 1, 4 and 16 MB.
func TestAnalysisWorkIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses half a megabyte")
	}
	benchAnalyzer(t) // loads the model and stopwords
	stop := stopwords
	steps := []struct {
		name string
		run  func(p string)
	}{
		{"text.Words", func(p string) { text.Words(p) }},
		{"text.Sentences", func(p string) { text.Sentences(p) }},
		{"entities.Mentions", func(p string) { entities.Mentions([]string{p}) }},
		{"quotes.Find", func(p string) { quotes.Find([]string{p}) }},
		{"quotes.Analyze", func(p string) { quotes.Analyze([]string{p}, nil) }},
		{"terms.Extract", func(p string) { terms.Extract(p, text.Words(p), stop) }},
		{"wire.Sign", func(p string) { wire.DefaultParams().Sign(p) }},
		{"Analyzer.Analyze", func(p string) {
			// A new Analyzer each time: one that kept the buffers of an
			// earlier call would allocate only for the longer text.
			benchAnalyzer(t).Analyze(&corpus.Article{ID: "long", Title: "Long", Paragraphs: []string{p}})
		}},
	}
	const small = 64 << 10
	short, long := longParagraph(t, small), longParagraph(t, 4*small)
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.run(short) // warm up lazily built tables
			b1, o1 := allocated(func() { st.run(short) })
			b4, o4 := allocated(func() { st.run(long) })
			if b4 > 8*b1 || o4 > 6*o1 {
				t.Errorf("%s: %d bytes in %d objects for %d bytes of text, %d bytes in %d objects for %d: want at most 8 times the bytes and 6 times the objects",
					st.name, b1, o1, len(short), b4, o4, len(long))
			}
		})
	}
}

// allocated returns the heap bytes and objects that f allocates.
func allocated(f func()) (bytes, objects uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}
