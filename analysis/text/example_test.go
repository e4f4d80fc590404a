package text_test

import (
	"fmt"

	"newsframe/analysis/text"
)

func ExampleWords() {
	for _, t := range text.Words("The U.S. rejected Nicolás Maduro’s 19th-century claim of 3.5%.") {
		fmt.Printf("%s→%s ", t.Text, t.Norm)
	}
	fmt.Println()
	// Output:
	// The→the U.S.→u.s. rejected→rejected Nicolás→nicolás Maduro’s→maduro 19th-century→19th-century claim→claim of→of 3.5→3.5
}

func ExampleSentences() {
	s := `Mr. Steele spoke in the U.S. Senate. He said, "We go. You stay." It rose 3.5 percent.`
	for _, sp := range text.Sentences(s) {
		fmt.Println(s[sp.Start:sp.End])
	}
	// Output:
	// Mr. Steele spoke in the U.S. Senate.
	// He said, "We go. You stay."
	// It rose 3.5 percent.
}

func ExampleAppendSentences() {
	var spans []text.Span // reused for every paragraph
	for _, p := range []string{"It rained. We stayed in.", "Mr. Steele left."} {
		spans = text.AppendSentences(spans[:0], p)
		fmt.Println(len(spans), p[spans[0].Start:spans[0].End])
	}
	// Output:
	// 2 It rained.
	// 1 Mr. Steele left.
}

func ExampleFold() {
	fmt.Println(text.Fold("Trump’s  Military Threats"))
	// Output: trump military threats
}

func ExampleParseStopwords() {
	stop, err := text.ParseStopwords([]byte("# articles\nthe\na\nsaid\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range text.Words("The minister said a word") {
		if !stop.Contains(t.Norm) {
			fmt.Println(t.Norm)
		}
	}
	// Output:
	// minister
	// word
}
