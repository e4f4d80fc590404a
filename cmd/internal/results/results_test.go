package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsframe/analysis/article"
)

func TestReadBadFile(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.WriteArticles("2024-03-05", "0", 1, []article.ArticleRow{{ArticleID: "a"}, {ArticleID: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.ReadArticles(f.Path)
	if err != nil || len(rows) != 2 || rows[0].ArticleID != "a" {
		t.Fatalf("read back: %v, %+v", err, rows)
	}
	for name, content := range map[string]string{"empty": "", "text": "not parquet at all", "truncated": "PAR1\x00\x00"} {
		rel := "articles/day=2024-03-05/" + name + ".parquet"
		if err := os.WriteFile(filepath.Join(s.Dir, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := s.ReadArticles(rel)
		if err == nil || !strings.Contains(err.Error(), name+".parquet") {
			t.Errorf("%s: got %v, want an error naming the file", name, err)
		}
	}
}
