// Command benchrun is newsframe's end-to-end benchmark (`make bench`). It
// replicates a JSON-lines corpus (the BBC set) until it holds at least -mb
// megabytes, runs `newsframe run` over it in a child process, adds -pct
// percent new articles and runs again, and prints:
//
//   - the full run: wall time, MB/s of input, peak RSS of the child
//     (getrusage ru_maxrss of the waited-for process), and the stage
//     durations from the run's manifest;
//   - the incremental run: the same figures and its time as a percentage
//     of the full run's;
//   - the scoring path: ns per paragraph of sentiment scoring and of the
//     whole per-article analysis, in this process on one goroutine.
//
// With -verify it also analyses the final corpus in one clean run and
// compares the exports of the two with cmp: the incremental state must
// give byte-identical exports (issue 6, determinism).
//
// How the corpus is replicated, and why the copies are mutated, is
// documented on [replicator].
//
// Usage:
//
//	go run ./cmd/benchrun -corpus ../shared/corpus/bbc/articles.jsonl -mb 100 -bin bin/newsframe [-dir DIR] [-keep] [-verify]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

type options struct {
	corpus  string
	mb      float64
	bin     string
	dir     string
	keep    bool
	pct     float64
	outlets int
	workers int
	verify  bool
	scoring bool
	runs    int
}

func main() {
	var opt options
	flag.StringVar(&opt.corpus, "corpus", "../shared/corpus/bbc/articles.jsonl", "source JSON-lines `file` to replicate")
	flag.Float64Var(&opt.mb, "mb", 100, "replicate to at least this many `megabytes` (10^6 bytes)")
	flag.StringVar(&opt.bin, "bin", "bin/newsframe", "newsframe `binary` to run")
	flag.StringVar(&opt.dir, "dir", "", "work `dir` (default: a new temporary directory, removed afterwards)")
	flag.BoolVar(&opt.keep, "keep", false, "keep the work directory")
	flag.Float64Var(&opt.pct, "pct", 1, "new articles of the incremental run, in `percent` of the corpus's")
	flag.IntVar(&opt.outlets, "outlets", 5, "number of outlets the copies are spread over")
	flag.IntVar(&opt.workers, "workers", 0, "--workers for newsframe (0: its default, the number of CPUs)")
	flag.BoolVar(&opt.verify, "verify", false, "also run once over the final corpus from scratch and compare the exports byte for byte")
	flag.BoolVar(&opt.scoring, "scoring", true, "measure the scoring path's ns per paragraph")
	flag.IntVar(&opt.runs, "runs", 1, "full runs to time (from scratch each; the fastest is reported)")
	flag.Parse()
	if err := run(opt); err != nil {
		fmt.Fprintf(os.Stderr, "benchrun: %v\n", err)
		os.Exit(1)
	}
}

func run(opt options) error {
	bin, err := filepath.Abs(opt.bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("newsframe binary: %w (run make build)", err)
	}
	dir := opt.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsframe-bench-"); err != nil {
			return err
		}
		if !opt.keep {
			defer os.RemoveAll(dir)
		}
	}
	arts, size, err := readSource(opt.corpus)
	if err != nil {
		return err
	}
	rep := newReplicator(arts, opt.outlets)
	corpusDir := filepath.Join(dir, "corpus")
	os.RemoveAll(corpusDir)
	start := time.Now()
	layout, err := rep.replicate(corpusDir, int64(opt.mb*1e6))
	if err != nil {
		return err
	}
	fmt.Printf("corpus: %s (%d articles, %.1f MB) replicated %d times over %d outlets: %d articles, %.1f MB in %s (%.1fs)\n",
		opt.corpus, len(arts), float64(size)/1e6, layout.Copies, opt.outlets, layout.Articles, float64(layout.Bytes)/1e6, corpusDir, time.Since(start).Seconds())
	fmt.Printf("machine: %d CPUs, GOMAXPROCS %d, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage())

	var full *runResult
	for i := 0; i < max(1, opt.runs); i++ {
		out := filepath.Join(dir, "out")
		clean(out)
		r, err := newsframe(bin, corpusDir, out, opt.workers)
		if err != nil {
			return fmt.Errorf("full run: %w", err)
		}
		r.print(fmt.Sprintf("full run %d", i+1), layout.Bytes)
		if full == nil || r.wall < full.wall {
			full = r
		}
	}

	n, nb, err := rep.addNew(layout, opt.pct)
	if err != nil {
		return err
	}
	fmt.Printf("incremental: added %d articles (%.2f%% of %d), %.2f MB, in new.jsonl\n", n, 100*float64(n)/float64(layout.Articles), layout.Articles, float64(nb)/1e6)
	inc, err := newsframe(bin, corpusDir, filepath.Join(dir, "out"), opt.workers)
	if err != nil {
		return fmt.Errorf("incremental run: %w", err)
	}
	inc.print("incremental run", nb)
	fmt.Printf("incremental/full: %.2f%% of the full run's time (bar: <= 5%%)\n", 100*inc.wall.Seconds()/full.wall.Seconds())

	if opt.verify {
		out := filepath.Join(dir, "verify")
		clean(out)
		v, err := newsframe(bin, corpusDir, out, opt.workers)
		if err != nil {
			return fmt.Errorf("verify run: %w", err)
		}
		v.print("clean run of the final corpus", layout.Bytes+nb)
		diff, err := compareExports(filepath.Join(dir, "out"), out)
		if err != nil {
			return err
		}
		if len(diff) > 0 {
			return fmt.Errorf("exports differ between the incremental and the clean run: %s", strings.Join(diff, ", "))
		}
		fmt.Println("verify: exports of the incremental and the clean run are byte-identical")
	}

	if opt.scoring {
		if err := scoring(arts); err != nil {
			return err
		}
	}
	mbps := float64(layout.Bytes) / 1e6 / full.wall.Seconds()
	share := 100 * inc.wall.Seconds() / full.wall.Seconds()
	fmt.Printf("bars (issue 3 §8, issue 6 §7): %.2f MB/s end to end (>= 10: %s), peak RSS %.0f MB (< 500: %s), incremental %.1f%% of the full run (<= 5: %s)\n",
		mbps, pass(mbps >= 10), float64(max(full.maxRSS, inc.maxRSS))/1e6, pass(max(full.maxRSS, inc.maxRSS) < 500e6), share, pass(share <= 5))
	return nil
}

func pass(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// clean removes a report directory with its runs and state.
func clean(out string) {
	for _, p := range []string{out, out + ".runs", out + ".state.db", out + ".state.db-wal", out + ".state.db-shm", out + ".state.db.lock"} {
		os.RemoveAll(p)
	}
}

// runResult is what one newsframe run measured.
type runResult struct {
	wall   time.Duration
	maxRSS int64 // bytes
	user   time.Duration
	sys    time.Duration
	stages []stage
}

type stage struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// newsframe runs `newsframe run` and measures it.
func newsframe(bin, corpusDir, out string, workers int) (*runResult, error) {
	args := []string{"run", "--corpus", corpusDir, "--out", out, "--quiet"}
	if workers > 0 {
		args = append(args, "--workers", fmt.Sprint(workers))
	}
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w\n%s", bin, strings.Join(args, " "), err, stderr.String())
	}
	r := &runResult{wall: wall, user: cmd.ProcessState.UserTime(), sys: cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var m struct {
		Stages []stage `json:"stages"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	r.stages = m.Stages
	return r, nil
}

func (r *runResult) print(name string, bytes int64) {
	var parts []string
	for _, s := range r.stages {
		parts = append(parts, fmt.Sprintf("%s %.2fs", s.Name, s.Seconds))
	}
	fmt.Printf("%s: %.2fs wall (user %.2fs, sys %.2fs), %.2f MB/s, peak RSS %.0f MB; stages: %s\n",
		name, r.wall.Seconds(), r.user.Seconds(), r.sys.Seconds(), float64(bytes)/1e6/r.wall.Seconds(),
		float64(r.maxRSS)/1e6, strings.Join(parts, ", "))
}

// compareExports lists the export files that differ between two report
// directories: the JSON lines and CSV files, the charts' data included,
// but not the run history (manifest.json holds timings, and the HTML
// pages show the run time).
func compareExports(a, b string) ([]string, error) {
	// The report directories are links to their newest runs.
	var err error
	if a, err = filepath.EvalSymlinks(a); err != nil {
		return nil, err
	}
	if b, err = filepath.EvalSymlinks(b); err != nil {
		return nil, err
	}
	var names []string
	err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".csv" && ext != ".jsonl" || strings.HasPrefix(d.Name(), "history") {
			// The run history differs by design: one run against two.
			return nil
		}
		rel, err := filepath.Rel(a, path)
		if err != nil {
			return err
		}
		names = append(names, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("no exports in %s", a)
	}
	var diff []string
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			return nil, err
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil || !bytes.Equal(x, y) {
			diff = append(diff, n)
		}
	}
	return diff, nil
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load average unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "load average unknown"
	}
	return "load average " + strings.Join(f[:3], " ")
}
