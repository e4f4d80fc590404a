package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/data"
	"newsframe/reports/browsercheck"
)

// TestMain lets tests run the command as a separate process: the test
// binary re-executed with NEWSFRAME_TEST_MAIN=1 behaves like newsframe.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSFRAME_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// runCLI runs newsframe in this process and returns its exit code and
// output.
func runCLI(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv("")
	code := execute(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// sampleCorpus writes the embedded sample to a directory, so runs can
// change it as a nightly corpus changes.
func sampleCorpus(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(data.FS, "sample", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, strings.TrimPrefix(path, "sample/"))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func readJSONL(t testing.TB, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func readCSV(t testing.TB, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", path)
	}
	return recs[0], recs[1:]
}

func column(t testing.TB, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// TestRunSample runs the batch job on the embedded sample and checks every
// output the way a user reads it.
func TestRunSample(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "run", "--out", out, "--jsonl")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if want := filepath.Join(out, "index.html"); strings.TrimSpace(stdout) != want {
		t.Errorf("stdout %q, want the report path %q", stdout, want)
	}
	for _, name := range []string{"index.html", "compare.html", "history.html", "manifest.json",
		"paragraphs.jsonl", "articles.jsonl", "terms.csv", "cooccurrence.csv", "distinctive_terms.csv",
		"stories.csv", "outlets.csv", "outlet_stance.csv", "outlet_differences.csv", "label_preferences.csv",
		"assets/echarts.min.js", "articles", "paragraphs"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}

	// Articles: the seed parses as the golden test says.
	articles := readJSONL(t, filepath.Join(out, "articles.jsonl"))
	if len(articles) != 31 {
		t.Errorf("%d articles, want 31 (seed + 30 basil-dev)", len(articles))
	}
	var seed map[string]any
	for _, a := range articles {
		if a["outlet"] == "seed" {
			seed = a
		}
	}
	if seed == nil {
		t.Fatal("no seed article in articles.jsonl")
	}
	if seed["title"] != "Mexico Rejects U.S. Military Intervention Amid Trump Threats" || seed["author"] != "Dugan Meyer" ||
		seed["paragraphs"] != float64(5) {
		t.Errorf("seed article = title %q, author %q, %v paragraphs", seed["title"], seed["author"], seed["paragraphs"])
	}

	// Paragraphs: every field present; scores in range; tf sums match.
	paragraphs := readJSONL(t, filepath.Join(out, "paragraphs.jsonl"))
	stop, err := text.ParseStopwords(mustRead(t, "lists/stopwords.txt"))
	if err != nil {
		t.Fatal(err)
	}
	counted := terms.NewCounts()
	for i, p := range paragraphs {
		for _, k := range []string{"article_id", "outlet", "published", "paragraph", "text", "sentiment", "stance", "shared", "story_id"} {
			if _, ok := p[k]; !ok {
				t.Fatalf("paragraph line %d lacks %q", i+1, k)
			}
		}
		s := p["sentiment"].(map[string]any)
		if sc := s["score"].(float64); sc < -1 || sc > 1 {
			t.Errorf("paragraph line %d: score %v outside [-1, 1]", i+1, sc)
		}
		txt := p["text"].(string)
		if strings.Contains(txt, "SCROLL FOR NEXT") || strings.Contains(txt, " .") {
			t.Errorf("paragraph line %d keeps boilerplate or a citation gap: %q", i+1, txt)
		}
		counted.Add(terms.Extract(txt, text.Words(txt), stop))
	}
	// terms.csv is long form: (term, kind, outlet, tf, df), the corpus
	// as outlet "(all)".
	header, rows := readCSV(t, filepath.Join(out, "terms.csv"))
	ti, ki, oi, tfi, dfi := column(t, header, "term"), column(t, header, "kind"), column(t, header, "outlet"), column(t, header, "tf"), column(t, header, "df")
	var sum int64
	df := map[string]float64{}
	perOutlet := map[string]int64{}
	all := map[string]int64{}
	for _, r := range rows {
		tf, _ := strconv.ParseInt(r[tfi], 10, 64)
		if r[oi] != "(all)" {
			perOutlet[r[ti]] += tf
			continue
		}
		all[r[ti]] = tf
		d, _ := strconv.ParseFloat(r[dfi], 64)
		df[r[ti]] = d
		if r[ki] != "word" {
			continue
		}
		sum += tf
		if want := counted.Word(r[ti]).TF; tf != want {
			t.Errorf("terms.csv: tf(%q) = %d, recounted from paragraphs.jsonl %d", r[ti], tf, want)
		}
	}
	for term, tf := range all {
		if perOutlet[term] != tf {
			t.Errorf("terms.csv: %q: outlet rows sum to %d, tf %d", term, perOutlet[term], tf)
		}
	}
	if sum != counted.Tokens || sum == 0 {
		t.Errorf("terms.csv: word tf sums to %d, paragraphs hold %d content tokens", sum, counted.Tokens)
	}

	// Outlets' own names are not their distinctive terms, and day and
	// month names are no terms at all (issue 14 item 4).
	header, rows = readCSV(t, filepath.Join(out, "distinctive_terms.csv"))
	gi, dti := column(t, header, "outlet"), column(t, header, "term")
	own := map[string][]string{"fox": {"fox", "fox news"}, "hpo": {"huffington", "huffington post", "huffpost"}, "nyt": {"nytimes"}}
	calendar := regexp.MustCompile(`(^| )(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|july|august|september|october|november|december)( |$)`)
	for _, r := range rows {
		if slices.Contains(own[r[gi]], r[dti]) {
			t.Errorf("distinctive_terms.csv: %s's own name %q is among its distinctive terms", r[gi], r[dti])
		}
		if calendar.MatchString(r[dti]) {
			t.Errorf("distinctive_terms.csv: %q is a day or month name", r[dti])
		}
	}
	for term := range all {
		if calendar.MatchString(term) {
			t.Errorf("terms.csv: %q is a day or month name", term)
		}
	}

	// Co-occurrence: each unordered pair once (a symmetric matrix), counts
	// bounded by document frequencies, NPMI in [-1, 1].
	header, rows = readCSV(t, filepath.Join(out, "cooccurrence.csv"))
	ai, bi, ci, ni := column(t, header, "term_a"), column(t, header, "term_b"), column(t, header, "count"), column(t, header, "npmi")
	seen := map[[2]string]bool{}
	for _, r := range rows {
		a, b := r[ai], r[bi]
		if a == b || seen[[2]string{a, b}] || seen[[2]string{b, a}] {
			t.Errorf("cooccurrence.csv: pair (%q, %q) repeated or diagonal", a, b)
		}
		seen[[2]string{a, b}] = true
		c, _ := strconv.ParseFloat(r[ci], 64)
		if c > math.Min(df[a], df[b]) {
			t.Errorf("cooccurrence.csv: count(%q, %q) = %v exceeds a paragraph frequency (%v, %v)", a, b, c, df[a], df[b])
		}
		if v, err := strconv.ParseFloat(r[ni], 64); err != nil || v < -1 || v > 1 {
			t.Errorf("cooccurrence.csv: npmi(%q, %q) = %q, want a number in [-1, 1]", a, b, r[ni])
		}
	}
	if len(rows) == 0 {
		t.Error("cooccurrence.csv is empty")
	}

	// Pages: offline and with their charts.
	remote := regexp.MustCompile(`(?i)<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//`)
	real, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := browsercheck.Pages(real)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := remote.Find(b); m != nil {
			t.Errorf("%s loads a remote resource: %s", p, m)
		}
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte("echarts.min.js")) || !bytes.Contains(index, []byte(`type="application/json"`)) {
		t.Error("index.html lacks the chart code")
	}

	// Every page in a real browser, from file://.
	br := browsercheck.ForTest(t)
	defer br.Close()
	reps, err := br.CheckDir(real, browsercheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, r := range reps {
		charts += r.Charts
		if err := r.Err(); err != nil {
			t.Errorf("%s: %v", r.Page, err)
		}
	}
	if charts == 0 {
		t.Error("no chart drawn on any page")
	}
	shot := filepath.Join(artifacts(t), "compare.png")
	if r, err := br.Check(filepath.Join(out, "compare.html"), browsercheck.Options{Screenshot: shot, Width: 1400}); err != nil {
		t.Error(err)
	} else if err := r.Err(); err != nil {
		t.Error(err)
	}
	t.Logf("%d pages, %d charts checked in chromium; screenshot %s", len(reps), charts, shot)
}

// artifacts returns the directory for test artifacts: $NEWSFRAME_ARTIFACTS
// when set (CI keeps it), else a temporary one.
func artifacts(t testing.TB) string {
	if d := os.Getenv("NEWSFRAME_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err == nil {
			return d
		}
	}
	return t.TempDir()
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(data.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exportFiles lists the data exports of a report, which must be
// byte-identical for the same corpus and settings.
func exportFiles(t testing.TB, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	out, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		switch {
		case strings.HasPrefix(rel, "data/history"):
			return nil // the run history differs by design
		case strings.HasSuffix(rel, ".jsonl"), strings.HasSuffix(rel, ".csv"):
		case strings.HasSuffix(rel, ".parquet"):
			// Files are named by the run that wrote them: compare them
			// by partition and chunk.
			rel = runSuffix.ReplaceAllString(rel, ".parquet")
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var runSuffix = regexp.MustCompile(`\.r\d+\.parquet$`)

// pageFiles lists the HTML pages with the run time masked, except the
// history page, which differs by design.
func pageFiles(t testing.TB, out string) map[string][]byte {
	t.Helper()
	runTime := regexp.MustCompile(`run \d{4}-\d\d-\d\dT[0-9:]+Z`)
	files := map[string][]byte{}
	out, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := browsercheck.Pages(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		rel, _ := filepath.Rel(out, p)
		if rel == "history.html" || strings.HasPrefix(rel, "data/history") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[rel] = runTime.ReplaceAll(b, []byte("run TIME"))
	}
	return files
}

func compareFiles(t testing.TB, what string, want, got map[string][]byte) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: %s missing", what, name)
		case !bytes.Equal(w, g):
			i := 0
			for i < len(w) && i < len(g) && w[i] == g[i] {
				i++
			}
			t.Errorf("%s: %s differs (%d vs %d bytes) at byte %d: %q vs %q", what, name, len(w), len(g), i,
				w[max(0, i-80):min(len(w), i+40)], g[max(0, i-80):min(len(g), i+40)])
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: unexpected %s", what, name)
		}
	}
}

// splitJSONL writes the lines of src selected by keep to dst.
func splitJSONL(t testing.TB, src, dst string, keep func(i int) bool) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for i, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 && keep(i) {
			out = append(out, line...)
		}
	}
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunIncremental builds the same corpus in one run and in several
// incremental runs (articles added, changed, removed, and a file moved) and
// checks that the exports are byte-identical and the pages identical apart
// from the run time.
func TestRunIncremental(t *testing.T) {
	corpusDir := sampleCorpus(t)
	full := filepath.Join(corpusDir, "basil-dev.jsonl")
	whole := t.TempDir()
	if err := os.Rename(full, filepath.Join(whole, "basil-dev.jsonl")); err != nil {
		t.Fatal(err)
	}
	full = filepath.Join(whole, "basil-dev.jsonl")

	// Incremental: a third of the articles, then a changed version of one
	// with more, then the final corpus (with one article first put in a
	// file of its own, then back).
	incOut := filepath.Join(t.TempDir(), "out")
	basil := filepath.Join(corpusDir, "basil-dev.jsonl")
	steps := []struct {
		name    string
		prepare func()
		want    string
	}{
		{"first third", func() { splitJSONL(t, full, basil, func(i int) bool { return i%3 == 0 }) }, "new=11"},
		{"more, one changed", func() {
			splitJSONL(t, full, basil, func(i int) bool { return i%3 != 2 })
			b, _ := os.ReadFile(basil)
			b = bytes.Replace(b, []byte("Donald Trump is investing"), []byte("Donald Trump, the developer, is investing"), 1)
			os.WriteFile(basil, b, 0o644)
		}, "changed=1"},
		{"one moved to its own file", func() {
			splitJSONL(t, full, basil, func(i int) bool { return i != 4 })
			splitJSONL(t, full, filepath.Join(corpusDir, "moved.jsonl"), func(i int) bool { return i == 4 })
		}, "changed=1"},
		{"final", func() {
			os.Remove(filepath.Join(corpusDir, "moved.jsonl"))
			splitJSONL(t, full, basil, func(int) bool { return true })
		}, "new=0 changed=0 unchanged=31"},
		{"no change", func() {}, "new=0 changed=0 unchanged=31 rescored=0 removed=0"},
	}
	for _, s := range steps {
		s.prepare()
		code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", incOut, "--jsonl")
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s", s.name, code, stderr)
		}
		if !strings.Contains(stderr, s.want) {
			t.Errorf("%s: log lacks %q:\n%s", s.name, s.want, stderr)
		}
	}
	// A single run over the final corpus, from scratch.
	oneOut := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", oneOut, "--jsonl"); code != exitOK {
		t.Fatalf("single run: exit %d\n%s", code, stderr)
	}
	compareFiles(t, "exports", exportFiles(t, oneOut), exportFiles(t, incOut))
	compareFiles(t, "pages", pageFiles(t, oneOut), pageFiles(t, incOut))
	// The summaries built in five runs are the sums of the stored rows.
	checkState(t, incOut+".state.db")

	// The history page has one entry per run.
	var m struct{ Run string }
	b, _ := os.ReadFile(filepath.Join(incOut, "manifest.json"))
	if err := json.Unmarshal(b, &m); err != nil || m.Run == "" {
		t.Errorf("manifest.json: %v (%s)", err, b)
	}
}

// TestRunExitCodes checks usage errors, bad input and --strict.
func TestRunExitCodes(t *testing.T) {
	if code, _, _ := runCLI(t, "run", "--top-terms", "x"); code != exitUsage {
		t.Errorf("bad flag: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCLI(t, "run", "--corpus", "/nonexistent/corpus"); code != exitUsage {
		t.Errorf("missing corpus: exit %d, want %d", code, exitUsage)
	}
	corpusDir := sampleCorpus(t)
	os.WriteFile(filepath.Join(corpusDir, "broken.jsonl"), []byte("{\"id\":\"x\",\"text\":\"fine text here.\"}\n{not json\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", out)
	if code != exitPartial {
		t.Errorf("bad line: exit %d, want %d\n%s", code, exitPartial, stderr)
	}
	if !strings.Contains(stderr, "broken.jsonl") || !strings.Contains(stderr, "line=2") {
		t.Errorf("stderr does not name the bad file and line:\n%s", stderr)
	}
	if code, _, _ := runCLI(t, "run", "--corpus", corpusDir, "--out", out, "--strict"); code != exitFailure {
		t.Errorf("--strict: exit %d, want %d", code, exitFailure)
	}
}

// TestRunGuards checks that a nightly run whose corpus vanished (an
// empty mount) or lost most of its articles fails with exit 1 before it
// changes the state or the published report, and that --allow-removal
// accepts a real removal (issue 14 item 9).
func TestRunGuards(t *testing.T) {
	corpusDir := sampleCorpus(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", out, "--quiet"); code != exitOK {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	published, err := os.Readlink(out)
	if err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	code, _, stderr := runCLI(t, "run", "--corpus", empty, "--out", out)
	if code != exitFailure || !strings.Contains(stderr, "no articles") {
		t.Errorf("empty corpus: exit %d, want %d with a message\n%s", code, exitFailure, stderr)
	}
	// Take out most of the sample: more than 20% of the known articles.
	basil := filepath.Join(corpusDir, "basil-dev.jsonl")
	orig, _ := os.ReadFile(basil)
	lines := bytes.SplitAfter(orig, []byte("\n"))
	os.WriteFile(basil, bytes.Join(lines[:5], nil), 0o644)
	code, _, stderr = runCLI(t, "run", "--corpus", corpusDir, "--out", out)
	if code != exitFailure || !strings.Contains(stderr, "--allow-removal") {
		t.Errorf("mass removal: exit %d, want %d naming --allow-removal\n%s", code, exitFailure, stderr)
	}
	if now, _ := os.Readlink(out); now != published {
		t.Errorf("a failed run published %s (was %s)", now, published)
	}
	// The state is untouched: a run over the original corpus finds every
	// article unchanged.
	os.WriteFile(basil, orig, 0o644)
	_, _, stderr = runCLI(t, "run", "--corpus", corpusDir, "--out", out)
	if !strings.Contains(stderr, "new=0 changed=0") || !strings.Contains(stderr, "removed=0") {
		t.Errorf("after the refused runs the state changed:\n%s", stderr)
	}
	os.WriteFile(basil, bytes.Join(lines[:5], nil), 0o644)
	if code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", out, "--allow-removal"); code != exitOK || !strings.Contains(stderr, "removed=25") {
		t.Errorf("--allow-removal: exit %d\n%s", code, stderr)
	}
}

var _ = io.EOF

// chunkFiles lists the result store's files per chunk from the catalog.
func chunkFiles(t *testing.T, statePath string) map[string]string {
	t.Helper()
	ctx := context.Background()
	cat, _, err := catalog.Open(ctx, statePath)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	out := map[string]string{}
	err = cat.Read(ctx).Chunks(func(c catalog.Chunk) error {
		out[c.Day+"/"+c.Name] = c.Articles + " " + c.Paragraphs
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRunRewritesOnlyTouchedChunks adds an article on a day of its own and
// changes one elsewhere: only their chunks get new files (issue 10 §3).
func TestRunRewritesOnlyTouchedChunks(t *testing.T) {
	corpusDir := sampleCorpus(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", out, "--quiet"); code != exitOK {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	before := chunkFiles(t, out+".state.db")
	// A new article on a day far from the others, and an edit in an
	// article of 2011-04-07.
	os.WriteFile(filepath.Join(corpusDir, "late.txt"), []byte("Title: Budget vote\nPublished: 2030-01-15\n\nThe council passed the budget after a long debate on Tuesday night.\n"), 0o644)
	basil := filepath.Join(corpusDir, "basil-dev.jsonl")
	b, _ := os.ReadFile(basil)
	b2 := bytes.Replace(b, []byte("Donald Trump is investing"), []byte("Donald Trump, the developer, is investing"), 1)
	if bytes.Equal(b, b2) {
		t.Fatal("the edited sentence is not in the sample")
	}
	os.WriteFile(basil, b2, 0o644)
	code, _, stderr := runCLI(t, "run", "--corpus", corpusDir, "--out", out)
	if code != exitOK {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	after := chunkFiles(t, out+".state.db")
	var rewritten []string
	for k, files := range after {
		if before[k] != files {
			rewritten = append(rewritten, k)
		}
	}
	slices.Sort(rewritten)
	edited := ""
	for k := range before {
		if strings.HasPrefix(k, "2011-04-07/") {
			edited = k
		}
	}
	if want := []string{edited, "2030-01-15/0"}; !slices.Equal(rewritten, want) {
		t.Errorf("chunks rewritten: %v, want only %v (of %d)", rewritten, want, len(after))
	}
	if !strings.Contains(stderr, "new=1 changed=1") {
		t.Errorf("log:\n%s", stderr)
	}
}

// TestRunManyOutlets spreads the sample over 40 outlets and compares the 5
// largest: no pairwise output names an outlet beyond them, the rest are
// pooled, and outlets.csv still lists every outlet (issue 10 §2).
func TestRunManyOutlets(t *testing.T) {
	dir := t.TempDir()
	src := mustRead(t, "sample/basil-dev.jsonl")
	var lines []string
	for i, line := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		var a map[string]any
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		for k := range 4 {
			c := map[string]any{}
			for key, v := range a {
				c[key] = v
			}
			c["id"] = fmt.Sprintf("%v-%d", a["id"], k)
			c["outlet"] = fmt.Sprintf("outlet-%02d", (i*4+k)%40)
			b, _ := json.Marshal(c)
			lines = append(lines, string(b))
		}
	}
	os.WriteFile(filepath.Join(dir, "many.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "run", "--corpus", dir, "--out", out, "--compare-outlets", "5", "--min-articles", "2"); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	header, rows := readCSV(t, filepath.Join(out, "outlets.csv"))
	if len(rows) != 40 {
		t.Errorf("outlets.csv has %d outlets, want 40", len(rows))
	}
	shown := map[string]bool{aggregate.OtherKey: true}
	oi := column(t, header, "outlet")
	for _, r := range rows[:5] {
		shown[r[oi]] = true
	}
	header, rows = readCSV(t, filepath.Join(out, "outlet_differences.csv"))
	ai, bi := column(t, header, "outlet_a"), column(t, header, "outlet_b")
	pairs := map[[2]string]bool{}
	for _, r := range rows {
		if !shown[r[ai]] || !shown[r[bi]] {
			t.Errorf("outlet_differences.csv compares %s with %s, beyond the 5 shown and the pool", r[ai], r[bi])
		}
		pairs[[2]string{r[ai], r[bi]}] = true
	}
	if len(pairs) != 6*5/2 {
		t.Errorf("%d pairs compared, want 15 (5 outlets and the pool)", len(pairs))
	}
	header, rows = readCSV(t, filepath.Join(out, "distinctive_terms.csv"))
	gi, vi := column(t, header, "outlet"), column(t, header, "versus")
	for _, r := range rows {
		if !shown[r[gi]] || (r[vi] != "(rest)" && !shown[r[vi]]) {
			t.Errorf("distinctive_terms.csv row %s vs %s beyond the shown outlets", r[gi], r[vi])
			break
		}
	}
}
