package stance_test

import (
	"fmt"
	"os"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/text"
)

func ExampleParseTargets() {
	ts, err := stance.ParseTargets("targets.toml", []byte(`
[[targets]]
name = "Claudia Sheinbaum"
kind = "person"
aliases = ["Sheinbaum"]
`))
	fmt.Println(ts[0].Name, ts[0].Aliases, err)
	// Output:
	// Claudia Sheinbaum [Sheinbaum] <nil>
}

func ExampleMatcher_Find() {
	m := stance.NewMatcher([]stance.Target{{Name: "Donald Trump", Kind: stance.KindPerson, Aliases: []string{"Trump"}}})
	s := "Trump’s threats: the TRUMP camp and Donald Trump."
	for _, mn := range m.Find(nil, text.Words(s)) {
		fmt.Println(s[mn.Start:mn.End])
	}
	// Output:
	// Trump’s
	// TRUMP
	// Donald Trump
}

func ExampleScorer_Article() {
	m, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		panic(err)
	}
	sc, err := stance.NewScorer(m, []stance.Target{{Name: "Claudia Sheinbaum", Kind: stance.KindPerson, Aliases: []string{"Sheinbaum"}}})
	if err != nil {
		panic(err)
	}
	_, art := sc.Article([]string{
		"Sheinbaum was praised for a successful security strategy.",
		"Critics said Sheinbaum ignored the violence.",
	})
	fmt.Println(art[0].Target, art[0].Mentions, art[0].Paragraphs)
	// Output:
	// Claudia Sheinbaum 2 2
}

func ExampleScorer_ArticleHeadline() {
	m, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		panic(err)
	}
	sc, err := stance.NewScorer(m, []stance.Target{{Name: "Ben Ruiz", Kind: stance.KindPerson, Aliases: []string{"Ruiz"}}})
	if err != nil {
		panic(err)
	}
	_, art := sc.ArticleHeadline("Ruiz accused of fraud and corruption", []string{
		"Prosecutors said Ruiz lied to investigators and hid the money.",
		"Ruiz was charged with fraud on Monday.",
	})
	fmt.Println(art[0].Target, art[0].Headline, art[0].Label)
	// Output:
	// Ben Ruiz true against
}
