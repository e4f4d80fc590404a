package topics

import (
	"slices"
	"strings"
	"testing"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
)

var testStop = text.NewStopwords("the", "a", "of", "and", "on", "in", "said", "one", "now", "to", "is", "was")

// countsOf returns the counts of paragraphs, and the paragraphs'
// sequences.
func countsOf(paras ...string) (*terms.Counts, []terms.Seq) {
	ex := terms.NewExtractor(testStop)
	c := terms.NewCounts()
	var seqs []terms.Seq
	for _, p := range paras {
		s := ex.Extract(p)
		s.Terms = slices.Clone(s.Terms)
		c.Add(s)
		seqs = append(seqs, s)
	}
	return c, seqs
}

func TestCovidStaysOneTerm(t *testing.T) {
	toks := text.Words("COVID-19 cases rose; Covid-19 vaccines")
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Norm)
	}
	want := []string{"covid-19", "cases", "rose", "covid-19", "vaccines"}
	if !slices.Equal(got, want) {
		t.Errorf("Words(%q) = %q, want %q", "COVID-19 cases rose; Covid-19 vaccines", got, want)
	}
}

func TestChooseVocab(t *testing.T) {
	var paras []string
	for range 6 {
		paras = append(paras,
			"The vice president spoke on Tuesday about covid-19 vaccines.",
			"Image caption: the vice president toured a covid-19 ward.",
			"Tax cuts and tax credits passed the Senate on Tuesday.",
			"Fox News reported tax cuts; Fox News said vaccines work.",
		)
	}
	paras = append(paras, "A rare word appears once: zeugma.")
	c, _ := countsOf(paras...)
	phrases := terms.Phrases(c, terms.PhraseOptions{MinCount: 3})
	v, err := ChooseVocab(c, phrases, VocabOptions{
		MinDF: 3, MaxDF: 0.9,
		Exclude: []string{"caption"},
		Names:   []string{"fox news", "fox", "vice"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := v.Terms()
	for _, want := range []string{"covid-19", "vice president", "tax cuts", "vaccines"} {
		if _, ok := v.ID(want); !ok {
			t.Errorf("ChooseVocab terms %q lack %q", got, want)
		}
	}
	for _, out := range []string{
		"tuesday",         // calendar
		"caption",         // excluded word
		"image caption",   // phrase with an excluded word
		"fox news", "fox", // outlet names
		"vice",              // a name, yet "vice president" stays
		"zeugma",            // below MinDF
		"president tuesday", // calendar word in a phrase
	} {
		if _, ok := v.ID(out); ok {
			t.Errorf("ChooseVocab terms %q include %q", got, out)
		}
	}
	// Highest DF first, ties by term.
	for i := 1; i < v.Len(); i++ {
		if v.DF(i) > v.DF(i-1) || v.DF(i) == v.DF(i-1) && v.Term(i) < v.Term(i-1) {
			t.Errorf("terms not in DF order at %d: %q (%d) after %q (%d)", i, v.Term(i), v.DF(i), v.Term(i-1), v.DF(i-1))
		}
	}
	small, err := ChooseVocab(c, phrases, VocabOptions{MinDF: 3, MaxDF: 0.9, Size: 2})
	if err != nil || small.Len() != 2 {
		t.Errorf("ChooseVocab(Size 2) = %v terms, %v; want 2", small.Len(), err)
	}
	if _, err := ChooseVocab(c, phrases, VocabOptions{MinDF: 1000}); err == nil {
		t.Error("ChooseVocab(MinDF 1000): no error")
	}
	if _, err := ChooseVocab(nil, nil, VocabOptions{}); err == nil {
		t.Error("ChooseVocab(nil): no error")
	}
}

func TestChooseVocabByOutlet(t *testing.T) {
	var all []string
	byOutlet := map[string]*terms.Counts{}
	add := func(outlet string, paras ...string) {
		c, _ := countsOf(paras...)
		if byOutlet[outlet] == nil {
			byOutlet[outlet] = terms.NewCounts()
		}
		byOutlet[outlet].Merge(c)
		all = append(all, paras...)
	}
	for range 5 {
		add("hill", "Senators balk at lengthy trial MORE on the budget deal.", "Budget talks resume.")
		add("nyt", "Invalid email address. Please re-enter the budget deal.", "Budget talks stall.")
		add("cnn", "The budget deal and the trial.", "Budget talks and lengthy trial.")
		add("fox", "The budget deal and the trial.", "Budget talks go on.")
	}
	c, _ := countsOf(all...)
	v, err := ChooseVocab(c, nil, VocabOptions{MinDF: 3, MaxDF: 1, ByOutlet: byOutlet})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"senators", "balk", "invalid", "re-enter", "email"} {
		if _, ok := v.ID(out); ok {
			t.Errorf("ChooseVocab(ByOutlet) keeps %q, which one outlet owns", out)
		}
	}
	for _, in := range []string{"budget", "deal", "trial", "lengthy", "talks"} {
		if _, ok := v.ID(in); !ok {
			t.Errorf("ChooseVocab(ByOutlet) drops %q, which several outlets use", in)
		}
	}
	// OwnedTerms, one outlet at a time, leaves out the same terms.
	phrases := terms.Phrases(c, terms.PhraseOptions{})
	vb, err := ChooseVocab(c, phrases, VocabOptions{MinDF: 3, MaxDF: 1, ByOutlet: byOutlet})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range []string{"cnn", "fox", "hill", "nyt"} {
		names = append(names, OwnedTerms(c, phrases, byOutlet[o], 3, 0)...)
	}
	vn, err := ChooseVocab(c, phrases, VocabOptions{MinDF: 3, MaxDF: 1, Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(vn.Terms(), vb.Terms()) {
		t.Errorf("ChooseVocab(Names: OwnedTerms) = %v, want %v (ByOutlet)", vn.Terms(), vb.Terms())
	}
}

func TestVocabDoc(t *testing.T) {
	v, err := NewVocab([]string{"vice president", "president", "tax", "tax cuts", "cuts"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, seqs := countsOf(
		"The vice president backed tax cuts.", // phrase, phrase
		"Vice, the president: cuts and tax.",  // no adjacency: words only
		"Tax tax cuts president.",             // tax, tax cuts, president
	)
	tests := []struct {
		seq  int
		want map[string]float32
	}{
		{0, map[string]float32{"vice president": 1, "tax cuts": 1}},
		{1, map[string]float32{"president": 1, "cuts": 1, "tax": 1}},
		{2, map[string]float32{"tax": 1, "tax cuts": 1, "president": 1}},
	}
	for _, tt := range tests {
		d := v.Doc(Doc{}, seqs[tt.seq])
		got := map[string]float32{}
		for i, id := range d.IDs {
			got[v.Term(int(id))] = d.Counts[i]
		}
		if len(got) != len(tt.want) {
			t.Errorf("Doc(%q) = %v, want %v", seqs[tt.seq].Terms, got, tt.want)
			continue
		}
		for term, n := range tt.want {
			if got[term] != n {
				t.Errorf("Doc(%q) = %v, want %v", seqs[tt.seq].Terms, got, tt.want)
				break
			}
		}
		if err := d.Validate(v.Len()); err != nil {
			t.Errorf("Doc(%q) invalid: %v", seqs[tt.seq].Terms, err)
		}
	}
	// Several paragraphs add up.
	d := v.Doc(Doc{}, seqs...)
	if id, _ := v.ID("president"); d.Counts[slices.Index(d.IDs, int32(id))] != 2 {
		t.Errorf("Doc(all) = %+v, want president twice", d)
	}
}

func TestNewVocabErrors(t *testing.T) {
	tests := []struct {
		name  string
		terms []string
		df    []int64
	}{
		{"empty term", []string{"a", ""}, nil},
		{"repeat", []string{"tax", "tax"}, nil},
		{"three words", []string{"one two three"}, nil},
		{"df length", []string{"tax"}, []int64{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewVocab(tt.terms, tt.df); err == nil {
				t.Errorf("NewVocab(%q, %v): no error", tt.terms, tt.df)
			}
		})
	}
}

func TestParseStopTerms(t *testing.T) {
	got, err := ParseStopTerms([]byte("# comment\nImage Caption\n\ntoggle  # inline\nHide  caption\ntoggle\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"hide caption", "image caption", "toggle"}
	if !slices.Equal(got, want) {
		t.Errorf("ParseStopTerms = %q, want %q", got, want)
	}
	_, err = ParseStopTerms([]byte("ok\none two three\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ParseStopTerms(three words) error = %v, want one naming line 2", err)
	}
}

func TestOutletTerms(t *testing.T) {
	var paras []string
	for range 4 {
		paras = append(paras,
			"Fox News reported that Fox News anchors spoke.",
			"The news spread; bad news travels; news today.",
			"The New York Times and New York City.",
			"New ideas, new plans, new times, three times.",
			"Mitt Romney spoke to the Wall Street crowd on the border wall; the wall.",
		)
	}
	c, _ := countsOf(paras...)
	tests := []struct {
		name   string
		outlet Outlet
		want   []string
	}{
		{"host spells name", Outlet{Name: "Fox News (Online)", Hosts: []string{"https://www.foxnews.com/politics/x"}},
			[]string{"fox", "fox news", "foxnews"}},
		{"initials", Outlet{Name: "New York Times - News", Hosts: []string{"www.nytimes.com"}},
			[]string{"nytimes", "york", "york times"}},
		{"all initials", Outlet{Name: "Wall Street Journal", Hosts: []string{"online.wsj.com"}},
			[]string{"street", "street journal", "wsj"}},
		{"leading article", Outlet{Name: "The Hill", Hosts: []string{"thehill.com"}}, []string{"hill", "thehill"}},
		{"stopword inside", Outlet{Name: "Defense One", Hosts: []string{"www.defenseone.com"}}, []string{"defenseone"}},
		{"a person, not an outlet", Outlet{Name: "Mitt Romney", Hosts: []string{"www.cnn.com"}}, nil},
		{"no host", Outlet{Name: "bbc"}, []string{"bbc"}},
		{"country suffix", Outlet{Name: "BBC News", Hosts: []string{"www.bbc.co.uk"}}, []string{"bbc", "bbc news"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OutletTerms(c, testStop, []Outlet{tt.outlet})
			if !slices.Equal(got, tt.want) {
				t.Errorf("OutletTerms(%+v) = %q, want %q", tt.outlet, got, tt.want)
			}
		})
	}
}

func TestHostLabels(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"https://www.foxnews.com/politics/a?b#c", []string{"foxnews"}},
		{"www.chicago.suntimes.com", []string{"chicago", "suntimes"}},
		{"bbc.co.uk", []string{"bbc"}},
		{"http://user@m.example.org:8080/", []string{"example"}},
		{"www1.cbn.com", []string{"cbn"}},
		{"com", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := hostLabels(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("hostLabels(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDocValidate(t *testing.T) {
	tests := []struct {
		name string
		d    Doc
		ok   bool
	}{
		{"empty", Doc{}, true},
		{"fine", Doc{IDs: []int32{0, 4}, Counts: []float32{1, 2}}, true},
		{"lengths", Doc{IDs: []int32{0}, Counts: nil}, false},
		{"order", Doc{IDs: []int32{2, 1}, Counts: []float32{1, 1}}, false},
		{"repeat", Doc{IDs: []int32{1, 1}, Counts: []float32{1, 1}}, false},
		{"range", Doc{IDs: []int32{5}, Counts: []float32{1}}, false},
		{"negative id", Doc{IDs: []int32{-1}, Counts: []float32{1}}, false},
		{"zero count", Doc{IDs: []int32{1}, Counts: []float32{0}}, false},
	}
	for _, tt := range tests {
		if err := tt.d.Validate(5); (err == nil) != tt.ok {
			t.Errorf("Validate(%s) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
