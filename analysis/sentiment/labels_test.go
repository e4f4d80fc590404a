package sentiment_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"newsframe/analysis/sentiment"
)

func TestParseThresholds(t *testing.T) {
	def := sentiment.Levels{
		ParagraphSentiment: sentiment.Thresholds{Negative: -0.1, Positive: 0.1},
		ArticleSentiment:   sentiment.Thresholds{Negative: -0.05, Positive: 0.05},
		ParagraphStance:    sentiment.Thresholds{Negative: -0.4, Positive: 0.3},
		ArticleStance:      sentiment.Thresholds{Negative: -0.3, Positive: 0.1},
	}
	for _, tc := range []struct {
		name    string
		file    string
		want    sentiment.Levels
		wantErr string
	}{
		{"one level", `{"format": "newsframe-thresholds/1", "paragraph_stance": {"negative": -0.2, "positive": 0.25}}`,
			func() sentiment.Levels {
				l := def
				l.ParagraphStance = sentiment.Thresholds{Negative: -0.2, Positive: 0.25}
				return l
			}(), ""},
		{"no level", `{"format": "newsframe-thresholds/1", "source": "x"}`, def, ""},
		{"wrong format", `{"format": "other", "paragraph_stance": {"negative": 0, "positive": 0}}`, sentiment.Levels{}, "format"},
		{"unknown key", `{"format": "newsframe-thresholds/1", "paragraph_stanse": {"negative": 0, "positive": 0}}`, sentiment.Levels{}, "unknown field"},
		{"not ordered", `{"format": "newsframe-thresholds/1", "article_stance": {"negative": 0.3, "positive": 0.1}}`, sentiment.Levels{}, "article_stance"},
		{"out of range", `{"format": "newsframe-thresholds/1", "paragraph_sentiment": {"negative": -1.5, "positive": 0.1}}`, sentiment.Levels{}, "-1 <= negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := sentiment.ParseThresholds("t.json", []byte(tc.file), def)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("ParseThresholds(%q) error = %v, want one with %q", tc.file, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseThresholds(%q) = %+v, %v, want %+v", tc.file, got, err, tc.want)
			}
		})
	}
	// What MarshalThresholds writes, ParseThresholds reads back.
	other := def
	other.ArticleStance = sentiment.Thresholds{Negative: -0.5, Positive: 0.5}
	b, err := sentiment.MarshalThresholds(other, "test")
	if err != nil {
		t.Fatal(err)
	}
	back, src, err := sentiment.ParseThresholds("t.json", b, sentiment.Levels{})
	if err != nil || back != other || src != "test" {
		t.Errorf("round trip of %s = %+v, %q, %v, want %+v", b, back, src, err, other)
	}
}

// TestWithLevels checks that a model with other thresholds labels every
// score by them and leaves the original model as it was.
func TestWithLevels(t *testing.T) {
	m := model(t)
	s := "The plan is a modest success."
	base := m.Score(s)
	lv := m.Levels()
	lv.ParagraphSentiment = sentiment.Thresholds{Negative: -0.99, Positive: 0.99}
	wide := m.WithLevels(lv)
	if got := wide.Score(s); got.Score != base.Score || got.Label != sentiment.Neutral {
		t.Errorf("WithLevels(±0.99).Score(%q) = %+v, want score %v, neutral", s, got, base.Score)
	}
	if got := m.Score(s); got.Label != base.Label {
		t.Errorf("the original model's label changed: %v, want %v", got.Label, base.Label)
	}
	if want := m.Levels().ParagraphSentiment.Label(base.Score); base.Label != want {
		t.Errorf("Score(%q) = %+v, want label %v by the default thresholds", s, base, want)
	}
}

func ExampleParseThresholds() {
	m, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		panic(err)
	}
	file := `{"format": "newsframe-thresholds/1", "paragraph_sentiment": {"negative": -0.3, "positive": 0.3}}`
	levels, _, err := sentiment.ParseThresholds("mine.json", []byte(file), m.Levels())
	if err != nil {
		panic(err)
	}
	mine := m.WithLevels(levels)
	s := "Sales were slightly better than expected." // scores about 0.29
	fmt.Println(m.Score(s).Label, mine.Score(s).Label)
	// Output:
	// positive neutral
}

func ExampleLead() {
	fmt.Println(sentiment.Lead([3]float64{0.5, 0.1, 0.4}), sentiment.Lead([3]float64{0.1, 0.6, 0.3}))
	// Output:
	// -0.5 0.3
}
