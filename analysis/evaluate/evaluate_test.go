package evaluate_test

import (
	"math"
	"strings"
	"testing"

	"newsframe/analysis/evaluate"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// A 3×3 example worked by hand:
//
//	gold \ pred   neg neu pos
//	neg            3   1   0
//	neu            1   2   1
//	pos            0   1   1
//
// accuracy 6/10; neg P=3/4 R=3/4 F1=.75; neu P=2/4 R=2/4 F1=.5;
// pos P=1/2 R=1/2 F1=.5; macro-F1 = 1.75/3.
func handPairs() (gold, pred []string) {
	add := func(g, p string, n int) {
		for range n {
			gold, pred = append(gold, g), append(pred, p)
		}
	}
	add("negative", "negative", 3)
	add("negative", "neutral", 1)
	add("neutral", "negative", 1)
	add("neutral", "neutral", 2)
	add("neutral", "positive", 1)
	add("positive", "neutral", 1)
	add("positive", "positive", 1)
	return gold, pred
}

func TestConfusion(t *testing.T) {
	gold, pred := handPairs()
	c := evaluate.NewConfusion("negative", "neutral", "positive")
	for i := range gold {
		if err := c.Add(gold[i], pred[i]); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Accuracy(); !near(got, 0.6, 1e-12) {
		t.Errorf("Accuracy() = %v, want 0.6", got)
	}
	want := []evaluate.ClassScores{
		{Label: "negative", Precision: 0.75, Recall: 0.75, F1: 0.75, Support: 4},
		{Label: "neutral", Precision: 0.5, Recall: 0.5, F1: 0.5, Support: 4},
		{Label: "positive", Precision: 0.5, Recall: 0.5, F1: 0.5, Support: 2},
	}
	for i, got := range c.Classes() {
		w := want[i]
		if got.Label != w.Label || got.Support != w.Support || !near(got.Precision, w.Precision, 1e-12) ||
			!near(got.Recall, w.Recall, 1e-12) || !near(got.F1, w.F1, 1e-12) {
			t.Errorf("Classes()[%d] = %+v, want %+v", i, got, w)
		}
	}
	if got := c.MacroF1(); !near(got, 1.75/3, 1e-12) {
		t.Errorf("MacroF1() = %v, want %v", got, 1.75/3)
	}
	if err := c.Add("mixed", "neutral"); err == nil {
		t.Error("Add with an unknown label: no error")
	}
}

func TestMacroF1AbsentClass(t *testing.T) {
	// Never gold nor predicted: F1 0, still counted in the mean.
	c := evaluate.NewConfusion("negative", "neutral", "positive")
	c.Add("neutral", "neutral")
	if got := c.MacroF1(); !near(got, 1.0/3, 1e-12) {
		t.Errorf("MacroF1() = %v, want 1/3", got)
	}
}

func TestCorrelation(t *testing.T) {
	for _, tc := range []struct {
		name              string
		x, y              []float64
		pearson, spearman float64
	}{
		// Hand: x mean 3, y mean 4; Σdxdy=8, Σdx²=10, Σdy²=10 → r = 0.8.
		{"hand", []float64{1, 2, 3, 4, 5}, []float64{2, 4, 3, 6, 5}, 0.8, 0.8},
		// Monotone but not linear: Spearman 1.
		// Hand: Σdxdy = 151, Σdx² = 5, Σdy² = 6849 → r = 151/√34245 ≈ 0.8160.
		{"monotone", []float64{1, 2, 3, 4}, []float64{1, 4, 9, 100}, 0.8160, 1},
		// Ties share ranks: x ranks 1.5 1.5 3 4; y ranks 1 2 3 4 → r_s = 0.9487.
		{"ties", []float64{1, 1, 2, 3}, []float64{1, 2, 3, 4}, 0.9439, 0.9487},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := evaluate.Pearson(tc.x, tc.y); !near(got, tc.pearson, 1e-4) {
				t.Errorf("Pearson = %v, want %v", got, tc.pearson)
			}
			if got := evaluate.Spearman(tc.x, tc.y); !near(got, tc.spearman, 1e-4) {
				t.Errorf("Spearman = %v, want %v", got, tc.spearman)
			}
		})
	}
}

func TestRanks(t *testing.T) {
	got := evaluate.Ranks([]float64{10, 30, 20, 30, 10})
	want := []float64{1.5, 4.5, 3, 4.5, 1.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Ranks = %v, want %v", got, want)
		}
	}
}

func TestAlphaNominal(t *testing.T) {
	// Krippendorff's textbook case (two observers, ten units, binary):
	// n0 = 14, n1 = 6, o01 = 4: α = 1 − 19·4/(14·6) ≈ 0.0952.
	a := []string{"0", "1", "0", "0", "0", "0", "0", "0", "1", "0"}
	b := []string{"1", "1", "1", "0", "0", "1", "0", "0", "0", "0"}
	if got := evaluate.AlphaNominal(a, b); !near(got, 1-19.0*4/(14*6), 1e-12) {
		t.Errorf("AlphaNominal = %v, want %v", got, 1-19.0*4/(14*6))
	}
	if got := evaluate.AlphaNominal([]string{"x", "y"}, []string{"x", "y"}); got != 1 {
		t.Errorf("AlphaNominal(perfect) = %v, want 1", got)
	}
	if got := evaluate.AlphaNominal([]string{"x", "x"}, []string{"x", "x"}); !math.IsNaN(got) {
		t.Errorf("AlphaNominal(one value) = %v, want NaN", got)
	}
}

func TestAlphaInterval(t *testing.T) {
	// Hand: a = (1, 2, 3), b = (1, 2, 4). D_o = 1/3.
	// Values 1,1,2,2,3,4: mean 13/6, Σ(v−mean)² = 41/6; D_e = 2·6·(41/6)/(6·5) = 41/15.
	// α = 1 − (1/3)/(41/15) = 1 − 5/41.
	got := evaluate.AlphaInterval([]float64{1, 2, 3}, []float64{1, 2, 4})
	if want := 1 - 5.0/41; !near(got, want, 1e-12) {
		t.Errorf("AlphaInterval = %v, want %v", got, want)
	}
	// On 0/1 codes the interval metric equals the nominal one.
	a := []float64{0, 1, 0, 0, 0, 0, 0, 0, 1, 0}
	b := []float64{1, 1, 1, 0, 0, 1, 0, 0, 0, 0}
	if got := evaluate.AlphaInterval(a, b); !near(got, 1-19.0*4/(14*6), 1e-12) {
		t.Errorf("AlphaInterval(binary) = %v, want the nominal value", got)
	}
}

func TestBootstrapMacroF1(t *testing.T) {
	gold, pred := handPairs()
	labels := []string{"negative", "neutral", "positive"}
	a := evaluate.BootstrapMacroF1(labels, gold, pred, 500, 7)
	b := evaluate.BootstrapMacroF1(labels, gold, pred, 500, 7)
	if a != b {
		t.Errorf("same seed gave %v and %v", a, b)
	}
	if !(a.Lo <= 1.75/3 && 1.75/3 <= a.Hi && a.Lo >= 0 && a.Hi <= 1) {
		t.Errorf("interval %v does not hold the point estimate %v", a, 1.75/3)
	}
	// Perfect agreement: every resample scores 1 or (when a class is
	// missed by the resample) 2/3; the upper end is 1.
	if iv := evaluate.BootstrapMacroF1(labels, gold, gold, 200, 1); iv.Hi != 1 {
		t.Errorf("perfect agreement interval %v, want upper end 1", iv)
	}
}

func TestSpanBytes(t *testing.T) {
	s := "Nicolás Maduro’s ally, Trump, spoke."
	for _, tc := range []struct {
		name       string
		target     string
		from, to   int
		start, end int
		err        string
	}{
		{"code points after accents", "Trump", 23, 28, 26, 31, ""},
		{"byte offsets accepted when they match", "Trump", 26, 31, 26, 31, ""},
		{"no target: code points", "", 0, 7, 0, 8, ""},
		{"mismatch", "Maduro", 0, 5, 0, 0, "not target"},
		{"outside", "", 10, 99, 0, 0, "outside text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start, end, err := evaluate.SpanBytes(s, tc.target, tc.from, tc.to)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("SpanBytes error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || start != tc.start || end != tc.end {
				t.Errorf("SpanBytes = %d, %d, %v; want %d, %d", start, end, err, tc.start, tc.end)
			}
		})
	}
}

func TestReadGold(t *testing.T) {
	in := `{"id": 7, "text": "Trump spoke.", "target": "Trump", "target_span": [0, 5], "label": "neg"}
{"text": "Fine.", "label": "positive", "rating": 2.5}
not json
{"text": "x", "label": "great"}
{"id": "a", "sentence_id": "s1", "text": "y", "target_span": [0, 9]}
`
	rows, bad, err := evaluate.ReadGold(strings.NewReader(in), "gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(bad) != 3 {
		t.Fatalf("ReadGold: %d rows, %d bad (%v), want 2 and 3", len(rows), len(bad), bad)
	}
	if r := rows[0]; r.ID != "7" || r.Label != "negative" || r.TargetSpan[1] != 5 || r.SplitKey() != "7" {
		t.Errorf("row 1 = %+v", r)
	}
	if r := rows[1]; r.ID != "line 2" || r.Rating == nil || *r.Rating != 2.5 {
		t.Errorf("row 2 = %+v", r)
	}
	for i, want := range []string{"gold.jsonl:3:", "gold.jsonl:4: label", "gold.jsonl:5: target_span"} {
		if !strings.Contains(bad[i].Error(), want) {
			t.Errorf("bad[%d] = %v, want it to contain %q", i, bad[i], want)
		}
	}
}

func TestHeldOut(t *testing.T) {
	n := 0
	for i := range 10000 {
		if evaluate.HeldOut("row-" + string(rune('a'+i%26)) + strings.Repeat("x", i%7) + string(rune(i))) {
			n++
		}
	}
	if n < 1800 || n > 2200 {
		t.Errorf("HeldOut kept %d of 10000, want about 2000", n)
	}
	if evaluate.HeldOut("abc") != evaluate.HeldOut("abc") {
		t.Error("HeldOut is not deterministic")
	}
}

func TestEvaluate(t *testing.T) {
	gold, pred := handPairs()
	var pairs []evaluate.Pair
	for i := range gold {
		pairs = append(pairs, evaluate.Pair{Gold: gold[i], Pred: pred[i], Score: float64(i)})
	}
	r1, r2 := 1.0, 3.0
	pairs = append(pairs, evaluate.Pair{Score: 0.1, Rating: &r1}, evaluate.Pair{Score: 0.9, Rating: &r2})
	rep, err := evaluate.Evaluate(pairs, evaluate.Options{BootstrapRounds: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Labelled != 10 || rep.Rated != 2 || !near(rep.MacroF1, 1.75/3, 1e-12) {
		t.Errorf("report %d labelled, %d rated, macro-F1 %v", rep.Labelled, rep.Rated, rep.MacroF1)
	}
	if rep.MajorityBaselineLabel != "negative" || !near(rep.MajorityBaselineF1, (2*0.4/1.4)/3, 1e-12) {
		t.Errorf("majority baseline %s %v", rep.MajorityBaselineLabel, rep.MajorityBaselineF1)
	}
	if !near(rep.Pearson, 1, 1e-12) || !near(rep.AlphaRating, 1-((0.1+1)*(0.1+1)+(0.9-1)*(0.9-1))/2/alphaDe(), 1e-9) {
		t.Errorf("rating figures r=%v alpha=%v", rep.Pearson, rep.AlphaRating)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil || !strings.Contains(b.String(), "macro-F1: 0.583") {
		t.Errorf("WriteText = %q, %v", b.String(), err)
	}
}

// alphaDe is D_e for the rated pairs of TestEvaluate: values 0.1, -1, 0.9, 1.
func alphaDe() float64 {
	v := []float64{0.1, -1, 0.9, 1}
	mean := 0.25
	ss := 0.0
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return 2 * 4 * ss / (4 * 3)
}
