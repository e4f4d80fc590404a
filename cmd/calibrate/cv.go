package main

import (
	"fmt"
	"hash/fnv"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/sentiment"
)

// cvFolds is the number of cross-validation folds.
const cvFolds = 5

// fold assigns a fitting row to a fold by its split key:
// FNV-1a-64(key) / 5 mod cvFolds (the held-out rule already used mod 5).
func fold(key string) int {
	h := fnv.New64a()
	h.Write([]byte(key))
	return int(h.Sum64() / 5 % cvFolds)
}

// cvResult holds the out-of-fold figures of the target model.
type cvResult struct {
	// argmaxF1 is the macro-F1 of the most probable label; thresholdF1
	// that of the label thresholds on sentiment.Lead of the out-of-fold
	// probabilities that maximise it (thresholds), the stance labels'
	// rule; accuracy is the argmax label's.
	argmaxF1, thresholdF1, accuracy float64
	thresholds                      sentiment.Thresholds
	// meanScore is the mean out-of-fold score P(positive) − P(negative).
	meanScore float64
	// scores and labels are the out-of-fold scores and gold labels.
	scores []float64
	labels []int
	probs  [][3]float64
}

// crossValidate fits the target model on 4 folds of the fitting rows and
// scores the fifth, for each fold.
func crossValidate(rows []sentiment.ContextRow, keys []string, lambdaDense, lambdaHashed float64) (*cvResult, error) {
	names := sentiment.TargetFeatureNames()
	c := evaluate.NewConfusion("negative", "neutral", "positive")
	labels := []evaluate.Label{"negative", "neutral", "positive"}
	res := &cvResult{scores: make([]float64, len(rows)), labels: make([]int, len(rows)), probs: make([][3]float64, len(rows))}
	for f := 0; f < cvFolds; f++ {
		var train []sentiment.ContextRow
		for i := range rows {
			if fold(keys[i]) != f {
				train = append(train, rows[i])
			}
		}
		m, err := sentiment.FitContext(names, train, lambdaDense, lambdaHashed)
		if err != nil {
			return nil, fmt.Errorf("cross-validation fold %d: %w", f, err)
		}
		for i := range rows {
			if fold(keys[i]) == f {
				p := m.Probs(rows[i].Dense, rows[i].Hashed)
				_ = c.Add(labels[rows[i].Label], string(sentiment.ArgmaxLabel(p)))
				res.scores[i], res.labels[i] = p[2]-p[0], rows[i].Label
				res.probs[i] = p
				res.meanScore += (p[2] - p[0]) / float64(len(rows))
			}
		}
	}
	res.argmaxF1, res.accuracy = c.MacroF1(), c.Accuracy()
	gold := make([]evaluate.Label, len(rows))
	for i, l := range res.labels {
		gold[i] = labels[l]
	}
	lead := make([]float64, len(rows))
	for i, p := range res.probs {
		lead[i] = sentiment.Lead(p)
	}
	res.thresholds, res.thresholdF1 = evaluate.FitThresholds(lead, gold, labels)
	return res, nil
}
