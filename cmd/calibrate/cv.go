package main

import (
	"hash/fnv"
	"log/slog"

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

// crossValidate logs the 5-fold cross-validated macro-F1 and accuracy of
// the target model on the fitting rows.
func crossValidate(logger *slog.Logger, x [][]float64, y []int, keys []string, lambda float64) {
	names := sentiment.TargetFeatureNames()
	c := evaluate.NewConfusion("negative", "neutral", "positive")
	labels := []evaluate.Label{"negative", "neutral", "positive"}
	for f := 0; f < cvFolds; f++ {
		var tx [][]float64
		var ty []int
		for i := range x {
			if fold(keys[i]) != f {
				tx = append(tx, x[i])
				ty = append(ty, y[i])
			}
		}
		m, err := sentiment.FitMultinomial(names, tx, ty, lambda)
		if err != nil {
			logger.Error("cross-validation", "fold", f, "err", err)
			return
		}
		for i := range x {
			if fold(keys[i]) == f {
				pred := sentiment.ArgmaxLabel(m.Probs(x[i]))
				_ = c.Add(labels[y[i]], string(pred))
			}
		}
	}
	logger.Info("target model 5-fold cross-validation", "macro_f1", round(c.MacroF1()), "accuracy", round(c.Accuracy()))
}
