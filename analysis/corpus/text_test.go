package corpus

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"newsframe/data"
)

const seedPath = "sample/seed/000_2e93276e539b50fe.txt"

// TestSeedGolden is the golden test of the issue: the bundled scraped
// article parses to the exact title, subtitle, author and five paragraphs.
func TestSeedGolden(t *testing.T) {
	b, err := data.FS.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	o := Origin{Path: "seed/000_2e93276e539b50fe.txt"}
	a, err := ParseText(o, strings.NewReader(string(b)), &Options{Boilerplate: defaultBoilerplate(t)})
	if err != nil {
		t.Fatal(err)
	}
	check := func(field, got, want string) {
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	check("Title", a.Title, "Mexico Rejects U.S. Military Intervention Amid Trump Threats")
	check("Subtitle", a.Subtitle, "Trump's Military Threats Met with Mexican Resistance")
	check("Author", a.Author, "Dugan Meyer")
	check("Outlet", a.Outlet, "seed")
	check("ID", a.ID, "seed/seed/000_2e93276e539b50fe")
	check("Source", a.Source, "seed/000_2e93276e539b50fe.txt")
	if len(a.Paragraphs) != 5 {
		t.Fatalf("got %d paragraphs, want 5: %q", len(a.Paragraphs), a.Paragraphs)
	}
	starts := []string{"The United States is intensifying", "The Mexican government has issued",
		"Analysts widely view", "The shadow of the Venezuelan operation", "This escalating pressure"}
	for i, p := range a.Paragraphs {
		if !strings.HasPrefix(p, starts[i]) {
			t.Errorf("paragraph %d starts %q, want %q", i, truncate(p, 40), starts[i])
		}
		for _, bad := range []string{"SCROLL FOR NEXT", "Jummah", " .", "\u00a0", " ,"} {
			if strings.Contains(p, bad) {
				t.Errorf("paragraph %d contains %q", i, bad)
			}
		}
	}
	if !strings.Contains(a.Paragraphs[0], "Nicolás Maduro.") {
		t.Errorf("paragraph 0 lost %q: %q", "Nicolás Maduro.", a.Paragraphs[0])
	}
	if !strings.HasSuffix(a.Paragraphs[0], "with military strikes.") {
		t.Errorf("paragraph 0 ends %q", a.Paragraphs[0][len(a.Paragraphs[0])-30:])
	}
}

func TestParseTextScraped(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		in        string
		title     string
		subtitle  string
		author    string
		published time.Time
		paras     []string
	}{
		{
			name: "nav words, byline with outlet, date line, share prompt",
			in: "Home\nWorld\nAmericas\n\nMexico rejects U.S. military intervention\n\nBy Jane Doe, Reuters\n" +
				"Published 12 January 2026\n\nShare this article\n\nThe government said no to foreign troops on Monday.\n\n" +
				"Advertisement\n\nSecond paragraph.\n",
			title: "Mexico rejects U.S. military intervention", author: "Jane Doe", published: day(2026, 1, 12),
			paras: []string{"The government said no to foreign troops on Monday.", "Second paragraph."},
		},
		{
			name: "section, headline, standfirst, name, read time, dated line",
			in: "Politics\nSenate passes the budget after a long night\nThe vote came after hours of debate over spending\n" +
				"John Q. Smith\n5 min read\nMar. 5, 2024 3:04 p.m. ET\n\nThe Senate voted 51 to 49 early on Tuesday.\n",
			title: "Senate passes the budget after a long night", subtitle: "The vote came after hours of debate over spending",
			author: "John Q. Smith", published: time.Date(2024, 3, 5, 15, 4, 0, 0, time.UTC),
			paras: []string{"The Senate voted 51 to 49 early on Tuesday."},
		},
		{
			name:  "question headline",
			in:    "Is the Fed about to blink?\n\nMarkets bet on a cut as inflation cools\n\nInvestors piled into bonds on Friday after the report.\n",
			title: "Is the Fed about to blink?", subtitle: "Markets bet on a cut as inflation cools",
			paras: []string{"Investors piled into bonds on Friday after the report."},
		},
		{
			name:  "three-word headline",
			in:    "Sport\nChelsea sack Mutu\n\nChelsea have sacked striker Adrian Mutu after he failed a drugs test.\n",
			title: "Chelsea sack Mutu",
			paras: []string{"Chelsea have sacked striker Adrian Mutu after he failed a drugs test."},
		},
		{
			name:  "score line headline",
			in:    "Clyde 0-5 Celtic\n\nCeltic eased into the next round.\n",
			title: "Clyde 0-5 Celtic",
			paras: []string{"Celtic eased into the next round."},
		},
		{
			name:  "headline ending in an abbreviation",
			in:    "Gay Marriages Get Recognition From the I.R.S.\n\nAll same-sex couples who are legally married will be recognized.\n",
			title: "Gay Marriages Get Recognition From the I.R.S.",
			paras: []string{"All same-sex couples who are legally married will be recognized."},
		},
		{
			name:  "headline ending in an ellipsis",
			in:    "'My memories of Marley...'\n\nTo mark the anniversary, a friend looks back.\n",
			title: "'My memories of Marley...'",
			paras: []string{"To mark the anniversary, a friend looks back."},
		},
		{
			name:  "breadcrumb is not a headline",
			in:    "News | World | Latin America | Mexico\nMexico rejects U.S. military intervention\n\nThe president spoke on Monday in the capital.\n",
			title: "Mexico rejects U.S. military intervention",
			paras: []string{"The president spoke on Monday in the capital."},
		},
		{
			name:  "section name is not an author",
			in:    "Latin America\nMexico rejects U.S. military intervention\n\nThe president spoke on Monday in the capital.\n",
			title: "Mexico rejects U.S. military intervention",
			paras: []string{"The president spoke on Monday in the capital."},
		},
		{
			name:  "all-caps label is not an author",
			in:    "WORLD NEWS\nMexico rejects U.S. military intervention\n\nThe president spoke on Monday in the capital.\n",
			title: "Mexico rejects U.S. military intervention",
			paras: []string{"The president spoke on Monday in the capital."},
		},
		{
			name:  "byline beats a name line",
			in:    "Maria Lopez\nMexico rejects U.S. military intervention\nBy Ana Ruiz and Luis Gil\n\nThe president spoke on Monday in the capital.\n",
			title: "Mexico rejects U.S. military intervention", author: "Ana Ruiz and Luis Gil",
			paras: []string{"The president spoke on Monday in the capital."},
		},
		{
			name:  "title then body (plain text convention)",
			in:    "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.\n",
			title: "Ad sales boost Time Warner profit",
			paras: []string{"Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier."},
		},
		{
			name:  "prose from the first line",
			in:    "The president spoke on Monday in the capital.\n\nHe said more.\n",
			paras: []string{"The president spoke on Monday in the capital.", "He said more."},
		},
		{
			name:  "long line without final punctuation is prose",
			in:    "Some Title Of An Article Here\n\n" + strings.Repeat("word ", 30) + "\n",
			title: "Some Title Of An Article Here",
			paras: []string{strings.TrimSpace(strings.Repeat("word ", 30))},
		},
		{
			name:  "short label ending in a period is dropped",
			in:    "U.S.\nMexico rejects U.S. military intervention\n\nThe president spoke on Monday in the capital.\n",
			title: "Mexico rejects U.S. military intervention",
			paras: []string{"The president spoke on Monday in the capital."},
		},
		{
			name: "hard-wrapped first paragraph",
			in: "Mexico rejects U.S. military intervention\n\nThe government of Mexico said on Monday that it\n" +
				"would not accept foreign troops on its soil, and\nPresident Sheinbaum repeated it on Tuesday.\n",
			title: "Mexico rejects U.S. military intervention",
			paras: []string{"The government of Mexico said on Monday that it would not accept foreign troops on its soil, " +
				"and President Sheinbaum repeated it on Tuesday."},
		},
		{
			name:  "hard-wrapped paragraph ending a line with a comma",
			in:    "A headline that has five words\n\nIn Mexico City, where the president spoke,\nCrowds gathered early.\n",
			title: "A headline that has five words",
			paras: []string{"In Mexico City, where the president spoke, Crowds gathered early."},
		},
		{
			name:  "short first paragraph",
			in:    "A headline that has five words\n\nHe said no.\n\nThen he left.\n",
			title: "A headline that has five words",
			paras: []string{"He said no.", "Then he left."},
		},
		{
			name:  "lower-case navigation is not prose",
			in:    "home\nworld\nbusiness\nA headline that has five words\n\nHe said no.\n",
			title: "A headline that has five words",
			paras: []string{"He said no."},
		},
		{
			name:  "body lines joined, boilerplate inside and at the end dropped",
			in:    "A headline that has five words\n\nFirst line of the paragraph\ncontinues here .\nRead more: Another story\n\nSCROLL FOR NEXT\n",
			title: "A headline that has five words",
			paras: []string{"First line of the paragraph continues here."},
		},
	}
	bp := defaultBoilerplate(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseText(Origin{Path: "x/a.txt"}, strings.NewReader(tt.in), &Options{Boilerplate: bp})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Subtitle != tt.subtitle || a.Author != tt.author {
				t.Errorf("title, subtitle, author = %q, %q, %q, want %q, %q, %q",
					a.Title, a.Subtitle, a.Author, tt.title, tt.subtitle, tt.author)
			}
			if !a.Published.Equal(tt.published) {
				t.Errorf("Published = %v, want %v", a.Published, tt.published)
			}
			if !slices.Equal(a.Paragraphs, tt.paras) {
				t.Errorf("Paragraphs = %q, want %q", a.Paragraphs, tt.paras)
			}
		})
	}
}

func TestParseTextHeader(t *testing.T) {
	in := "Title: Mexico rejects intervention\nAUTHOR: By Jane Doe\noutlet:  La Jornada \nPublished: 2024-03-05\n" +
		"URL: https://example.com/a\nSection: World\nID: lj-42\n\nFirst paragraph\nstill first.\n\nSecond.\n"
	a, err := ParseText(Origin{Path: "x/a.txt"}, strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Article{ID: "lj-42", Outlet: "La Jornada", Title: "Mexico rejects intervention", Author: "Jane Doe",
		Published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), URL: "https://example.com/a", Source: "x/a.txt",
		Paragraphs: []string{"First paragraph still first.", "Second."}, Meta: map[string]any{"section": "World"}}
	if a.ID != want.ID || a.Outlet != want.Outlet || a.Title != want.Title || a.Author != want.Author ||
		!a.Published.Equal(want.Published) || a.URL != want.URL || a.Source != want.Source ||
		!slices.Equal(a.Paragraphs, want.Paragraphs) || a.Meta["section"] != "World" || len(a.Meta) != 1 {
		t.Errorf("ParseText = %+v, want %+v", a, want)
	}
}

func TestParseTextHeaderWarnings(t *testing.T) {
	var warnings []*ParseError
	opts := &Options{Warn: func(e *ParseError) { warnings = append(warnings, e) }}
	in := "Title: A title\nPublished: sometime last week\n\nBody.\n"
	a, err := ParseText(Origin{Path: "a.txt"}, strings.NewReader(in), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Published.IsZero() || a.Meta["published"] != "sometime last week" {
		t.Errorf("Published, Meta = %v, %v, want zero and the raw date", a.Published, a.Meta)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], ErrDate) || warnings[0].Line != 2 {
		t.Errorf("warnings = %v, want one ErrDate at line 2", warnings)
	}
	warnings = nil
	if _, err := ParseText(Origin{Path: "a.txt"}, strings.NewReader("caf\xe9 society is a long enough line.\n"), opts); err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], ErrCharset) {
		t.Errorf("warnings = %v, want one ErrCharset", warnings)
	}
	// UTF-8 with damage keeps the article, with the bad bytes replaced,
	// not decoded as Windows-1252 ("NicolÃ¡s").
	warnings = nil
	a, err = ParseText(Origin{Path: "a.txt"}, strings.NewReader("Title: T\n\nNicolás Maduro spoke on \xff\xfe Monday.\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Nicolás Maduro spoke on \uFFFD Monday."}; !slices.Equal(a.Paragraphs, want) {
		t.Errorf("Paragraphs = %q, want %q", a.Paragraphs, want)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], ErrCharset) || warnings[0].Line != 3 {
		t.Errorf("warnings = %v, want one ErrCharset at line 3", warnings)
	}
}

func TestParseTextNotAHeader(t *testing.T) {
	// "Update:" is not a known key, so this is prose, not a header block.
	in := "Update: The president spoke again on Monday evening.\n"
	a, err := ParseText(Origin{Path: "a.txt"}, strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Paragraphs) != 1 || a.Paragraphs[0] != strings.TrimSpace(in) || a.Meta != nil {
		t.Errorf("ParseText = %+v, want the line as the body", a)
	}
}

func TestParseTextMarkdown(t *testing.T) {
	in := "# Short title\n\n## Sub\n\nBody text here.\n\n## A section\n\nMore text.\n"
	a, err := ParseText(Origin{Path: "a.md"}, strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Body text here.", "A section", "More text."}
	if a.Title != "Short title" || a.Subtitle != "Sub" || !slices.Equal(a.Paragraphs, want) {
		t.Errorf("ParseText = %q, %q, %q, want %q, %q, %q", a.Title, a.Subtitle, a.Paragraphs, "Short title", "Sub", want)
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts *Options
		err  error
	}{
		{"empty", "", nil, ErrEmpty},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00", nil, ErrBinary},
		{"header material only", "Home\nWorld\nA headline with enough words\n", nil, ErrNoText},
		{"header block only", "Title: x\nAuthor: y\n", nil, ErrNoText},
		{"boilerplate only", "Advertisement\n\nSCROLL FOR NEXT\n", &Options{Boilerplate: defaultBoilerplate(t)}, ErrNoText},
		{"too large", strings.Repeat("a", 101), &Options{MaxText: 100}, ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseText(Origin{Path: "a.txt", Name: "corpus/a.txt"}, strings.NewReader(tt.in), tt.opts)
			var pe *ParseError
			if !errors.Is(err, tt.err) || !errors.As(err, &pe) || pe.Path != "corpus/a.txt" {
				t.Errorf("ParseText(%q) error = %v, want a *ParseError for corpus/a.txt wrapping %v", tt.in, err, tt.err)
			}
		})
	}
}

func TestDefaultOutlet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nyt/2024/a.txt", "nyt"},
		{"a.txt", "unknown"},
		{"bbc.jsonl", "bbc"},
		{"bbc.jsonl.gz", "bbc"},
		{"Guardian.CSV", "Guardian"},
		{".jsonl", "unknown"},
		{"./fox/a.md", "fox"},
	}
	for _, tt := range tests {
		if got := DefaultOutlet(tt.in); got != tt.want {
			t.Errorf("DefaultOutlet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
