package quotes_test

import (
	"fmt"
	"strings"

	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/text"
)

func ExampleFind() {
	paragraphs := []string{
		"“This goes on,” Ms. Lee said, “and on",
		"“into the next paragraph.” Trump’s ’90s plan was not quoted.",
	}
	for _, q := range quotes.Find(paragraphs) {
		fmt.Printf("paragraphs %d-%d: %q\n", q.First, q.Last, q.Text)
	}
	// Output:
	// paragraphs 0-0: "This goes on,"
	// paragraphs 0-1: "and on\ninto the next paragraph."
}

func ExampleAnalyze() {
	paragraphs := []string{
		"President Claudia Sheinbaum stated after a conversation with Trump that such action is “not necessary.”",
		"“Cooperation, yes; subordination, no,” she said. Officials have pointed to a drop in homicides.",
	}
	a := quotes.Analyze(paragraphs, nil)
	for _, q := range a.Quotes {
		fmt.Printf("%q — %s (%s)\n", q.Text, q.Speaker, q.Verb)
	}
	for _, at := range a.Attributions {
		if at.Reported {
			fmt.Printf("%s %s: %q\n", at.Speaker, at.Verb, paragraphs[at.Paragraph][at.Start:at.End])
		}
	}
	// Output:
	// "not necessary." — Claudia Sheinbaum (stated)
	// "Cooperation, yes; subordination, no," — Claudia Sheinbaum (said)
	// Claudia Sheinbaum stated: "after a conversation with Trump that such action is “not necessary.”"
	// officials pointed to: "a drop in homicides."
}

func ExampleAnalysis_At() {
	p := "Mr. Steele said the war was “a war of Obama’s choosing,” and critics disagreed."
	a := quotes.Analyze([]string{p}, nil)
	for _, word := range []string{"war", "choosing", "critics"} {
		src := a.At(0, strings.Index(p, word))
		fmt.Printf("%s: quoted=%v speaker=%q\n", word, src.Quoted, src.Speaker)
	}
	// Output:
	// war: quoted=false speaker="Steele"
	// choosing: quoted=true speaker="Steele"
	// critics: quoted=false speaker=""
}

func ExampleSummary_Merge() {
	var outlet quotes.Summary
	for _, article := range [][]string{
		{"“We will win,” said Jane Doe. The rest is the outlet's voice."},
		{"Nothing is quoted here."},
	} {
		outlet.Merge(quotes.Analyze(article, nil).Summary())
	}
	fmt.Printf("%d articles, %d quotes, %.2f of text quoted, Jane Doe quoted %d times\n",
		outlet.Articles, outlet.Quotes, outlet.QuotedShare(), outlet.Speakers["Jane Doe"])
	// Output:
	// 2 articles, 1 quotes, 0.14 of text quoted, Jane Doe quoted 1 times
}

func ExampleAnalyzeTokens() {
	// The pipeline splits every paragraph once and shares the split.
	paragraphs := []string{"“We will win,” Gov. Rick Perry said.", "“Again,” he added."}
	words := make([][]text.Token, len(paragraphs))
	sentences := make([][]text.Span, len(paragraphs))
	for i, p := range paragraphs {
		words[i], sentences[i] = text.Words(p), text.Sentences(p)
	}
	names := entities.MentionsTokens(paragraphs, words, sentences)
	for _, q := range quotes.AnalyzeTokens(paragraphs, words, sentences, names).Quotes {
		fmt.Printf("%q — %s (%s)\n", q.Text, q.Speaker, q.Verb)
	}
	// Output:
	// "We will win," — Rick Perry (said)
	// "Again," — Rick Perry (added)
}
