package terms

import (
	"math"
	"slices"
	"testing"
)

func TestG2(t *testing.T) {
	tests := []struct {
		name               string
		o11, o12, o21, o22 float64
		want               float64
	}{
		// Hand computed: E = (4, 16, 16, 64);
		// 2(10 ln 10/4 + 2·10 ln 10/16 + 70 ln 70/64) = 12.0714.
		{"association", 10, 10, 10, 70, 12.071371684209877},
		{"independence", 5, 15, 20, 60, 0},
		{"perfect pair", 1, 0, 0, 1, 4 * math.Ln2},
		{"single cell", 3, 0, 0, 0, 0},
		{"empty", 0, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := G2(tt.o11, tt.o12, tt.o21, tt.o22)
			if math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("G2(%v, %v, %v, %v) = %v, want %v", tt.o11, tt.o12, tt.o21, tt.o22, got, tt.want)
			}
			// The statistic does not depend on which variable is rows.
			if sw := G2(tt.o11, tt.o21, tt.o12, tt.o22); math.Abs(sw-got) > 1e-9 {
				t.Errorf("G2 transposed = %v, want %v", sw, got)
			}
		})
	}
}

// phraseCorpus has N = 12 adjacent pairs: claudia sheinbaum ×3, sheinbaum
// spoke ×3, spoke firmly ×1, trade talks ×2, talks resumed ×2, talks
// stalled ×1.
var phraseCorpus = []string{
	"Claudia Sheinbaum spoke", "Claudia Sheinbaum spoke", "Claudia Sheinbaum spoke",
	"spoke firmly", "trade talks resumed", "trade talks stalled", "talks resumed",
}

func TestPhrases(t *testing.T) {
	c := countsOf(phraseCorpus...)
	type row struct {
		term string
		tf   int64
		g2   float64
	}
	tests := []struct {
		name string
		opt  PhraseOptions
		want []row
	}{
		// Tables (O11, O12, O21, O22): claudia sheinbaum and sheinbaum
		// spoke (3, 0, 0, 9); trade talks (2, 0, 0, 10); talks resumed
		// (2, 1, 0, 9). Ties in G² are broken by phrase.
		{"min count 2", PhraseOptions{MinCount: 2, MinG2: 1e-9}, []row{
			{"claudia sheinbaum", 3, 13.496043470851397},
			{"sheinbaum spoke", 3, 13.496043470851397},
			{"trade talks", 2, 10.813469012791312},
			{"talks resumed", 2, 6.994384003022435},
		}},
		{"default G2 threshold", PhraseOptions{MinCount: 2}, []row{
			{"claudia sheinbaum", 3, 13.496043470851397},
			{"sheinbaum spoke", 3, 13.496043470851397},
		}},
		{"max", PhraseOptions{MinCount: 2, MinG2: 1e-9, Max: 1}, []row{
			{"claudia sheinbaum", 3, 13.496043470851397},
		}},
		{"default min count", PhraseOptions{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []row
			for _, p := range Phrases(c, tt.opt) {
				got = append(got, row{p.String(), p.TF, p.G2})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Phrases = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i].term != tt.want[i].term || got[i].tf != tt.want[i].tf || math.Abs(got[i].g2-tt.want[i].g2) > 1e-9 {
					t.Errorf("Phrases[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestPhrasesSkipsNegativeAssociation(t *testing.T) {
	// "news said" is frequent but less so than its words predict: each of
	// the two words mostly pairs with others.
	var paras []string
	for i := 0; i < 20; i++ {
		paras = append(paras, "news agency", "officials said")
	}
	for i := 0; i < 5; i++ {
		paras = append(paras, "news said")
	}
	c := countsOf(paras...)
	for _, p := range Phrases(c, PhraseOptions{MinCount: 1, MinG2: 1e-9}) {
		if p.Pair == (Pair{"news", "said"}) {
			// 5 observed vs 25·25/45 ≈ 13.9 expected.
			t.Errorf("Phrases includes negatively associated %q (G² %.2f)", p.String(), p.G2)
		}
	}
}

func TestTop(t *testing.T) {
	c := countsOf(phraseCorpus...)
	phrases := Phrases(c, PhraseOptions{MinCount: 2, MinG2: 1e-9})
	tests := []struct {
		name string
		k    int
		want []string
	}{
		// spoke 4; claudia, claudia sheinbaum, sheinbaum, sheinbaum spoke,
		// talks 3; resumed, talks resumed, trade, trade talks 2; firmly,
		// stalled 1.
		{"top 3 with ties by term", 3, []string{"spoke", "claudia", "claudia sheinbaum"}},
		{"all", 0, []string{"spoke", "claudia", "claudia sheinbaum", "sheinbaum", "sheinbaum spoke", "talks",
			"resumed", "talks resumed", "trade", "trade talks", "firmly", "stalled"}},
		{"more than there are", 100, []string{"spoke", "claudia", "claudia sheinbaum", "sheinbaum", "sheinbaum spoke", "talks",
			"resumed", "talks resumed", "trade", "trade talks", "firmly", "stalled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Top(c, phrases, tt.k)
			if terms := TermsOf(got); !slices.Equal(terms, tt.want) {
				t.Errorf("Top(k=%d) = %q, want %q", tt.k, terms, tt.want)
			}
			for _, tc := range got {
				if tc.Count != c.Term(tc.Term) {
					t.Errorf("Top: %q counts %+v, want %+v", tc.Term, tc.Count, c.Term(tc.Term))
				}
			}
		})
	}
}
