package topics_test

import (
	"fmt"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/topics"
)

func ExampleFind() {
	ex := terms.NewExtractor(text.NewStopwords("the", "and", "a", "at", "as", "of", "on"))
	var seqs []terms.Seq
	for i := 0; i < 4; i++ {
		seqs = append(seqs,
			ex.Extract("Cartels smuggle fentanyl across the border."),
			ex.Extract("Fentanyl seizures at the border climbed."),
			ex.Extract("Tariffs hit trade and exports."),
			ex.Extract("Exports fell as tariffs rose."),
		)
	}
	tf := terms.NewCounts()
	for _, s := range seqs {
		tf.Add(s)
	}
	vocab := terms.TermsOf(terms.Top(tf, nil, 10))
	co, err := terms.NewCooccur(vocab, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range seqs {
		co.Add(s)
	}
	m, err := topics.Find(co, tf, topics.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range m.Topics {
		fmt.Printf("%d: %s\n", t.ID, t.Label)
	}
	// Two components of equal weight: Q = 1 − 2·(½)² = 0.5.
	fmt.Printf("Q = %.2f\n", m.Q)

	// Topic shares of two outlets, from their counts.
	fox, nyt := terms.NewCounts(), terms.NewCounts()
	fox.Add(ex.Extract("Fentanyl at the border; cartels."))
	nyt.Add(ex.Extract("Tariffs and exports; the border."))
	for _, s := range m.Shares(map[string]*terms.Counts{"fox": fox, "nyt": nyt}) {
		fmt.Printf("%s topic %d: %d/%d\n", s.Group, s.Topic, s.Count, s.Total)
	}
	// Output:
	// 0: border, fentanyl, across
	// 1: exports, tariffs, fell
	// Q = 0.50
	// fox topic 0: 3/3
	// fox topic 1: 0/3
	// nyt topic 0: 1/3
	// nyt topic 1: 2/3
}
