package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"newsframe/analysis/corpus"
	"newsframe/data"
)

// collect walks roots and returns the articles and the problems as strings.
func collect(t *testing.T, w *Walker) (arts []*corpus.Article, problems []string, skipped Skipped) {
	t.Helper()
	skipped, err := w.Walk(context.Background(), func(it Item) error {
		switch {
		case it.Article != nil:
			arts = append(arts, it.Article)
		case it.Problem != nil:
			problems = append(problems, it.Problem.String())
		default:
			t.Errorf("empty item %+v", it)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arts, problems, skipped
}

func defaultOptions(t testing.TB) Options {
	t.Helper()
	f, err := data.FS.Open("lists/boilerplate.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bp, err := corpus.ParseBoilerplate(f)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Corpus: corpus.Options{Boilerplate: bp}}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		gz     bool
	}{
		{"a.txt", Text, false}, {"A.MD", Text, false}, {"a.text", Text, false},
		{"a.jsonl", JSONL, false}, {"a.ndjson", JSONL, false}, {"a.jsonl.gz", JSONL, true},
		{"a.csv", CSV, false}, {"a.CSV.GZ", CSV, true}, {"a.html", HTML, false}, {"a.htm", HTML, false},
		{"a.pdf", Unknown, false}, {"a.gz", Unknown, true}, {"jsonl", Unknown, false},
		{"a.json", JSON, false}, {"a.JSON.gz", JSON, true},
	}
	for _, tt := range tests {
		f, gz := FormatOf(tt.name)
		if f != tt.format || gz != tt.gz {
			t.Errorf("FormatOf(%q) = %v, %v, want %v, %v", tt.name, f, gz, tt.format, tt.gz)
		}
	}
}

func TestSkippedExtension(t *testing.T) {
	tests := []struct{ name, want string }{
		{"a.pdf", ".pdf"}, {"A.PDF", ".pdf"}, {"feed.xml.gz", ".xml.gz"}, {"NOTES", ""},
		{"x.gz", ".gz"}, {".gz", ""}, {"archive.tar.gz", ".tar.gz"},
	}
	for _, tt := range tests {
		if got := SkippedExtension(tt.name); got != tt.want {
			t.Errorf("SkippedExtension(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestSample walks the embedded sample: every line of basil-dev.jsonl and
// the seed come through, in path order, without problems.
func TestSample(t *testing.T) {
	arts, problems, _ := collect(t, New([]Root{Sample()}, defaultOptions(t)))
	if len(problems) != 0 {
		t.Errorf("problems in the sample: %q", problems)
	}
	b, err := data.FS.ReadFile("sample/basil-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Count(b, []byte("\n"))
	if len(arts) != lines+1 {
		t.Fatalf("got %d articles, want %d (the JSON lines and the seed)", len(arts), lines+1)
	}
	if got := arts[0].Source; got != filepath.Join("sample", "basil-dev.jsonl")+":1" {
		t.Errorf("first article from %s, want sample/basil-dev.jsonl:1", got)
	}
	seed := arts[len(arts)-1]
	if seed.Title != "Mexico Rejects U.S. Military Intervention Amid Trump Threats" || len(seed.Paragraphs) != 5 ||
		seed.Outlet != "seed" || seed.Source != filepath.Join("sample", "seed", "000_2e93276e539b50fe.txt") {
		t.Errorf("seed = %q by %q from %s, %d paragraphs", seed.Title, seed.Outlet, seed.Source, len(seed.Paragraphs))
	}
	outlets := map[string]int{}
	for _, a := range arts {
		outlets[a.Outlet]++
	}
	for _, o := range []string{"nyt", "fox", "hpo"} {
		if outlets[o] == 0 {
			t.Errorf("no article from outlet %q: %v", o, outlets)
		}
	}
}

// writeFiles creates files under dir from a map of slash paths to contents.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWalkTree(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"nyt/2024/b.txt":    "Title: B\n\nBody b.\n",
		"nyt/a.md":          "# A heading of the article\n\nBody a.\n",
		"fox/x.jsonl":       `{"id":"x1","text":"X one."}` + "\n" + `{"outlet":"FoxNews","text":"X two."}` + "\n",
		"bbc.jsonl":         `{"text":"Root line."}` + "\n",
		"ap/wire.json":      "[\n" + `{"id":"ap-1","text":"AP one."},` + "\n" + `{"text":"AP two."}` + "\n]",
		"ap/one.JSON":       `{"title":"One","text":"AP single."}`,
		"top.txt":           "Top level text.\n",
		"ap/scan.PDF":       "%PDF",
		"ap/feed.xml.gz":    "not read",
		"guardian/g.csv":    "title,text\nG,Body g.\n",
		"web/p.html":        "<html><head><title>Page</title></head><body><article><p>Hello from the web, a paragraph.</p></article></body></html>",
		"notes.pdf":         "%PDF",
		"README":            "no extension",
		"README.md":         "# About this corpus\n\nIt holds articles.\n",
		"fox/LICENSE.txt":   "All rights reserved.\n",
		".git/config":       "[core]",
		".hidden.txt":       "Hidden text.",
		"nyt/.draft.txt":    "Draft.",
		"nyt/deep/.x/a.txt": "Hidden dir.",
	})
	if err := os.Symlink("..", filepath.Join(dir, "nyt", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "top.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	fifo := 0
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err == nil {
		fifo = 1
	}
	roots, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	w := New(roots, Options{})
	files, skipped, problems, err := w.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path+":"+f.Format.String())
	}
	wantPaths := []string{"ap/one.JSON:json", "ap/wire.json:json", "bbc.jsonl:jsonl", "fox/x.jsonl:jsonl", "guardian/g.csv:csv", "link.txt:text",
		"nyt/2024/b.txt:text", "nyt/a.md:text", "top.txt:text", "web/p.html:html"}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("files = %q, want %q", paths, wantPaths)
	}
	// Files of unknown formats are counted by extension and listed.
	wantSkipped := Skipped{Unknown: 4, Hidden: 4, Links: 2, Special: fifo, Docs: 2,
		ByExtension: map[string]int{"": 1, ".pdf": 2, ".xml.gz": 1},
		Paths:       []string{filepath.Join(dir, "README"), filepath.Join(dir, "ap", "feed.xml.gz"), filepath.Join(dir, "ap", "scan.PDF"), filepath.Join(dir, "notes.pdf")}}
	if !reflect.DeepEqual(skipped, wantSkipped) || len(problems) != 0 {
		t.Errorf("skipped, problems = %+v, %q, want %+v and none", skipped, problems, wantSkipped)
	}
	if got, want := skipped.Extensions(), "(none) 1, .pdf 2, .xml.gz 1"; got != want {
		t.Errorf("Extensions() = %q, want %q", got, want)
	}
	arts, walkProblems, _ := collect(t, w)
	if len(walkProblems) != 0 {
		t.Errorf("problems = %q", walkProblems)
	}
	var got []string
	for _, a := range arts {
		got = append(got, a.ID+" "+a.Outlet+" "+a.Source)
	}
	name := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	want := []string{
		"ap/ap/one ap " + name("ap/one.JSON"),
		"ap-1 ap " + name("ap/wire.json") + ":2",
		"ap/ap/wire:3 ap " + name("ap/wire.json") + ":3",
		"bbc/bbc:1 bbc " + name("bbc.jsonl") + ":1",
		"x1 fox " + name("fox/x.jsonl") + ":1",
		"FoxNews/fox/x:2 FoxNews " + name("fox/x.jsonl") + ":2",
		"guardian/guardian/g:2 guardian " + name("guardian/g.csv") + ":2",
		"unknown/link unknown " + name("link.txt"),
		"nyt/nyt/2024/b nyt " + name("nyt/2024/b.txt"),
		"nyt/nyt/a nyt " + name("nyt/a.md"),
		"unknown/top unknown " + name("top.txt"),
		"web/web/p web " + name("web/p.html"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("articles =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOpenSingleFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"bbc.jsonl":  `{"text":"One."}` + "\n",
		"story.txt":  "A story.\n",
		"report.pdf": "%PDF",
	})
	roots, err := Open(filepath.Join(dir, "bbc.jsonl"), filepath.Join(dir, "story.txt"), filepath.Join(dir, "report.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	arts, problems, _ := collect(t, New(roots, Options{}))
	if len(arts) != 2 || arts[0].ID != "bbc/bbc:1" || arts[1].ID != "unknown/story" || arts[1].Source != filepath.Join(dir, "story.txt") {
		t.Errorf("articles = %+v", arts)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "report.pdf: unknown file type") {
		t.Errorf("problems = %q, want one for report.pdf", problems)
	}
	if _, err := Open(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("Open(missing) succeeded")
	}
}

func TestFilesHashAndFingerprint(t *testing.T) {
	mapfs := fstest.MapFS{
		"a/x.txt": {Data: []byte("Some text.\n"), ModTime: fakeTime},
		"b.jsonl": {Data: []byte(`{"text":"x"}`)},
	}
	w := New([]Root{{FS: mapfs, Name: "m"}}, Options{Hash: true})
	files, _, _, err := w.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("got %d files, want 2", len(files))
	}
	sum := sha256.Sum256([]byte("Some text.\n"))
	f := files[0]
	if f.Path != "a/x.txt" || f.Name != filepath.Join("m", "a", "x.txt") || f.Size != 11 || !f.ModTime.Equal(fakeTime) ||
		f.Hash != hex.EncodeToString(sum[:]) {
		t.Errorf("file = %+v", f)
	}
}

func TestWalkStops(t *testing.T) {
	mapfs := fstest.MapFS{}
	for i := range 5 {
		mapfs[fmt.Sprintf("o/%d.txt", i)] = &fstest.MapFile{Data: []byte("Text.")}
	}
	stop := errors.New("stop")
	n := 0
	_, err := New([]Root{{FS: mapfs, Name: "m"}}, Options{}).Walk(context.Background(), func(Item) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("Walk = %v after %d items, want stop after 2", err, n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	_, err = New([]Root{{FS: mapfs, Name: "m"}}, Options{}).Walk(ctx, func(Item) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("Walk = %v after %d items, want context.Canceled after 1", err, n)
	}
}

func TestMaxProblems(t *testing.T) {
	var b strings.Builder
	for range 10 {
		b.WriteString("not json\n")
	}
	b.WriteString(`{"text":"good."}` + "\n")
	mapfs := fstest.MapFS{"bad.jsonl": {Data: []byte(b.String())}}
	arts, problems, _ := collect(t, New([]Root{{FS: mapfs, Name: "m"}}, Options{MaxProblems: 3}))
	if len(arts) != 1 || len(problems) != 4 || !strings.HasSuffix(problems[3], "7 more problems not listed (suppressed)") {
		t.Errorf("articles, problems = %d, %q, want 1 and 3 + a summary of 7", len(arts), problems)
	}
}

func TestReadStream(t *testing.T) {
	in := `{"id":"a","text":"Score me ."}` + "\n" + `{"text":"No id."}` + "\n" + "oops\n"
	var got []string
	err := ReadStream(context.Background(), "stdin", strings.NewReader(in), JSONL, Options{}, func(it Item) error {
		if it.Article != nil {
			got = append(got, it.Article.ID+"="+strings.Join(it.Article.Paragraphs, "|"))
		} else {
			got = append(got, it.Problem.String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a=Score me.", "unknown/stdin:2=No id.", "stdin:3: malformed JSON: invalid character 'o' looking for beginning of value (json)"}
	if !slices.Equal(got, want) {
		t.Errorf("ReadStream = %q, want %q", got, want)
	}
}

// TestDevelopmentCorpora reads the shared development corpora when they are
// on this machine: every line is an article, nothing is a problem.
func TestDevelopmentCorpora(t *testing.T) {
	const dir = "/work/shared/corpus"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("development corpora not on this machine")
	}
	roots, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	arts, problems, _ := collect(t, New(roots, defaultOptions(t)))
	if len(problems) != 0 {
		t.Errorf("problems: %q", problems[:min(len(problems), 10)])
	}
	// basil-dev 120, bbc 2,225, allsides 18,661.
	if want := 120 + 2225 + 18661; len(arts) != want {
		t.Errorf("got %d articles, want %d", len(arts), want)
	}
	paras := 0
	for _, a := range arts {
		paras += len(a.Paragraphs)
		if a.Outlet == "bbc" && !a.Published.IsZero() {
			t.Errorf("bbc article %s has a date", a.ID)
		}
	}
	t.Logf("%d articles, %d paragraphs", len(arts), paras)
}

var fakeTime = mustTime("2024-03-05T10:00:00Z")

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
