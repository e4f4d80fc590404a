package sentiment_test

import (
	"math"
	"strings"
	"testing"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

// targetFeatures returns the target features of the first mention of
// target in s, by name.
func targetFeatures(t *testing.T, m *sentiment.Model, s, target string) map[string]float64 {
	t.Helper()
	start := strings.Index(s, target)
	if start < 0 {
		t.Fatalf("%q not in %q", target, s)
	}
	toks := text.Words(s)
	x, ok := m.MentionFeatures(s, toks, text.Span{Start: start, End: start + len(target)})
	if !ok {
		t.Fatalf("no mention of %q in %q", target, s)
	}
	names := sentiment.TargetFeatureNames()
	if len(x) != len(names) {
		t.Fatalf("%d features, want %d", len(x), len(names))
	}
	out := make(map[string]float64, len(x))
	for i, n := range names {
		out[n] = x[i]
	}
	return out
}

func TestTargetFeatures(t *testing.T) {
	m := model(t)
	for _, tc := range []struct {
		name, s, target string
		want            map[string]float64
	}{
		{"speaker before verb", "Trump said the economy is terrible.", "Trump",
			map[string]float64{"speaker": 1, "subject": 1, "pronoun": 0, "loaded_speech": 0}},
		{"according to", "According to Smith, the plan failed badly.", "Smith",
			map[string]float64{"speaker": 1}},
		{"inverted attribution", "The plan failed badly, said Smith.", "Smith",
			map[string]float64{"speaker": 1, "subject": 0}},
		{"not a speaker", "Smith failed badly in the vote.", "Smith",
			map[string]float64{"speaker": 0, "speech_in_sentence": 0}},
		{"someone else speaks", "Critics said Smith failed badly.", "Smith",
			map[string]float64{"speaker": 0, "speech_in_sentence": 1}},
		{"loaded verb", "Smith admitted the mistake.", "Smith",
			map[string]float64{"speaker": 1, "loaded_speech": 1}},
		{"pronoun", "He lied to the committee.", "He",
			map[string]float64{"pronoun": 1}},
		{"possessive", "Smith's failure cost the party dearly.", "Smith",
			map[string]float64{"possessive": 1}},
		{"inside a quotation", `"Smith is a liar," Jones said.`, "Smith",
			map[string]float64{"target_quoted": 1, "speaker": 0}},
		{"speaker of a quotation", `"Smith is a liar," Jones said.`, "Jones",
			map[string]float64{"target_quoted": 0, "speaker": 1}},
		{"no polar words", "Smith met reporters on Tuesday.", "Smith",
			map[string]float64{"near_positive": 0, "near_negative": 0, "far_positive": 0, "far_negative": 0, "polar": 0, "count_negative": 0}},
		// Contrast divides the sentence: each target reads its own part.
		{"own part only", "Ruiz was accused of fraud, while Lopez was praised.", "Lopez",
			map[string]float64{"near_negative": 0, "far_negative": 0, "count_negative": 0, "subject": 1}},
		{"own part only, other side", "Ruiz was accused of fraud, while Lopez was praised.", "Ruiz",
			map[string]float64{"near_positive": 0, "far_positive": 0, "count_positive": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := targetFeatures(t, m, tc.s, tc.target)
			for name, want := range tc.want {
				if got[name] != want {
					t.Errorf("%s of %q in %q = %v, want %v", name, tc.target, tc.s, got[name], want)
				}
			}
		})
	}
	// Negative words before the mention count as before_negative, after it
	// as after_negative.
	got := targetFeatures(t, m, "The scandal-plagued Smith lied again.", "Smith")
	if !(got["after_negative"] > 0) {
		t.Errorf("after_negative = %v, want > 0", got["after_negative"])
	}
	got = targetFeatures(t, m, "Critics attacked Smith.", "Smith")
	if !(got["before_negative"] > 0 && got["after_negative"] == 0) {
		t.Errorf("before_negative %v, after_negative %v: want > 0 and 0", got["before_negative"], got["after_negative"])
	}
}

func TestTargetProbs(t *testing.T) {
	m := model(t)
	for _, tc := range []struct {
		name, s, target string
		want            sentiment.Label
	}{
		{"praised", "Lopez was praised for her brilliant reform.", "Lopez", sentiment.Positive},
		{"accused", "Ruiz was accused of fraud and corruption.", "Ruiz", sentiment.Negative},
		{"plain", "Lopez met reporters on Tuesday.", "Lopez", sentiment.Neutral},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toks := text.Words(tc.s)
			start := strings.Index(tc.s, tc.target)
			lo, hi := sentiment.TokenRange(toks, text.Span{Start: start, End: start + len(tc.target)})
			p, cues := m.TargetProbs(tc.s, toks, 0, len(toks), lo, hi)
			if sum := p[0] + p[1] + p[2]; math.Abs(sum-1) > 1e-12 {
				t.Errorf("probabilities %v sum to %v", p, sum)
			}
			if got := sentiment.ArgmaxLabel(p); got != tc.want {
				t.Errorf("TargetProbs(%q, %s) = %v (%s), want %s", tc.s, tc.target, p, got, tc.want)
			}
			for _, c := range cues {
				if tc.s[c.Start:c.End] != c.Text {
					t.Errorf("cue %+v does not point into %q", c, tc.s)
				}
			}
			score, _ := m.Target(tc.s, toks, 0, len(toks), lo, hi)
			if score != p[2]-p[0] {
				t.Errorf("Target = %v, want P(positive) − P(negative) = %v", score, p[2]-p[0])
			}
		})
	}
}

func TestFitMultinomial(t *testing.T) {
	x := [][]float64{{-2, 1}, {-1.5, 0}, {-1, 1}, {-0.2, 0}, {0, 1}, {0.3, 0}, {1, 1}, {1.4, 0}, {2, 1}, {-0.5, 0}, {0.6, 1}}
	y := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 1}
	a, err := sentiment.FitMultinomial([]string{"x", "z"}, x, y, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sentiment.FitMultinomial([]string{"x", "z"}, x, y, 0.01)
	for i := range a.Negative {
		if a.Negative[i] != b.Negative[i] || a.Positive[i] != b.Positive[i] {
			t.Errorf("fit not deterministic: %+v vs %+v", a, b)
		}
	}
	if !(a.Negative[0] < 0 && a.Positive[0] > 0 && a.Polarity(0) > 0) {
		t.Errorf("weights of x: negative %v, positive %v; want < 0 and > 0", a.Negative[0], a.Positive[0])
	}
	for _, tc := range []struct {
		name   string
		x      [][]float64
		y      []int
		lambda float64
	}{
		{"no rows", nil, nil, 0.01},
		{"label out of range", [][]float64{{1, 0}}, []int{3}, 0.01},
		{"short row", [][]float64{{1}}, []int{0}, 0.01},
		{"no penalty", x, y, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := sentiment.FitMultinomial([]string{"x", "z"}, tc.x, tc.y, tc.lambda); err == nil {
				t.Errorf("FitMultinomial: got no error")
			}
		})
	}
}

func TestShiftAndArgmax(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     [3]float64
		delta float64
		want  sentiment.Label
	}{
		{"no shift", [3]float64{0.2, 0.5, 0.3}, 0, sentiment.Neutral},
		{"toward positive", [3]float64{0.2, 0.5, 0.3}, 1.5, sentiment.Positive},
		{"toward negative", [3]float64{0.2, 0.5, 0.3}, -1.5, sentiment.Negative},
		{"uniform, tie to neutral", [3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 0, sentiment.Neutral},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := sentiment.Shift(tc.p, tc.delta)
			if got := sentiment.ArgmaxLabel(p); got != tc.want {
				t.Errorf("ArgmaxLabel(Shift(%v, %v) = %v) = %s, want %s", tc.p, tc.delta, p, got, tc.want)
			}
			// The odds of positive against negative move by e^(2δ).
			if got, want := math.Log(p[2]/p[0]), math.Log(tc.p[2]/tc.p[0])+2*tc.delta; math.Abs(got-want) > 1e-12 {
				t.Errorf("log-odds %v, want %v", got, want)
			}
		})
	}
}
