package entities

import (
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/text"
)

// names returns "Name→Canonical" for each mention ("Name" when both are
// the same), with a "*" when the mention is a person's.
func names(ms []Mention) []string {
	out := []string{}
	for _, m := range ms {
		s := m.Name
		if m.Canonical != m.Name {
			s += "→" + m.Canonical
		}
		if m.Person {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

func TestMentions(t *testing.T) {
	tests := []struct {
		name       string
		paragraphs []string
		want       []string
	}{
		{"multi-word names",
			[]string{"Claudia Sheinbaum spoke of Operation Absolute Resolve and the Republican National Committee."},
			[]string{"Claudia Sheinbaum", "Operation Absolute Resolve", "Republican National Committee"}},
		{"title stripped and surname linked",
			[]string{"President Claudia Sheinbaum answered. Sheinbaum said no."},
			[]string{"Claudia Sheinbaum*", "Sheinbaum→Claudia Sheinbaum*"}},
		{"abbreviated title and initials",
			[]string{"Mr. Steele met George W. Bush; Gov. Rick Perry of Texas waited."},
			[]string{"Steele*", "George W. Bush", "Rick Perry*", "Texas"}},
		{"short form before the long form",
			[]string{"Steele spoke first.", "Later, Mr. Michael Steele, chairman of the party, left."},
			[]string{"Steele→Michael Steele*", "Michael Steele*"}},
		{"nearest long form wins",
			[]string{"Jeb Bush spoke. Then George Bush spoke, and Bush left."},
			[]string{"Jeb Bush", "George Bush*", "Bush→George Bush*"}},
		{"possessive folded",
			[]string{"Donald Trump’s threats and Trump's rhetoric."},
			[]string{"Donald Trump*", "Trump→Donald Trump*"}},
		{"leading function word dropped",
			[]string{"The Trump administration met The New York Times."},
			[]string{"Trump", "New York Times"}},
		{"sentence-initial common word dropped",
			[]string{"Analysts disagree. However, Mexico said no."},
			[]string{"Mexico"}},
		{"sentence-initial name kept when seen inside",
			[]string{"Mexico said no. Officials in Mexico agreed."},
			[]string{"Mexico", "Mexico"}},
		{"leading modifier dropped",
			[]string{"Former England captain Jeremy Guscott and the late Senator Edward Kennedy spoke."},
			[]string{"England", "Jeremy Guscott", "Edward Kennedy*"}},
		{"sentence-initial adverb dropped",
			[]string{"Unfortunately England lost. Separately, Microsoft won."},
			[]string{"England", "Microsoft"}},
		{"common acronym alone dropped",
			[]string{"The BBC showed it on TV, said Microsoft's CEO."},
			[]string{"BBC", "Microsoft"}},
		{"title case broken at pronouns and auxiliaries",
			[]string{"Band Aid sang Do They Know It's Christmas, and Bob Geldof listened."},
			[]string{"Band Aid", "Know", "Christmas", "Bob Geldof"}},
		{"months and days dropped",
			[]string{"On Friday, in May, Congress met on Sept. 11 and Monday."},
			[]string{"Congress"}},
		{"demonym adjectives dropped",
			[]string{"The Mexican government and Republican officials met Venezuelan President Nicolás Maduro."},
			[]string{"Nicolás Maduro*"}},
		{"demonym kept as a noun",
			[]string{"A Republican said Republican leaders agreed."},
			[]string{"Republican", "Republican"}},
		{"acronym linked to its long form",
			[]string{"The National Rifle Association spoke. The NRA said more."},
			[]string{"National Rifle Association", "NRA→National Rifle Association"}},
		{"dotted acronym",
			[]string{"The Internal Revenue Service and the I.R.S. agree."},
			[]string{"Internal Revenue Service", "I.R.S.→Internal Revenue Service"}},
		{"office after title and connector",
			[]string{"Secretary of State Hillary Rodham Clinton spoke."},
			[]string{"Hillary Rodham Clinton*"}},
		{"institution not stripped as title",
			[]string{"The Justice Department and General Motors replied."},
			[]string{"Justice Department", "General Motors"}},
		{"role without a name dropped",
			[]string{"The Vice President met Senate Majority Leader Harry Reid."},
			[]string{"Harry Reid*"}},
		{"party-state tags dropped",
			[]string{"Rep. Dana Rohrabacher (R-Calif.) spoke."},
			[]string{"Dana Rohrabacher*"}},
		{"connector after a sentence-initial word does not join",
			[]string{"Critics of Obama spoke. Obama replied."},
			[]string{"Obama", "Obama"}},
		{"dateline in capitals dropped",
			[]string{"WASHINGTON — Michael Steele spoke."},
			[]string{"Michael Steele"}},
		{"empty", []string{"", "no names here at all."}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := names(Mentions(tc.paragraphs))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Mentions(%q) = %q, want %q", tc.paragraphs, got, tc.want)
			}
		})
	}
}

func TestMentionOffsets(t *testing.T) {
	ps := []string{"Intro.", "Then President Donald Trump’s plan failed."}
	ms := Mentions(ps)
	if len(ms) != 1 {
		t.Fatalf("Mentions(%q) = %v, want one mention", ps, ms)
	}
	m := ms[0]
	if m.Paragraph != 1 || ps[1][m.Start:m.End] != "Donald Trump" || m.Title != "President" || !m.Possessive {
		t.Errorf("mention = %+v (text %q), want paragraph 1, text \"Donald Trump\", title President, possessive",
			m, ps[1][m.Start:m.End])
	}
}

func TestInstitutional(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"Republican National Committee", true},
		{"Democrats", true},
		{"Justice Department", true},
		{"Claudia Sheinbaum", false},
		{"Bill Clinton", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := Institutional(tc.name); got != tc.want {
			t.Errorf("Institutional(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// FuzzMentions checks that Mentions never panics and that offsets point
// at the name.
func FuzzMentions(f *testing.F) {
	for _, s := range []string{
		"President Claudia Sheinbaum said Sheinbaum’s plan.\n\nThe NRA and the National Rifle Association.",
		"Mr. . Dr.. U.S. A B C of of the", "Secretary of State", "\xff Ab\u00a0Cd",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps := strings.Split(s, "\n\n")
		for _, m := range Mentions(ps) {
			if m.Paragraph < 0 || m.Paragraph >= len(ps) || m.Start < 0 || m.Start > m.End || m.End > len(ps[m.Paragraph]) {
				t.Fatalf("mention %+v out of bounds", m)
			}
			if m.Name == "" || m.Canonical == "" {
				t.Fatalf("mention %+v has no name", m)
			}
		}
	})
}

func TestMentionsTokens(t *testing.T) {
	ps := []string{"President Claudia Sheinbaum answered.", "", "Sheinbaum said no to the NRA."}
	words := make([][]text.Token, len(ps))
	sents := make([][]text.Span, len(ps))
	for i, p := range ps {
		words[i], sents[i] = text.Words(p), text.Sentences(p)
	}
	if got, want := MentionsTokens(ps, words, sents), Mentions(ps); !reflect.DeepEqual(got, want) {
		t.Errorf("MentionsTokens = %+v, want %+v", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("MentionsTokens with two sentence lists for three paragraphs did not panic")
		}
	}()
	MentionsTokens(ps, nil, sents[:2])
}
