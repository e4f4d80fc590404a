package topics_test

import (
	"fmt"
	"slices"

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

// exampleCorpus returns a tiny corpus about two subjects as content-term
// sequences per article, with its merged counts.
func exampleCorpus() ([][]terms.Seq, *terms.Counts) {
	ex := terms.NewExtractor(text.NewStopwords("the", "and", "a", "at", "as", "of", "on", "in", "to", "over"))
	articles := []string{
		"Cartels smuggle fentanyl across the border. Border agents seized fentanyl.",
		"Fentanyl seizures at the border climbed as cartels adapt.",
		"Border agents and cartels: fentanyl seizures rose again.",
		"Tariffs hit trade and exports. Exports fell as tariffs rose.",
		"Trade talks stall over tariffs; exports and trade slump.",
		"New tariffs on steel exports strain trade talks.",
		"Cartels, fentanyl and the border dominate the debate over trade.",
	}
	counts := terms.NewCounts()
	var out [][]terms.Seq
	for range 3 {
		for _, a := range articles {
			s := ex.Extract(a)
			counts.Add(s)
			out = append(out, []terms.Seq{s})
		}
	}
	return out, counts
}

func ExampleFit() {
	articles, counts := exampleCorpus()
	vocab, err := topics.ChooseVocab(counts, nil, topics.VocabOptions{MinDF: 2, MaxDF: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	docs := make([]topics.Doc, len(articles))
	for i, seqs := range articles {
		docs[i] = vocab.Doc(topics.Doc{}, seqs...)
	}
	m, err := topics.Fit(topics.DocsSource(docs), vocab, topics.FitOptions{K: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for t, l := range m.Labels(3, 0) {
		fmt.Printf("topic %d: %v\n", t, l.Top)
	}
	// A new article, from the stored model.
	ex := terms.NewExtractor(text.NewStopwords("the", "and", "of"))
	doc := vocab.Doc(topics.Doc{}, ex.Extract("Exports and tariffs: the trade war of the border states."))
	var inf topics.Inference
	m.NewInferrer().Infer(&inf, doc)
	fmt.Printf("proportions %.2f\n", inf.Proportions)
	// Output:
	// topic 0: [border fentanyl cartels]
	// topic 1: [exports tariffs trade]
	// proportions [0.23 0.77]
}

func ExampleChooseVocab() {
	_, counts := exampleCorpus()
	vocab, err := topics.ChooseVocab(counts, nil, topics.VocabOptions{
		Size: 4, MinDF: 2, MaxDF: 1,
		Exclude: []string{"agents"},  // from data/lists/topic-stopwords.txt
		Names:   []string{"cartels"}, // from OutletTerms
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range vocab.Len() {
		fmt.Println(vocab.Term(i), vocab.DF(i))
	}
	// Output:
	// border 12
	// fentanyl 12
	// trade 12
	// exports 9
}

func ExampleOutletTerms() {
	fmt.Println(topics.OutletTerms(nil, text.NewStopwords("the"), []topics.Outlet{
		{Name: "Fox News (Online News)", Hosts: []string{"https://www.foxnews.com/politics/story"}},
		{Name: "The Hill", Hosts: []string{"www.thehill.com"}},
		{Name: "Mitt Romney", Hosts: []string{"www.cnn.com"}}, // an author, not an outlet
	}))
	// Output:
	// [fox news foxnews hill thehill]
}

func ExampleParseStopTerms() {
	list, err := topics.ParseStopTerms([]byte("# furniture\nImage Caption\ntoggle\n"))
	fmt.Printf("%q %v\n", list, err)
	// Output:
	// ["image caption" "toggle"] <nil>
}

func ExampleAssign() {
	// Three old topics, three new: the cheapest one-to-one matching.
	col, err := topics.Assign([][]float64{
		{0.9, 0.1, 0.8},
		{0.2, 0.9, 0.9},
		{0.1, 0.8, 0.7},
	})
	fmt.Println(col, err)
	// Output:
	// [1 0 2] <nil>
}

func ExampleDocModel_Align() {
	articles, counts := exampleCorpus()
	vocab, _ := topics.ChooseVocab(counts, nil, topics.VocabOptions{MinDF: 2, MaxDF: 1})
	var docs []topics.Doc
	for _, seqs := range articles {
		docs = append(docs, vocab.Doc(topics.Doc{}, seqs...))
	}
	old, _ := topics.Fit(topics.DocsSource(docs), vocab, topics.FitOptions{K: 2})
	// A refit on the documents in another order, with another seed.
	slices.Reverse(docs)
	refit, _ := topics.Fit(topics.DocsSource(docs), vocab, topics.FitOptions{K: 2, Seed: 5})
	aligned, cont, err := refit.Align(old)
	if err != nil {
		fmt.Println(err)
		return
	}
	for t := range aligned.K() {
		fmt.Printf("topic %d (%s) continues old topic %d (%s), similarity %.2f\n",
			t, aligned.Top(t, 1)[0].Term, cont[t].Old, old.Top(cont[t].Old, 1)[0].Term, cont[t].Similarity)
	}
	// Output:
	// topic 0 (border) continues old topic 0 (border), similarity 1.00
	// topic 1 (exports) continues old topic 1 (exports), similarity 1.00
}

func ExampleRepresentatives() {
	r := topics.NewRepresentatives(2, 2)
	r.Add("a1", []float64{0.9, 0.1})
	r.Add("a2", []float64{0.2, 0.7})
	r.Add("a3", []float64{0.9, 0})
	r.Add("a4", []float64{0.4, 0.6})
	fmt.Println(r.Top(0), r.Top(1))
	// Output:
	// [{a1 0.9} {a3 0.9}] [{a2 0.7} {a4 0.6}]
}

func ExampleDocModel_Drifted() {
	articles, counts := exampleCorpus()
	vocab, _ := topics.ChooseVocab(counts, nil, topics.VocabOptions{MinDF: 2, MaxDF: 1})
	var docs []topics.Doc
	for _, seqs := range articles {
		docs = append(docs, vocab.Doc(topics.Doc{}, seqs...))
	}
	m, _ := topics.Fit(topics.DocsSource(docs), vocab, topics.FitOptions{K: 2})
	// Summarise the residuals of new articles (here, the old ones again),
	// then ask whether they fit worse than the model's baseline.
	var d topics.Drift
	in := m.NewInferrer()
	var inf topics.Inference
	for range 10 {
		for _, doc := range docs {
			in.Infer(&inf, doc)
			d.Add(&inf)
		}
	}
	loss, drifted := m.Drifted(d)
	fmt.Printf("%d documents, loss under 1%%: %v, refit: %v\n", d.Docs, loss < 0.01, drifted)
	// Output:
	// 210 documents, loss under 1%: true, refit: false
}

func ExampleCoherence() {
	c := topics.NewCoherence([][]int32{{0, 1}, {0, 2}})
	for _, d := range []topics.Doc{
		{IDs: []int32{0, 1}, Counts: []float32{1, 1}},
		{IDs: []int32{0, 1}, Counts: []float32{2, 1}},
		{IDs: []int32{2}, Counts: []float32{1}},
	} {
		c.Add(d)
	}
	fmt.Printf("%.2f\n", c.NPMI())
	// Output:
	// [1.00 -1.00]
}
