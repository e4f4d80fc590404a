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
	evalDir       string
	newsmtsc      string
	basil         string
	spans         string
	corpus        string
	dataDir       string
	out           string
	lambda        float64
	targetLambda  float64
	contextLambda float64
	cv            bool
}

// articleSentimentThresholds label an article's mean paragraph sentiment
// score. No gold labels article sentiment; the band is narrower than a
// paragraph's because a mean of many paragraphs is pulled toward 0.
var articleSentimentThresholds = sentiment.Thresholds{Negative: -0.05, Positive: 0.05}

func main() {
	var opt options
	flag.StringVar(&opt.evalDir, "eval", "../shared/eval", "evaluation data `dir`")
	flag.StringVar(&opt.newsmtsc, "newsmtsc", "", "NewsMTSC training `file` (default DIR/newsmtsc-train.jsonl)")
	flag.StringVar(&opt.dataDir, "data", "data", "newsframe data `dir` holding "+sentiment.LexiconPath)
	flag.StringVar(&opt.out, "out", "data/sentiment/weights.json", "weights `file` to write")
	flag.StringVar(&opt.basil, "basil", "", "BASIL article labels `file` (default DIR/basil-dev-article-labels.jsonl)")
	flag.StringVar(&opt.spans, "spans", "", "BASIL bias spans `file` (default DIR/basil-dev-spans.jsonl)")
	flag.StringVar(&opt.corpus, "corpus", "", "BASIL articles `file` (default DIR/../corpus/basil-dev/articles.jsonl)")
	flag.Float64Var(&opt.lambda, "lambda", 0.01, "L2 penalty on the sentence model's weights (per row)")
	flag.Float64Var(&opt.targetLambda, "target-lambda", 0.003, "L2 penalty on the target model's dense weights (per row)")
	flag.Float64Var(&opt.contextLambda, "context-lambda", 0.0015, "L2 penalty on the target model's hashed context weights (per row)")
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
	if opt.spans == "" {
		opt.spans = filepath.Join(opt.evalDir, "basil-dev-spans.jsonl")
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
	trows, keys, err := targetRows(model, fit)
	if err != nil {
		return err
	}
	cm, err := sentiment.FitContext(sentiment.TargetFeatureNames(), trows, opt.targetLambda, opt.contextLambda)
	if err != nil {
		return fmt.Errorf("target model: %w", err)
	}
	to := &cm.Dense
	roundMultinomial(to)
	hashed, err := cm.Hashed.MarshalBinary()
	if err != nil {
		return err
	}
	// μ₀ is the mean score of a mention the model has not seen: the mean
	// of the out-of-fold scores of 5-fold cross-validation (in-sample
	// scores are more extreme than the model's scores on new text).
	cv, err := crossValidate(trows, keys, opt.targetLambda, opt.contextLambda)
	if err != nil {
		return err
	}
	w.TargetMean = round(cv.meanScore)
	logger.Info("target model 5-fold cross-validation", "macro_f1_argmax", round(cv.argmaxF1),
		"macro_f1_thresholds", round(cv.thresholdF1), "thresholds", cv.thresholds, "accuracy", round(cv.accuracy))
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
	w.Hashed = cm.Hashed
	w.Context = sentiment.ContextInfo{Bits: sentiment.ContextBits, Templates: sentiment.ContextTemplates,
		Lambda: opt.contextLambda, Buckets: (len(hashed) - sentiment.HashedHeader) / 12, SHA256: sentiment.Digest(hashed)}
	logger.Info("fitted", "sentence_rows", len(sentX), "target_rows", len(trows),
		"sentence_weights", w.Sentence.Weights, "sentence_cuts", w.Sentence.Cuts,
		"target_mean", w.TargetMean)
	art, artThresholds, err := fitArticle(logger, model, opt)
	if err != nil {
		return err
	}
	w.Article = art
	basil, err := basilPolarSentences(opt.spans)
	if err != nil {
		return err
	}
	w.Labels = sentiment.Levels{
		ParagraphSentiment: chooseSentenceBand(logger, model, sentX, sentY, basil),
		ArticleSentiment:   articleSentimentThresholds,
		ParagraphStance:    cv.thresholds,
		ArticleStance:      artThresholds,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(w); err != nil {
		return err
	}
	if _, err := sentiment.ParseWeights(buf.Bytes()); err != nil {
		return fmt.Errorf("written weights do not parse: %w", err)
	}
	hashedOut := filepath.Join(filepath.Dir(opt.out), filepath.Base(sentiment.HashedPath))
	if err := writeFile(hashedOut, hashed); err != nil {
		return err
	}
	if err := writeFile(opt.out, buf.Bytes()); err != nil {
		return err
	}
	logger.Info("wrote", "file", opt.out, "bytes", buf.Len(), "hashed", hashedOut, "hashed_bytes", len(hashed))
	return nil
}

// writeFile replaces path with b through a temporary file.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return errors.Join(err, os.Remove(tmp))
	}
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

// targetRows returns one row per fitting row: the dense and hashed
// features of the mention given by target_span inside the sentence that
// contains it; keys are the rows' split keys.
func targetRows(m *sentiment.Model, fit []evaluate.Gold) ([]sentiment.ContextRow, []string, error) {
	var rows []sentiment.ContextRow
	var keys []string
	for _, g := range fit {
		toks := text.Words(g.Text)
		x, feats, ok := m.MentionRow(g.Text, toks, text.Span{Start: g.TargetSpan[0], End: g.TargetSpan[1]})
		if !ok {
			continue // the span covers no word token (punctuation only)
		}
		rows = append(rows, sentiment.ContextRow{Dense: x, Hashed: feats, Label: labelIndex[g.Label]})
		keys = append(keys, g.SplitKey())
	}
	if len(rows) == 0 {
		return nil, nil, errors.New("no target rows")
	}
	return rows, keys, nil
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
