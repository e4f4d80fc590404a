package source

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"newsframe/analysis/corpus"
)

// TestScrapedHeaderOnCorpusTitles checks the scraped-text heuristic against
// real headlines and bodies: every article of the development corpora is
// dressed as a scraped page (navigation words, section, title, byline, date,
// share prompt, body, trailing prompt) and parsed back. The title, author,
// date and paragraphs must come back for at least 99% of them.
func TestScrapedHeaderOnCorpusTitles(t *testing.T) {
	opts := defaultOptions(t).Corpus
	for _, path := range []string{"/work/shared/corpus/basil-dev/articles.jsonl", "/work/shared/corpus/bbc/articles.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			t.Skip("development corpora not on this machine")
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		n, ok := 0, 0
		var failures []string
		for sc.Scan() {
			var in struct{ Title, Text string }
			if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
				t.Fatal(err)
			}
			n++
			page := "Home\nNews\nWorld\n\n" + in.Title + "\n\nBy Jane Doe, Example News\nPublished 5 March 2024\n\n" +
				"Share this article\n\n" + in.Text + "\n\nRead more: Another story\n"
			a, err := corpus.ParseText(corpus.Origin{Path: "o/a.txt"}, strings.NewReader(page), &opts)
			if err == nil && a.Title == corpus.CleanText(in.Title) && a.Author == "Jane Doe" && a.Day() == "2024-03-05" &&
				slices.Equal(a.Paragraphs, bodyOf(in.Text, opts.Boilerplate)) {
				ok++
			} else if len(failures) < 8 {
				want := bodyOf(in.Text, opts.Boilerplate)
				got := a.Paragraphs
				detail := ""
				if len(got) > 0 && len(want) > 0 {
					detail = "got[0]=" + got[0][:min(60, len(got[0]))] + " want[0]=" + want[0][:min(60, len(want[0]))]
				}
				failures = append(failures, fmt.Sprintf("%q author %q day %q paras %d/%d %v %s", in.Title, a.Author, a.Day(), len(got), len(want), err, detail))
			}
		}
		t.Logf("%s: %d of %d scraped pages parsed back; first failures:\n%s", path, ok, n, strings.Join(failures, "\n"))
		if ok*100 < n*99 {
			t.Errorf("%s: %d of %d parsed back, want at least 99%%; first failures:\n%s", path, ok, n, strings.Join(failures, "\n"))
		}
	}
}

// bodyOf returns the paragraphs of a corpus text without the headline and
// standfirst some texts start with (BASIL bodies often repeat their title):
// leading paragraphs of at most 25 words without final punctuation, which
// a scraped page would show as header material.
func bodyOf(text string, bp *corpus.Boilerplate) []string {
	paras := corpus.Paragraphs(text, bp)
	for len(paras) > 0 && len(strings.Fields(paras[0])) <= 25 && !strings.ContainsAny(paras[0][len(paras[0])-1:], ".!?:;…\"'”’)") {
		paras = paras[1:]
	}
	return paras
}
