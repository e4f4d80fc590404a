package wire

import (
	"bufio"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
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

// TestGroupsAgainstExactJaccard compares the grouping with the exact
// answer: every pair of signed paragraphs whose shingle sets have a
// Jaccard similarity of at least Threshold should share a group, and a
// pair that shares a group should be close to it. It logs the pair recall
// and the share of grouped pairs at or above 0.8 and above 0.7 exact
// Jaccard, on basil-dev and on the BBC corpus (whose duplicates are
// articles the data set holds twice).
func TestGroupsAgainstExactJaccard(t *testing.T) {
	if testing.Short() {
		t.Skip("compares every pair of BBC paragraphs that share a shingle")
	}
	for _, path := range []string{basilPath, bbcPath} {
		paras, texts := signAll(t, path)
		p := DefaultParams()
		res, err := p.Group(paras)
		if err != nil {
			t.Fatal(err)
		}
		group := make(map[Ref]int, len(paras))
		for gi, g := range res.Groups {
			for _, r := range g.Paragraphs {
				group[r] = gi + 1
			}
		}
		// Exact shingle sets, and candidate pairs from an inverted index.
		sets := make([]map[string]bool, len(texts))
		byShingle := map[string][]int{}
		for i, s := range texts {
			if paras[i].Signature == nil {
				continue
			}
			toks := text.Words(s)
			sets[i] = map[string]bool{}
			for j := 0; j+p.Shingle <= len(toks); j++ {
				parts := make([]string, p.Shingle)
				for k := range parts {
					parts[k] = toks[j+k].Norm
				}
				sh := strings.Join(parts, " ")
				if !sets[i][sh] {
					sets[i][sh] = true
					byShingle[sh] = append(byShingle[sh], i)
				}
			}
		}
		type pair struct{ a, b int }
		seen := map[pair]bool{}
		want, found, grouped, close8, close7 := 0, 0, 0, 0, 0
		for _, ids := range byShingle {
			if len(ids) > 50 {
				continue // a boilerplate shingle; its pairs come from others
			}
			for x := range ids {
				for y := x + 1; y < len(ids); y++ {
					pr := pair{ids[x], ids[y]}
					if seen[pr] {
						continue
					}
					seen[pr] = true
					a, b := sets[pr.a], sets[pr.b]
					inter := 0
					for s := range a {
						if b[s] {
							inter++
						}
					}
					j := float64(inter) / float64(len(a)+len(b)-inter)
					ra := Ref{paras[pr.a].Article, paras[pr.a].Index, paras[pr.a].Outlet}
					rb := Ref{paras[pr.b].Article, paras[pr.b].Index, paras[pr.b].Outlet}
					same := group[ra] != 0 && group[ra] == group[rb]
					if j >= p.Threshold {
						want++
						if same {
							found++
						}
					}
					if same {
						grouped++
						if j >= 0.8 {
							close8++
						}
						if j >= 0.7 {
							close7++
						}
					}
				}
			}
		}
		t.Logf("%s: %d groups; pairs at exact Jaccard >= %.1f: %d, in one group %d (recall %.3f); pairs in one group sharing a shingle: %d, of which >= 0.8 exact %.3f, >= 0.7 %.3f",
			path, len(res.Groups), p.Threshold, want, found, float64(found)/float64(max(want, 1)),
			grouped, float64(close8)/float64(max(grouped, 1)), float64(close7)/float64(max(grouped, 1)))
		if want > 0 && float64(found) < 0.95*float64(want) {
			t.Errorf("%s: %d of %d pairs at exact Jaccard >= %.1f share a group, want at least 95%%", path, found, want, p.Threshold)
		}
		if grouped > 0 && float64(close7) < 0.95*float64(grouped) {
			t.Errorf("%s: %d of %d grouped pairs have exact Jaccard >= 0.7, want at least 95%%", path, close7, grouped)
		}
	}
}

// TestEstimateAccuracy measures the similarity estimate on copies of BBC
// paragraphs with random word edits and cut tails (a fixed random stream):
// per band of exact Jaccard similarity, the root mean square error of
// Similarity and the rate at which LSH banding makes the pair a candidate,
// against 1 − (1 − J⁶)²⁰ at the band's middle. The error must stay within
// 1.25 times the standard error of 120 independent hash functions,
// √(J(1−J)/120), at the band's worse end.
func TestEstimateAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("signs 16,000 edited paragraphs")
	}
	_, _, texts, _ := loadParagraphs(t, bbcPath)
	var paras [][]string
	var vocab []string
	seen := map[string]bool{}
	for _, s := range texts {
		var ws []string
		for _, tok := range text.Words(s) {
			ws = append(ws, tok.Norm)
			if !seen[tok.Norm] {
				seen[tok.Norm] = true
				vocab = append(vocab, tok.Norm)
			}
		}
		if len(ws) >= 10 {
			paras = append(paras, ws)
		}
	}
	p := DefaultParams()
	shingles := func(ws []string) map[string]bool {
		m := map[string]bool{}
		for i := 0; i+p.Shingle <= len(ws); i++ {
			m[strings.Join(ws[i:i+p.Shingle], " ")] = true
		}
		return m
	}
	type band struct {
		n    int
		se   float64
		cand int
	}
	bands := make([]band, 11)
	rng := rand.New(rand.NewPCG(7, 9))
	for range 16000 {
		a := paras[rng.IntN(len(paras))]
		b := slices.Clone(a)
		for range rng.IntN(1 + len(a)/8) {
			b[rng.IntN(len(b))] = vocab[rng.IntN(len(vocab))]
		}
		if rng.IntN(3) == 0 {
			b = b[:len(b)-rng.IntN(1+len(b)/5)]
		}
		if len(b) < p.MinWords {
			continue
		}
		sa, sb := shingles(a), shingles(b)
		inter := 0
		for s := range sa {
			if sb[s] {
				inter++
			}
		}
		exact := float64(inter) / float64(len(sa)+len(sb)-inter)
		x, y := p.SignWords(a), p.SignWords(b)
		est := Similarity(x, y)
		bd := &bands[int(exact*10)]
		bd.n++
		bd.se += (est - exact) * (est - exact)
		for k := 0; k < p.Bands; k++ {
			if slices.Equal(x[k*p.Rows:(k+1)*p.Rows], y[k*p.Rows:(k+1)*p.Rows]) {
				bd.cand++
				break
			}
		}
	}
	for i, bd := range bands {
		if bd.n < 200 || i == 10 {
			continue
		}
		lo, hi := float64(i)/10, float64(i+1)/10
		rmse := math.Sqrt(bd.se / float64(bd.n))
		worst := max(lo*(1-lo), hi*(1-hi))
		if lo < 0.5 && hi > 0.5 {
			worst = 0.25
		}
		bound := 1.25 * math.Sqrt(worst/float64(p.Hashes()))
		mid := (lo + hi) / 2
		t.Logf("exact J in [%.1f, %.1f): %5d pairs, RMSE %.4f (bound %.4f), candidates %.3f (1−(1−J⁶)²⁰ at %.2f: %.3f)",
			lo, hi, bd.n, rmse, bound, float64(bd.cand)/float64(bd.n), mid, 1-math.Pow(1-math.Pow(mid, 6), 20))
		if rmse > bound {
			t.Errorf("exact J in [%.1f, %.1f): RMSE %.4f, want at most %.4f", lo, hi, rmse, bound)
		}
	}
}
