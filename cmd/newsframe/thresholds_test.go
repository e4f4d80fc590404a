package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsframe/analysis/sentiment"
)

// TestFitThresholds fits sentence thresholds on a small polar codebook
// with eval --fit-thresholds, checks the file it writes, and that score
// --thresholds labels by it.
func TestFitThresholds(t *testing.T) {
	// A codebook in which mild wording is polar: the built-in band
	// calls some of these neutral.
	gold := writeFile(t, "coded.jsonl", `{"id": 1, "text": "The plan is a modest success.", "label": "positive"}
{"id": 2, "text": "Shares rose slightly after the report.", "label": "positive"}
{"id": 3, "text": "The reform was a great success and people loved it.", "label": "positive"}
{"id": 4, "text": "The minister met officials on Tuesday.", "label": "neutral"}
{"id": 5, "text": "The committee will publish its report in May.", "label": "neutral"}
{"id": 6, "text": "The talks were somewhat disappointing.", "label": "negative"}
{"id": 7, "text": "The attack killed ten people and wounded dozens.", "label": "negative"}
{"id": 8, "text": "Critics called the plan a dangerous failure.", "label": "negative"}
{"id": 9, "text": "Sales dipped a little.", "label": "negative"}
{"id": 10, "text": "The meeting is on Friday.", "label": "neutral"}
`)
	out := filepath.Join(t.TempDir(), "thresholds.json")
	env, stdout, errb := testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--rounds", "10", "--fit-thresholds", out}); code != exitOK {
		t.Fatalf("eval --fit-thresholds: exit %d; stderr:\n%s", code, errb)
	}
	for _, want := range []string{"fitted paragraph_sentiment thresholds", "cross-validation", "written to"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var f sentiment.ThresholdsFile
	if err := json.Unmarshal(b, &f); err != nil || f.Format != sentiment.ThresholdsFormat || f.ParagraphSentiment == nil ||
		f.ParagraphStance != nil || !strings.Contains(f.Source, "coded.jsonl") {
		t.Fatalf("thresholds file = %s (%v), want format, source and paragraph_sentiment only", b, err)
	}
	fitted := *f.ParagraphSentiment
	// eval with the file agrees with the fitted thresholds: macro-F1 as
	// printed in sample.
	env, stdout, errb = testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--rounds", "10", "--thresholds", out}); code != exitOK {
		t.Fatalf("eval --thresholds: exit %d; stderr:\n%s", code, errb)
	}
	if !strings.Contains(stdout.String(), "paragraph_sentiment, "+out) {
		t.Errorf("eval --thresholds output does not name the file:\n%s", stdout)
	}
	// score --thresholds labels each text by the fitted thresholds.
	in := `{"id": 1, "text": "Shares rose slightly after the report."}
{"id": 2, "text": "Sales dipped a little."}
`
	env, stdout, errb = testEnv(in)
	if code := execute(context.Background(), env, []string{"score", "--thresholds", out}); code != exitOK {
		t.Fatalf("score --thresholds: exit %d; stderr:\n%s", code, errb)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var o struct {
			Sentiment sentiment.Result `json:"sentiment"`
		}
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatal(err)
		}
		if want := fitted.Label(o.Sentiment.Score); o.Sentiment.Label != want {
			t.Errorf("score --thresholds: %s labelled %s, want %s (thresholds %+v)", line, o.Sentiment.Label, want, fitted)
		}
	}
	// A second fit of another level keeps the first.
	targets := writeFile(t, "targets.jsonl", `{"id": "a", "text": "Critics said Lopez lied.", "target": "Lopez", "label": "negative"}
{"id": "b", "text": "Lopez was praised for her brilliant work.", "target": "Lopez", "label": "positive"}
{"id": "c", "text": "Lopez met Ruiz on Monday.", "target": "Lopez", "label": "neutral"}
{"id": "d", "text": "Ruiz called Lopez a hero.", "target": "Lopez", "label": "positive"}
{"id": "e", "text": "Lopez was charged with fraud.", "target": "Lopez", "label": "negative"}
`)
	env, _, errb = testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", targets, "--rounds", "10", "--fit-thresholds", out}); code != exitOK {
		t.Fatalf("second eval --fit-thresholds: exit %d; stderr:\n%s", code, errb)
	}
	b, _ = os.ReadFile(out)
	f = sentiment.ThresholdsFile{}
	if err := json.Unmarshal(b, &f); err != nil || f.ParagraphSentiment == nil || *f.ParagraphSentiment != fitted || f.ParagraphStance == nil {
		t.Errorf("after a second fit: %s, want paragraph_sentiment %+v kept and paragraph_stance added", b, fitted)
	}
	// A bad file is a usage error.
	bad := writeFile(t, "bad.json", `{"format": "newsframe-thresholds/1", "paragraph_sentiment": {"negative": 0.5, "positive": 0.1}}`)
	env, _, errb = testEnv(in)
	if code := execute(context.Background(), env, []string{"score", "--thresholds", bad}); code != exitUsage || !strings.Contains(errb.String(), "bad.json") {
		t.Errorf("score --thresholds bad.json: exit %d, stderr %q, want usage error naming the file", code, errb)
	}
}
