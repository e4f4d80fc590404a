package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path string, size int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Repeat("x", size)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, old, new string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(new), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(old, new); err != nil {
		t.Fatal(err)
	}
}

// dirSizes sums the apparent sizes of the directories under root.
func dirSizes(t *testing.T, root string) int64 {
	t.Helper()
	var n int64
	filepath.Walk(root, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.IsDir() {
			n += info.Size()
		}
		return err
	})
	return n
}

func TestMeasureFootprint(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	store := out + ".state.db.results"
	writeFile(t, out+".state.db", 1000)
	writeFile(t, out+".state.db-wal", 10)
	writeFile(t, filepath.Join(store, "paragraphs", "day=2019-01-01", "p.r1.parquet"), 5000)
	writeFile(t, filepath.Join(store, "paragraphs", "day=2019-01-02", "p.r2.parquet"), 3000)
	old := filepath.Join(out+".runs", "r1")
	cur := filepath.Join(out+".runs", "r2")
	// The old run links the file the new run replaced, and one it shares.
	writeFile(t, filepath.Join(old, "paragraphs", "day=2019-01-02", "p.r1.parquet"), 2900)
	link(t, filepath.Join(store, "paragraphs", "day=2019-01-01", "p.r1.parquet"), filepath.Join(old, "paragraphs", "day=2019-01-01", "p.r1.parquet"))
	writeFile(t, filepath.Join(old, "index.html"), 200)
	link(t, filepath.Join(store, "paragraphs", "day=2019-01-01", "p.r1.parquet"), filepath.Join(cur, "paragraphs", "day=2019-01-01", "p.r1.parquet"))
	link(t, filepath.Join(store, "paragraphs", "day=2019-01-02", "p.r2.parquet"), filepath.Join(cur, "paragraphs", "day=2019-01-02", "p.r2.parquet"))
	writeFile(t, filepath.Join(cur, "index.html"), 300)
	if err := os.Symlink("out.runs/r2", out); err != nil {
		t.Fatal(err)
	}

	f, err := measureFootprint(out)
	if err != nil {
		t.Fatal(err)
	}
	want := footprint{
		Catalog: 1010,
		Store:   8000 + dirSizes(t, store),
		Run:     300 + dirSizes(t, cur),
		Kept:    2900 + 200 + dirSizes(t, old),
		Runs:    2,
	}
	if f != want {
		t.Errorf("measureFootprint = %+v, want %+v (hard links counted once)", f, want)
	}
	if got := f.StateAndRun(); got != want.Catalog+want.Store+want.Run {
		t.Errorf("StateAndRun = %d, want %d", got, want.Catalog+want.Store+want.Run)
	}
}
