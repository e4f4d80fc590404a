package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"

	"newsframe/cmd/internal/source"
)

// corpusFiles is a corpus tree: outlets as first folders, a nested folder,
// a gzipped file and a file at the root (outlet from the article).
func corpusFiles(t *testing.T) map[string][]byte {
	t.Helper()
	line := func(id, outlet, text string) string {
		return fmt.Sprintf(`{"id":%q,"outlet":%q,"title":"T %s","published":"2020-01-02T03:04:05Z","text":%q}`+"\n", id, outlet, id, text)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(line("n1", "", "The senate passed the bill.") + line("n2", "", "Markets fell on Monday.")))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"fox/a.jsonl":             []byte(line("f1", "", "The president spoke today.")),
		"nyt/b.jsonl.gz":          gz.Bytes(),
		"nyt/2020/01/c.jsonl":     []byte(line("n3", "", "Deep in the tree.")),
		"wire.jsonl":              []byte(line("w1", "ap", "From the wire.")),
		"fox/notes.unknownformat": []byte("skipped"),
	}
}

// walk returns what a walker over roots reads: per article its id,
// outlet, file path and paragraphs; per problem its kind and path.
func walk(t *testing.T, roots []source.Root) []string {
	t.Helper()
	var out []string
	_, err := source.New(roots, source.Options{}).Walk(context.Background(), func(it source.Item) error {
		if it.Problem != nil {
			out = append(out, "problem "+it.Problem.Kind)
			return nil
		}
		a := it.Article
		out = append(out, fmt.Sprintf("%s|%s|%s|%q", a.ID, a.Outlet, it.File.Path, a.Paragraphs))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestRemoteRoot: a corpus on a Beam file system (memfs, whose globs are
// filepath.Match patterns as S3's are) reads as the same tree on the
// local disk does: as a directory, a glob and a single file.
func TestRemoteRoot(t *testing.T) {
	ctx := context.Background()
	files := corpusFiles(t)
	local := t.TempDir()
	for name, b := range files {
		p := filepath.Join(local, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		memfs.Write("memfs://remoteroot/corpus/"+name, b)
	}
	tests := []struct {
		remote, local string
		want          int // articles
	}{
		{"memfs://remoteroot/corpus", local, 5},
		{"memfs://remoteroot/corpus/", local, 5},
		{"memfs://remoteroot/corpus/nyt", filepath.Join(local, "nyt"), 3},
		{"memfs://remoteroot/corpus/fox/a.jsonl", filepath.Join(local, "fox", "a.jsonl"), 1},
		{"memfs://remoteroot/corpus/nyt/*.jsonl.gz", filepath.Join(local, "nyt", "b.jsonl.gz"), 2},
	}
	for _, tt := range tests {
		t.Run(tt.remote, func(t *testing.T) {
			r, err := remoteRoot(ctx, tt.remote)
			if err != nil {
				t.Fatal(err)
			}
			lr, err := source.Open(tt.local)
			if err != nil {
				t.Fatal(err)
			}
			got, want := walk(t, []source.Root{r}), walk(t, lr)
			if !slices.Equal(got, want) {
				t.Errorf("remoteRoot(%q) reads\n%s\nwant (as %s)\n%s", tt.remote, strings.Join(got, "\n"), tt.local, strings.Join(want, "\n"))
			}
			n := 0
			for _, g := range got {
				if !strings.HasPrefix(g, "problem") {
					n++
				}
			}
			if n != tt.want {
				t.Errorf("remoteRoot(%q) reads %d articles, want %d", tt.remote, n, tt.want)
			}
		})
	}
}

// TestTreeGlobs: one recursive glob on GCS, one glob per level elsewhere.
func TestTreeGlobs(t *testing.T) {
	if got := treeGlobs("gs://b/c", "gs://b/c/"); !slices.Equal(got, []string{"gs://b/c/**"}) {
		t.Errorf("treeGlobs(gs://b/c) = %q, want [gs://b/c/**]", got)
	}
	got := treeGlobs("s3://b/c", "s3://b/c/")
	if len(got) != maxTreeDepth || got[0] != "s3://b/c/*" || got[2] != "s3://b/c/*/*/*" {
		t.Errorf("treeGlobs(s3://b/c) = %q, want s3://b/c/*, s3://b/c/*/*, ... (%d levels)", got, maxTreeDepth)
	}
}
