package source

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"newsframe/analysis/corpus"
)

// writeBigLine writes a .jsonl file whose first line is size bytes of one
// JSON string, in chunks, followed by one good line.
func writeBigLine(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"id":"huge","text":"`)
	chunk := []byte(strings.Repeat("x", 1<<20))
	for written := 0; written < size; written += len(chunk) {
		w.Write(chunk)
	}
	w.WriteString("\"}\n{\"id\":\"after-huge\",\"text\":\"Good line after the huge one.\"}\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b strings.Builder
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

// TestHostileCorpus walks a corpus generated at test time with every kind of
// bad input a crawler produces: each bad file is reported with its name (and
// line), the good articles beside them come through, and the 200 MB
// single-line file is read in bounded memory.
func TestHostileCorpus(t *testing.T) {
	dir := t.TempDir()
	good := func(id string) string { return fmt.Sprintf(`{"id":%q,"text":"Good article %s."}`, id, id) }
	goodGz := gzipBytes(t, good("gz-1")+"\n"+good("gz-2")+"\n")
	truncatedGz := gzipBytes(t, good("t-1")+"\n")[:15]
	deep := `{"id":"deep","text":"x","meta":` + strings.Repeat("[", 400_000) + strings.Repeat("]", 400_000) + "}"
	files := map[string]string{
		"o/binary.txt":         "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		"o/binary.jsonl":       "\x00\x01\x02\x03\x04\x05" + good("never") + "\n",
		"o/broken-utf8.txt":    "Nicolás Maduro spoke.\nThen \xff\xfe happened.\n",
		"o/broken-utf8.jsonl":  good("bu-1") + "\n" + "{\"id\":\"bu-2\",\"text\":\"Nicolás \xff\"}\n" + good("bu-3") + "\n",
		"o/bom.txt":            "\xEF\xBB\xBFA headline with enough words\n\nBody with a BOM.\n",
		"o/crlf.txt":           "A headline with enough words\r\n\r\nThe first line of the body\r\ncontinues here.\r\n",
		"o/cp1252.txt":         "Caf\xe9 society gathered in the capital on Monday.\n",
		"o/empty.txt":          "",
		"o/blank.md":           " \n\t\n",
		"o/empty.jsonl":        "",
		"o/nested.jsonl":       good("n-1") + "\n" + deep + "\n" + good("n-2") + "\n",
		"o/malformed.jsonl":    good("m-1") + "\n{\"id\":\"m-2\",\"text\":\n[1,2,3]\n\"scalar\"\n" + good("m-5") + "\n",
		"o/no-text.jsonl":      `{"id":"nt","title":"Only a title"}` + "\n",
		"o/good.jsonl.gz":      string(goodGz),
		"o/corrupt.jsonl.gz":   "\x1f\x8b\x08\x00garbage that is not deflate",
		"o/truncated.jsonl.gz": string(truncatedGz),
		"o/deep.html":          strings.Repeat("<div>", 200_000),
		"o/page.html":          "<html><body><article><p>A paragraph of an HTML page, long enough to be read.</p></article></body></html>",
		"o/bad-row.csv":        "id,text\nc-1,Good row.\nc-2,\"unterminated\nc-3,Lost in the quote.\n",
	}
	writeFiles(t, dir, files)
	const bigSize = 200 << 20
	writeBigLine(t, filepath.Join(dir, "o", "big.jsonl"), bigSize)

	roots, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := defaultOptions(t)
	opts.Corpus.MaxLine = 1 << 20
	w := New(roots, opts)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	var ids, problems []string
	_, err = w.Walk(context.Background(), func(it Item) error {
		if it.Article != nil {
			ids = append(ids, it.Article.ID)
			return nil
		}
		p := it.Problem
		rel, _ := filepath.Rel(dir, p.Path)
		problems = append(problems, fmt.Sprintf("%s:%d %s warning=%v", filepath.ToSlash(rel), p.Line, p.Kind, p.Warning))
		return nil
	})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}

	// Damaged UTF-8 is kept with its bad bytes replaced (and a warning).
	wantIDs := []string{"after-huge", "bu-1", "bu-2", "bu-3", "o/o/bom", "o/o/broken-utf8", "o/o/cp1252", "o/o/crlf", "gz-1", "gz-2",
		"m-1", "m-5", "n-1", "n-2", "o/o/page", "c-1"}
	slices.Sort(wantIDs)
	slices.Sort(ids)
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("articles = %q, want %q", ids, wantIDs)
	}
	wantProblems := []string{
		"o/bad-row.csv:3 csv warning=false",
		"o/big.jsonl:1 too-long warning=false",
		"o/binary.jsonl:0 binary warning=false",
		"o/binary.txt:0 binary warning=false",
		"o/blank.md:0 empty warning=false",
		"o/broken-utf8.jsonl:2 charset warning=true",
		"o/broken-utf8.txt:2 charset warning=true",
		"o/corrupt.jsonl.gz:1 gzip warning=false",
		"o/cp1252.txt:1 charset warning=true",
		"o/deep.html:0 html warning=false",
		"o/empty.jsonl:0 empty warning=false",
		"o/empty.txt:0 empty warning=false",
		"o/malformed.jsonl:2 json warning=false",
		"o/malformed.jsonl:3 json warning=false",
		"o/malformed.jsonl:4 json warning=false",
		"o/nested.jsonl:2 json warning=false",
		"o/no-text.jsonl:1 no-text warning=false",
		"o/truncated.jsonl.gz:1 gzip warning=false",
	}
	slices.Sort(problems)
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems =\n%s\nwant\n%s", strings.Join(problems, "\n"), strings.Join(wantProblems, "\n"))
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("walked %d MB in %v; allocated %d MB in all, heap in use %d MB after",
		bigSize>>20, elapsed.Round(time.Millisecond), allocated>>20, after.HeapInuse>>20)
	// The 200 MB line alone would allocate at least 200 MB if it were held;
	// everything else here is well under 32 MB.
	if allocated > 64<<20 {
		t.Errorf("allocated %d MB while walking, want under 64 MB: the huge line was held in memory", allocated>>20)
	}
}

// TestHostileTooLongTextFile checks the text size limit.
func TestHostileTooLongTextFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"o/long.txt": strings.Repeat("word ", 1000), "o/ok.txt": "Fine text."})
	roots, _ := Open(dir)
	arts, problems, _ := collect(t, New(roots, Options{Corpus: corpus.Options{MaxText: 1000}}))
	if len(arts) != 1 || len(problems) != 1 || !strings.Contains(problems[0], "file larger than 1000 bytes (too-long)") {
		t.Errorf("articles, problems = %d, %q", len(arts), problems)
	}
}
