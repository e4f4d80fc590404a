package quotes_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"newsframe/analysis/quotes"
)

func TestSpeakerFolds(t *testing.T) {
	tests := []struct {
		name   string
		counts map[string]int
		want   map[string]string
	}{
		{"surname into the full name",
			map[string]int{"Obama": 30, "Barack Obama": 28, "officials": 9},
			map[string]string{"Obama": "Barack Obama"}},
		{"surname into the most quoted long form",
			map[string]int{"Jealous": 2, "Todd Jealous": 1, "Benjamin Todd Jealous": 3},
			map[string]string{"Jealous": "Benjamin Todd Jealous"}},
		{"full names do not fold into longer ones",
			map[string]int{"Ben Shapiro": 7, "Right-blogger Ben Shapiro": 4},
			map[string]string{}},
		{"not into a name that does not look like a person's",
			map[string]int{"Avlon": 1, "WATCH Avlon": 1, "Catholic": 1, "Roman Catholic Church": 3},
			map[string]string{}},
		{"two forms of one person",
			map[string]int{"Clinton": 3, "Hillary Clinton": 14, "Hillary Rodham Clinton": 11},
			map[string]string{"Clinton": "Hillary Clinton"}},
		{"two people sharing a surname: ambiguous",
			map[string]int{"Cowan": 5, "Jonathan Cowan": 4, "William Cowan": 3},
			map[string]string{}},
		{"two people, one dominant",
			map[string]int{"Obama": 30, "Barack Obama": 28, "Michelle Obama": 6, "Plus Obama": 2},
			map[string]string{"Obama": "Barack Obama"}},
		{"descriptions do not fold",
			map[string]int{"official": 4, "senior official": 2, "strategist": 1, "Democratic strategist": 3},
			map[string]string{}},
		{"not the object of a connector",
			map[string]int{"America": 2, "Bank of America": 5},
			map[string]string{}},
		{"a place far more quoted than the long form",
			map[string]int{"California": 3, "Feral California": 1},
			map[string]string{}},
		{"institutions do not fold",
			map[string]int{"Department": 3, "Justice Department": 5},
			map[string]string{}},
		{"case and apostrophes ignored",
			map[string]int{"O’Rourke": 2, "Beto O'Rourke": 5},
			map[string]string{"O’Rourke": "Beto O'Rourke"}},
		{"empty", map[string]int{}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quotes.SpeakerFolds(tt.counts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SpeakerFolds(%v) = %v, want %v", tt.counts, got, tt.want)
			}
		})
	}
}

func TestFoldSpeakers(t *testing.T) {
	counts := map[string]int{"Obama": 30, "Barack Obama": 28, "officials": 9}
	want := map[string]int{"Barack Obama": 58, "officials": 9}
	if got := quotes.FoldSpeakers(counts); !reflect.DeepEqual(got, want) {
		t.Errorf("FoldSpeakers(%v) = %v, want %v", counts, got, want)
	}
	if counts["Obama"] != 30 {
		t.Errorf("FoldSpeakers changed its input: %v", counts)
	}
}

// TestFoldSpeakersOfSummaries checks the fold on the merged summaries of
// two articles, one naming "Barack Obama" and one only "Obama": one
// speaker, as the issue asks ("Obama" and "Barack Obama" were two).
func TestFoldSpeakersOfSummaries(t *testing.T) {
	var s quotes.Summary
	s.Merge(quotes.Analyze([]string{"“We will win,” said Barack Obama."}, nil).Summary())
	s.Merge(quotes.Analyze([]string{"“Yes, we can,” President Obama said."}, nil).Summary())
	if len(s.Speakers) != 2 {
		t.Fatalf("merged speakers = %v, want two forms before folding", s.Speakers)
	}
	if got := quotes.FoldSpeakers(s.Speakers); !reflect.DeepEqual(got, map[string]int{"Barack Obama": 2}) {
		t.Errorf("FoldSpeakers(%v) = %v, want map[Barack Obama:2]", s.Speakers, got)
	}
}

func ExampleFoldSpeakers() {
	counts := map[string]int{"Obama": 3, "Barack Obama": 2, "Sheinbaum": 1, "Claudia Sheinbaum": 4, "officials": 5}
	folded := quotes.FoldSpeakers(counts)
	for _, name := range slices.Sorted(maps.Keys(folded)) {
		fmt.Println(name, folded[name])
	}
	// Output:
	// Barack Obama 5
	// Claudia Sheinbaum 5
	// officials 5
}
