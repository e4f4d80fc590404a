package reports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

// memFiles is a Create that keeps the report in memory.
type memFiles map[string][]byte

type memFile struct {
	files memFiles
	name  string
	bytes.Buffer
}

func (f *memFile) Close() error {
	if _, ok := f.files[f.name]; ok {
		return fmt.Errorf("%s written twice", f.name)
	}
	f.files[f.name] = bytes.Clone(f.Bytes())
	return nil
}

func (m memFiles) create(name string) (io.WriteCloser, error) {
	return &memFile{files: m, name: name}, nil
}

func render(t testing.TB, m *Model, lim Limits) memFiles {
	t.Helper()
	files := memFiles{}
	w := &Writer{Create: files.create, Limits: lim}
	if err := w.Write(m); err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteDeterministic(t *testing.T) {
	a := render(t, synthetic(120, 5, false), Limits{})
	b := render(t, synthetic(120, 5, false), Limits{})
	if got, want := len(a), len(b); got != want {
		t.Fatalf("second render wrote %d files, want %d", got, want)
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two renders of the same model", name)
		}
	}
}

func TestWriteFiles(t *testing.T) {
	m := synthetic(120, 5, false)
	files := render(t, m, Limits{ArticlesPerPage: 50, StoriesPerPage: 15})
	want := []string{
		"index.html", "compare.html", "history.html",
		"outlets/index.html", OutletPath(m.Outlets[0].Name),
		"stories/index.html", "stories/page-2.html", StoryPath(m.Stories[0].ID),
		"article/index.html", "article/page-2.html", "article/page-3.html", ArticlePath(m.Articles[119].ID),
		"assets/echarts.min.js", "assets/echarts-LICENSE.txt", "assets/echarts-NOTICE.txt", "assets/newsframe.js", "assets/style.css",
		"data/index-sentiment-histogram.csv", "data/compare-stance.csv",
	}
	for _, name := range want {
		if _, ok := files[name]; !ok {
			t.Errorf("%s not written", name)
		}
	}
	if _, ok := files["article/page-4.html"]; ok {
		t.Errorf("article/page-4.html written for 120 articles at 50 per page")
	}
	if got, want := count(files, "article/", ".html"), 120+3; got != want {
		t.Errorf("%d article files, want %d (pages + list pages)", got, want)
	}
	if got, want := count(files, "stories/", ".html"), len(m.Stories)+(len(m.Stories)+14)/15; got != want {
		t.Errorf("%d story files, want %d", got, want)
	}
}

func count(files memFiles, prefix, suffix string) int {
	n := 0
	for name := range files {
		if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, suffix) {
			n++
		}
	}
	return n
}

// TestLinks checks that every relative link of every page points at a
// file of the report (exports, written by the caller, are excepted).
func TestLinks(t *testing.T) {
	m := synthetic(60, 4, false)
	files := render(t, m, Limits{ArticlesPerPage: 25})
	exports := map[string]bool{}
	for _, e := range m.Exports {
		exports[e.Path] = true
	}
	attr := regexp.MustCompile(`(?:href|src)="([^"#]+)"`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, sub := range attr.FindAllStringSubmatch(string(data), -1) {
			link := strings.ReplaceAll(sub[1], "&amp;", "&")
			if strings.Contains(link, "://") {
				continue // the articles' own URLs: links, never loaded
			}
			target := filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(name), link)))
			if _, ok := files[target]; !ok && !exports[target] {
				t.Errorf("%s links to %s, which is not written", name, link)
			}
		}
	}
}

// TestOffline checks what a browser test cannot see in one page: no page
// anywhere refers to a remote script, style, font or image.
func TestOffline(t *testing.T) {
	files := render(t, synthetic(60, 4, false), Limits{})
	remote := regexp.MustCompile(`(?i)<(script|link|img|iframe|source|video|audio)[^>]+(src|href)="(https?:)?//|@import|url\(\s*['"]?(https?:)?//`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".css") {
			continue
		}
		if loc := remote.FindIndex(data); loc != nil {
			t.Errorf("%s refers to a remote resource: %q", name, data[loc[0]:min(len(data), loc[1]+40)])
		}
		if strings.HasSuffix(name, ".html") && !bytes.Contains(data, []byte(`Content-Security-Policy" content="default-src 'none'; script-src 'self'`)) {
			t.Errorf("%s has no content security policy", name)
		}
	}
	if !bytes.Contains(files["index.html"], []byte(`<script src="assets/echarts.min.js">`)) {
		t.Errorf("index.html does not load assets/echarts.min.js")
	}
	if !bytes.Contains(files["stories/index.html"], []byte(`href="../assets/style.css"`)) {
		t.Errorf("stories/index.html does not load ../assets/style.css")
	}
}

// TestEscaped checks, without a browser, that hostile text never reaches
// a page as markup (the browser test checks that nothing runs).
func TestEscaped(t *testing.T) {
	files := render(t, synthetic(30, 3, true), Limits{})
	raw := []string{"<script>alert", "<img src=x", `href="javascript:`, "</script><script>alert"}
	seen := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, r := range raw {
			if bytes.Contains(data, []byte(r)) {
				t.Errorf("%s holds %q unescaped", name, r)
			}
		}
		if bytes.Contains(data, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) || bytes.Contains(data, []byte(`\u003cscript\u003ealert(1)`)) {
			seen++
		}
	}
	if seen == 0 {
		t.Errorf("the hostile text appears escaped on no page: is it in the model at all?")
	}
}

// TestCSV checks every CSV: it parses, has a header row and rows of the
// header's length, and is valid UTF-8.
func TestCSV(t *testing.T) {
	files := render(t, synthetic(60, 4, true), Limits{})
	n := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		n++
		if !utf8.Valid(data) {
			t.Errorf("%s is not valid UTF-8", name)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(rows) < 2 {
			t.Errorf("%s has %d rows, want a header and data", name, len(rows))
		}
		for _, h := range rows[0] {
			if h == "" || strings.ContainsAny(h, " ,\"") {
				t.Errorf("%s: header %q is not a plain column name", name, h)
			}
		}
	}
	if n == 0 {
		t.Fatal("no CSV written")
	}
}

func TestWriteCSVQuoting(t *testing.T) {
	tab := &table{Header: []string{"term", "count", "z"}}
	tab.add(`say "hi", then`+"\nleave", csvInt(1234567), csvFloat(0.000001))
	tab.add("plain", csvInt(0), csvFloat(-2.5))
	var buf bytes.Buffer
	if err := writeCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	want := "term,count,z\n\"say \"\"hi\"\", then\nleave\",1234567,0.000001\nplain,0,-2.5\n"
	if got := buf.String(); got != want {
		t.Errorf("writeCSV = %q, want %q", got, want)
	}
}

func TestCSVFloat(t *testing.T) {
	for _, c := range []struct {
		name string
		in   float64
		want string
	}{
		{"integer", 3, "3"},
		{"small", 1e-7, "0.0000001"},
		{"large", 1.5e9, "1500000000"},
		{"negative", -0.25, "-0.25"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := csvFloat(c.in); got != c.want {
				t.Errorf("csvFloat(%v) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestPageSizes renders a 10,000-article model and checks the size
// budget: no page over 5 MB.
func TestPageSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 10,000 article pages")
	}
	m := synthetic(10000, 20, false)
	start := time.Now()
	files := render(t, m, Limits{})
	elapsed := time.Since(start)
	const budget = 5 << 20
	largest, total := "", 0
	for name, data := range files {
		total += len(data)
		if strings.HasSuffix(name, ".html") && len(data) > len(files[largest]) {
			largest = name
		}
		if strings.HasSuffix(name, ".html") && len(data) > budget {
			t.Errorf("%s is %d bytes, over the %d-byte budget", name, len(data), budget)
		}
	}
	t.Logf("10,000 articles: %d files, %.1f MB in all, largest page %s (%d KB), rendered in %v",
		len(files), float64(total)/(1<<20), largest, len(files[largest])>>10, elapsed.Round(time.Millisecond))
	for _, name := range []string{"index.html", "compare.html", "article/index.html", "stories/index.html"} {
		t.Logf("%s: %d KB", name, len(files[name])>>10)
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(m *Model)
		match string
	}{
		{"histogram edges", func(m *Model) { m.Histogram.Edges = m.Histogram.Edges[1:] }, "histogram"},
		{"edge out of range", func(m *Model) { m.Network.Edges[0].B = len(m.Network.Nodes) }, "network edge"},
		{"topic out of range", func(m *Model) { m.Outlets[0].Topics[0].Topic = 99 }, "topic 99"},
		{"topic series out of range", func(m *Model) { m.Outlets[1].TopicTime[0].Topic = -1 }, "topic series of topic -1"},
		{"article topic out of range", func(m *Model) { m.Articles[2].Topics[0].Topic = 3 }, "topic 3 of 3"},
		{"topic id", func(m *Model) { m.Topics[2].ID = 1 }, "Topics[2] has ID 1"},
		{"topics without a model", func(m *Model) { m.TopicModel = nil }, "no TopicModel"},
		{"K", func(m *Model) { m.TopicModel.K = 4 }, "K is 4"},
		{"community out of range", func(m *Model) { m.Network.Nodes[0].Community = len(m.Communities) }, "community 5 of 5"},
		{"ragged co-occurrence", func(m *Model) { m.Cooccurrence.NPMI[3] = m.Cooccurrence.NPMI[3][:2] }, "row 3"},
		{"same page", func(m *Model) { m.Articles[1].ID = m.Articles[0].ID }, "both map to"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := synthetic(12, 2, false)
			c.edit(m)
			err := Write(memFiles{}.create, m)
			if err == nil || !strings.Contains(err.Error(), c.match) {
				t.Errorf("Write = %v, want an error about %q", err, c.match)
			}
		})
	}
}

func TestEmptyModel(t *testing.T) {
	files := render(t, &Model{Title: "empty"}, Limits{})
	for _, name := range []string{"index.html", "compare.html", "history.html", "outlets/index.html", "stories/index.html", "article/index.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s not written for an empty model", name)
		}
	}
	if bytes.Contains(files["index.html"], []byte("echarts.min.js")) {
		t.Errorf("index.html of an empty model loads ECharts for no chart")
	}
}

func TestCreateError(t *testing.T) {
	boom := errors.New("disk full")
	err := Write(func(string) (io.WriteCloser, error) { return nil, boom }, synthetic(6, 2, false))
	if !errors.Is(err, boom) {
		t.Errorf("Write = %v, want it to wrap %v", err, boom)
	}
}

func TestDirCreate(t *testing.T) {
	dir := t.TempDir()
	if err := Write(DirCreate(dir), synthetic(6, 2, false)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "assets/echarts.min.js", "data/compare-stance.csv"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Error(err)
		}
	}
	if _, err := DirCreate(dir)("../escape.html"); err == nil {
		t.Errorf("DirCreate accepted a name outside its directory")
	}
}

func TestAssets(t *testing.T) {
	got, err := Assets()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(got))
	for i, a := range got {
		names[i] = a.Name
	}
	want := []string{"assets/echarts.min.js", "assets/echarts-LICENSE.txt", "assets/echarts-NOTICE.txt", "assets/newsframe.js", "assets/style.css"}
	if !slices.Equal(names, want) {
		t.Errorf("Assets() = %v, want %v", names, want)
	}
	if !bytes.Contains(got[0].Data, []byte("Licensed to the Apache Software Foundation")) {
		t.Errorf("assets/echarts.min.js lacks its licence header")
	}
}

func TestAssetsBroken(t *testing.T) {
	good := fstest.MapFS{}
	err := fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(embedded, p)
		good[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		edit    func(fstest.MapFS)
		missing bool
		match   string
	}{
		{"intact", func(fstest.MapFS) {}, false, ""},
		{"missing echarts", func(f fstest.MapFS) { delete(f, "assets/js/echarts.min.js") }, true, "run `make assets`"},
		{"changed echarts", func(f fstest.MapFS) {
			f["assets/js/echarts.min.js"] = &fstest.MapFile{Data: []byte("alert(1)")}
		}, false, "does not match"},
		{"bad sums line", func(f fstest.MapFS) {
			f["assets/SHA256SUMS"] = &fstest.MapFile{Data: []byte("abc echarts.min.js\n")}
		}, false, "line 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := maps.Clone(good)
			c.edit(f)
			_, err := assetsFrom(f)
			if c.match == "" {
				if err != nil {
					t.Errorf("assetsFrom = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.match) {
				t.Errorf("assetsFrom = %v, want an error with %q", err, c.match)
			}
			if got := errors.Is(err, ErrAssetsMissing); got != c.missing {
				t.Errorf("errors.Is(%v, ErrAssetsMissing) = %v, want %v", err, got, c.missing)
			}
		})
	}
}
