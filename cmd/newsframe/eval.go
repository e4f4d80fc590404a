package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jonreiter/govader"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/text"
)

const evalSynopsis = `eval --gold FILE [--split all|heldout|fit] [--where FIELD=VALUE]
       [--scorer newsframe|vader|cdipaolo] [--corpus FILE] [--seed N] [--rounds N]
       [--rating-range LO,HI] [--thresholds FILE] [--fit-thresholds OUT]

Compares newsframe's scores with hand-labelled JSON lines and prints
accuracy, macro-F1 with a bootstrap 95% interval, per-class precision,
recall and F1, the confusion matrix, Krippendorff's alpha between tool and
gold, and Pearson and Spearman r (against numeric "rating" gold when
present, else against the labels coded -1/0/1).

Gold shapes (one JSON object per line):
  {"text", "label"}                       sentence sentiment
  {"text", "target", "label", "target_span"?}  sentiment toward a target
                                          (span in Unicode code points)
  {"text", "rating"}                      numeric gold (with or without label)
  {"article_id", "event_id"?, "author_feeling_<Entity>": "neg|neu|pos", ...}
      article stance toward entities (BASIL); needs --corpus, a JSON lines
      file of articles {"id", "title"?, "text"} with paragraphs separated
      by blank lines; the title counts as the headline. Each <Entity>
      ("Barack_Obama") becomes a target named with spaces, with the last
      word as alias for two- and three-word names that look like persons
      ("Obama").

--split heldout keeps the rows calibration never fits on: for sentence
and target rows FNV-1a-64 of "sentence_id", else "id", mod 5 == 0; for
article rows FNV-1a-64 of "event_id" mod 2 == 0. fit keeps the others.
--scorer vader scores with VADER's compound (thresholds ±0.05) and
cdipaolo with the raw naive Bayes posterior (positive above 0.5), both on
the whole sentence, as baselines.

Labels: at every level a score below the level's negative threshold is
negative (against), above its positive threshold positive (favor), else
neutral. --thresholds FILE labels with the thresholds of a thresholds
file instead of the defaults. --fit-thresholds OUT finds the thresholds
(multiples of 0.01) that maximise macro-F1 on the selected rows and
writes them to OUT for the level the gold measures (sentence rows:
paragraph_sentiment; target rows: paragraph_stance; article rows:
article_stance), keeping the other levels of an existing OUT; it prints
the in-sample macro-F1 and a 5-fold cross-validated one (thresholds fitted
on four fifths of the rows, applied to the fifth), which is what to expect
on new text of the same codebook. run --thresholds OUT and score
--thresholds OUT then use them. The format (JSON):

  {"format": "newsframe-thresholds/1", "source": "...",
   "paragraph_stance": {"negative": -0.3, "positive": 0.25}}`

func newEvalCommand() *command {
	return &command{
		name:    "eval",
		summary: "compare scores with a hand-labelled sample (agreement figures)",
		run: func(ctx context.Context, env *environment, args []string) error {
			fs := newFlagSet(env, "eval", evalSynopsis)
			var opt evalOptions
			fs.StringVar(&opt.gold, "gold", "", "gold `file` (JSON lines)")
			fs.StringVar(&opt.split, "split", "all", "rows to use: all, heldout or fit")
			fs.StringVar(&opt.where, "where", "", "keep rows whose `FIELD=VALUE` (string fields)")
			fs.StringVar(&opt.scorer, "scorer", "newsframe", "scorer: newsframe, vader or cdipaolo")
			fs.StringVar(&opt.corpus, "corpus", "", "articles `file` (JSON lines) for article-label gold")
			fs.Uint64Var(&opt.seed, "seed", 1, "bootstrap seed")
			fs.IntVar(&opt.rounds, "rounds", 1000, "bootstrap rounds")
			fs.StringVar(&opt.ratingRange, "rating-range", "", "`LO,HI` of the rating scale (default: observed)")
			fs.StringVar(&opt.thresholds, "thresholds", "", "label thresholds `file` (default: the built-in thresholds)")
			fs.StringVar(&opt.fitThresholds, "fit-thresholds", "", "fit label thresholds on the rows and write them to `OUT`")
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			if opt.gold == "" || fs.NArg() > 0 {
				return usagef(env, "eval needs --gold FILE and no arguments")
			}
			switch opt.split {
			case "all", "heldout", "fit":
			default:
				return usagef(env, "--split %q: want all, heldout or fit", opt.split)
			}
			switch opt.scorer {
			case "newsframe", "vader", "cdipaolo":
			default:
				return usagef(env, "--scorer %q: want newsframe, vader or cdipaolo", opt.scorer)
			}
			if opt.scorer != "newsframe" && (opt.thresholds != "" || opt.fitThresholds != "") {
				return usagef(env, "--thresholds and --fit-thresholds are for --scorer newsframe")
			}
			return runEval(ctx, env, opt)
		},
	}
}

type evalOptions struct {
	gold, split, where, scorer, corpus, ratingRange string
	thresholds, fitThresholds                       string
	seed                                            uint64
	rounds                                          int
}

// baseline scores text as the raw cdipaolo model or VADER would.
type baseline struct {
	name  string
	vader *govader.SentimentIntensityAnalyzer
	nb    *sentiment.Bayes
}

func (b *baseline) score(s string) (float64, string) {
	if b.vader != nil {
		c := b.vader.PolarityScores(s).Compound
		switch {
		case c >= 0.05:
			return c, "positive"
		case c <= -0.05:
			return c, "negative"
		}
		return c, "neutral"
	}
	l, _ := b.nb.LogOdds(text.Words(s))
	p := sentiment.Logistic(l)
	if p > 0.5 {
		return 2*p - 1, "positive"
	}
	return 2*p - 1, "negative"
}

func runEval(ctx context.Context, env *environment, opt evalOptions) error {
	f, err := os.Open(opt.gold)
	if err != nil {
		return err
	}
	rows, bad, err := evaluate.ReadGold(f, opt.gold)
	f.Close()
	if err != nil {
		return err
	}
	for _, e := range bad {
		fmt.Fprintf(env.stderr, "newsframe eval: %v\n", e)
	}
	rows, err = selectRows(env, rows, opt)
	if err != nil {
		return err
	}
	var base *baseline
	var model *sentiment.Model
	switch opt.scorer {
	case "vader":
		base = &baseline{name: "vader", vader: govader.NewSentimentIntensityAnalyzer()}
	case "cdipaolo":
		nb, err := sentiment.RestoreBayes()
		if err != nil {
			return err
		}
		base = &baseline{name: "cdipaolo", nb: nb}
	default:
		if model, err = loadModel(); err != nil {
			return err
		}
		if opt.thresholds != "" {
			levels, err := readThresholds(opt.thresholds, model)
			if err != nil {
				return usagef(env, "%v", err)
			}
			model = model.WithLevels(levels)
		}
	}
	eo := evaluate.Options{BootstrapRounds: opt.rounds, Seed: opt.seed}
	if opt.ratingRange != "" {
		lo, hi, ok := strings.Cut(opt.ratingRange, ",")
		a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if !ok || err1 != nil || err2 != nil || !(a < b) {
			return usagef(env, "--rating-range %q: want LO,HI with LO < HI", opt.ratingRange)
		}
		eo.RatingRange = evaluate.Interval{Lo: a, Hi: b}
	}
	var pairs []evaluate.Pair
	kind := "sentence sentiment"
	level := sentiment.LevelParagraphSentiment
	if isArticleGold(rows) {
		kind = "article stance toward entities (author_feeling_*)"
		level = sentiment.LevelArticleStance
		eo.Labels = []string{"against", "neutral", "favor"}
		if pairs, err = articlePairs(ctx, env, rows, opt, model, base); err != nil {
			return err
		}
	} else {
		targets := 0
		for _, g := range rows {
			if err := ctx.Err(); err != nil {
				return err
			}
			if g.Label == "" && g.Rating == nil {
				continue
			}
			var p evaluate.Pair
			if g.Target != "" {
				targets++
				p, err = targetPair(model, base, g)
			} else {
				p = sentencePair(model, base, g)
			}
			if err != nil {
				return fmt.Errorf("%s:%d: %w", opt.gold, g.Line, err)
			}
			pairs = append(pairs, p)
		}
		if targets > 0 {
			kind = fmt.Sprintf("sentiment toward a target (%d of %d rows)", targets, len(pairs))
			level = sentiment.LevelParagraphStance
			if targets < len(pairs) && opt.fitThresholds != "" {
				return usagef(env, "--fit-thresholds: %s mixes rows with and without a target; fit each kind on its own (--where)", opt.gold)
			}
		}
	}
	if len(pairs) == 0 {
		return fmt.Errorf("%s: no labelled or rated rows (split %s)", opt.gold, opt.split)
	}
	rep, err := evaluate.Evaluate(pairs, eo)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "gold: %s\nsplit: %s", opt.gold, opt.split)
	if opt.where != "" {
		fmt.Fprintf(env.stdout, ", where %s", opt.where)
	}
	fmt.Fprintf(env.stdout, "\nscorer: %s\ntask: %s\n", opt.scorer, kind)
	if model != nil {
		t, _ := model.Levels().Get(level)
		src := "built-in"
		if opt.thresholds != "" {
			src = opt.thresholds
		}
		fmt.Fprintf(env.stdout, "label thresholds (%s, %s): negative below %g, positive above %g\n", level, src, t.Negative, t.Positive)
	}
	if err := rep.WriteText(env.stdout); err != nil {
		return err
	}
	if opt.fitThresholds != "" {
		return fitThresholds(env, opt, model, level, eo.Labels, pairs)
	}
	return nil
}

// readThresholds reads a thresholds file over the model's defaults.
func readThresholds(path string, model *sentiment.Model) (sentiment.Levels, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return sentiment.Levels{}, fmt.Errorf("--thresholds: %w", err)
	}
	levels, _, err := sentiment.ParseThresholds(path, b, model.Levels())
	return levels, err
}

// thresholdFolds is the number of folds of --fit-thresholds'
// cross-validated macro-F1.
const thresholdFolds = 5

// fitThresholds fits the label thresholds of level on the labelled pairs,
// prints them with their in-sample and cross-validated macro-F1 and
// writes them to opt.fitThresholds, keeping the other levels of an
// existing file.
func fitThresholds(env *environment, opt evalOptions, model *sentiment.Model, level sentiment.Level, labels []string, pairs []evaluate.Pair) error {
	if len(labels) == 0 {
		labels = []string{"negative", "neutral", "positive"}
	}
	var scores []float64
	var gold []string
	for _, p := range pairs {
		if p.Gold != "" {
			scores, gold = append(scores, p.Score), append(gold, p.Gold)
		}
	}
	if len(gold) < thresholdFolds {
		return fmt.Errorf("--fit-thresholds: %d labelled rows, want at least %d", len(gold), thresholdFolds)
	}
	t, f1 := evaluate.FitThresholds(scores, gold, labels)
	// Cross-validation: rows in order, fold = index mod 5.
	c := evaluate.NewConfusion(labels...)
	for f := 0; f < thresholdFolds; f++ {
		var ts []float64
		var tg []string
		for i := range scores {
			if i%thresholdFolds != f {
				ts, tg = append(ts, scores[i]), append(tg, gold[i])
			}
		}
		ft, _ := evaluate.FitThresholds(ts, tg, labels)
		for i := f; i < len(scores); i += thresholdFolds {
			pred := labels[1]
			switch ft.Label(scores[i]) {
			case sentiment.Negative:
				pred = labels[0]
			case sentiment.Positive:
				pred = labels[2]
			}
			if err := c.Add(gold[i], pred); err != nil {
				return err
			}
		}
	}
	levels := model.Levels()
	keep := []sentiment.Level{level}
	if b, err := os.ReadFile(opt.fitThresholds); err == nil {
		old, _, err := sentiment.ParseThresholds(opt.fitThresholds, b, levels)
		if err != nil {
			return fmt.Errorf("--fit-thresholds: existing %w", err)
		}
		var f sentiment.ThresholdsFile
		_ = json.Unmarshal(b, &f)
		for _, l := range sentiment.AllLevels() {
			if l == level {
				continue
			}
			if levelIn(&f, l) {
				keep = append(keep, l)
			}
		}
		levels = old
	}
	levels.Set(level, t)
	src := fmt.Sprintf("fitted by newsframe eval on %s (split %s, %d labelled rows): %s macro-F1 %.3f in sample, %.3f in %d-fold cross-validation",
		filepath.Base(opt.gold), opt.split, len(gold), level, f1, c.MacroF1(), thresholdFolds)
	out, err := sentiment.MarshalThresholds(levels, src, orderLevels(keep)...)
	if err != nil {
		return err
	}
	if err := os.WriteFile(opt.fitThresholds, out, 0o644); err != nil {
		return fmt.Errorf("--fit-thresholds: %w", err)
	}
	fmt.Fprintf(env.stdout, "\nfitted %s thresholds: negative below %g, positive above %g\nmacro-F1 with them: %.3f in sample, %.3f in %d-fold cross-validation\nwritten to %s\n",
		level, t.Negative, t.Positive, f1, c.MacroF1(), thresholdFolds, opt.fitThresholds)
	return nil
}

// levelIn reports whether a thresholds file gives level l.
func levelIn(f *sentiment.ThresholdsFile, l sentiment.Level) bool {
	switch l {
	case sentiment.LevelParagraphSentiment:
		return f.ParagraphSentiment != nil
	case sentiment.LevelArticleSentiment:
		return f.ArticleSentiment != nil
	case sentiment.LevelParagraphStance:
		return f.ParagraphStance != nil
	case sentiment.LevelArticleStance:
		return f.ArticleStance != nil
	}
	return false
}

// orderLevels returns the levels of ls in the file's order.
func orderLevels(ls []sentiment.Level) []sentiment.Level {
	var out []sentiment.Level
	for _, l := range sentiment.AllLevels() {
		for _, k := range ls {
			if k == l {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// selectRows applies --split and --where.
func selectRows(env *environment, rows []evaluate.Gold, opt evalOptions) ([]evaluate.Gold, error) {
	var field, value string
	if opt.where != "" {
		var ok bool
		if field, value, ok = strings.Cut(opt.where, "="); !ok {
			return nil, usagef(env, "--where %q: want FIELD=VALUE", opt.where)
		}
	}
	out := rows[:0:0]
	for _, g := range rows {
		if opt.split != "all" && heldOut(&g) != (opt.split == "heldout") {
			continue
		}
		if field != "" && fmt.Sprint(g.Fields[field]) != value {
			continue
		}
		out = append(out, g)
	}
	return out, nil
}

// heldOut applies the held-out rule of the row's kind: by event for
// article-level gold, else by sentence.
func heldOut(g *evaluate.Gold) bool {
	if evaluate.IsArticleGold(g) {
		event, _ := g.Fields["event_id"].(string)
		return evaluate.HeldOutEvent(event)
	}
	return evaluate.HeldOut(g.SplitKey())
}

func sentencePair(model *sentiment.Model, base *baseline, g evaluate.Gold) evaluate.Pair {
	if base != nil {
		s, l := base.score(g.Text)
		return evaluate.Pair{Gold: g.Label, Pred: l, Score: s, Rating: g.Rating}
	}
	r := model.Score(g.Text)
	return evaluate.Pair{Gold: g.Label, Pred: string(r.Label), Score: r.Score, Rating: g.Rating}
}

var stanceToSentiment = map[stance.Label]string{stance.Against: "negative", stance.Neutral: "neutral", stance.Favor: "positive"}

func targetPair(model *sentiment.Model, base *baseline, g evaluate.Gold) (evaluate.Pair, error) {
	if base != nil {
		s, l := base.score(g.Text)
		return evaluate.Pair{Gold: g.Label, Pred: l, Score: s, Rating: g.Rating}, nil
	}
	toks, sents := text.Words(g.Text), text.Sentences(g.Text)
	var span []int
	if g.TargetSpan != nil {
		// Gold holds byte offsets already; convert back to code points for lineStance.
		span = []int{len([]rune(g.Text[:g.TargetSpan[0]])), len([]rune(g.Text[:g.TargetSpan[1]]))}
	}
	r, err := lineStance(model, nil, g.Text, toks, sents, g.Target, span)
	if err != nil {
		return evaluate.Pair{}, err
	}
	return evaluate.Pair{Gold: g.Label, Pred: stanceToSentiment[r.Label], Score: r.Score, Rating: g.Rating}, nil
}

func isArticleGold(rows []evaluate.Gold) bool {
	for i := range rows {
		if evaluate.IsArticleGold(&rows[i]) {
			return true
		}
	}
	return false
}

func articlePairs(ctx context.Context, env *environment, rows []evaluate.Gold, opt evalOptions,
	model *sentiment.Model, base *baseline) ([]evaluate.Pair, error) {
	if opt.corpus == "" {
		return nil, usagef(env, "%s holds article labels (author_feeling_*): give the articles with --corpus FILE", opt.gold)
	}
	f, err := os.Open(opt.corpus)
	if err != nil {
		return nil, err
	}
	articles, err := evaluate.ReadArticles(f, opt.corpus)
	f.Close()
	if err != nil {
		return nil, err
	}
	var pairs []evaluate.Pair
	for _, g := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := fmt.Sprint(g.Fields["article_id"])
		art, ok := articles[id]
		if !ok {
			fmt.Fprintf(env.stderr, "newsframe eval: %s:%d: article %q not in %s; skipped\n", opt.gold, g.Line, id, opt.corpus)
			continue
		}
		var targets []stance.Target
		var golds []string
		for _, l := range evaluate.EntityLabels(&g) {
			targets = append(targets, evaluate.EntityTarget(l.Entity))
			golds = append(golds, l.Label)
		}
		if len(targets) == 0 {
			continue
		}
		scores := make([]float64, len(targets))
		labels := make([]string, len(targets))
		if base != nil {
			baselineArticle(base, targets, art.Paragraphs, scores, labels)
		} else {
			sc, err := stance.NewScorer(model, targets)
			if err != nil {
				return nil, err
			}
			_, res := sc.ArticleHeadline(art.Title, art.Paragraphs)
			for i := range labels {
				labels[i] = string(stance.Neutral)
			}
			for _, a := range res {
				for i, t := range targets {
					if t.Name == a.Target {
						scores[i], labels[i] = a.Score, string(a.Label)
					}
				}
			}
		}
		for i := range targets {
			pairs = append(pairs, evaluate.Pair{Gold: golds[i], Pred: labels[i], Score: scores[i]})
		}
	}
	return pairs, nil
}

// baselineArticle scores an article's stance toward each target as the
// mean baseline score of the sentences that mention it.
func baselineArticle(base *baseline, targets []stance.Target, paras []string, scores []float64, labels []string) {
	m := stance.NewMatcher(targets)
	sums := make([]float64, len(targets))
	counts := make([]int, len(targets))
	for _, p := range paras {
		toks := text.Words(p)
		for _, sp := range text.Sentences(p) {
			lo, hi := sentiment.TokenRange(toks, sp)
			seen := map[int]bool{}
			for _, mn := range m.Find(nil, toks[lo:hi]) {
				if seen[mn.Target] {
					continue
				}
				seen[mn.Target] = true
				s, _ := base.score(p[sp.Start:sp.End])
				sums[mn.Target] += s
				counts[mn.Target]++
			}
		}
	}
	for i := range targets {
		labels[i] = "neutral"
		if counts[i] == 0 {
			continue
		}
		s := sums[i] / float64(counts[i])
		scores[i] = s
		switch {
		case base.vader != nil && s >= 0.05, base.nb != nil && s > 0:
			labels[i] = "favor"
		case base.vader != nil && s <= -0.05, base.nb != nil && s <= 0:
			labels[i] = "against"
		}
	}
}
