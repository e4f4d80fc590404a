package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEvalSentences(t *testing.T) {
	gold := writeFile(t, "gold.jsonl", `{"id": 1, "text": "The deal is a great success.", "label": "positive", "rating": 4}
{"id": 2, "text": "The attack killed dozens.", "label": "negative", "rating": 1}
{"id": 3, "text": "The committee meets on Tuesday.", "label": "neutral", "rating": 2.5}
{"id": 4, "text": "Sheinbaum praised the talks.", "target": "Sheinbaum", "target_span": [0, 9], "label": "positive"}
`)
	env, out, errb := testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--rounds", "50"}); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errb)
	}
	for _, want := range []string{"items: 4 (labelled 4, rated 3)", "accuracy: 1.000", "macro-F1: 1.000",
		"Krippendorff's alpha: nominal 1.000", "score vs rating: Pearson r", "confusion (rows gold, columns predicted)",
		"sentiment toward a target (1 of 4 rows)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	env, out, _ = testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--scorer", "vader", "--rounds", "10"}); code != exitOK ||
		!strings.Contains(out.String(), "scorer: vader") {
		t.Errorf("--scorer vader: exit %d\n%s", code, out)
	}
}

func TestEvalArticleLabels(t *testing.T) {
	gold := writeFile(t, "labels.jsonl", `{"article_id": "a1", "author_feeling_Ana_Lopez": "pos", "author_feeling_main_event": "neu"}
{"article_id": "a2", "author_feeling_Ana_Lopez": "neg"}
`)
	corpus := writeFile(t, "articles.jsonl", `{"id": "a1", "title": "Lopez hailed for brilliant reform", "text": "Ana Lopez won praise for a brilliant, successful reform.\n\nLopez was hailed as a hero."}
{"id": "a2", "title": "Lopez accused of fraud", "text": "Lopez was accused of fraud and corruption.\n\nCritics called Lopez a disgraced liar."}
`)
	env, _, errb := testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold}); code != exitUsage ||
		!strings.Contains(errb.String(), "--corpus") {
		t.Errorf("without --corpus: exit %d, stderr %q", code, errb)
	}
	env, out, errb := testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--corpus", corpus, "--rounds", "10"}); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errb)
	}
	for _, want := range []string{"article stance toward entities", "items: 2", "accuracy: 1.000", "favor", "against"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEvalSplit(t *testing.T) {
	gold := writeFile(t, "gold.jsonl", `{"id": "allsides_1000_401_25_Reality Leigh Winner_0_6", "text": "Good.", "label": "positive"}
`)
	env, _, errb := testEnv("")
	// This id is not held out, so the held-out split is empty.
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--split", "heldout"}); code != exitFailure ||
		!strings.Contains(errb.String(), "no labelled or rated rows") {
		t.Errorf("exit %d, stderr %q", code, errb)
	}
	env, _, _ = testEnv("")
	if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--split", "sometimes"}); code != exitUsage {
		t.Errorf("--split sometimes: exit %d, want %d", code, exitUsage)
	}
}

// TestEvalArticleSplit checks that article-level gold is split by event:
// FNV-1a-64("a") is even (held out), FNV-1a-64("b") odd (fit).
func TestEvalArticleSplit(t *testing.T) {
	gold := writeFile(t, "labels.jsonl", `{"article_id": "a1", "event_id": "a", "author_feeling_Ana_Lopez": "pos"}
{"article_id": "a2", "event_id": "b", "author_feeling_Ana_Lopez": "neg", "author_feeling_Ben_Ruiz": "neu"}
`)
	corpus := writeFile(t, "articles.jsonl", `{"id": "a1", "title": "Lopez hailed", "text": "Ana Lopez won praise for a brilliant reform."}
{"id": "a2", "text": "Lopez was accused of fraud. Ben Ruiz met reporters."}
`)
	for _, tc := range []struct {
		split, want string
	}{
		{"heldout", "items: 1 "},
		{"fit", "items: 2 "},
		{"all", "items: 3 "},
	} {
		t.Run(tc.split, func(t *testing.T) {
			env, out, errb := testEnv("")
			if code := execute(context.Background(), env, []string{"eval", "--gold", gold, "--corpus", corpus, "--split", tc.split, "--rounds", "10"}); code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, errb)
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("--split %s: output lacks %q:\n%s", tc.split, tc.want, out)
			}
		})
	}
}
