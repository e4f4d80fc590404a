package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/reports"
)

// cpSpan returns the code-point span of the first occurrence of sub in s.
func cpSpan(t *testing.T, s, sub string) (int32, int32) {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, s)
	}
	start := utf8.RuneCountInString(s[:i])
	return int32(start), int32(start + utf8.RuneCountInString(sub))
}

// TestArticlePageOffsets checks that the code-point offsets of the stored
// rows become byte offsets that slice the paragraph to the cue's words,
// with accents and curly quotes before the cues, cues in any order, and
// that the article page highlights exactly those words.
func TestArticlePageOffsets(t *testing.T) {
	text := `Café owners in Montréal said “it’s a disaster” — a bad week for résumé writers.`
	cue := func(word string, w float64) article.Cue {
		s, e := cpSpan(t, text, word)
		return article.Cue{Text: word, Weight: w, Start: s, End: e}
	}
	qs, qe := cpSpan(t, text, "it’s a disaster")
	row := article.ParagraphRow{ArticleID: "x/1", Outlet: "Le Monde", Text: text, SentimentScore: -0.5, SentimentLabel: "negative",
		// Later cues first: the converter must not assume order.
		SentimentCues: []article.Cue{cue("bad", -0.4), cue("disaster", -0.6)},
		Stance:        []article.ParagraphStance{{Target: "Montréal", Label: "against", Score: -0.3, Cues: []article.Cue{cue("résumé", -0.3)}}},
		Quotes:        []article.Quote{{Start: qs, End: qe, Speaker: "a baker"}}}
	pa := pageArticle{Article: article.ArticleRow{ArticleID: "x/1", Outlet: "Le Monde", Title: "Cafés"}, Paragraphs: []article.ParagraphRow{row}}
	ra := articlePage(pa)
	p := ra.Paragraphs[0]
	for i, want := range []string{"bad", "disaster"} {
		if got := p.Text[p.Cues[i].Start:p.Cues[i].End]; got != want {
			t.Errorf("sentiment cue %d slices %q, want %q", i, got, want)
		}
	}
	if c := p.Stances[0].Cues[0]; p.Text[c.Start:c.End] != "résumé" {
		t.Errorf("stance cue slices %q, want %q", p.Text[c.Start:c.End], "résumé")
	}
	if q := p.Quotes[0]; p.Text[q.Start:q.End] != "it’s a disaster" {
		t.Errorf("quote slices %q, want %q", p.Text[q.Start:q.End], "it’s a disaster")
	}
	// An offset past the end clamps to the text's length.
	bo := &byteOffsets{s: "é"}
	if got := bo.at(5); got != len("é") {
		t.Errorf("byteOffsets.at(5) on %q = %d, want %d", "é", got, len("é"))
	}

	dir := t.TempDir()
	m := &reports.Model{Title: "t", Articles: []reports.Article{ra}}
	if err := reports.Write(reports.DirCreate(dir), m); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(reports.ArticlePath("x/1"))))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`>bad</span>`, `>disaster</span>`, `>résumé</span>`, `<span class="quoted" title="quote: a baker">it’s a </span>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("article page lacks %s", want)
		}
	}
}

// TestComparison checks what the model says is compared: the largest
// outlets, the pool with its member outlets, every outlet with the key it
// counts toward, and the tests.
func TestComparison(t *testing.T) {
	summary := func(articles int64) *aggregate.CellSummary {
		s := aggregate.NewCellSummary()
		s.Articles = articles
		return s
	}
	opt := aggregate.OverviewOptions{MinArticles: 10}
	for _, c := range []struct {
		name              string
		byGroup           bool
		keys              []*aggregate.Key
		wantUnit, wantFld string
		wantShown, wantPl int
		members           map[string][]string
	}{
		{"outlets pooled", false, []*aggregate.Key{
			{Name: "A", Outlets: []string{"A"}, Summary: summary(30)},
			{Name: "B", Outlets: []string{"B"}, Summary: summary(20)},
			{Name: aggregate.OtherKey, Pooled: true, Outlets: []string{"C", "D", "E"}, Summary: summary(9)},
		}, "outlets", "", 2, 3, map[string][]string{"A": nil, "B": nil, aggregate.OtherKey: {"C", "D", "E"}}},
		{"groups", true, []*aggregate.Key{
			{Name: "left", Outlets: []string{"A", "C"}, Summary: summary(35)},
			{Name: "right", Outlets: []string{"B", "D", "E"}, Summary: summary(24)},
		}, "groups", "bias", 2, 0, map[string][]string{"left": {"A", "C"}, "right": {"B", "D", "E"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opt
			o.ByGroup = c.byGroup
			ov := &aggregate.Overview{Keys: c.keys, Opt: o}
			for _, name := range []string{"A", "B", "C", "D", "E"} {
				ov.All = append(ov.All, &aggregate.Key{Name: name, Outlets: []string{name}, Summary: summary(5)})
			}
			ov.Outlets = len(ov.All)
			ro := &runOptions{compareBy: c.wantFld}
			m := buildModel(ov, modelInputs{opt: ro})
			got := m.Comparison
			if got.Unit != c.wantUnit || got.Field != c.wantFld || got.Shown != c.wantShown || got.Pooled != c.wantPl || got.MinArticles != 10 || got.OutletsCSV != "outlets.csv" {
				t.Errorf("Comparison = %+v, want unit %q, field %q, %d shown, %d pooled, min 10, outlets.csv", got, c.wantUnit, c.wantFld, c.wantShown, c.wantPl)
			}
			if c.wantPl > 0 && got.PooledName != aggregate.OtherKey {
				t.Errorf("PooledName = %q, want %q", got.PooledName, aggregate.OtherKey)
			}
			for _, ro := range m.Outlets {
				if want := c.members[ro.Name]; !slices.Equal(ro.Members, want) {
					t.Errorf("%s: Members = %q, want %q", ro.Name, ro.Members, want)
				}
			}
			if got, want := len(m.AllOutlets), 5; got != want {
				t.Fatalf("%d outlets listed, want %d", got, want)
			}
			for _, o := range m.AllOutlets {
				if len(o.Keys) != 1 {
					t.Errorf("outlet %s counts toward %q, want one key", o.Name, o.Keys)
				}
			}
		})
	}
}
