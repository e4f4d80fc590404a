package stance_test

import (
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
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

func TestParseTargets(t *testing.T) {
	for _, tc := range []struct {
		name, file, body string
		want             int
		err              string
	}{
		{"toml", "t.toml", "[[targets]]\nname = \"Donald Trump\"\nkind = \"person\"\naliases = [\"Trump\"]\n", 1, ""},
		{"yaml", "t.yaml", "targets:\n  - name: Donald Trump\n    kind: person\n    aliases: [Trump]\n", 1, ""},
		{"toml unknown key", "t.toml", "[[targets]]\nname = \"X\"\nalias = [\"y\"]\n", 0, "unknown key targets.alias"},
		{"yaml unknown key", "t.yml", "targets:\n  - name: X\n    alias: [y]\n", 0, "alias"},
		{"toml top-level unknown", "t.toml", "target = 1\n", 0, "unknown key target"},
		{"bad kind", "t.toml", "[[targets]]\nname = \"X\"\nkind = \"animal\"\n", 0, `unknown kind "animal"`},
		{"claim without cues", "t.toml", "[[targets]]\nname = \"X works\"\nkind = \"claim\"\n", 0, "needs favor or against"},
		{"cues on a person", "t.toml", "[[targets]]\nname = \"X\"\nkind = \"person\"\nfavor = [\"good\"]\n", 0, "for kind"},
		{"duplicate name", "t.toml", "[[targets]]\nname = \"X\"\n[[targets]]\nname = \"x\"\n", 0, "already used"},
		{"no name", "t.toml", "[[targets]]\nkind = \"person\"\n", 0, "no name"},
		{"unknown format", "t.json", "{}", 0, "unknown format"},
		{"example toml", "example.toml", readFile(t, "../../data/targets/example.toml"), 4, ""},
		{"example yaml", "example.yaml", readFile(t, "../../data/targets/example.yaml"), 4, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := stance.ParseTargets(tc.file, []byte(tc.body))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("ParseTargets error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || len(got) != tc.want {
				t.Errorf("ParseTargets = %d targets, %v; want %d", len(got), err, tc.want)
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseTargetFlag(t *testing.T) {
	got, err := stance.ParseTargetFlag("Claudia Sheinbaum= Sheinbaum , President Sheinbaum")
	if err != nil || got.Name != "Claudia Sheinbaum" || len(got.Aliases) != 2 || got.Aliases[1] != "President Sheinbaum" {
		t.Errorf("ParseTargetFlag = %+v, %v", got, err)
	}
	if _, err := stance.ParseTargetFlag("=x"); err == nil {
		t.Error("ParseTargetFlag(\"=x\"): no error for a missing name")
	}
	merged := stance.MergeTargets([]stance.Target{{Name: "Donald Trump", Aliases: []string{"Trump"}}},
		stance.Target{Name: "donald trump", Aliases: []string{"the president", "Trump"}}, stance.Target{Name: "Mexico"})
	if len(merged) != 2 || len(merged[0].Aliases) != 2 {
		t.Errorf("MergeTargets = %+v", merged)
	}
}

func TestMatcher(t *testing.T) {
	targets := []stance.Target{
		{Name: "Donald Trump", Kind: stance.KindPerson, Aliases: []string{"Trump", "the Trump administration"}},
		{Name: "US military intervention", Kind: stance.KindPolicy, Aliases: []string{"military strike", "boots on the ground"}},
		{Name: "Republicans", Kind: stance.KindOrganisation},
		{Name: "Claudia Sheinbaum", Kind: stance.KindPerson, Aliases: []string{"Sheinbaum"}},
	}
	m := stance.NewMatcher(targets)
	for _, tc := range []struct {
		name string
		s    string
		want []string // matched text, in order
	}{
		{"case insensitive", "TRUMP and trump spoke", []string{"TRUMP", "trump"}},
		{"possessive", "Trump’s threats and Sheinbaum's reply", []string{"Trump’s", "Sheinbaum's"}},
		{"longest wins", "The Trump administration said", []string{"The Trump administration"}},
		{"optional the", "a Trump administration official", []string{"Trump administration"}},
		{"full name once", "Donald Trump met Claudia Sheinbaum", []string{"Donald Trump", "Claudia Sheinbaum"}},
		{"plural of a policy alias", "new military strikes were threatened", []string{"military strikes"}},
		{"singular of a group name", "a Republican senator", []string{"Republican"}},
		{"multi-word alias", "without American boots on the ground", []string{"boots on the ground"}},
		{"no plural for persons", "the Trumps arrived", nil},
		{"no partial words", "trumpet players", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, mn := range m.Find(nil, text.Words(tc.s)) {
				got = append(got, tc.s[mn.Start:mn.End])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Find(%q) = %q, want %q", tc.s, got, tc.want)
			}
		})
	}
}

func paragraph(t *testing.T, sc *stance.Scorer, p string, voice stance.Voice) map[string]stance.Result {
	t.Helper()
	out := make(map[string]stance.Result)
	for _, r := range sc.Paragraph(p, text.Words(p), text.Sentences(p), voice) {
		out[r.Target] = r
	}
	return out
}

func TestParagraphStance(t *testing.T) {
	sc, err := stance.NewScorer(model(t), []stance.Target{
		{Name: "Ana Lopez", Kind: stance.KindPerson, Aliases: []string{"Lopez"}},
		{Name: "Ben Ruiz", Kind: stance.KindPerson, Aliases: []string{"Ruiz"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    string
		want map[string]stance.Label
	}{
		{"negation in the window", "Lopez is not corrupt and not incompetent.",
			map[string]stance.Label{"Ana Lopez": stance.Favor}},
		{"unmentioned target absent", "Lopez met reporters on Tuesday.",
			map[string]stance.Label{"Ana Lopez": stance.Neutral}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := paragraph(t, sc, tc.p, nil)
			if len(got) != len(tc.want) {
				t.Errorf("Paragraph(%q) has %d targets (%v), want %d", tc.p, len(got), got, len(tc.want))
			}
			for name, l := range tc.want {
				if got[name].Label != l {
					t.Errorf("Paragraph(%q)[%s] = %+v, want %s", tc.p, name, got[name], l)
				}
			}
		})
	}
}

// TestWindow checks that two targets in one sentence get the stance of
// their own clauses.
func TestWindow(t *testing.T) {
	sc, err := stance.NewScorer(model(t), []stance.Target{{Name: "Lopez"}, {Name: "Ruiz"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"Lopez was praised for her brilliant reform, while Ruiz was accused of fraud and corruption.",
		"Ruiz was accused of fraud and corruption, while Lopez was praised for her brilliant reform.",
	} {
		got := paragraph(t, sc, p, nil)
		if !(got["Lopez"].Score > got["Ruiz"].Score+0.2) || got["Ruiz"].Label != stance.Against {
			t.Errorf("Paragraph(%q): Lopez %+v, Ruiz %+v; want Lopez clearly above Ruiz, Ruiz against", p, got["Lopez"], got["Ruiz"])
		}
	}
}

// TestMentionReach checks that words beyond MentionReach tokens of a
// mention, in a "sentence" without ends, do not reach its stance (what
// keeps scoring linear in the length of such text), while words within it
// do.
func TestMentionReach(t *testing.T) {
	sc, err := stance.NewScorer(model(t), []stance.Target{{Name: "Lopez"}})
	if err != nil {
		t.Fatal(err)
	}
	filler := strings.Repeat("the committee and the council and ", stance.MentionReach/6+10)
	base := paragraph(t, sc, "Lopez met "+filler, nil)["Lopez"]
	far := paragraph(t, sc, "Lopez met "+filler+"fraud and corruption and disgrace", nil)["Lopez"]
	near := paragraph(t, sc, "Lopez met fraud and corruption and disgrace "+filler, nil)["Lopez"]
	if far.Latent != base.Latent {
		t.Errorf("words beyond the reach moved the stance: %v, without them %v", far.Latent, base.Latent)
	}
	hasFraud := func(r stance.Result) bool {
		for _, c := range r.Cues {
			if c.Text == "fraud" {
				return true
			}
		}
		return false
	}
	if !hasFraud(near) || hasFraud(far) {
		t.Errorf("cue \"fraud\" near the mention: %v, want true; beyond the reach: %v, want false", hasFraud(near), hasFraud(far))
	}
}

func TestClaimCues(t *testing.T) {
	sc, err := stance.NewScorer(model(t), []stance.Target{{
		Name: "Cooperation works", Kind: stance.KindClaim,
		Favor: []string{"cooperation is effective"}, Against: []string{"failed strategy"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    string
		want stance.Label
	}{
		{"favor cue", "Officials argue that cooperation is effective.", stance.Favor},
		{"against cue", "Critics call it a failed strategy.", stance.Against},
		{"negated against cue", "It is not a failed strategy.", stance.Favor},
		{"negated favor cue", "Nobody thinks cooperation is effective, and it is not.", stance.Against},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := paragraph(t, sc, tc.p, nil)["Cooperation works"]
			if got.Label != tc.want {
				t.Errorf("Paragraph(%q) = %+v, want %s", tc.p, got, tc.want)
			}
			if len(got.Cues) == 0 || tc.p[got.Cues[0].Start:got.Cues[0].End] != got.Cues[0].Text {
				t.Errorf("cues %+v do not point into the text", got.Cues)
			}
		})
	}
}

func TestQuotedAndSpeaker(t *testing.T) {
	// The seed article's second paragraph: Sheinbaum's words are quoted and
	// attributed; "Officials have pointed" is reported speech.
	paras := []string{
		`President Claudia Sheinbaum stated after a conversation with Trump that such action is "not necessary," and she has consistently emphasized the country's position: "cooperation, yes; subordination and intervention, no".`,
		`Officials have pointed to their own security results, including a significant drop in homicides, to argue that bilateral cooperation is already effective.`,
		`Experts warn that military action would be disastrous.`,
	}
	sc, err := stance.NewScorer(model(t), []stance.Target{
		{Name: "Claudia Sheinbaum", Kind: stance.KindPerson, Aliases: []string{"Sheinbaum"}},
		{Name: "bilateral cooperation", Kind: stance.KindPolicy},
		{Name: "military action", Kind: stance.KindPolicy},
	})
	if err != nil {
		t.Fatal(err)
	}
	per, art := sc.Article(paras)
	byTarget := func(rs []stance.Result, name string) stance.Result {
		for _, r := range rs {
			if r.Target == name {
				return r
			}
		}
		t.Fatalf("no result for %s in %+v", name, rs)
		return stance.Result{}
	}
	if r := byTarget(per[0], "Claudia Sheinbaum"); !r.Quoted || r.Speaker != "Claudia Sheinbaum" {
		t.Errorf("paragraph 1 Sheinbaum = %+v, want quoted, speaker Claudia Sheinbaum", r)
	}
	if r := byTarget(per[1], "bilateral cooperation"); r.Quoted || r.Speaker == "" || r.Label != stance.Favor {
		t.Errorf("paragraph 2 cooperation = %+v, want favor, not quoted, with a speaker", r)
	}
	if r := byTarget(per[2], "military action"); r.Label != stance.Against || r.Quoted {
		t.Errorf("paragraph 3 military action = %+v, want against, not quoted", r)
	}
	if len(art) != 3 || art[0].Target != "Claudia Sheinbaum" || art[0].Mentions != 1 || art[0].Quoted != 1 {
		t.Errorf("article = %+v", art)
	}
}

func TestAggregate(t *testing.T) {
	m := model(t)
	sc, err := stance.NewScorer(m, []stance.Target{{Name: "X"}, {Name: "Y"}})
	if err != nil {
		t.Fatal(err)
	}
	am := m.Weights().Article.Model
	levels := m.Levels()
	body := [][]stance.Result{
		{{Target: "X", Latent: 2, Score: 0.5, Mentions: 2, Scored: 2}}, // lede
		nil, // lede, no mention
		{{Target: "X", Latent: -1, Score: -0.4, Mentions: 1, Scored: 1, Quoted: true}},
		{{Target: "X", Latent: 0.5, Score: 0.2, Mentions: 1, Scored: 1}},
	}
	for _, tc := range []struct {
		name     string
		headline []stance.Result
		// headline, lede, own voice, quoted; n = 4 body mentions of X.
		wantX, wantY [4]float64
	}{
		{"body only", nil, [4]float64{0, 2 / 2.0, 0.5 / 2, -1 / 2.0}, [4]float64{}},
		{"headline", []stance.Result{{Target: "X", Latent: 0.5, Mentions: 1, Scored: 1}, {Target: "Y", Latent: -2, Mentions: 1, Scored: 1}},
			[4]float64{0.5, 2 / 2.0, 0.5 / 2, -1 / 2.0}, [4]float64{-2, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := stance.ArticleFeatures(tc.headline, body, "X"); got != tc.wantX {
				t.Errorf("ArticleFeatures(X) = %v, want %v", got, tc.wantX)
			}
			got := sc.AggregateHeadline(tc.headline, body)
			byName := map[string]stance.ArticleResult{}
			for _, r := range got {
				byName[r.Target] = r
			}
			x := byName["X"]
			z := am.Latent(tc.wantX[:])
			score := am.Score(z)
			if math.Abs(x.Latent-z) > 1e-6 || math.Abs(x.Score-score) > 1e-6 || x.Paragraphs != 3 || x.Quoted != 1 {
				t.Errorf("X = %+v, want latent %.6f, score %.6f, 3 paragraphs, 1 quoted", x, z, score)
			}
			// The one label rule: thresholds on the score shown.
			if want := levels.ArticleStance.Label(x.Score); string(x.Label) != map[sentiment.Label]string{
				sentiment.Negative: "against", sentiment.Neutral: "neutral", sentiment.Positive: "favor"}[want] {
				t.Errorf("X label %s at score %v, want %s", x.Label, x.Score, want)
			}
			if (tc.headline != nil) != x.Headline {
				t.Errorf("X headline = %v, want %v", x.Headline, tc.headline != nil)
			}
			y, ok := byName["Y"]
			if ok != (tc.headline != nil) || ok && (math.Abs(y.Latent-am.Latent(tc.wantY[:])) > 1e-6 || y.Paragraphs != 0) {
				t.Errorf("Y = %+v (present %v), want features %v only with a headline", y, ok, tc.wantY)
			}
		})
	}
	if got := sc.Aggregate(body); got[0].Latent != sc.AggregateHeadline(nil, body)[0].Latent {
		t.Errorf("Aggregate = %+v, want AggregateHeadline without headline", got)
	}
}

// TestParagraphEvidence checks the paragraph Latent: the sum over scored
// mentions of P(favor) − P(against) − μ₀, so that a paragraph's evidence
// is its sentences' added up.
func TestParagraphEvidence(t *testing.T) {
	m := model(t)
	sc, err := stance.NewScorer(m, []stance.Target{{Name: "Lopez"}})
	if err != nil {
		t.Fatal(err)
	}
	p := "Lopez was praised for her brilliant reform. Critics said Lopez lied and cheated."
	got := paragraph(t, sc, p, nil)["Lopez"]
	if got.Mentions != 2 || got.Scored != 2 {
		t.Fatalf("Paragraph(%q) = %+v, want 2 mentions scored", p, got)
	}
	one := paragraph(t, sc, "Lopez was praised for her brilliant reform.", nil)["Lopez"]
	two := paragraph(t, sc, "Critics said Lopez lied and cheated.", nil)["Lopez"]
	if want := one.Latent + two.Latent; math.Abs(got.Latent-want) > 1e-5 {
		t.Errorf("Latent = %v, want %v (the sum of its sentences')", got.Latent, want)
	}
	if !(one.Score > 0 && two.Score < 0) {
		t.Errorf("praised %+v, lied %+v: want favor then against", one, two)
	}
}

// TestParagraphPrepared checks that scoring a text prepared for the
// paragraph's sentiment gives Paragraph's results, also when the Prepared
// is reused and when it was prepared by another model.
func TestParagraphPrepared(t *testing.T) {
	m := model(t)
	sc, err := stance.NewScorer(m, []stance.Target{
		{Name: "Ana Lopez", Kind: stance.KindPerson, Aliases: []string{"Lopez"}},
		{Name: "Ben Ruiz", Kind: stance.KindPerson, Aliases: []string{"Ruiz"}},
		{Name: "Cooperation works", Kind: stance.KindClaim, Aliases: []string{"cooperation"},
			Favor: []string{"already effective"}, Against: []string{"failed"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	other, err := sentiment.Load(os.DirFS("../../data"))
	if err != nil {
		t.Fatal(err)
	}
	var pp *sentiment.Prepared
	for _, tc := range []struct {
		name, p string
		model   *sentiment.Model
	}{
		{"two targets", "Ruiz was accused of fraud, while Lopez was praised.", m},
		{"quoted", `"Lopez is a liar," Ruiz said.`, m},
		{"claim without a mention", "The programme is already effective.", m},
		{"no mention", "Prices rose on Tuesday.", m},
		{"prepared by another model", "Ruiz was accused of fraud.", other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toks, sents := text.Words(tc.p), text.Sentences(tc.p)
			pp = tc.model.Prepare(pp, tc.p, toks, sents)
			pp.Paragraph()
			got := sc.ParagraphPrepared(pp, nil)
			want := sc.Paragraph(tc.p, toks, sents, nil)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParagraphPrepared(%q) = %+v, want %+v", tc.p, got, want)
			}
		})
	}
}
