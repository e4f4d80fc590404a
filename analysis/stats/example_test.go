package stats_test

import (
	"fmt"
	"time"

	"newsframe/analysis/stats"
)

func ExampleTTest_Interval() {
	// Sentiment of one outlet: each article's mean paragraph score.
	var fox stats.Moments
	for _, x := range []float64{0.30, -0.10, 0.10, 0.22, 0.00, 0.10, -0.25, 0.20, 0.10, 0.20, 0.05, 0.17} {
		fox.Add(x)
	}
	e := stats.TTest{}.Interval(fox)
	fmt.Printf("mean %.3f, 95%% interval [%.3f, %.3f], %d articles, too few: %v\n", e.Mean, e.Lo, e.Hi, e.N, e.TooFew)
	// Output:
	// mean 0.091, 95% interval [-0.006, 0.187], 12 articles, too few: false
}

func ExampleAdjustBH() {
	p := []float64{0.010, 0.040, 0.030, 0.005}
	fmt.Printf("%.2f\n", stats.AdjustBH(p))
	fmt.Println(stats.RejectBH(p, 0.03))
	// Output:
	// [0.02 0.04 0.04 0.02]
	// [true false false true]
}

func ExampleChooseGranularity() {
	first := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	g := stats.ChooseGranularity(first, last)
	keys := g.Keys(first, last)
	fmt.Println(g, len(keys), keys[0], keys[len(keys)-1], g.Key(last))
	// Output:
	// week 13 2026-W36 2026-W48 2026-W48
}

func ExampleHistogram_Box() {
	h := stats.NewHistogram(0)
	for _, score := range []float64{-0.9, -0.1, 0, 0.05, 0.1, 0.1, 0.2, 0.25, 0.3, 0.4} {
		h.Add(score)
	}
	b := h.Box()
	fmt.Printf("median %.2f, box [%.2f, %.2f], whiskers [%.2f, %.2f], %d outlier\n",
		b.Median, b.Q1, b.Q3, b.LowWhisker, b.HighWhisker, b.Outliers)
	// Output:
	// median 0.10, box [0.01, 0.24], whiskers [-0.10, 0.40], 1 outlier
}

func ExampleMoments() {
	// Each article's mean paragraph sentiment, one value per article.
	var fox stats.Moments
	for _, x := range []float64{0.30, 0.10, 0.25, 0.40, -0.05, 0.20} {
		fox.Add(x)
	}
	// An article was corrected: take the old value out, add the new one.
	if err := fox.Sub(-0.05); err != nil {
		fmt.Println(err)
	}
	fox.Add(0.05)
	b, _ := fox.MarshalBinary()
	var again stats.Moments
	if err := again.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%d articles, mean %.4f, SD %.4f, %d bytes, same after decoding: %v\n",
		again.N(), again.Mean(), again.SD(), len(b), again == fox)
	// Output:
	// 6 articles, mean 0.2167, SD 0.1291, 16 bytes, same after decoding: true
}

func ExampleTTest_Compare() {
	var fox, nyt stats.Moments
	for i := range 12 {
		fox.Add(0.20 + 0.05*float64(i%4))
		nyt.Add(0.05 + 0.05*float64(i%3))
	}
	tt := stats.TTest{MinArticles: 10}
	e := tt.Interval(fox)
	fmt.Printf("fox %.3f [%.3f, %.3f] over %d articles\n", e.Mean, e.Lo, e.Hi, e.N)
	c := tt.Compare(fox, nyt)
	fmt.Printf("difference %.3f [%.3f, %.3f], Welch t = %.2f on %.1f df, p = %.2g\n", c.Diff, c.Lo, c.Hi, c.T, c.DF, c.P)
	// Output:
	// fox 0.275 [0.238, 0.312] over 12 articles
	// difference 0.175 [0.131, 0.219], Welch t = 8.38 on 20.1 df, p = 5.3e-08
}

func ExampleTTest_CompareRest() {
	// Every article of the corpus, and one outlet's.
	var all, fox stats.Moments
	for i := range 40 {
		x := 0.1 * float64(i%5)
		if i%4 == 0 {
			x += 0.3
			fox.Add(x)
		}
		all.Add(x)
	}
	c, err := stats.TTest{}.CompareRest(fox, all)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Printf("fox %d articles against %d others: difference %.2f, p = %.2g, too few: %v\n", c.NX, c.NY, c.Diff, c.P, c.TooFew)
	// Output:
	// fox 10 articles against 30 others: difference 0.30, p = 5.5e-05, too few: false
}

func ExampleAdjustFamily() {
	cs := []stats.Comparison{{P: 0.004}, {P: 0.03}, {P: 0.2, TooFew: true}, {P: 0.04}}
	stats.AdjustFamily(cs)
	for _, c := range cs {
		fmt.Printf("p %.3f q %.3f discovery %v\n", c.P, c.Q, c.Q <= 0.05)
	}
	// Output:
	// p 0.004 q 0.012 discovery true
	// p 0.030 q 0.040 discovery true
	// p 0.200 q NaN discovery false
	// p 0.040 q 0.040 discovery true
}
