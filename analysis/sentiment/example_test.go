package sentiment_test

import (
	"fmt"
	"os"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

func ExampleModel_Score() {
	m, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		panic(err)
	}
	r := m.Score("Officials pointed to a significant drop in homicides.")
	fmt.Println(r.Label, r.Cues[0].Text)
	// Output:
	// positive drop in homicides
}

func ExampleLexicon_Analyze() {
	lex, err := sentiment.ParseLexicon("example", []byte("negator\tnot\nvalence\tnecessary\t1\n"), nil)
	if err != nil {
		panic(err)
	}
	s := `Sheinbaum said such action is "not necessary".`
	toks := text.Words(s)
	for _, it := range lex.Analyze(nil, s, toks, 0, len(toks)) {
		fmt.Printf("%q %.2f negated=%v\n", s[toks[it.Lo].Start:toks[it.Hi-1].End], it.Valence, it.Negated)
	}
	// Output:
	// "not necessary" -0.74 negated=true
}

func ExampleBayes_LogOdds() {
	nb, err := sentiment.RestoreBayes()
	if err != nil {
		panic(err)
	}
	l, known := nb.LogOdds(text.Words("A wonderful, moving performance."))
	fmt.Printf("P(positive) > 0.9: %v, known words: %d\n", sentiment.Logistic(l) > 0.9, known)
	// Output:
	// P(positive) > 0.9: true, known words: 3
}

func ExampleFitOrdinal() {
	x := [][]float64{{-2}, {-1.5}, {-1}, {-0.2}, {0}, {0.3}, {1}, {1.4}, {2}, {-0.5}, {0.6}}
	y := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 1}
	o, err := sentiment.FitOrdinal([]string{"x"}, x, y, 0.1)
	if err != nil {
		panic(err)
	}
	for _, v := range []float64{-2, 0, 2} {
		s := o.Score(o.Latent([]float64{v}))
		fmt.Printf("x=%v %s\n", v, o.Label(s))
	}
	// Output:
	// x=-2 negative
	// x=0 neutral
	// x=2 positive
}

func ExampleFitMultinomial() {
	// One feature, and "polar" rows at both ends: the neutral reference
	// class wins in the middle.
	x := [][]float64{{-2}, {-1.5}, {-1}, {-0.2}, {0}, {0.3}, {1}, {1.4}, {2}, {-0.5}, {0.6}}
	y := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 1}
	m, err := sentiment.FitMultinomial([]string{"x"}, x, y, 0.01)
	if err != nil {
		panic(err)
	}
	for _, v := range []float64{-2, 0, 2} {
		p := m.Probs([]float64{v})
		fmt.Printf("x=%v %s\n", v, sentiment.ArgmaxLabel(p))
	}
	// Output:
	// x=-2 negative
	// x=0 neutral
	// x=2 positive
}

func ExampleModel_TargetProbs() {
	m, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		panic(err)
	}
	s := "Ruiz was accused of fraud, while Lopez was praised for her brilliant reform."
	toks := text.Words(s)
	for _, name := range []string{"Ruiz", "Lopez"} {
		for i, t := range toks {
			if t.Text == name {
				p, cues := m.TargetProbs(s, toks, 0, len(toks), i, i+1)
				fmt.Println(name, sentiment.ArgmaxLabel(p), cues[0].Text)
			}
		}
	}
	// Output:
	// Ruiz negative accused
	// Lopez positive brilliant
}

func ExampleModel_Prepare() {
	m, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		panic(err)
	}
	// One Prepared, reused for every paragraph: the paragraph score and the
	// scores toward its mentions share the lexicon and naive Bayes work.
	var p *sentiment.Prepared
	for _, s := range []string{
		"Officials pointed to a significant drop in homicides.",
		"Ruiz was accused of fraud.",
	} {
		toks := text.Words(s)
		p = m.Prepare(p, s, toks, text.Sentences(s))
		probs, _ := p.TargetProbs(0, len(toks), 0, 1)
		fmt.Println(p.Paragraph().Label, toks[0].Text, sentiment.ArgmaxLabel(probs))
	}
	// Output:
	// positive Officials positive
	// negative Ruiz negative
}
