package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/sentiment"
)

// A default paragraph-sentiment threshold is chosen on two codebooks that
// pull opposite ways: NewsMTSC's sentences (the fitting rows whose
// targets agree: about a third neutral, and a neutral band of ±0.24 fits
// them best) and BASIL-dev's sentences that annotators marked as biased
// toward or against someone (the fitting half's events; every one polar,
// like the polar codebooks of editorial ratings, where a wide neutral band
// hides most of the sentiment people see). The threshold t (the band is
// [−t, t]) maximises the mean of the two macro-F1s: NewsMTSC's over its
// three labels, BASIL's over its two gold labels (a neutral label is a
// miss).
const (
	sentenceBandStep = 0.01
	sentenceBandMax  = 0.5
)

// basilSentence is a BASIL-dev sentence with the polarity of its bias
// spans.
type basilSentence struct {
	text  string
	label int // 0 negative, 2 positive
}

// basilPolarSentences reads the sentences of basil-dev-spans.jsonl whose
// event is in the fitting half and whose spans agree on a polarity.
func basilPolarSentences(path string) ([]basilSentence, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	type key struct{ article, text string }
	pol := map[key]int{}
	var order []key
	for n, line := range splitLines(b) {
		var r struct {
			ArticleID, EventID, SentenceText, Polarity string
		}
		var raw map[string]any
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
		r.ArticleID, _ = raw["article_id"].(string)
		r.EventID, _ = raw["event_id"].(string)
		r.SentenceText, _ = raw["sentence_text"].(string)
		r.Polarity, _ = raw["polarity"].(string)
		if evaluate.HeldOutEvent(r.EventID) {
			continue
		}
		l := 0
		if r.Polarity == "pos" {
			l = 2
		}
		k := key{r.ArticleID, r.SentenceText}
		prev, seen := pol[k]
		switch {
		case !seen:
			pol[k] = l
			order = append(order, k)
		case prev != l:
			pol[k] = -1 // mixed
		}
	}
	var out []basilSentence
	for _, k := range order {
		if l := pol[k]; l >= 0 {
			out = append(out, basilSentence{k.text, l})
		}
	}
	return out, nil
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		if line := b[:i]; len(line) > 0 {
			out = append(out, line)
		}
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return out
}

// bandF1 returns the macro-F1 of scores labelled with the band [−t, t]
// against gold (0, 1, 2) over the gold classes present.
func bandF1(scores []float64, gold []int, t float64) float64 {
	var c [3][3]int
	var present [3]bool
	for i, s := range scores {
		p := 1
		switch {
		case s < -t:
			p = 0
		case s > t:
			p = 2
		}
		c[gold[i]][p]++
		present[gold[i]] = true
	}
	sum, k := 0.0, 0
	for g := 0; g < 3; g++ {
		if !present[g] {
			continue
		}
		k++
		tp, pred, all := c[g][g], 0, 0
		for i := 0; i < 3; i++ {
			pred += c[i][g]
			all += c[g][i]
		}
		if tp > 0 {
			p, r := float64(tp)/float64(pred), float64(tp)/float64(all)
			sum += 2 * p * r / (p + r)
		}
	}
	return sum / float64(k)
}

// chooseSentenceBand returns the paragraph-sentiment thresholds ±t that
// maximise the mean macro-F1 on NewsMTSC's and BASIL's sentences, and
// logs the trade-off.
func chooseSentenceBand(logger *slog.Logger, model *sentiment.Model, newsX [][]float64, newsY []int, basil []basilSentence) sentiment.Thresholds {
	o := model.SentenceModel()
	ns := make([]float64, len(newsX))
	for i, x := range newsX {
		ns[i] = o.Score(o.Latent(x))
	}
	bs := make([]float64, len(basil))
	by := make([]int, len(basil))
	for i, s := range basil {
		bs[i], by[i] = model.Score(s.text).Score, s.label
	}
	best, bestF := 0.0, -1.0
	for i := 0; float64(i)*sentenceBandStep <= sentenceBandMax+1e-9; i++ {
		t := round(float64(i) * sentenceBandStep)
		fn, fb := bandF1(ns, newsY, t), bandF1(bs, by, t)
		if m := (fn + fb) / 2; m > bestF+1e-12 {
			best, bestF = t, m
		}
		if i%5 == 0 || math.Abs(t-0.24) < 1e-9 {
			logger.Info("paragraph sentiment band", "t", t, "newsmtsc_macro_f1", round(fn), "basil_polar_macro_f1", round(fb),
				"newsmtsc_neutral_share", round(shareWithin(ns, t)), "basil_neutral_share", round(shareWithin(bs, t)))
		}
	}
	logger.Info("paragraph sentiment thresholds", "t", best, "mean_macro_f1", round(bestF),
		"newsmtsc_sentences", len(ns), "basil_sentences", len(bs))
	return sentiment.Thresholds{Negative: -best, Positive: best}
}

func shareWithin(s []float64, t float64) float64 {
	n := 0
	for _, v := range s {
		if v >= -t && v <= t {
			n++
		}
	}
	return float64(n) / float64(len(s))
}
