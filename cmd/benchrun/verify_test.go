package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type testRow struct {
	ID    string  `parquet:"article_id"`
	Score float64 `parquet:"sentiment_score"`
	Tags  []struct {
		Target string  `parquet:"target"`
		Stance float32 `parquet:"stance"`
	} `parquet:"stance"`
}

func writeRows(t *testing.T, path string, rows []testRow) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

func TestCompareExports(t *testing.T) {
	row := func(id string, score float64, targets ...string) testRow {
		r := testRow{ID: id, Score: score}
		for _, tg := range targets {
			r.Tags = append(r.Tags, struct {
				Target string  `parquet:"target"`
				Stance float32 `parquet:"stance"`
			}{tg, 0.5})
		}
		return r
	}
	rows := []testRow{row("a", 0.1, "X"), row("b", -0.2), row("c", 0.3, "X", "Y")}
	// build writes a report directory: a CSV, the run history, and the
	// rows of day=1 in one file or cut in two, reversed.
	build := func(t *testing.T, csv string, split bool, day1 []testRow, extra bool) string {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "outlets.csv"), 0)
		os.WriteFile(filepath.Join(dir, "outlets.csv"), []byte(csv), 0o644)
		os.WriteFile(filepath.Join(dir, "history.csv"), []byte(t.Name()), 0o644)
		if split {
			r := slices.Clone(day1)
			slices.Reverse(r)
			writeRows(t, filepath.Join(dir, "paragraphs", "day=1", "part-0.r1.parquet"), r[:1])
			writeRows(t, filepath.Join(dir, "paragraphs", "day=1", "part-1.r2.parquet"), r[1:])
		} else {
			writeRows(t, filepath.Join(dir, "paragraphs", "day=1", "part-0.r1.parquet"), day1)
		}
		writeRows(t, filepath.Join(dir, "paragraphs", "day=undated", "part-0.r1.parquet"), rows[:1])
		if extra {
			writeRows(t, filepath.Join(dir, "articles", "day=1", "part-0.r1.parquet"), rows[:1])
		}
		return dir
	}
	changed := slices.Clone(rows)
	changed[2].Tags = slices.Clone(changed[2].Tags)
	changed[2].Tags[1].Stance = 0.25
	tests := []struct {
		name      string
		a, b      func(t *testing.T) string
		wantDiffs []string
	}{
		{"same rows, other files and order", func(t *testing.T) string { return build(t, "x\n", true, rows, false) },
			func(t *testing.T) string { return build(t, "x\n", false, rows, false) }, nil},
		{"a nested value differs", func(t *testing.T) string { return build(t, "x\n", false, rows, false) },
			func(t *testing.T) string { return build(t, "x\n", false, changed, false) }, []string{"paragraphs/day=1/: rows differ"}},
		{"a row missing", func(t *testing.T) string { return build(t, "x\n", false, rows, false) },
			func(t *testing.T) string { return build(t, "x\n", false, rows[:2], false) }, []string{"paragraphs/day=1/: 3 rows against 2"}},
		{"a CSV differs", func(t *testing.T) string { return build(t, "x\n", false, rows, false) },
			func(t *testing.T) string { return build(t, "y\n", false, rows, false) }, []string{"outlets.csv"}},
		{"a partition only in one", func(t *testing.T) string { return build(t, "x\n", false, rows, true) },
			func(t *testing.T) string { return build(t, "x\n", false, rows, false) }, []string{"articles/day=1/ (only in the incremental run)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := compareExports(tt.a(t), tt.b(t))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.Diff, tt.wantDiffs) {
				t.Errorf("compareExports: differences %q, want %q", c.Diff, tt.wantDiffs)
			}
			if c.Files != 1 || !strings.HasPrefix(tt.name, "a partition") && c.Partitions != 2 {
				t.Errorf("compared %d files, %d partitions; want 1 file (not the history), 2 partitions", c.Files, c.Partitions)
			}
		})
	}
}
