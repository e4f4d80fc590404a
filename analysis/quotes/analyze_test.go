package quotes

import (
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/entities"
	"newsframe/analysis/text"
)

// speakers returns "speaker/verb" for each quotation.
func speakers(qs []Quote) []string {
	out := []string{}
	for _, q := range qs {
		out = append(out, q.Speaker+"/"+q.Verb)
	}
	return out
}

func TestAnalyzeQuoteSpeakers(t *testing.T) {
	tests := []struct {
		name       string
		paragraphs []string
		want       []string
	}{
		{"name then verb",
			[]string{"Michael Steele spoke on Friday.", "“This is not something we wanted,” Mr. Steele said."},
			[]string{"Michael Steele/said"}},
		{"verb then name with title",
			[]string{`"We will secure the border," said Gov. Rick Perry.`},
			[]string{"Rick Perry/said"}},
		{"verb then pronoun",
			[]string{"Rick Perry toured the border.", `"We will secure it," said he.`},
			[]string{"Rick Perry/said"}},
		{"title stripped, quote inside reported clause",
			[]string{`President Claudia Sheinbaum stated after a call with Trump that such action is "not necessary."`},
			[]string{"Claudia Sheinbaum/stated"}},
		{"he resolves to the longest form",
			[]string{"Michael Steele, chairman of the party, spoke.", "Mr. Steele did not apologize.", "“We must win this war,” he said."},
			[]string{"Michael Steele/said"}},
		{"she after a quoted name",
			[]string{"President Claudia Sheinbaum answered the call.", "“Cooperation, yes; subordination, no,” she said of Trump."},
			[]string{"Claudia Sheinbaum/said"}},
		{"names inside quotes are no antecedents",
			[]string{"William Kristol wrote to Michael Steele.", "“Obama chose this war,” he added."},
			[]string{"William Kristol/added"}},
		{"according to a description",
			[]string{`The program "works well," according to officials.`},
			[]string{"officials/according to"}},
		{"participle takes the subject",
			[]string{"Mr. Steele, seeking to clarify his remarks, issued a statement, saying, “There is no question.”"},
			[]string{"Steele/saying"}},
		{"subject, not the object, of a participle",
			[]string{"Asked whether he was suggesting that Mr. Obama lacked sympathy, Mr. Santorum did not back down, saying, “I think the record is bad.”"},
			[]string{"Santorum/saying"}},
		{"appositive after the name",
			[]string{"Lis Smith, a spokeswoman for the Obama campaign, said, “The ad is dishonest.”"},
			[]string{"Lis Smith/said"}},
		{"name in apposition before the verb",
			[]string{"A spokesman for the committee, Brad Woodhouse, said Mr. Steele was “betting against our troops.”"},
			[]string{"Brad Woodhouse/said"}},
		{"description with determiner",
			[]string{`As one social media commenter cynically noted, "The CIA is the big cartel."`},
			[]string{"one social media commenter/noted"}},
		{"the congressman is the last person",
			[]string{"Rep. Bob Etheridge met students.", `"Who are you?" the congressman demanded.`},
			[]string{"Bob Etheridge/demanded"}},
		{"attribution after a question mark",
			[]string{`"What have you been debating, John?" Obama said.`},
			[]string{"Obama/said"}},
		{"name set off after the description keeps its title out",
			[]string{"“Of course I was surprised, who wouldn’t be?” said the legislator, Representative Carl Seel."},
			[]string{"Carl Seel/said"}},
		{"name after a role noun, not the institution before it",
			[]string{"“We will win,” said White House press secretary Sean Spicer."},
			[]string{"Sean Spicer/said"}},
		{"name after a place used as a modifier",
			[]string{"“We will win,” said the Texas senator, Ted Cruz."},
			[]string{"Ted Cruz/said"}},
		{"name after a description with a prepositional phrase",
			[]string{"“We will win,” said a spokeswoman for the campaign, Lis Smith."},
			[]string{"Lis Smith/said"}},
		{"a name after a preposition is not the speaker",
			[]string{"“We will win,” said a spokesman for Obama."},
			[]string{"spokesman/said"}},
		{"a second name after a comma is not the speaker",
			[]string{"“We will win,” said Barack Obama, Hillary Clinton and others."},
			[]string{"Barack Obama/said"}},
		{"surname folded into the full name of a later paragraph",
			[]string{"“We will win,” said Sen. Obama.", "Barack Obama spoke in Ohio."},
			[]string{"Barack Obama/said"}},
		{"following quotation in the paragraph inherits",
			[]string{`"It was a prank," Weiner said. "This is not a national security matter."`},
			[]string{"Weiner/said", "Weiner/said"}},
		{"quotation-only paragraph inherits from the one before",
			[]string{"“First,” said Jane Doe.", "“A second thought.”"},
			[]string{"Jane Doe/said", "Jane Doe/said"}},
		{"continued quotation attributed in its first paragraph",
			[]string{"Jane Doe spoke.", "“This goes on,” she said, “and on", "“and ends.”"},
			[]string{"Jane Doe/said", "Jane Doe/said"}},
		{"scare quotes have no speaker",
			[]string{"The so-called “kingpin” strategy failed, and the “Monroe Doctrine” returned."},
			[]string{"/", "/"}},
		{"they prefers a group that spoke",
			[]string{"Officials said the plan works.", "“It is effective,” they said."},
			[]string{"officials/said"}},
		{"passive is no attribution",
			[]string{`He was told "leave now" by the guards.`},
			[]string{"/"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := speakers(Analyze(tc.paragraphs, nil).Quotes)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Analyze(%q) speakers = %q, want %q", tc.paragraphs, got, tc.want)
			}
		})
	}
}

func TestAnalyzeReportedSpeech(t *testing.T) {
	tests := []struct {
		name      string
		paragraph string
		// at is a word of the paragraph whose source is checked.
		at                  string
		wantSpeaker         string
		wantVerb            string
		wantNominal, quoted bool
	}{
		{"description with auxiliary", "Officials have pointed to their own security results.", "security",
			"officials", "pointed to", true, false},
		{"clause after that", "Claudia Sheinbaum stated after a conversation with Trump that such action is unnecessary.",
			"unnecessary", "Claudia Sheinbaum", "stated", false, false},
		{"clause before the verb", "The economy is improving quickly, Obama said on Friday.", "economy",
			"Obama", "said", false, false},
		{"according to first", "According to Mr. Smith, the plan failed badly.", "failed",
			"Smith", "according to", false, false},
		{"according to last", "The plan failed badly, according to the report.", "failed",
			"report", "according to", true, false},
		{"quote inside a reported clause", `Sheinbaum stated that such action is "not necessary" at all.`, "necessary",
			"Sheinbaum", "stated", false, true},
		{"outlet's own voice", "The plan failed badly on Friday.", "failed", "", "", false, false},
		{"clause ends at a semicolon", "Jane Doe said the plan failed; critics disagreed strongly.", "critics", "", "", false, false},
		{"clause ends at comma and", "Jane Doe said the plan failed, and critics disagreed.", "critics", "", "", false, false},
		{"comma and that goes on", "Jane Doe said the plan failed, and that critics were right.", "critics", "Jane Doe", "said", false, false},
		{"noun use is no speech", "His claims were false and his remarks were long.", "false", "", "", false, false},
		{"a preposition's object is no subject", "Cartels are driven by U.S. demand for drugs and guns.", "drugs", "", "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Analyze([]string{tc.paragraph}, nil)
			off := strings.Index(tc.paragraph, tc.at)
			got := a.At(0, off)
			if got.Speaker != tc.wantSpeaker || got.Verb != tc.wantVerb || got.Nominal != tc.wantNominal || got.Quoted != tc.quoted {
				t.Errorf("At(0, %d) in %q = %+v, want speaker %q verb %q nominal %v quoted %v",
					off, tc.paragraph, got, tc.wantSpeaker, tc.wantVerb, tc.wantNominal, tc.quoted)
			}
		})
	}
}

func TestAt(t *testing.T) {
	ps := []string{
		"Mr. Lee spoke first. “We will win,” Jane Doe said.",
		"“More,” she added.",
	}
	a := Analyze(ps, nil)
	tests := []struct {
		name      string
		pi, off   int
		want      Source
		wantQuote bool
	}{
		{"own voice", 0, 4, Source{Quote: -1, Attribution: -1}, false},
		{"opening mark", 0, strings.Index(ps[0], "“"), Source{Quoted: true, Quote: 0, Attribution: -1, Speaker: "Jane Doe", Verb: "said"}, true},
		{"inside", 0, strings.Index(ps[0], "win"), Source{Quoted: true, Quote: 0, Attribution: -1, Speaker: "Jane Doe", Verb: "said"}, true},
		{"attribution itself", 0, strings.Index(ps[0], "Jane"), Source{Quote: -1, Attribution: -1}, false},
		{"second paragraph", 1, 4, Source{Quoted: true, Quote: 1, Attribution: -1, Speaker: "Jane Doe", Verb: "added"}, true},
		{"paragraph out of range", 5, 0, Source{Quote: -1, Attribution: -1}, false},
		{"negative offset", 0, -3, Source{Quote: -1, Attribution: -1}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.At(tc.pi, tc.off); got != tc.want {
				t.Errorf("At(%d, %d) = %+v, want %+v", tc.pi, tc.off, got, tc.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	a := Analyze([]string{`Jane Doe said "yes" and “sí”.`, `"Again," she said.`}, nil)
	got := a.Summary()
	want := Summary{Articles: 1, Bytes: 34 + 18, Chars: 29 + 18, QuotedBytes: 3 + 3 + 6, QuotedChars: 3 + 2 + 6,
		Quotes: 3, Attributed: 3, Speakers: map[string]int{"Jane Doe": 3}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Summary() = %+v, want %+v", got, want)
	}
	got.Speakers["changed"] = 1
	if _, ok := a.Summary().Speakers["changed"]; ok {
		t.Errorf("Summary() shares its Speakers map with the caller")
	}

	var total Summary
	total.Merge(a.Summary())
	total.Merge(Analyze([]string{`"No," said Bob Roe. Plain text here.`}, nil).Summary())
	if total.Articles != 2 || total.Quotes != 4 || total.Speakers["Jane Doe"] != 3 || total.Speakers["Bob Roe"] != 1 {
		t.Errorf("merged = %+v, want 2 articles, 4 quotes, Jane Doe 3, Bob Roe 1", total)
	}
	if want := float64(total.QuotedChars) / float64(total.Chars); total.QuotedShare() != want {
		t.Errorf("QuotedShare() = %v, want %v", total.QuotedShare(), want)
	}
	if (Summary{}).QuotedShare() != 0 {
		t.Errorf("QuotedShare of no text = %v, want 0", (Summary{}).QuotedShare())
	}
}

func TestAnalyzeGivenNames(t *testing.T) {
	ps := []string{"Claudia Sheinbaum spoke.", "“No,” she said."}
	a := Analyze(ps, nil)
	// Mentions in reverse order are sorted, not trusted.
	names := entities.Mentions(ps)
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	b := Analyze(ps, names)
	if got, want := speakers(b.Quotes), speakers(a.Quotes); !reflect.DeepEqual(got, want) {
		t.Errorf("with reversed names: speakers = %q, want %q", got, want)
	}
}

func TestAnalyzeTokens(t *testing.T) {
	ps := []string{
		"President Claudia Sheinbaum stated that such action is “not necessary.”",
		"“Cooperation, yes,” she said. Officials have pointed to results.",
		"",
	}
	words := make([][]text.Token, len(ps))
	sents := make([][]text.Span, len(ps))
	for i, p := range ps {
		words[i], sents[i] = text.Words(p), text.Sentences(p)
	}
	want := Analyze(ps, nil)
	got := AnalyzeTokens(ps, words, sents, entities.MentionsTokens(ps, words, sents))
	if !reflect.DeepEqual(got.Quotes, want.Quotes) || !reflect.DeepEqual(got.Attributions, want.Attributions) {
		t.Errorf("AnalyzeTokens = %+v / %+v, want %+v / %+v", got.Quotes, got.Attributions, want.Quotes, want.Attributions)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("AnalyzeTokens with one word list for three paragraphs did not panic")
		}
	}()
	AnalyzeTokens(ps, words[:1], nil, nil)
}
