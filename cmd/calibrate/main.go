// Command calibrate fits newsframe's sentiment weights and writes
// data/sentiment/weights.json. `make calibrate` runs it; the output is
// deterministic, so a rerun on the same data reproduces the file byte for
// byte.
//
// It fits, on the rows of NewsMTSC (Hamborg & Donnay 2021, MIT licence)
// that are not held out by evaluate.HeldOut (FNV-1a-64 of sentence_id,
// else id, mod 5 != 0):
//
//   - the sentence model, an ordinal logistic regression
//     (sentiment.FitOrdinal), on one row per sentence whose targets all
//     carry the same label (a proxy for the sentence's sentiment);
//   - the target model, a multinomial logistic regression
//     (sentiment.FitMultinomial), on every row, with the mention given by
//     target_span, and the mean target score μ₀ over those rows.
//
// It then fits the two article-stance thresholds on the BASIL-dev
// articles (Fan et al. 2019) whose event is not held out by
// evaluate.HeldOutEvent (FNV-1a-64 of event_id mod 2 != 0): the pair that
// maximises macro-F1 of author_feeling_* on a 0.02 grid.
//
// Financial PhraseBank is never read here: its licence (CC BY-NC-SA)
// allows evaluation only.
//
// Usage:
//
//	go run ./cmd/calibrate [-eval DIR] [-newsmtsc FILE] [-basil FILE] [-corpus FILE]
//	    [-data DIR] [-out FILE] [-lambda L] [-target-lambda L] [-cv]
//
// -eval names the directory of the evaluation data (default ../shared/eval,
// as `make calibrate` passes it); -newsmtsc and -basil override the files
// within it, and -corpus the BASIL articles (default DIR/../corpus/basil-dev/
// articles.jsonl). -cv also prints 5-fold cross-validation figures on the
// fitting rows (folds by FNV-1a-64 / 5 mod 5 of the same key) and
// leave-one-event-out figures for the article thresholds; it does not
// change the output.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

type options struct {
	evalDir      string
	newsmtsc     string
	basil        string
	corpus       string
	dataDir      string
	out          string
	lambda       float64
	targetLambda float64
	cv           bool
}

// headlineWeight is the weight of a headline's evidence against the body's
// in article stance. 1 was chosen by leave-one-event-out
// cross-validation on the fitting half of BASIL-dev among 0, 0.5, 1 and
// 1.5 (see data/sentiment/FIGURES.md).
const headlineWeight = 1.0

func main() {
	var opt options
	flag.StringVar(&opt.evalDir, "eval", "../shared/eval", "evaluation data `dir`")
	flag.StringVar(&opt.newsmtsc, "newsmtsc", "", "NewsMTSC training `file` (default DIR/newsmtsc-train.jsonl)")
	flag.StringVar(&opt.dataDir, "data", "data", "newsframe data `dir` holding "+sentiment.LexiconPath)
	flag.StringVar(&opt.out, "out", "data/sentiment/weights.json", "weights `file` to write")
	flag.StringVar(&opt.basil, "basil", "", "BASIL article labels `file` (default DIR/basil-dev-article-labels.jsonl)")
	flag.StringVar(&opt.corpus, "corpus", "", "BASIL articles `file` (default DIR/../corpus/basil-dev/articles.jsonl)")
	flag.Float64Var(&opt.lambda, "lambda", 0.01, "L2 penalty on the sentence model's weights (per row)")
	flag.Float64Var(&opt.targetLambda, "target-lambda", 0.003, "L2 penalty on the target model's weights (per row)")
	flag.BoolVar(&opt.cv, "cv", false, "also print cross-validation figures")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(opt, logger); err != nil {
		fmt.Fprintf(os.Stderr, "calibrate: %v\n", err)
		os.Exit(1)
	}
}

func run(opt options, logger *slog.Logger) error {
	if opt.newsmtsc == "" {
		opt.newsmtsc = filepath.Join(opt.evalDir, "newsmtsc-train.jsonl")
	}
	if opt.basil == "" {
		opt.basil = filepath.Join(opt.evalDir, "basil-dev-article-labels.jsonl")
	}
	if opt.corpus == "" {
		opt.corpus = filepath.Join(opt.evalDir, "..", "corpus", "basil-dev", "articles.jsonl")
	}
	fsys := os.DirFS(opt.dataDir)
	lexBytes, err := fs.ReadFile(fsys, sentiment.LexiconPath)
	if err != nil {
		return err
	}
	lex, err := sentiment.ParseLexicon(sentiment.LexiconPath, lexBytes, sentiment.VADERLexicon())
	if err != nil {
		return err
	}
	nb, err := sentiment.RestoreBayes()
	if err != nil {
		return err
	}
	f, err := os.Open(opt.newsmtsc)
	if err != nil {
		return err
	}
	rows, bad, err := evaluate.ReadGold(f, opt.newsmtsc)
	f.Close()
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d bad rows, first: %w", len(bad), bad[0])
	}
	var fit []evaluate.Gold
	for _, g := range rows {
		if g.Label == "" || g.TargetSpan == nil {
			return fmt.Errorf("%s:%d: want label and target_span", opt.newsmtsc, g.Line)
		}
		if !evaluate.HeldOut(g.SplitKey()) {
			fit = append(fit, g)
		}
	}
	logger.Info("read", "rows", len(rows), "fit", len(fit), "held_out", len(rows)-len(fit))

	// The naive Bayes feature is centred on the fitting sentences; a first
	// pass with centre 0 measures the mean.
	sentX, sentY := sentenceRows(sentiment.NewModel(lex, nb, &sentiment.Weights{}), fit)
	center := 0.0
	for _, x := range sentX {
		center += x[2]
	}
	center /= float64(len(sentX))
	center = round(center)
	w := &sentiment.Weights{Version: 2, BayesCenter: center}
	model := sentiment.NewModel(lex, nb, w)
	sentX, sentY = sentenceRows(model, fit)
	names := sentiment.SentenceFeatureNames()
	so, err := sentiment.FitOrdinal(names, sentX, sentY, opt.lambda)
	if err != nil {
		return fmt.Errorf("sentence model: %w", err)
	}
	tx, ty, keys, err := targetRows(model, fit)
	if err != nil {
		return err
	}
	to, err := sentiment.FitMultinomial(sentiment.TargetFeatureNames(), tx, ty, opt.targetLambda)
	if err != nil {
		return fmt.Errorf("target model: %w", err)
	}
	roundMultinomial(to)
	mean := 0.0
	for _, x := range tx {
		p := to.Probs(x)
		mean += p[2] - p[0]
	}
	w.TargetMean = round(mean / float64(len(tx)))
	if opt.cv {
		crossValidate(logger, tx, ty, keys, opt.targetLambda)
	}
	sum := sha256.Sum256(lexBytes)
	w.Fit = sentiment.FitInfo{
		Data:         filepath.Base(opt.newsmtsc),
		Split:        "fit on rows with FNV-1a-64(sentence_id, else id) mod 5 != 0; held out: mod 5 == 0",
		Rows:         len(fit),
		Lambda:       opt.lambda,
		TargetLambda: opt.targetLambda,
		Lexicon:      hex.EncodeToString(sum[:]),
	}
	w.Sentence, w.Target = *roundOrdinal(so), *to
	logger.Info("fitted", "sentence_rows", len(sentX), "target_rows", len(tx),
		"sentence_weights", w.Sentence.Weights, "sentence_cuts", w.Sentence.Cuts,
		"target_mean", w.TargetMean)
	art, err := fitArticle(logger, model, opt)
	if err != nil {
		return err
	}
	w.Article = art
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(w); err != nil {
		return err
	}
	if _, err := sentiment.ParseWeights(buf.Bytes()); err != nil {
		return fmt.Errorf("written weights do not parse: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(opt.out), 0o755); err != nil {
		return err
	}
	tmp := opt.out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, opt.out); err != nil {
		return errors.Join(err, os.Remove(tmp))
	}
	logger.Info("wrote", "file", opt.out, "bytes", buf.Len())
	return nil
}

var labelIndex = map[string]int{"negative": 0, "neutral": 1, "positive": 2}

// sentenceRows returns one feature row per fitting sentence whose rows
// all agree on the label, in the order sentences first appear.
func sentenceRows(m *sentiment.Model, fit []evaluate.Gold) ([][]float64, []int) {
	type group struct {
		text  string
		label string
		mixed bool
	}
	var order []string
	groups := make(map[string]*group)
	for _, g := range fit {
		k := g.SplitKey()
		gr, ok := groups[k]
		if !ok {
			gr = &group{text: g.Text, label: g.Label}
			groups[k] = gr
			order = append(order, k)
			continue
		}
		if gr.label != g.Label {
			gr.mixed = true
		}
	}
	var x [][]float64
	var y []int
	for _, k := range order {
		gr := groups[k]
		if gr.mixed {
			continue
		}
		x = append(x, m.TextFeatures(gr.text))
		y = append(y, labelIndex[gr.label])
	}
	return x, y
}

// targetRows returns one feature row per fitting row: the mention given by
// target_span inside the sentence that contains it; keys are the rows'
// split keys.
func targetRows(m *sentiment.Model, fit []evaluate.Gold) ([][]float64, []int, []string, error) {
	var x [][]float64
	var y []int
	var keys []string
	for _, g := range fit {
		toks := text.Words(g.Text)
		row, ok := m.MentionFeatures(g.Text, toks, text.Span{Start: g.TargetSpan[0], End: g.TargetSpan[1]})
		if !ok {
			continue // the span covers no word token (punctuation only)
		}
		x = append(x, row)
		y = append(y, labelIndex[g.Label])
		keys = append(keys, g.SplitKey())
	}
	if len(x) == 0 {
		return nil, nil, nil, errors.New("no target rows")
	}
	return x, y, keys, nil
}

func roundMultinomial(m *sentiment.Multinomial) {
	for i := range m.Negative {
		m.Negative[i], m.Positive[i] = round(m.Negative[i]), round(m.Positive[i])
	}
	m.Bias[0], m.Bias[1] = round(m.Bias[0]), round(m.Bias[1])
}

func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func roundOrdinal(o *sentiment.Ordinal) *sentiment.Ordinal {
	for i := range o.Weights {
		o.Weights[i] = round(o.Weights[i])
	}
	o.Cuts[0], o.Cuts[1] = round(o.Cuts[0]), round(o.Cuts[1])
	// Thresholds follow from the rounded cuts and weights.
	o.Thresholds = o.ArgmaxThresholds()
	return o
}
