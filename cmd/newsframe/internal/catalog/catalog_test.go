package catalog

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

func TestUndatedChunks(t *testing.T) {
	ctx := context.Background()
	s, _, err := Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Chunk "b7" starts at b.jsonl line 2, "0" at a.jsonl line 9 (before
	// it in file order), "c1" at b.jsonl line 10 with two articles on that
	// line; a dated chunk is left out.
	articles := []Article{
		{ID: "x3", File: "b.jsonl", Line: 4, Chunk: "b7"},
		{ID: "x1", File: "b.jsonl", Line: 2, Chunk: "b7"},
		{ID: "x9", File: "a.jsonl", Line: 30, Chunk: "0"},
		{ID: "x8", File: "a.jsonl", Line: 9, Chunk: "0"},
		{ID: "y2", File: "b.jsonl", Line: 10, Chunk: "c1"},
		{ID: "y1", File: "b.jsonl", Line: 10, Chunk: "c1"},
		{ID: "d1", File: "a.jsonl", Line: 1, Day: "2024-01-02", Chunk: "0"},
	}
	for i := range articles {
		if err := tx.PutArticle(&articles[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []Chunk{{Name: "0"}, {Name: "b7"}, {Name: "c1"}, {Day: "2024-01-02", Name: "0"}} {
		if err := tx.PutChunk(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Read(ctx).UndatedChunks()
	if err != nil {
		t.Fatal(err)
	}
	want := []UndatedChunk{
		{Name: "0", File: "a.jsonl", Line: 9, ID: "x8"},
		{Name: "b7", File: "b.jsonl", Line: 2, ID: "x1"},
		{Name: "c1", File: "b.jsonl", Line: 10, ID: "y1"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("UndatedChunks() = %v, want %v", got, want)
	}
}
