package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRun runs `newsframe run` in this process over the corpus named
// by $NEWSFRAME_BENCH_CORPUS (skipped when unset), so that the whole batch
// job can be profiled with go test's -cpuprofile and -memprofile:
//
//	NEWSFRAME_BENCH_CORPUS=/tmp/corpus go test -run '^$' -bench BenchmarkRun -benchtime 1x -cpuprofile cpu.out ./cmd/newsframe
//
// Each iteration starts from an empty state unless
// $NEWSFRAME_BENCH_OUT names a report directory to reuse (its state
// makes the run incremental).
func BenchmarkRun(b *testing.B) {
	corpusDir := os.Getenv("NEWSFRAME_BENCH_CORPUS")
	if corpusDir == "" {
		b.Skip("NEWSFRAME_BENCH_CORPUS is not set")
	}
	out := os.Getenv("NEWSFRAME_BENCH_OUT")
	fresh := out == ""
	for b.Loop() {
		if fresh {
			out = filepath.Join(b.TempDir(), "out")
		}
		env, _, errb := testEnv("")
		if code := execute(context.Background(), env, []string{"run", "--corpus", corpusDir, "--out", out, "--quiet"}); code != exitOK {
			b.Fatalf("exit %d: %s", code, errb)
		}
	}
}
