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

// articlePair is one entity–article judgement with the article's latent
// stance evidence toward the entity.
type articlePair struct {
	event string
	gold  evaluate.Label
	z     float64
}

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
		_, res := sc.ArticleHeadline(art.Title, art.Paragraphs)
		for i, l := range labels {
			p := articlePair{event: event, gold: l.Label}
			for _, r := range res {
				if r.Target == targets[i].Name {
					p.z = r.Latent
				}
			}
			pairs = append(pairs, p)
		}
	}
	return pairs, nil
}

// thresholdGrid: article thresholds are searched on [-3, 3] in steps of
// 0.02.
const (
	gridLo    = -3.0
	gridStep  = 0.02
	gridSteps = 300
)

func pairsF1(pairs []articlePair, t sentiment.Thresholds) float64 {
	c := evaluate.NewConfusion("against", "neutral", "favor")
	for _, p := range pairs {
		pred := map[sentiment.Label]evaluate.Label{sentiment.Negative: "against", sentiment.Neutral: "neutral", sentiment.Positive: "favor"}[t.Label(p.z)]
		if err := c.Add(p.gold, pred); err != nil {
			panic(err) // labels come from EntityLabels
		}
	}
	return c.MacroF1()
}

// bestThresholds returns the thresholds on the grid that maximise the
// macro-F1 of pairs (the first maximum in the order negative, then
// positive threshold ascending) and that macro-F1.
func bestThresholds(pairs []articlePair) (sentiment.Thresholds, float64) {
	best, bestF := sentiment.Thresholds{}, -1.0
	for i := 0; i <= gridSteps; i++ {
		for j := i; j <= gridSteps; j++ {
			t := sentiment.Thresholds{Negative: round(gridLo + gridStep*float64(i)), Positive: round(gridLo + gridStep*float64(j))}
			if f := pairsF1(pairs, t); f > bestF+1e-12 {
				best, bestF = t, f
			}
		}
	}
	return best, bestF
}

// fitArticle fits the article thresholds on the BASIL events that
// evaluate.HeldOutEvent does not hold out. The model's weights must hold
// the fitted target model.
func fitArticle(logger *slog.Logger, model *sentiment.Model, opt options) (sentiment.ArticleModel, error) {
	w := model.Weights()
	w.Article = sentiment.ArticleModel{HeadlineWeight: headlineWeight}
	pairs, err := articlePairs(model, opt.basil, opt.corpus, func(event string) bool { return !evaluate.HeldOutEvent(event) })
	if err != nil {
		return sentiment.ArticleModel{}, fmt.Errorf("article stance: %w", err)
	}
	if len(pairs) == 0 {
		return sentiment.ArticleModel{}, fmt.Errorf("article stance: no fitting pairs in %s", opt.basil)
	}
	t, f1 := bestThresholds(pairs)
	logger.Info("article thresholds", "pairs", len(pairs), "negative", t.Negative, "positive", t.Positive, "macro_f1_in_sample", round(f1))
	if opt.cv {
		logger.Info("article leave-one-event-out", "macro_f1", round(leaveOneEventOut(pairs)))
	}
	return sentiment.ArticleModel{
		Fit: fmt.Sprintf("thresholds maximising macro-F1 on %d entity-article pairs of %s with FNV-1a-64(event_id) mod 2 != 0; held out: mod 2 == 0",
			len(pairs), "basil-dev-article-labels.jsonl"),
		HeadlineWeight: headlineWeight,
		Thresholds:     t,
	}, nil
}

// leaveOneEventOut returns the macro-F1 of labels whose thresholds were
// fitted without their event.
func leaveOneEventOut(pairs []articlePair) float64 {
	events := map[string]bool{}
	for _, p := range pairs {
		events[p.event] = true
	}
	names := make([]string, 0, len(events))
	for e := range events {
		names = append(names, e)
	}
	sort.Strings(names)
	var out []articlePair
	var preds []sentiment.Thresholds
	for _, e := range names {
		var train []articlePair
		for _, p := range pairs {
			if p.event != e {
				train = append(train, p)
			}
		}
		t, _ := bestThresholds(train)
		for _, p := range pairs {
			if p.event == e {
				out = append(out, p)
				preds = append(preds, t)
			}
		}
	}
	c := evaluate.NewConfusion("against", "neutral", "favor")
	for i, p := range out {
		pred := map[sentiment.Label]evaluate.Label{sentiment.Negative: "against", sentiment.Neutral: "neutral", sentiment.Positive: "favor"}[preds[i].Label(p.z)]
		if err := c.Add(p.gold, pred); err != nil {
			panic(err)
		}
	}
	return c.MacroF1()
}
