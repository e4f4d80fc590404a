package stories_test

import (
	"fmt"
	"strings"
	"time"

	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
)

func bag(s string) map[string]int {
	m := make(map[string]int)
	for _, w := range strings.Fields(s) {
		m[w]++
	}
	return m
}

func ExampleCluster() {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	docs := []stories.Doc{
		{ID: "nyt/1", Outlet: "nyt", Published: day(2), Title: "Tariffs on steel", Terms: bag("tariff tariff steel imports canada trade")},
		{ID: "fox/1", Outlet: "fox", Published: day(3), Title: "Steel duties", Terms: bag("tariff steel steel imports canada jobs")},
		{ID: "fox/2", Outlet: "fox", Published: day(2), Title: "River floods town", Terms: bag("flood river river rain evacuation mayor")},
		{ID: "hpo/1", Outlet: "hpo", Published: day(4), Title: "Flooding", Terms: bag("flood flood river rain evacuation shelters")},
	}
	for _, s := range stories.Cluster(docs, stories.Options{}) {
		fmt.Printf("%s %q %v\n", s.ID, s.Title, s.Terms)
		for _, c := range s.Coverage {
			fmt.Printf("  %s: %d article(s), %v after the first report\n", c.Outlet, c.Articles, c.Lag)
		}
		fmt.Printf("  left out by: %v\n", s.Missing)
	}
	// Output:
	// s2ea7d43f9a81 "River floods town" [flood river evacuation rain mayor]
	//   fox: 1 article(s), 0s after the first report
	//   hpo: 1 article(s), 48h0m0s after the first report
	//   left out by: [nyt]
	// sa2e07cc47296 "Tariffs on steel" [steel tariff canada imports jobs]
	//   fox: 1 article(s), 24h0m0s after the first report
	//   nyt: 1 article(s), 0s after the first report
	//   left out by: [hpo]
}

func ExampleAdjustedRand() {
	truth := []string{"a", "a", "a", "b", "b", "b"}
	pred := []string{"x", "x", "y", "y", "z", "z"}
	fmt.Printf("%.4f\n", stories.AdjustedRand(truth, pred))
	// Output:
	// 0.2424
}

func ExampleBCubed() {
	truth := []string{"a", "a", "a", "b", "b", "b"}
	pred := []string{"x", "x", "y", "y", "z", "z"}
	p, r, f := stories.BCubed(truth, pred)
	fmt.Printf("precision %.3f, recall %.3f, F1 %.3f\n", p, r, f)
	// Output:
	// precision 0.833, recall 0.556, F1 0.667
}

func ExampleFraming() {
	counts := func(s string) *terms.Counts {
		c := terms.NewCounts()
		words := strings.Fields(s)
		seq := terms.Seq{Terms: words, Pos: make([]int32, len(words)), Len: int32(len(words))}
		for i := range seq.Pos {
			seq.Pos[i] = int32(i)
		}
		c.Add(seq)
		return c
	}
	story := stories.Story{Articles: []stories.Member{{ID: "fox/1", Outlet: "fox"}, {ID: "nyt/1", Outlet: "nyt"}}}
	byArticle := map[string]*terms.Counts{
		"fox/1": counts("border crisis illegal aliens crisis border wall crisis"),
		"nyt/1": counts("border migrants asylum undocumented immigrants asylum migrants asylum"),
	}
	rows := stories.Framing(story, byArticle, nil, terms.KeynessOptions{MinCount: 2, NoPairs: true})
	for _, r := range rows {
		if r.Z > 0 {
			fmt.Printf("%s: %s (count %d)\n", r.Group, r.Term, r.Count)
		}
	}
	// Output:
	// fox: crisis (count 3)
	// fox: border (count 2)
	// nyt: asylum (count 3)
	// nyt: migrants (count 2)
}
