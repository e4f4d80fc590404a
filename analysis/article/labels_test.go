package article_test

import (
	"testing"

	"newsframe/analysis/article"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/wire"
)

// TestOneLabelRule checks the rule of sentiment.Levels at every level of
// an analysed article: the label is read off the score shown with it —
// below the level's negative threshold negative (against), above its
// positive threshold positive (favor), else neutral — for paragraph
// sentiment, article sentiment, paragraph stance and article stance, with
// the built-in thresholds and with a user's. (Before the rule, paragraph
// stance took the most probable label and article stance thresholded a
// latent score not shown, so that an article stance of −0.33 could be
// neutral while +0.16 was favor.)
func TestOneLabelRule(t *testing.T) {
	arts := benchCorpus(t)
	if len(arts) > 80 {
		arts = arts[:80]
	}
	benchAnalyzer(t) // loads the model
	custom := sentiment.Levels{
		ParagraphSentiment: sentiment.Thresholds{Negative: -0.1, Positive: 0.05},
		ArticleSentiment:   sentiment.Thresholds{Negative: -0.02, Positive: 0.02},
		ParagraphStance:    sentiment.Thresholds{Negative: -0.2, Positive: 0.2},
		ArticleStance:      sentiment.Thresholds{Negative: -0.05, Positive: 0.05},
	}
	for _, tc := range []struct {
		name   string
		levels *sentiment.Levels
	}{{"built-in", nil}, {"custom", &custom}} {
		t.Run(tc.name, func(t *testing.T) {
			an, err := article.NewAnalyzer(article.Config{Sentiment: model, Stopwords: stopwords,
				Wire: wire.DefaultParams(), Levels: tc.levels})
			if err != nil {
				t.Fatal(err)
			}
			lv := model.Levels()
			if tc.levels != nil {
				lv = *tc.levels
			}
			var counts [4][3]int
			check := func(level int, what string, got string, score float64, th sentiment.Thresholds) {
				t.Helper()
				want := map[sentiment.Label]int{sentiment.Negative: 0, sentiment.Neutral: 1, sentiment.Positive: 2}[th.Label(score)]
				names := [3]string{"negative", "neutral", "positive"}
				if level >= 2 {
					names = [3]string{"against", "neutral", "favor"}
				}
				if got != names[want] {
					t.Errorf("%s: label %s at score %v, want %s (thresholds %v)", what, got, score, names[want], th)
				}
				counts[level][want]++
			}
			for i := range arts {
				a := an.Analyze(&arts[i])
				check(1, "article "+a.ID+" sentiment", string(a.Label), a.Sentiment.Value(), lv.ArticleSentiment)
				for _, p := range a.Paragraphs {
					check(0, a.ID+" paragraph sentiment", string(p.Sentiment.Label), p.Sentiment.Score, lv.ParagraphSentiment)
					for _, s := range p.Stance {
						check(2, a.ID+" paragraph stance toward "+s.Target, string(s.Label), s.Score, lv.ParagraphStance)
					}
				}
				for _, s := range a.Stance {
					check(3, a.ID+" article stance toward "+s.Target, string(s.Label), s.Score, lv.ArticleStance)
				}
			}
			// The check must have seen every label at the levels with many
			// results, or it proves little.
			for level, c := range counts[:3] {
				if c[0] == 0 || c[2] == 0 {
					t.Errorf("level %d: labels %v: want negative and positive results among the articles", level, c)
				}
			}
		})
	}
}
