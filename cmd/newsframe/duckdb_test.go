package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// envRequireDuckDB makes TestParquetReadByDuckDB fail instead of skip when
// node or the DuckDB package is missing (CI sets it).
const envRequireDuckDB = "NEWSFRAME_REQUIRE_DUCKDB"

// duckdbCheck returns the path of .ci/duckdb/check.mjs and of node, or
// skips t (fails it under NEWSFRAME_REQUIRE_DUCKDB=1) when either node or
// the check's node_modules is missing.
func duckdbCheck(t *testing.T) (node, script string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", ".ci", "duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	missing := ""
	node, err = exec.LookPath("node")
	switch {
	case err != nil:
		missing = "node is not installed (Debian: apt-get install nodejs npm)"
	default:
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
			missing = "DuckDB is not installed in .ci/duckdb (make duckdb-check, or npm ci in .ci/duckdb)"
		}
	}
	if missing != "" {
		if os.Getenv(envRequireDuckDB) == "1" {
			t.Fatalf("%s and %s=1", missing, envRequireDuckDB)
		}
		t.Skipf("%s (set %s=1 to fail instead)", missing, envRequireDuckDB)
	}
	return node, filepath.Join(dir, "check.mjs")
}

// duckdbArticles are added to the sample corpus: undated articles, text
// beyond ASCII (accents, emoji outside the BMP and a ZWJ sequence, curly
// quotes) before the sentiment and stance cues and the quotes whose
// code-point offsets the check verifies, a time zone that moves the UTC
// day, milliseconds, and metadata of several JSON types.
var duckdbArticles = []map[string]any{
	{"id": "lété-1", "outlet": "Le Journal", "title": "Café crème: “the worst” déjà vu",
		"text": "Éric Dupont said Obama’s café policy was “a terrible failure” and “deeply disappointing”.\n\n" +
			"😀 Critics called Obama unfair 👩‍🔬 but praised the excellent staff of the United States embassy.\n\n" +
			"“We are proud,” said Amélie Durand, the manager. Critics said the prices were awful.",
		"tags": []string{"café", "naïve"}, "rating": 4.5, "extra": map[string]any{"ok": true, "n": nil}},
	{"id": "undated-plain", "outlet": "Wire Desk", "title": "Council approves budget",
		"text": "The council approved the budget after a long debate. Critics warned of painful cuts.\n\n" +
			"Supporters praised the agreement as a fair compromise."},
	{"id": "tz-evening", "outlet": "Wire Desk", "title": "Late vote in Washington",
		"published": "2024-03-05T23:30:00-05:00",
		"text": "Senators passed the bill late on Tuesday. Opponents called it a disaster for families.\n\n" +
			"The president praised the vote as a great victory."},
	{"id": "ms-precision", "outlet": "Le Journal", "title": "Minuit", "published": "2024-03-06T00:00:00.123Z",
		"text": "À minuit, the mayor announced a wonderful festival for the city.\n\n" +
			"Residents complained that the noise would be terrible."},
}

// TestParquetReadByDuckDB runs newsframe with --jsonl and has DuckDB, an
// independent Parquet reader, read the articles and paragraphs datasets
// and compare them with the JSON-lines export (.ci/duckdb/check.mjs):
// row counts, column types, every value, the hive column day.
func TestParquetReadByDuckDB(t *testing.T) {
	node, script := duckdbCheck(t)
	corpusDir := sampleCorpus(t)
	var lines []byte
	for _, a := range duckdbArticles {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(append(lines, b...), '\n')
	}
	if err := os.WriteFile(filepath.Join(corpusDir, "duckdb.jsonl"), lines, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", out, "--jsonl"); code != exitOK {
		t.Fatalf("newsframe run: exit %d\n%s", code, stderr)
	}

	summaryPath := filepath.Join(t.TempDir(), "summary.json")
	code, stdout, stderr := runNode(t, node, script, "--summary", summaryPath, out)
	if code != 0 {
		t.Fatalf("node check.mjs: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Logf("%s", stdout)

	var sum struct {
		Datasets map[string]struct {
			Rows       int `json:"rows"`
			JSONLLines int `json:"jsonl_lines"`
		} `json:"datasets"`
		Published  map[string]*string `json:"published"`
		Undated    int                `json:"undated"`
		Compared   int                `json:"compared"`
		Mismatches int                `json:"mismatches"`
	}
	b, err := os.ReadFile(summaryPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatalf("%s: %v", summaryPath, err)
	}
	if got, want := sum.Datasets["articles"].Rows, 31+len(duckdbArticles); got != want {
		t.Errorf("DuckDB reads %d articles, want %d (sample + %d)", got, want, len(duckdbArticles))
	}
	if sum.Datasets["paragraphs"].Rows < 391+2*len(duckdbArticles) {
		t.Errorf("DuckDB reads %d paragraphs, want at least %d", sum.Datasets["paragraphs"].Rows, 391+2*len(duckdbArticles))
	}
	if sum.Undated != 3 {
		t.Errorf("%d undated articles, want 3 (seed, lété-1, undated-plain)", sum.Undated)
	}
	if sum.Mismatches != 0 || sum.Compared < 10000 {
		t.Errorf("summary: %d mismatches in %d values compared", sum.Mismatches, sum.Compared)
	}
	// The instants as DuckDB reads them: converted to UTC, milliseconds
	// kept; the JSON export's day is the UTC day.
	for _, tc := range []struct{ id, want, day string }{
		{"tz-evening", "2024-03-06T04:30:00.000Z", "2024-03-06"},
		{"ms-precision", "2024-03-06T00:00:00.123Z", "2024-03-06"},
	} {
		got := sum.Published[tc.id]
		if got == nil || *got != tc.want {
			t.Errorf("DuckDB: published(%q) = %v, want %s", tc.id, deref(got), tc.want)
		}
		for _, a := range readJSONL(t, filepath.Join(out, "articles.jsonl")) {
			if a["id"] == tc.id && a["published"] != tc.day {
				t.Errorf("articles.jsonl: published(%q) = %v, want %s", tc.id, a["published"], tc.day)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "articles", "day=2024-03-06")); err != nil {
		t.Errorf("no partition for the UTC day of tz-evening: %v", err)
	}

	// The check fails when the two exports disagree: one accent of a
	// paragraph's text changed in the JSON export.
	jsonl := filepath.Join(out, "paragraphs.jsonl")
	orig, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(orig), "Éric Dupont", "Eric Dupont", 1)
	if changed == string(orig) {
		t.Fatal("paragraphs.jsonl lacks the text of lété-1")
	}
	if err := os.WriteFile(jsonl, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runNode(t, node, script, out)
	if code != 1 || !strings.Contains(stderr, "paragraph lété-1#0: text: parquet") || !strings.Contains(stderr, "1 mismatches") {
		t.Errorf("check.mjs on a changed export: exit %d, want 1 naming the one changed text\n%s%s", code, stdout, stderr)
	}
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

// runNode runs node script args and returns its exit code and output.
func runNode(t *testing.T, node, script string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{script}, args...)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stdout.String(), stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stdout.String(), stderr.String()
	default:
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
		return -1, "", ""
	}
}
