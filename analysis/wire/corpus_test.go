package wire

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"newsframe/analysis/text"
)

// The development corpora live in the shared folder beside the repository
// (tests may read files; the package may not).
const (
	basilPath = "../../../shared/corpus/basil-dev/articles.jsonl"
	bbcPath   = "../../../shared/corpus/bbc/articles.jsonl"
)

type article struct {
	ID     string `json:"id"`
	Outlet string `json:"outlet"`
	Text   string `json:"text"`
}

// loadParagraphs reads a JSON-lines corpus and splits each text at blank
// lines; it skips the caller if the file is absent.
func loadParagraphs(tb testing.TB, path string) (outlets, articles, paras []string, index []int) {
	tb.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("corpus %s not present", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("%s:%d: %v", path, n, err)
		}
		i := 0
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			outlets = append(outlets, a.Outlet)
			articles = append(articles, a.ID)
			paras = append(paras, p)
			index = append(index, i)
			i++
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return outlets, articles, paras, index
}

func signAll(tb testing.TB, path string) ([]Paragraph, []string) {
	outlets, articles, texts, index := loadParagraphs(tb, path)
	p := DefaultParams()
	paras := make([]Paragraph, len(texts))
	for i := range texts {
		paras[i] = Paragraph{Article: articles[i], Index: index[i], Outlet: outlets[i], Signature: p.Sign(texts[i])}
	}
	return paras, texts
}

// TestBasilShared runs the grouping on basil-dev (Fox, NYT and HuffPost on
// the same 40 events) and checks every marked pair against the exact
// Jaccard similarity of its shingles.
func TestBasilShared(t *testing.T) {
	paras, texts := signAll(t, basilPath)
	p := DefaultParams()
	res, err := p.Group(paras)
	if err != nil {
		t.Fatal(err)
	}
	pos := make(map[Ref]int, len(paras))
	for i, x := range paras {
		pos[Ref{x.Article, x.Index, x.Outlet}] = i
	}
	signed, shared, repeated := 0, map[string]int{}, 0
	for i, x := range paras {
		if x.Signature != nil {
			signed++
		}
		if res.Marks[i]&Shared != 0 {
			shared[x.Outlet]++
		}
		if res.Marks[i]&Repeated != 0 {
			repeated++
		}
	}
	t.Logf("basil-dev: %d paragraphs, %d signed, %d groups; shared per outlet %v; repeated %d",
		len(paras), signed, len(res.Groups), shared, repeated)
	for _, g := range res.Groups {
		// Each member must be close to at least one other member.
		for _, r := range g.Paragraphs {
			best := 0.0
			for _, o := range g.Paragraphs {
				if o != r {
					best = max(best, exactJaccard(texts[pos[r]], texts[pos[o]], p.Shingle))
				}
			}
			if best < 0.65 {
				t.Errorf("%s#%d grouped with exact Jaccard %.2f at best: %q", r.Article, r.Index, best, texts[pos[r]])
			}
		}
	}
}

// BenchmarkSign signs every BBC paragraph (10.5k); ns/op divided by the
// paragraph count reported is the cost per paragraph.
func BenchmarkSign(b *testing.B) {
	_, _, texts, _ := loadParagraphs(b, bbcPath)
	p := DefaultParams()
	b.ReportMetric(float64(len(texts)), "paragraphs")
	for b.Loop() {
		for _, s := range texts {
			p.Sign(s)
		}
	}
}

// BenchmarkGroup groups the signed BBC paragraphs, replicated to reps
// copies under other outlet names so that every paragraph has
// cross-outlet duplicates.
func BenchmarkGroup(b *testing.B) {
	paras, _ := signAll(b, bbcPath)
	for _, reps := range []int{1, 4} {
		all := make([]Paragraph, 0, reps*len(paras))
		for r := range reps {
			for _, x := range paras {
				x.Outlet = string(rune('a' + r))
				x.Article = x.Outlet + "/" + x.Article
				all = append(all, x)
			}
		}
		b.Run(strings.Repeat("x", reps), func(b *testing.B) {
			var res Result
			for b.Loop() {
				var err error
				if res, err = DefaultParams().Group(all); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(all)), "paragraphs")
			b.ReportMetric(float64(len(res.Groups)), "groups")
		})
	}
}

// BenchmarkSignWords is BenchmarkSign without tokenisation.
func BenchmarkSignWords(b *testing.B) {
	_, _, texts, _ := loadParagraphs(b, bbcPath)
	words := make([][]string, len(texts))
	for i, s := range texts {
		for _, t := range text.Words(s) {
			words[i] = append(words[i], t.Norm)
		}
	}
	p := DefaultParams()
	b.ReportMetric(float64(len(texts)), "paragraphs")
	for b.Loop() {
		for _, w := range words {
			p.SignWords(w)
		}
	}
}
