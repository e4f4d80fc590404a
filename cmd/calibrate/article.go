package main

import (
	"fmt"
	"log/slog"
	"os"
	"sort"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
)

// articlePair is one entity–article judgement with the article's
// evidence toward the entity (stance.ArticleFeatures).
type articlePair struct {
	event string
	gold  int // 0 against, 1 neutral, 2 favor
	x     [4]float64
}

var stanceLabels = []evaluate.Label{"against", "neutral", "favor"}

// articlePairs scores the BASIL articles of the events keep accepts and
// returns one pair per author_feeling_* judgement.
func articlePairs(model *sentiment.Model, labelsPath, corpusPath string, keep func(event string) bool) ([]articlePair, error) {
	f, err := os.Open(labelsPath)
	if err != nil {
		return nil, err
	}
	rows, bad, err := evaluate.ReadGold(f, labelsPath)
	f.Close()
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%d bad rows, first: %w", len(bad), bad[0])
	}
	cf, err := os.Open(corpusPath)
	if err != nil {
		return nil, err
	}
	articles, err := evaluate.ReadArticles(cf, corpusPath)
	cf.Close()
	if err != nil {
		return nil, err
	}
	var pairs []articlePair
	for _, g := range rows {
		event, _ := g.Fields["event_id"].(string)
		id, _ := g.Fields["article_id"].(string)
		if !keep(event) {
			continue
		}
		art, ok := articles[id]
		if !ok {
			return nil, fmt.Errorf("%s:%d: article %q not in %s", labelsPath, g.Line, id, corpusPath)
		}
		labels := evaluate.EntityLabels(&g)
		if len(labels) == 0 {
			continue
		}
		targets := make([]stance.Target, len(labels))
		for i, l := range labels {
			targets[i] = evaluate.EntityTarget(l.Entity)
		}
		sc, err := stance.NewScorer(model, targets)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", labelsPath, g.Line, err)
		}
		head, per := sc.Evidence(art.Title, art.Paragraphs)
		for i, l := range labels {
			p := articlePair{event: event, x: stance.ArticleFeatures(head, per, targets[i].Name)}
			for k, sl := range stanceLabels {
				if l.Label == sl {
					p.gold = k
				}
			}
			pairs = append(pairs, p)
		}
	}
	return pairs, nil
}

// The article model weighs the evidence of the headline, the lede, the
// own voice and quotations (stance.ArticleFeatures) by v = (h, l, 1, q),
// (h, l, q) chosen on a grid by leave-one-event-out macro-F1 on the
// fitting half; an ordinal regression on the one feature z = v·x then
// gives the probabilities and the score (the 87 fitting pairs, 4 of them
// favourable, are too few to fit four free weights: free weights scored
// 0.35–0.44 leave-one-event-out).
var (
	headlineWeights = []float64{0, 0.5, 1, 2}
	ledeWeights     = []float64{0.5, 1, 2}
	quotedWeights   = []float64{0, 0.5, 1}
)

// articleLambda is the L2 penalty of the one-feature ordinal regression
// (a guard against separation only).
const articleLambda = 0.001

// fitArticleModel fits the ordinal article model with position and voice
// weights v to pairs and the article-stance thresholds on its in-sample
// scores that maximise macro-F1 (evaluate.FitThresholds).
func fitArticleModel(pairs []articlePair, v [4]float64) (*sentiment.Ordinal, sentiment.Thresholds, float64, error) {
	x := make([][]float64, len(pairs))
	y := make([]int, len(pairs))
	for i := range pairs {
		z := 0.0
		for k := range v {
			z += v[k] * pairs[i].x[k]
		}
		x[i], y[i] = []float64{z}, pairs[i].gold
	}
	o1, err := sentiment.FitOrdinal([]string{"z"}, x, y, articleLambda)
	if err != nil {
		return nil, sentiment.Thresholds{}, 0, err
	}
	o := &sentiment.Ordinal{Features: sentiment.ArticleFeatureNames(), Weights: make([]float64, len(v)), Cuts: o1.Cuts}
	for k := range v {
		o.Weights[k] = o1.Weights[0] * v[k]
	}
	roundOrdinal(o)
	t, f1 := evaluate.FitThresholds(pairScores(o, pairs), pairGold(pairs), stanceLabels)
	return o, t, f1, nil
}

func pairScores(o *sentiment.Ordinal, pairs []articlePair) []float64 {
	s := make([]float64, len(pairs))
	for i := range pairs {
		s[i] = round(o.Score(o.Latent(pairs[i].x[:])))
	}
	return s
}

func pairGold(pairs []articlePair) []evaluate.Label {
	g := make([]evaluate.Label, len(pairs))
	for i := range pairs {
		g[i] = stanceLabels[pairs[i].gold]
	}
	return g
}

// fitArticle fits the article stance model on the BASIL events that
// evaluate.HeldOutEvent does not hold out and returns it with its label
// thresholds. The model's weights must hold the fitted target model.
func fitArticle(logger *slog.Logger, model *sentiment.Model, opt options) (sentiment.ArticleModel, sentiment.Thresholds, error) {
	pairs, err := articlePairs(model, opt.basil, opt.corpus, func(event string) bool { return !evaluate.HeldOutEvent(event) })
	if err != nil {
		return sentiment.ArticleModel{}, sentiment.Thresholds{}, fmt.Errorf("article stance: %w", err)
	}
	if len(pairs) == 0 {
		return sentiment.ArticleModel{}, sentiment.Thresholds{}, fmt.Errorf("article stance: no fitting pairs in %s", opt.basil)
	}
	var best [4]float64
	bestF := -1.0
	for _, h := range headlineWeights {
		for _, l := range ledeWeights {
			for _, q := range quotedWeights {
				v := [4]float64{h, l, 1, q}
				f, err := leaveOneEventOut(pairs, v)
				if err != nil {
					return sentiment.ArticleModel{}, sentiment.Thresholds{}, err
				}
				logger.Debug("article leave-one-event-out", "weights", v, "macro_f1", round(f))
				if f > bestF+1e-12 {
					best, bestF = v, f
				}
			}
		}
	}
	o, t, f1, err := fitArticleModel(pairs, best)
	if err != nil {
		return sentiment.ArticleModel{}, sentiment.Thresholds{}, fmt.Errorf("article stance: %w", err)
	}
	logger.Info("article model", "pairs", len(pairs), "position_voice_weights", best, "weights", o.Weights, "cuts", o.Cuts,
		"thresholds", t, "macro_f1_in_sample", round(f1), "macro_f1_leave_one_event_out", round(bestF))
	return sentiment.ArticleModel{
		Fit: fmt.Sprintf("headline, lede, own-voice and quoted evidence weighted %g, %g, %g, %g (grid, leave-one-event-out macro-F1 %.3f), one-feature ordinal regression and score thresholds maximising macro-F1 on %d entity-article pairs of %s with FNV-1a-64(event_id) mod 2 != 0; held out: mod 2 == 0",
			best[0], best[1], best[2], best[3], bestF, len(pairs), "basil-dev-article-labels.jsonl"),
		Model: *o,
	}, t, nil
}

// leaveOneEventOut returns the macro-F1 of the labels of each event's
// pairs under a model and thresholds fitted without that event.
func leaveOneEventOut(pairs []articlePair, v [4]float64) (float64, error) {
	events := map[string]bool{}
	for _, p := range pairs {
		events[p.event] = true
	}
	names := make([]string, 0, len(events))
	for e := range events {
		names = append(names, e)
	}
	sort.Strings(names)
	c := evaluate.NewConfusion(stanceLabels...)
	for _, e := range names {
		var train, test []articlePair
		for _, p := range pairs {
			if p.event != e {
				train = append(train, p)
			} else {
				test = append(test, p)
			}
		}
		o, t, _, err := fitArticleModel(train, v)
		if err != nil {
			return 0, fmt.Errorf("leave out event %s: %w", e, err)
		}
		for i, s := range pairScores(o, test) {
			pred := stanceLabels[map[sentiment.Label]int{sentiment.Negative: 0, sentiment.Neutral: 1, sentiment.Positive: 2}[t.Label(s)]]
			if err := c.Add(stanceLabels[test[i].gold], pred); err != nil {
				return 0, err
			}
		}
	}
	return c.MacroF1(), nil
}
