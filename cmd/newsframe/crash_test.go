package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/newsframe/internal/catalog"
)

// selfCommand returns the test binary set up to behave as newsframe.
func selfCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NEWSFRAME_TEST_MAIN=1")
	return cmd
}

// killPoints is the number of SIGKILLs of TestRunKilled: at least 20 in
// CI; NEWSFRAME_KILL_POINTS raises it for a longer local run.
func killPoints() int {
	if n, err := strconv.Atoi(os.Getenv("NEWSFRAME_KILL_POINTS")); err == nil && n > 0 {
		return n
	}
	return 20
}

// mutate changes the corpus as a nightly feed does: it adds an article,
// edits one, or removes one.
func mutate(t *testing.T, dir string, i int) {
	t.Helper()
	switch i % 4 {
	case 0, 1:
		p := filepath.Join(dir, "wire", fmt.Sprintf("added-%03d.txt", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		body := fmt.Sprintf("Title: Night desk note %d\nPublished: 2012-12-%02d\n\nThe council approved the budget after a long debate on night %d. Critics warned of cuts.\n\nSupporters praised the agreement as a fair compromise.\n", i, 1+i%28, i)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	case 2:
		p := filepath.Join(dir, "basil-dev.jsonl")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte(" said "), []byte(" stated "), 1)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	case 3:
		matches, _ := filepath.Glob(filepath.Join(dir, "wire", "added-*.txt"))
		if len(matches) > 0 {
			os.Remove(matches[0])
		}
	}
}

// checkState opens the catalog, runs its integrity check and checks that
// the stored summaries equal the summaries recounted from the stored rows:
// a killed run must never leave them out of step.
func checkState(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	cat, _, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatalf("state after kill: %v", err)
	}
	defer cat.Close()
	if err := cat.Check(ctx); err != nil {
		t.Fatalf("state integrity after kill: %v", err)
	}
	store, err := results.Open(path + ".results")
	if err != nil {
		t.Fatal(err)
	}
	l, err := load(dataOptions{maxLine: 1 << 24}, false)
	if err != nil {
		t.Fatal(err)
	}
	agg := &aggregate.Settings{LabelPairs: l.labelPairs}
	if err := verifySummaries(ctx, cat, store, &article.Deriver{Stopwords: l.stopwords, Wire: l.wire}, agg); err != nil {
		t.Fatalf("state after kill: %v", err)
	}
}

// checkPublished checks that OUT is either absent or a complete run:
// the link names a run whose manifest names the same run, and its pages and
// exports are there.
func checkPublished(t *testing.T, out string) string {
	t.Helper()
	target, err := os.Readlink(out)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatalf("OUT is not a link: %v", err)
	}
	name := filepath.Base(target)
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatalf("published run %s has no manifest: %v", name, err)
	}
	var m struct{ Run string }
	if err := json.Unmarshal(b, &m); err != nil || m.Run != name {
		t.Fatalf("published run %s: manifest names run %q (%v): a mix of runs", name, m.Run, err)
	}
	for _, f := range []string{"index.html", "compare.html", "articles", "paragraphs", "outlets.csv", "terms.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatalf("published run %s is incomplete: %v", name, err)
		}
	}
	return name
}

// TestRunKilled kills runs at seeded random moments while the corpus
// changes, and checks after each kill that the state is consistent and the
// published report is a whole run; a final run must then give the same
// exports as a clean single run over the final corpus.
func TestRunKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real runs; skipped with -short")
	}
	corpusDir := sampleCorpus(t)
	base := t.TempDir()
	out := filepath.Join(base, "out")
	statePath := out + ".state.db"

	// A first run builds the state; an incremental one gives the time
	// scale of the kills.
	if b, err := selfCommand("run", "--corpus", corpusDir, "--out", out, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, b)
	}
	mutate(t, corpusDir, 1000)
	start := time.Now()
	if b, err := selfCommand("run", "--corpus", corpusDir, "--out", out, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("second run: %v\n%s", err, b)
	}
	scale := time.Since(start)

	rng := rand.New(rand.NewPCG(20261125, 6))
	published := map[string]bool{}
	n := killPoints()
	kills := 0
	runs := 0 // mutations applied, one per run
	for i := 0; kills < n && i < 3*n; i++ {
		runs = i + 1
		mutate(t, corpusDir, i)
		before := checkPublished(t, out)
		cmd := selfCommand("run", "--corpus", corpusDir, "--out", out, "--quiet", "--keep", "2")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Float64() * float64(scale))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		killed := err != nil
		if killed {
			kills++
		}
		checkState(t, statePath)
		after := checkPublished(t, out)
		if after != before {
			published[after] = true
		}
		t.Logf("kill %2d after %v: killed=%v, published %q", i+1, delay.Round(time.Millisecond), killed, after)
		if err != nil && !strings.Contains(err.Error(), "killed") {
			t.Fatalf("run %d failed by itself: %v\n%s", i+1, err, stderr.String())
		}
	}

	if kills < n {
		t.Errorf("only %d of the runs were killed before they finished, want %d", kills, n)
	}
	t.Logf("%d runs killed, %d new reports published meanwhile", kills, len(published))

	// Finish the work, then compare with the same corpus built without
	// kills. The topic model is fitted at the first run and later articles
	// get their shares from it, so the outcome depends on which runs
	// committed (a kill can come after a run's commit); both sides end with
	// a refit (--refit-topics), which gives every article its shares from a
	// model of the final corpus, numbered after the first run's model.
	if b, err := selfCommand("run", "--corpus", corpusDir, "--out", out, "--quiet", "--refit-topics").CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%s", err, b)
	}
	checkState(t, statePath)
	checkPublished(t, out)
	// The reference runs on the same path (paths are in the pages): the
	// corpus starts again from the sample.
	if err := os.RemoveAll(corpusDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(sampleCorpus(t), corpusDir); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "out")
	refRun := func(what string, args ...string) {
		args = append([]string{"run", "--corpus", corpusDir, "--out", clean, "--quiet"}, args...)
		if b, err := selfCommand(args...).CombinedOutput(); err != nil {
			t.Fatalf("reference %s: %v\n%s", what, err, b)
		}
	}
	refRun("first run")
	mutate(t, corpusDir, 1000)
	for i := range runs {
		mutate(t, corpusDir, i)
	}
	refRun("final run", "--refit-topics")
	compareFiles(t, "exports after kills", exportFiles(t, clean), exportFiles(t, out))
	compareFiles(t, "pages after kills", pageFiles(t, clean), pageFiles(t, out))
}

// TestRunConcurrent starts two runs on the same state at once: exactly one
// proceeds; the other exits at once with code 3 naming the holder.
func TestRunConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real runs; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "out")
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		codes := make([]int, 2)
		stderrs := make([]string, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := selfCommand("run", "--out", out, "--quiet")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				err := cmd.Run()
				stderrs[i] = stderr.String()
				if ee, ok := err.(*exec.ExitError); ok {
					codes[i] = ee.ExitCode()
				} else if err != nil {
					codes[i] = -1
				}
			}()
		}
		wg.Wait()
		ok, locked := 0, 0
		for i, c := range codes {
			switch c {
			case exitOK:
				ok++
			case exitLocked:
				locked++
				if !strings.Contains(stderrs[i], "locked by pid") {
					t.Errorf("round %d: the locked run's message does not name the holder: %q", round, stderrs[i])
				}
			default:
				t.Errorf("round %d: exit %d: %s", round, c, stderrs[i])
			}
		}
		if ok != 1 || locked != 1 {
			t.Errorf("round %d: %d runs proceeded and %d were locked out, want 1 and 1", round, ok, locked)
		}
	}
}

// TestRunHostile runs the binary over a corpus of the inputs crawlers
// produce at their worst: each bad one must be named in the manifest with
// its reason, nothing may crash, and the good articles beside them must be
// analysed.
func TestRunHostile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := "Title: Council passes budget\nPublished: 2024-03-01\n\nThe council passed the budget on Tuesday. Critics warned of deep cuts.\n"
	write("ok/good.txt", []byte(good))
	write("ok/bom.txt", append([]byte("\xef\xbb\xbf"), good...))
	write("ok/crlf.txt", []byte(strings.ReplaceAll(good, "\n", "\r\n")))
	write("ok/cp1252.txt", []byte("Title: Caf\xe9 owners protest\n\nThe caf\xe9 owners said the new rules were \x93unfair\x94 to small firms.\n"))
	write("ok/lines.jsonl", []byte(`{"id":"g1","title":"Good line","text":"A good paragraph about the vote."}`+"\n"+
		`{"id":"g2", "text": broken`+"\n"+
		strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n"+
		`{"id":"g3","title":"Another","text":"Another good paragraph about the vote."}`+"\n"))
	write("bad/binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 0, 1, 2, 3, 0, 0})
	write("bad/broken-utf8.txt", []byte("Title: x\n\nValid start \xff\xfe\xfd then \xc3\x28 broken \x80\x81 again.\n"))
	write("bad/empty.txt", nil)
	write("bad/nested.jsonl", []byte(`{"id":"n","text":`+strings.Repeat(`{"a":`, 20000)+`1`+strings.Repeat(`}`, 20000)+"}\n"))
	huge := 0
	if !testing.Short() {
		// A 200 MB single line, written in chunks.
		f, err := os.Create(filepath.Join(dir, "bad", "huge.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		f.Write([]byte(`{"id":"huge","text":"`))
		for i := 0; i < 200; i++ {
			f.Write(chunk)
		}
		f.Write([]byte("\"}\n"))
		f.Close()
		huge = 1
	}

	out := filepath.Join(t.TempDir(), "out")
	cmd := selfCommand("run", "--corpus", dir, "--out", out, "--max-line", "1048576")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitPartial {
		t.Fatalf("exit %v, want %d (bad inputs skipped)\n%s", err, exitPartial, stderr.String())
	}
	var m struct {
		Inputs struct {
			Seen, New, Bad int
			BadInputs      []struct {
				Path   string
				Line   int
				Reason string
			} `json:"bad_inputs"`
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, bi := range m.Inputs.BadInputs {
		named[fmt.Sprintf("%s:%d", filepath.Base(bi.Path), bi.Line)] = bi.Reason
	}
	want := []string{"binary.txt:0", "empty.txt:0", "nested.jsonl:1", "lines.jsonl:2", "lines.jsonl:3"}
	if huge == 1 {
		want = append(want, "huge.jsonl:1")
	}
	for _, w := range want {
		if _, ok := named[w]; !ok {
			t.Errorf("manifest does not name %s; it names %v", w, named)
		}
	}
	// Damaged UTF-8 is kept with its bad bytes replaced (and a charset
	// warning), not skipped.
	for w := range named {
		if strings.HasPrefix(w, "broken-utf8.txt:") {
			t.Errorf("manifest names %s as bad input; want it kept with a warning", w)
		}
	}
	// good.txt, bom.txt, crlf.txt, cp1252.txt, broken-utf8.txt and two
	// lines of lines.jsonl.
	if m.Inputs.New != 7 {
		t.Errorf("%d articles analysed, want the 7 good or repaired ones; manifest:\n%s", m.Inputs.New, b)
	}
	t.Logf("bad inputs named: %v", named)
}
