package evaluate

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Pair is one evaluated item: gold and predicted label, the tool's score
// in [-1, 1] and, when the gold has one, the numeric rating.
type Pair struct {
	Gold   Label
	Pred   Label
	Score  float64
	Rating *float64
}

// Report holds the agreement figures of a set of pairs.
type Report struct {
	N      int
	Labels []Label
	// Confusion, Accuracy, MacroF1, MacroF1CI and Classes cover the pairs
	// with a gold label (Labelled of them).
	Labelled  int
	Confusion *Confusion
	Accuracy  float64
	MacroF1   float64
	MacroF1CI Interval
	Classes   []ClassScores
	// AlphaNominal is Krippendorff's alpha on the labels; AlphaOrdered the
	// interval alpha on labels coded -1, 0, 1 in the order of Labels.
	AlphaNominal, AlphaOrdered float64
	// ScoreLabelPearson and ScoreLabelSpearman correlate the tool's score
	// with the gold label coded -1, 0, 1.
	ScoreLabelPearson, ScoreLabelSpearman float64
	// Rated pairs have a numeric rating: Pearson and Spearman r between
	// score and rating, and the interval alpha between the score and the
	// rating mapped linearly from RatingRange onto [-1, 1].
	Rated                 int
	Pearson, Spearman     float64
	AlphaRating           float64
	RatingRange           Interval
	BootstrapRounds       int
	BootstrapSeed         uint64
	MajorityBaselineF1    float64
	MajorityBaselineLabel Label
}

// Options control Evaluate.
type Options struct {
	// Labels is the ordered label set, negative-like first (default
	// negative, neutral, positive).
	Labels []Label
	// BootstrapRounds for the macro-F1 interval (default 1000) and its seed.
	BootstrapRounds int
	Seed            uint64
	// RatingRange maps ratings onto [-1, 1] for the interval alpha; the
	// zero value means the observed minimum and maximum.
	RatingRange Interval
}

// Evaluate computes a Report. Pairs whose gold or predicted label is
// outside the label set are an error.
func Evaluate(pairs []Pair, opt Options) (*Report, error) {
	if len(opt.Labels) == 0 {
		opt.Labels = []Label{"negative", "neutral", "positive"}
	}
	if opt.BootstrapRounds == 0 {
		opt.BootstrapRounds = 1000
	}
	r := &Report{N: len(pairs), Labels: opt.Labels, Confusion: NewConfusion(opt.Labels...),
		BootstrapRounds: opt.BootstrapRounds, BootstrapSeed: opt.Seed}
	code := make(map[Label]float64)
	for i, l := range opt.Labels {
		code[l] = float64(i) - float64(len(opt.Labels)-1)/2
	}
	var gold, pred []Label
	var gc, pc, sc, ratings, rscores []float64
	for i, p := range pairs {
		if p.Rating != nil {
			ratings = append(ratings, *p.Rating)
			rscores = append(rscores, p.Score)
		}
		if p.Gold == "" {
			continue
		}
		if err := r.Confusion.Add(p.Gold, p.Pred); err != nil {
			return nil, fmt.Errorf("pair %d: %w", i, err)
		}
		gold, pred = append(gold, p.Gold), append(pred, p.Pred)
		gc, pc, sc = append(gc, code[p.Gold]), append(pc, code[p.Pred]), append(sc, p.Score)
	}
	r.Labelled = len(gold)
	if r.Labelled > 0 {
		r.Accuracy = r.Confusion.Accuracy()
		r.MacroF1 = r.Confusion.MacroF1()
		r.Classes = r.Confusion.Classes()
		r.MacroF1CI = BootstrapMacroF1(opt.Labels, gold, pred, opt.BootstrapRounds, opt.Seed)
		r.AlphaNominal = AlphaNominal(gold, pred)
		r.AlphaOrdered = AlphaInterval(gc, pc)
		r.ScoreLabelPearson = Pearson(sc, gc)
		r.ScoreLabelSpearman = Spearman(sc, gc)
		// Majority-class baseline: always answer the most frequent gold label.
		best := 0
		for k := range opt.Labels {
			if r.Classes[k].Support > r.Classes[best].Support {
				best = k
			}
		}
		r.MajorityBaselineLabel = opt.Labels[best]
		base := NewConfusion(opt.Labels...)
		for _, g := range gold {
			base.Add(g, opt.Labels[best])
		}
		r.MajorityBaselineF1 = base.MacroF1()
	}
	r.Rated = len(ratings)
	if r.Rated > 0 {
		r.Pearson = Pearson(rscores, ratings)
		r.Spearman = Spearman(rscores, ratings)
		rr := opt.RatingRange
		if rr.Lo == 0 && rr.Hi == 0 {
			rr = Interval{math.Inf(1), math.Inf(-1)}
			for _, v := range ratings {
				rr.Lo, rr.Hi = math.Min(rr.Lo, v), math.Max(rr.Hi, v)
			}
		}
		r.RatingRange = rr
		mapped := make([]float64, len(ratings))
		for i, v := range ratings {
			if rr.Hi > rr.Lo {
				mapped[i] = 2*(v-rr.Lo)/(rr.Hi-rr.Lo) - 1
			}
		}
		r.AlphaRating = AlphaInterval(rscores, mapped)
	}
	return r, nil
}

// WriteText prints the report as aligned plain text.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "items: %d (labelled %d, rated %d)\n", r.N, r.Labelled, r.Rated)
	if r.Labelled > 0 {
		fmt.Fprintf(&b, "accuracy: %.3f\n", r.Accuracy)
		fmt.Fprintf(&b, "macro-F1: %.3f (95%% bootstrap CI %.3f–%.3f, %d rounds, seed %d)\n",
			r.MacroF1, r.MacroF1CI.Lo, r.MacroF1CI.Hi, r.BootstrapRounds, r.BootstrapSeed)
		fmt.Fprintf(&b, "majority-class baseline (%s): macro-F1 %.3f\n", r.MajorityBaselineLabel, r.MajorityBaselineF1)
		fmt.Fprintf(&b, "Krippendorff's alpha: nominal %.3f, interval on ordered labels %.3f\n", r.AlphaNominal, r.AlphaOrdered)
		fmt.Fprintf(&b, "score vs gold label (coded -1/0/1): Pearson r %.3f, Spearman r %.3f\n", r.ScoreLabelPearson, r.ScoreLabelSpearman)
		fmt.Fprintf(&b, "\n%-10s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support")
		for _, c := range r.Classes {
			fmt.Fprintf(&b, "%-10s %9.3f %9.3f %9.3f %8d\n", c.Label, c.Precision, c.Recall, c.F1, c.Support)
		}
		fmt.Fprintf(&b, "\nconfusion (rows gold, columns predicted)\n%-10s", "")
		for _, l := range r.Labels {
			fmt.Fprintf(&b, " %9s", l)
		}
		b.WriteByte('\n')
		for i, l := range r.Labels {
			fmt.Fprintf(&b, "%-10s", l)
			for j := range r.Labels {
				fmt.Fprintf(&b, " %9d", r.Confusion.Counts[i][j])
			}
			b.WriteByte('\n')
		}
	}
	if r.Rated > 0 {
		fmt.Fprintf(&b, "\nscore vs rating: Pearson r %.3f, Spearman r %.3f\n", r.Pearson, r.Spearman)
		fmt.Fprintf(&b, "Krippendorff's alpha (interval, rating %g..%g mapped to -1..1): %.3f\n",
			r.RatingRange.Lo, r.RatingRange.Hi, r.AlphaRating)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
