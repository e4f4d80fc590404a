package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

// TestReproducible runs the calibration and checks that it reproduces the
// committed weights byte for byte (what `make calibrate` promises).
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("fits every model (about a minute of CPU)")
	}
	const evalDir = "../../../shared/eval"
	for _, f := range []string{
		filepath.Join(evalDir, "newsmtsc-train.jsonl"),
		filepath.Join(evalDir, "basil-dev-article-labels.jsonl"),
		filepath.Join(evalDir, "..", "corpus", "basil-dev", "articles.jsonl"),
	} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("evaluation data not found: %v", err)
		}
	}
	out := filepath.Join(t.TempDir(), "weights.json")
	opt := options{evalDir: evalDir, dataDir: "../../data", out: out, lambda: 0.01, targetLambda: 0.003, contextLambda: 0.0015}
	if err := run(opt, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../data/sentiment/weights.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("calibration output differs from data/sentiment/weights.json (run make calibrate):\n%s", got)
	}
	gotHashed, err := os.ReadFile(filepath.Join(filepath.Dir(out), "target.bin"))
	if err != nil {
		t.Fatal(err)
	}
	wantHashed, err := os.ReadFile("../../data/sentiment/target.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotHashed, wantHashed) {
		t.Errorf("calibration output differs from data/sentiment/target.bin (%d bytes, want %d; run make calibrate)", len(gotHashed), len(wantHashed))
	}
}
