package sentiment_test

import (
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	cdsentiment "github.com/cdipaolo/sentiment"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

var loadModel = sync.OnceValues(func() (*sentiment.Model, error) {
	return sentiment.Load(os.DirFS("../../data"))
})

func model(t testing.TB) *sentiment.Model {
	t.Helper()
	m, err := loadModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBayesMatchesLibrary checks that the log-space posterior equals the
// library's own Probability wherever the latter does not underflow.
func TestBayesMatchesLibrary(t *testing.T) {
	models, err := cdsentiment.Restore()
	if err != nil {
		t.Fatal(err)
	}
	lib := models[cdsentiment.English]
	nb := model(t).Bayes()
	for _, s := range []string{
		"a wonderful, touching film",
		"this was the worst, most boring movie",
		"The talks collapsed after the minister resigned.",
		"Officials have pointed to a significant drop in homicides.",
		"I love it. I hate it.",
		"no known words here xqzt",
		"",
	} {
		class, p := lib.Probability(s)
		if math.IsNaN(p) {
			continue
		}
		want := p
		if class == 0 {
			want = 1 - p
		}
		got := sentiment.Logistic(nb.LibraryLogOdds(s))
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("P(positive|%q) = %.12f, library %.12f", s, got, want)
		}
	}
	// A long text makes the library underflow to NaN; the log space does not.
	long := strings.Repeat("The committee rejected the plan after a long and bitter debate. ", 60)
	if _, p := lib.Probability(long); !math.IsNaN(p) {
		t.Logf("library did not underflow on %d bytes", len(long))
	}
	if got := nb.LibraryLogOdds(long); math.IsNaN(got) || math.IsInf(got, 0) {
		t.Errorf("LibraryLogOdds(long) = %v, want finite", got)
	}
	if nb.Len() < 100000 {
		t.Errorf("vocabulary %d, want the full model (>100000 words)", nb.Len())
	}
}

func TestBayesRatio(t *testing.T) {
	nb := model(t).Bayes()
	for _, tc := range []struct{ norm, key string }{
		{"don't", "dont"}, {"u.s.", "us"}, {"great", "great"}, {"nicolás", "nicolás"},
	} {
		got, ok1 := nb.Ratio(tc.norm)
		want, ok2 := nb.Ratio(tc.key)
		if ok1 != ok2 || got != want {
			t.Errorf("Ratio(%q) = %v, %v; want Ratio(%q) = %v, %v", tc.norm, got, ok1, tc.key, want, ok2)
		}
	}
	if r, _ := nb.Ratio("wonderful"); r <= 0 {
		t.Errorf("Ratio(wonderful) = %v, want > 0", r)
	}
	if r, _ := nb.Ratio("worst"); r >= 0 {
		t.Errorf("Ratio(worst) = %v, want < 0", r)
	}
}

// items returns "text:valence" for the items of the first sentence of s.
func items(t *testing.T, s string) map[string]float64 {
	t.Helper()
	toks := text.Words(s)
	out := make(map[string]float64)
	for _, it := range model(t).Lexicon().Analyze(nil, s, toks, 0, len(toks)) {
		out[s[toks[it.Lo].Start:toks[it.Hi-1].End]] = it.Valence
	}
	return out
}

func TestAnalyze(t *testing.T) {
	type want struct {
		cue  string
		sign int // -1, 0 (absent), +1
	}
	for _, tc := range []struct {
		name string
		s    string
		want []want
	}{
		{"negation flips", "The plan is not good.", []want{{"not good", -1}}},
		{"negation scope ends at comma", "It was not easy, and the result is good.", []want{{"not easy", -1}, {"good", 1}}},
		{"negation reach is bounded", "They did not, however, reject the deal and praised it warmly.", []want{{"praised", 1}}},
		{"not only does not negate", "The deal is not only good but fair.", []want{{"good", 1}}},
		{"booster strengthens", "The result was very good.", []want{{"very good", 0}, {"good", 1}}},
		{"decrease of a bad thing is good", "Officials pointed to a drop in homicides.", []want{{"drop in homicides", 1}}},
		{"bad thing decreasing is good", "Losses narrowed in the third quarter.", []want{{"Losses narrowed", 1}}},
		{"good thing falling is bad", "Operating profit fell to EUR 3 mn.", []want{{"Operating profit fell", -1}}},
		{"good thing rising is good", "Net sales rose by 5 percent.", []want{{"Net sales rose", 1}}},
		{"negated shift", "The measures did not reduce violence.", []want{{"not reduce violence", -1}}},
		{"names carry no polarity", "The Supreme Court of the United States ruled.", nil},
		{"news vocabulary", "The invasion was condemned as a violation of sovereignty.", []want{{"invasion", -1}, {"condemned", -1}, {"violation", -1}}},
		{"cooperation", "Both sides praised the cooperation.", []want{{"cooperation", 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := items(t, tc.s)
			for _, w := range tc.want {
				v, ok := got[w.cue]
				switch {
				case w.sign == 0 && ok:
					t.Errorf("Analyze(%q) has cue %q = %v, want none (all: %v)", tc.s, w.cue, v, got)
				case w.sign != 0 && !ok:
					t.Errorf("Analyze(%q) lacks cue %q (all: %v)", tc.s, w.cue, got)
				case w.sign != 0 && (v > 0) != (w.sign > 0):
					t.Errorf("Analyze(%q) cue %q = %v, want sign %d", tc.s, w.cue, v, w.sign)
				}
			}
			if tc.want == nil && len(got) > 0 {
				t.Errorf("Analyze(%q) = %v, want no cues", tc.s, got)
			}
		})
	}
}

func TestContrastAndConcession(t *testing.T) {
	for _, tc := range []struct {
		name            string
		s               string
		weak, strong    string
		weakSign, sSign float64
	}{
		{"but: after outweighs before", "The plan is good, but the execution was terrible.", "good", "terrible", 1, -1},
		{"although: concessive clause discounted", "Although the economy is strong, the outlook is terrible.", "strong", "terrible", 1, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := items(t, tc.s)
			w, s := got[tc.weak], got[tc.strong]
			if w*tc.weakSign <= 0 || s*tc.sSign <= 0 {
				t.Fatalf("Analyze(%q) = %v, want %q sign %v and %q sign %v", tc.s, got, tc.weak, tc.weakSign, tc.strong, tc.sSign)
			}
			// Compare with the words alone.
			alone := items(t, "It is "+tc.weak+".")[tc.weak]
			if math.Abs(w) >= math.Abs(alone) {
				t.Errorf("%q weighs %v in %q, want less than alone (%v)", tc.weak, w, tc.s, alone)
			}
			if m := model(t).Paragraph(tc.s, text.Words(tc.s), text.Sentences(tc.s)); m.Score >= 0 {
				t.Errorf("Score(%q) = %v, want < 0: the main clause decides", tc.s, m.Score)
			}
		})
	}
}

func TestParseLexicon(t *testing.T) {
	for _, tc := range []struct {
		name, file, err string
	}{
		{"ok", "valence\tgreat\t3\nnegator\tnot\n# comment\n\nquantity\tnet loss\t-1\n", ""},
		{"unknown kind", "colour\tred\t1\n", `line 1: unknown kind "colour"`},
		{"missing value", "valence\tgood\n", "line 1: valence needs a value"},
		{"extra value", "negator\tnot\t1\n", "line 1: negator takes no value"},
		{"bad number", "valence\tgood\tx\n", "line 1: value"},
		{"duplicate", "valence\tgood\t1\nvalence\tGood\t2\n", `line 2: valence "good" already given on line 1`},
		{"quantity sign", "quantity\tprofit\t2\n", "quantity value must be 1 or -1"},
		{"empty phrase", "valence\t--\t1\n", "empty phrase"},
		{"speech verbs", "speech\tsaid\nspeech\taccording to\nloaded\tadmitted\n", ""},
		{"speech with a value", "speech\tsaid\t1\n", "line 1: speech takes no value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sentiment.ParseLexicon("test.tsv", []byte(tc.file), nil)
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("ParseLexicon: %v, want no error", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("ParseLexicon error = %v, want one containing %q", err, tc.err)
			}
		})
	}
}

func TestInflections(t *testing.T) {
	lex, err := sentiment.ParseLexicon("t", []byte("valence\tdeath\t-3\nvalence\tdeaths\t-1\nincrease\trise\n"), map[string]float64{"cry": -2})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word string
		want float64
	}{
		{"death", -3}, {"deaths", -1}, // listed forms win over generated ones
		{"cries", -2}, {"cried", -2}, {"crying", -2},
	} {
		s := "They " + tc.word + "."
		toks := text.Words(s)
		its := lex.Analyze(nil, s, toks, 0, len(toks))
		if len(its) != 1 || its[0].Valence != tc.want {
			t.Errorf("Analyze(%q) = %+v, want one item of valence %v", s, its, tc.want)
		}
	}
}

func TestParagraph(t *testing.T) {
	m := model(t)
	for _, tc := range []struct {
		name  string
		s     string
		label sentiment.Label
	}{
		{"positive", "The agreement was a great success and both sides praised the cooperation.", sentiment.Positive},
		{"negative", "The attack killed dozens and the government condemned the brutal violence.", sentiment.Negative},
		{"neutral", "The committee will meet on Tuesday in Brussels.", sentiment.Neutral},
		{"empty", "", sentiment.Neutral},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := m.Score(tc.s)
			if r.Label != tc.label {
				t.Errorf("Score(%q) = %+v, want label %s", tc.s, r, tc.label)
			}
			if r.Score < -1 || r.Score > 1 {
				t.Errorf("Score(%q) = %v, want within [-1, 1]", tc.s, r.Score)
			}
			for _, c := range r.Cues {
				if tc.s[c.Start:c.End] != c.Text {
					t.Errorf("cue %+v: text at offsets is %q", c, tc.s[c.Start:c.End])
				}
			}
		})
	}
}

func TestScoreSpan(t *testing.T) {
	m := model(t)
	s := "The minister praised the deal, but critics called it a disaster."
	toks := text.Words(s)
	lo, hi := sentiment.TokenRange(toks, text.Span{Start: 0, End: strings.Index(s, ",")})
	first := m.ScoreSpan(s, toks, lo, hi)
	second := m.ScoreSpan(s, toks, hi, len(toks))
	if !(first.Score > 0 && second.Score < 0) {
		t.Errorf("ScoreSpan halves = %v and %v, want positive then negative", first.Score, second.Score)
	}
}

func TestOrdinalFit(t *testing.T) {
	// Data drawn from a known ordinal model on a grid: the fit recovers it.
	want := sentiment.Ordinal{Weights: []float64{1.5, -0.8}, Cuts: [2]float64{-1, 1}}
	var x [][]float64
	var y []int
	for i := -20; i <= 20; i++ {
		for j := -5; j <= 5; j++ {
			row := []float64{float64(i) / 5, float64(j) / 3}
			p := want.Probs(want.Latent(row))
			// Expected counts in proportion to the probabilities (100 draws).
			for k := 0; k < 3; k++ {
				for range int(math.Round(p[k] * 100)) {
					x = append(x, row)
					y = append(y, k)
				}
			}
		}
	}
	got, err := sentiment.FitOrdinal([]string{"a", "b"}, x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Weights {
		if math.Abs(got.Weights[i]-want.Weights[i]) > 0.05 {
			t.Errorf("weight %d = %v, want %v", i, got.Weights[i], want.Weights[i])
		}
	}
	for i := range want.Cuts {
		if math.Abs(got.Cuts[i]-want.Cuts[i]) > 0.05 {
			t.Errorf("cut %d = %v, want %v", i, got.Cuts[i], want.Cuts[i])
		}
	}
	// Symmetric cuts give symmetric thresholds.
	if th := got.Thresholds; math.Abs(th.Negative+th.Positive) > 0.02 || th.Negative >= 0 {
		t.Errorf("thresholds %+v, want about ±t", th)
	}
	if _, err := sentiment.FitOrdinal([]string{"a"}, [][]float64{{1, 2}}, []int{0}, 0); err == nil {
		t.Error("FitOrdinal with a short name list: no error")
	}
}

func TestParseWeights(t *testing.T) {
	b, err := os.ReadFile("../../data/sentiment/weights.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sentiment.ParseWeights(b); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(b), `"lexicon_positive"`, `"other"`, 1)
	if _, err := sentiment.ParseWeights([]byte(bad)); err == nil || !strings.Contains(err.Error(), "make calibrate") {
		t.Errorf("ParseWeights with a renamed feature: %v, want an error asking for make calibrate", err)
	}
	if _, err := sentiment.ParseWeights([]byte(`{"unknown": 1}`)); err == nil {
		t.Error("ParseWeights with an unknown key: no error")
	}
}

// TestConcurrent scores from several goroutines at once: Model is shared
// without locks (run with -race).
func TestConcurrent(t *testing.T) {
	m := model(t)
	texts := []string{
		"The agreement was a great success.",
		"The attack killed dozens. Officials condemned the violence, but praised the police.",
		"Operating profit fell to EUR 3 mn.",
	}
	want := make([]sentiment.Result, len(texts))
	for i, s := range texts {
		want[i] = m.Score(s)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := m.Score(texts[i]); got.Score != want[i].Score || len(got.Cues) != len(want[i].Cues) {
					t.Errorf("concurrent Score(%q) = %v, want %v", texts[i], got.Score, want[i].Score)
					return
				}
			}
		}()
	}
	wg.Wait()
}
