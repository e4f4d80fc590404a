package terms_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
)

var exampleStop = text.NewStopwords("the", "a", "of", "on", "its", "and", "is", "said", "any", "has", "to")

func ExampleExtract() {
	p := "The U.S. military said so, and Mexico rejected any military intervention."
	s := terms.Extract(p, text.Words(p), exampleStop)
	for i, t := range s.Terms {
		fmt.Println(s.Pos[i], t, s.Adjacent(i))
	}
	// Output:
	// 1 u.s. true
	// 2 military false
	// 4 so false
	// 7 mexico true
	// 8 rejected false
	// 10 military true
	// 11 intervention false
}

func ExampleCounts() {
	ex := terms.NewExtractor(exampleStop)
	c := terms.NewCounts()
	c.Add(ex.Extract("Mexico rejected military intervention."))
	c.Add(ex.Extract("Military intervention, military threats."))
	fmt.Println(c.Paragraphs, c.Tokens)
	fmt.Println(c.Term("military"), c.Term("military intervention"))

	// Counts merge by addition and come apart by subtraction.
	old := terms.NewCounts()
	old.Add(ex.Extract("Military intervention, military threats."))
	if err := c.Sub(old); err != nil {
		fmt.Println(err)
	}
	fmt.Println(c.Paragraphs, c.Term("military"))
	// Output:
	// 2 8
	// {3 2} {2 2}
	// 1 {1 1}
}

func ExampleCounts_MarshalBinary() {
	ex := terms.NewExtractor(exampleStop)
	a, b := terms.NewCounts(), terms.NewCounts()
	a.Add(ex.Extract("estate tax"))
	a.Add(ex.Extract("death tax"))
	b.Add(ex.Extract("death tax")) // the same paragraphs in another order
	b.Add(ex.Extract("estate tax"))
	ea, _ := a.MarshalBinary()
	eb, _ := b.MarshalBinary()
	fmt.Println(string(ea) == string(eb), len(ea))
	// Output: true 58
}

func ExamplePhrases() {
	ex := terms.NewExtractor(exampleStop)
	c := terms.NewCounts()
	for _, p := range []string{
		"Claudia Sheinbaum spoke.", "Claudia Sheinbaum spoke.", "Claudia Sheinbaum wrote.",
		"Trade talks resumed.", "Trade talks stalled.", "Talks resumed.",
	} {
		c.Add(ex.Extract(p))
	}
	for _, p := range terms.Phrases(c, terms.PhraseOptions{MinCount: 2, MinG2: 3.84}) {
		fmt.Printf("%s tf=%d G²=%.2f\n", p, p.TF, p.G2)
	}
	// Output:
	// claudia sheinbaum tf=3 G²=12.89
	// trade talks tf=2 G²=10.43
	// sheinbaum spoke tf=2 G²=6.61
	// talks resumed tf=2 G²=6.61
}

func ExampleG2() {
	// 10 of 100 pairs are "a b"; a and b each start/end 20 pairs.
	fmt.Printf("%.3f\n", terms.G2(10, 10, 10, 70))
	// Output: 12.071
}

func ExampleTop() {
	ex := terms.NewExtractor(exampleStop)
	c := terms.NewCounts()
	for _, p := range []string{"military intervention", "military intervention", "military aid", "aid"} {
		c.Add(ex.Extract(p))
	}
	phrases := []terms.Phrase{{Pair: terms.Pair{A: "military", B: "intervention"}}}
	for _, t := range terms.Top(c, phrases, 3) {
		fmt.Println(t.Term, t.TF, t.DF)
	}
	// Output:
	// military 3 3
	// aid 2 2
	// intervention 2 2
}

func ExampleCooccur() {
	ex := terms.NewExtractor(exampleStop)
	co, err := terms.NewCooccur([]string{"sheinbaum", "intervention", "cartels"}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []string{
		"Sheinbaum rejected intervention.",
		"Sheinbaum spoke.",
		"Cartels fight.",
		"Intervention would fragment cartels.",
	} {
		co.Add(ex.Extract(p))
	}
	m, npmi := co.Matrix(), co.NPMI()
	fmt.Println(co.Docs(), m.At(0, 1), m.At(0, 0))
	fmt.Printf("%.3f %.3f\n", npmi.At(0, 1), npmi.At(0, 2))
	// Output:
	// 4 1 2
	// 0.000 -1.000
}

func ExampleDistinctive() {
	ex := terms.NewExtractor(exampleStop)
	count := func(paras ...string) *terms.Counts {
		c := terms.NewCounts()
		for _, p := range paras {
			c.Add(ex.Extract(p))
		}
		return c
	}
	groups := map[string]*terms.Counts{
		"fox": count("Illegal aliens crossed the border.", "Illegal aliens again at the border."),
		"nyt": count("Undocumented immigrants crossed the border.", "Undocumented immigrants at the border."),
	}
	pool := terms.NewCounts()
	pool.Merge(groups["fox"])
	pool.Merge(groups["nyt"])
	phrases := []terms.Phrase{
		{Pair: terms.Pair{A: "illegal", B: "aliens"}},
		{Pair: terms.Pair{A: "undocumented", B: "immigrants"}},
	}
	for _, r := range terms.Distinctive(groups, pool, phrases, terms.KeynessOptions{MinCount: 1, Limit: 2, NoPairs: true}) {
		fmt.Printf("%s vs %s: %s count=%d z=%.2f\n", r.Group, r.Versus, r.Term, r.Count, r.Z)
	}
	// Output:
	// fox vs (rest): aliens count=2 z=0.85
	// fox vs (rest): illegal count=2 z=0.85
	// nyt vs (rest): immigrants count=2 z=0.95
	// nyt vs (rest): undocumented count=2 z=0.95
}

func ExamplePreferences() {
	stop := text.NewStopwords("the", "an", "at")
	pairs, err := terms.ParseLabelPairs([]byte(
		"# referent: people in the country without authorization\n"+
			"undocumented immigrants, undocumented immigrant | illegal aliens, illegal alien\n"), stop)
	if err != nil {
		fmt.Println(err)
		return
	}
	ex := terms.NewExtractor(stop)
	parts := make(terms.Partials)
	parts.Add(terms.Key{Outlet: "fox", Day: "2013-04-02"}, ex.Extract("Illegal aliens at the border; an illegal alien."))
	parts.Add(terms.Key{Outlet: "fox", Day: "2013-04-03"}, ex.Extract("An undocumented immigrant spoke."))
	parts.Add(terms.Key{Outlet: "nyt", Day: "2013-04-02"}, ex.Extract("Undocumented immigrants rallied."))
	month := func(day string) (string, bool) {
		if day == "" {
			return "", false // undated: left out of a chart over time
		}
		return day[:7], true
	}
	for _, p := range terms.Preferences(parts, pairs, month) {
		fmt.Printf("%s %s %s: %d vs %d, ratio %.2f\n", p.Pair, p.Outlet, p.Period, p.A, p.B, p.Ratio)
	}
	// Output:
	// undocumented immigrants / illegal aliens fox 2013-04: 1 vs 2, ratio 0.60
	// undocumented immigrants / illegal aliens nyt 2013-04: 1 vs 0, ratio 3.00
}

func ExampleNPMI() {
	// Two terms over 20 paragraphs: a in 8, b in 5, both in 4.
	counts := mat.NewSymDense(2, []float64{8, 4, 4, 5})
	npmi := terms.NPMI(nil, counts, 20)
	// ln(0.2 / (0.4·0.25)) / −ln 0.2 = ln 2 / ln 5
	fmt.Printf("%.4f\n", npmi.At(0, 1))
	// Output: 0.4307
}

func ExampleLogOdds() {
	// A term used 30 times in 1000 tokens by one outlet and 10 times in
	// 1000 by another, with a prior of 4 pseudo-counts out of 100.
	delta, z := terms.LogOdds(30, 1000, 10, 1000, 4, 100)
	fmt.Printf("δ = %.3f, z = %.2f\n", delta, z)
	// Output: δ = 0.906, z = 2.85
}
