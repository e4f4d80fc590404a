package entities_test

import (
	"fmt"

	"newsframe/analysis/entities"
	"newsframe/analysis/text"
)

func ExampleMentions() {
	paragraphs := []string{
		"President Claudia Sheinbaum rejected the plan after Operation Absolute Resolve.",
		"Sheinbaum’s government spoke on Friday.",
	}
	for _, m := range entities.Mentions(paragraphs) {
		fmt.Printf("%q → %q person=%v\n", m.Name, m.Canonical, m.Person)
	}
	// Output:
	// "Claudia Sheinbaum" → "Claudia Sheinbaum" person=true
	// "Operation Absolute Resolve" → "Operation Absolute Resolve" person=false
	// "Sheinbaum" → "Claudia Sheinbaum" person=true
}

func ExampleCounter_Top() {
	articles := [][]string{
		{"President Donald Trump threatened Mexico. Trump spoke again."},
		{"Claudia Sheinbaum answered Donald Trump. Sheinbaum said no."},
		{"Mr. Trump and Mexico met in Washington."},
	}
	c := entities.Counter{}
	for _, paragraphs := range articles {
		c.Add(entities.Mentions(paragraphs))
	}
	for _, e := range c.Top(3) {
		fmt.Printf("%s %v: %d articles, %d mentions\n", e.Name, e.Aliases, e.Articles, e.Mentions)
	}
	// Output:
	// Donald Trump [Trump]: 3 articles, 4 mentions
	// Mexico []: 2 articles, 2 mentions
	// Claudia Sheinbaum [Sheinbaum]: 1 articles, 2 mentions
}

func ExampleCounter_Merge() {
	outletA, outletB := entities.Counter{}, entities.Counter{}
	outletA.Add(entities.Mentions([]string{"Barack Obama spoke. Mr. Obama left."}))
	outletB.Add(entities.Mentions([]string{"President Obama replied."}))
	all := entities.Counter{}
	all.Merge(outletA)
	all.Merge(outletB)
	top := all.Top(1)[0]
	fmt.Println(top.Name, top.Aliases, top.Articles, top.Mentions)
	// Output:
	// Barack Obama [Obama] 2 3
}

func ExampleMentionsTokens() {
	// A pipeline that has split its paragraphs already passes the split.
	paragraphs := []string{"Gov. Rick Perry spoke. Perry left."}
	words := [][]text.Token{text.Words(paragraphs[0])}
	sentences := [][]text.Span{text.Sentences(paragraphs[0])}
	for _, m := range entities.MentionsTokens(paragraphs, words, sentences) {
		fmt.Println(m.Name, "→", m.Canonical)
	}
	// Output:
	// Rick Perry → Rick Perry
	// Perry → Rick Perry
}
