package terms

import (
	"math"
	"slices"
	"strings"
	"testing"

	"newsframe/analysis/text"
	"newsframe/data"
)

func TestParseLabelPairs(t *testing.T) {
	stop := text.NewStopwords("the", "to", "of", "a")
	tests := []struct {
		name    string
		in      string
		want    []LabelPair
		wantErr string
	}{
		{"empty", "# nothing\n\n", nil, ""},
		{"one pair", "estate tax | death tax\n", []LabelPair{
			{A: Label{"estate tax", []string{"estate tax"}}, B: Label{"death tax", []string{"death tax"}}, Line: 1}}, ""},
		{"variants and folding", "# c\nUndocumented Immigrants, undocumented immigrant | Illegal Aliens  # comment\n", []LabelPair{
			{A: Label{"Undocumented Immigrants", []string{"undocumented immigrants", "undocumented immigrant"}},
				B: Label{"Illegal Aliens", []string{"illegal aliens"}}, Line: 2}}, ""},
		{"hyphenated single words", "pro-life | anti-abortion", []LabelPair{
			{A: Label{"pro-life", []string{"pro-life"}}, B: Label{"anti-abortion", []string{"anti-abortion"}}, Line: 1}}, ""},
		{"curly apostrophe folds", "nation’s debt | national debt", []LabelPair{
			{A: Label{"nation’s debt", []string{"nation debt"}}, B: Label{"national debt", []string{"national debt"}}, Line: 1}}, ""},
		{"no bar", "estate tax, death tax", nil, "line 1"},
		{"two bars", "a b | c d | e f", nil, "one '|'"},
		{"empty side", "estate tax |", nil, "empty variant"},
		{"empty variant", "estate tax,, inheritance tax | death tax", nil, "empty variant"},
		{"stopword inside", "right to life | pro-choice", nil, "stopword"},
		{"three words", "affordable care act | obamacare", nil, "one or two words"},
		{"punctuation inside", "estate, tax | death tax", nil, "line 1"},
		{"number inside", "estate tax | 55 tax", nil, "number"},
		{"repeat", "estate tax | estate tax", nil, "overlap"},
		{"word of another variant", "illegal aliens, aliens | undocumented immigrants", nil, "overlap"},
		{"error names its line", "estate tax | death tax\n\nright to life | pro-choice\n", nil, "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLabelPairs([]byte(tt.in), stop)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLabelPairs(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLabelPairs(%q) error = %v", tt.in, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ParseLabelPairs(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.Line != w.Line || g.A.Name != w.A.Name || g.B.Name != w.B.Name ||
					!slices.Equal(g.A.Variants, w.A.Variants) || !slices.Equal(g.B.Variants, w.B.Variants) {
					t.Errorf("pair %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

// TestEmbeddedLabelPairs parses data/lists/label-pairs.txt with the
// embedded stopwords.
func TestEmbeddedLabelPairs(t *testing.T) {
	sb, err := data.FS.ReadFile("lists/stopwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	stop, err := text.ParseStopwords(sb)
	if err != nil {
		t.Fatal(err)
	}
	b, err := data.FS.ReadFile("lists/label-pairs.txt")
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := ParseLabelPairs(b, stop)
	if err != nil {
		t.Fatalf("lists/label-pairs.txt: %v", err)
	}
	if len(pairs) < 10 {
		t.Errorf("lists/label-pairs.txt: %d pairs, want at least 10", len(pairs))
	}
	names := map[string]bool{}
	for _, p := range pairs {
		names[p.Name()] = true
	}
	for _, n := range []string{"undocumented immigrants / illegal aliens", "estate tax / death tax"} {
		if !names[n] {
			t.Errorf("lists/label-pairs.txt lacks %q", n)
		}
	}
}

func TestPreferences(t *testing.T) {
	pairs, err := ParseLabelPairs([]byte("undocumented immigrants, undocumented immigrant | illegal aliens\nestate tax | death tax\n"), testStop)
	if err != nil {
		t.Fatal(err)
	}
	p := make(Partials)
	add := func(outlet, day, para string) { p.Add(Key{outlet, day}, seqOf(para)) }
	add("fox", "2010-07-01", "Illegal aliens crossed; illegal aliens again.")
	add("fox", "2010-07-09", "An undocumented immigrant spoke about the death tax.")
	add("nyt", "2010-07-01", "Undocumented immigrants and an undocumented immigrant.")
	add("nyt", "", "illegal aliens")
	add("hpo", "2010-07-01", "Nothing relevant here.")

	month := func(day string) (string, bool) {
		if day == "" {
			return "", false
		}
		return day[:7], true
	}
	got := Preferences(p, pairs, month)
	type row struct {
		pair, outlet, period string
		a, b                 int64
	}
	want := []row{
		{"undocumented immigrants / illegal aliens", "fox", "2010-07", 1, 2},
		{"undocumented immigrants / illegal aliens", "nyt", "2010-07", 2, 0},
		{"estate tax / death tax", "fox", "2010-07", 0, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("Preferences = %+v, want %+v", got, want)
	}
	for i, w := range want {
		g := got[i]
		if g.Pair != w.pair || g.Outlet != w.outlet || g.Period != w.period || g.A != w.a || g.B != w.b {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
		a, b := float64(w.a), float64(w.b)
		if math.Abs(g.Ratio-(a+0.5)/(b+0.5)) > 1e-12 || math.Abs(g.ShareA-(a+0.5)/(a+b+1)) > 1e-12 {
			t.Errorf("row %d: ratio %v share %v, want %v %v", i, g.Ratio, g.ShareA, (a+0.5)/(b+0.5), (a+0.5)/(a+b+1))
		}
	}
	// Without a period function every day, the undated too, is one period.
	all := Preferences(p, pairs[:1], nil)
	if len(all) != 2 || all[1].Outlet != "nyt" || all[1].A != 2 || all[1].B != 1 || all[1].Period != "" {
		t.Errorf("Preferences(nil period) = %+v, want nyt A 2 B 1", all)
	}
}
