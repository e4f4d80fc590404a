// Command benchrun is newsframe's end-to-end benchmark (`make bench`,
// issue 10 §5). For each corpus it names it builds the input in a work
// directory, then
//
//  1. runs `newsframe run` over the base corpus from scratch in a child
//     process: wall time, input MB/s (uncompressed JSON bytes per second
//     of wall time), peak RSS of the child (getrusage ru_maxrss of the
//     waited-for process) and the stage durations of the run's manifest;
//  2. adds the newest 1% of the articles (-pct) and runs again on the
//     same state: the incremental run's wall time as a share of the full
//     run's, and what it read back and wrote (the "update done" log line);
//  3. measures the disk footprint: the state (SQLite catalog and Parquet
//     result store) plus the published run, as a multiple of the input
//     bytes, and what the previous run, kept, adds (hard-linked files
//     counted once);
//  4. with -verify, runs once more from scratch over the final corpus and
//     compares the exports: CSV (and JSON-lines) byte for byte, Parquet
//     rows per partition;
//  5. measures the scoring path's ns per paragraph on the source articles
//     in this process (-scoring).
//
// It ends each corpus with a Markdown table of the figures against the
// issue's bars, and all of them with one table of one line per corpus,
// ready for the README's Speed section.
//
// The corpora (all built from -data, ../shared/corpus):
//
//   - bbc: the BBC set replicated to -mb megabytes over -outlets outlets,
//     copies lightly mutated (see [replicator]); it is undated, so the
//     1% are a further mutated copy of every m-th article in a new file;
//   - allsides: allsides/articles.jsonl.gz as it is, gzipped; the base is
//     every article but the newest 1% (latest dates), which the
//     incremental run adds in a file of their own;
//   - allsides-x4: the same, four copies with dates shifted by whole years
//     (see [shiftStep], [copyLine]): four times larger, not four times
//     more duplicate; the newest 1% come from the latest copy.
//
// -limit N takes the first N articles of the source of each corpus, for
// quick checks of the harness.
//
// Usage:
//
//	go run ./cmd/benchrun [-corpora "bbc allsides allsides-x4"] [-data ../shared/corpus] [-mb 100] [-limit N] [-bin bin/newsframe] [-dir DIR] [-keep] [-verify] [-profile DIR]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

type options struct {
	data       string
	corpora    string
	mb         float64
	limit      int
	bin        string
	dir        string
	keep       bool
	pct        float64
	outlets    int
	workers    int
	verify     bool
	jsonl      bool
	scoring    bool
	scoringMax int
	runs       int
	profile    string
}

func main() {
	var opt options
	flag.StringVar(&opt.data, "data", "../shared/corpus", "`dir` of the source corpora (bbc/articles.jsonl, allsides/articles.jsonl.gz)")
	flag.StringVar(&opt.corpora, "corpora", "bbc allsides", "corpora to run, separated by spaces or commas: bbc, allsides, allsides-x4")
	flag.Float64Var(&opt.mb, "mb", 100, "bbc: replicate to at least this many `megabytes` (10^6 bytes)")
	flag.IntVar(&opt.limit, "limit", 0, "take only the first `N` articles of each source (0: all)")
	flag.StringVar(&opt.bin, "bin", "bin/newsframe", "newsframe `binary` to run")
	flag.StringVar(&opt.dir, "dir", "", "work `dir` (default: a new temporary directory, removed afterwards)")
	flag.BoolVar(&opt.keep, "keep", false, "keep the work directory")
	flag.Float64Var(&opt.pct, "pct", 1, "articles added for the incremental run, in `percent` of the corpus's")
	flag.IntVar(&opt.outlets, "outlets", 5, "bbc: number of outlets the copies are spread over")
	flag.IntVar(&opt.workers, "workers", 0, "--workers for newsframe (0: its default, the number of CPUs)")
	flag.BoolVar(&opt.verify, "verify", false, "also run once over the final corpus from scratch and compare the exports (CSV byte for byte, Parquet rows)")
	flag.BoolVar(&opt.jsonl, "jsonl", false, "pass --jsonl to newsframe (JSON-lines exports, compared by -verify too)")
	flag.BoolVar(&opt.scoring, "scoring", true, "measure the scoring path's ns per paragraph")
	flag.IntVar(&opt.scoringMax, "scoring-max", 2500, "score at most this many `articles` of each source")
	flag.IntVar(&opt.runs, "runs", 1, "full runs to time (from scratch each; the fastest is reported)")
	flag.StringVar(&opt.profile, "profile", "", "write CPU and heap profiles of the full and incremental runs into `dir` (NEWSFRAME_CPUPROFILE, NEWSFRAME_HEAPPROFILE)")
	flag.Parse()
	if err := run(opt); err != nil {
		fmt.Fprintf(os.Stderr, "benchrun: %v\n", err)
		os.Exit(1)
	}
}

// corpusNames splits the -corpora list and checks the names.
func corpusNames(list string) ([]string, error) {
	names := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(names) == 0 {
		return nil, fmt.Errorf("-corpora: no corpus named")
	}
	for _, n := range names {
		switch n {
		case "bbc", "allsides", "allsides-x4":
		default:
			return nil, fmt.Errorf("-corpora: unknown corpus %q (want bbc, allsides or allsides-x4)", n)
		}
	}
	return names, nil
}

func run(opt options) error {
	names, err := corpusNames(opt.corpora)
	if err != nil {
		return err
	}
	bin, err := filepath.Abs(opt.bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("newsframe binary: %w (run make build)", err)
	}
	opt.bin = bin
	if opt.profile != "" {
		if opt.profile, err = filepath.Abs(opt.profile); err != nil {
			return err
		}
		if err := os.MkdirAll(opt.profile, 0o755); err != nil {
			return err
		}
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
	if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	fmt.Printf("machine: %d CPUs, GOMAXPROCS %d, load average %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage())

	var reports []*corpusReport
	rss := map[string]int64{}
	for _, name := range names {
		work := filepath.Join(dir, name)
		os.RemoveAll(work)
		rep, err := benchCorpus(opt, name, work)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rss[name] = rep.full.maxRSS
		if name == "allsides-x4" && rss["allsides"] > 0 {
			rep.rssOfX1 = rss["allsides"]
		}
		rep.printTable(os.Stdout)
		reports = append(reports, rep)
		if !opt.keep {
			os.RemoveAll(work)
		}
	}
	// The x4 bar needs the x1 figure: fill it in when x1 came after.
	for _, r := range reports {
		if r.name == "allsides-x4" && r.rssOfX1 == 0 && rss["allsides"] > 0 {
			r.rssOfX1 = rss["allsides"]
			fmt.Printf("\nallsides-x4: peak RSS %.2f× the allsides run's (bar: ≤ 1.25×: %s)\n",
				float64(r.full.maxRSS)/float64(r.rssOfX1), pass(float64(r.full.maxRSS) <= 1.25*float64(r.rssOfX1)))
		}
	}
	printSummary(os.Stdout, reports)
	if opt.keep {
		fmt.Printf("\nwork directory kept: %s\n", dir)
	}
	return nil
}

// builtCorpus is a benchmark corpus on disk: the base in Dir, which the
// full run reads, and the added articles in Pending, which are moved into
// Dir before the incremental run.
type builtCorpus struct {
	Dir, Pending string
	Base, Added  inputSize
	Outlets      int
	// Description says how the corpus was built.
	Description string
	// Source holds source articles for the scoring measurement.
	Source []sourceArticle
}

// buildCorpus builds the named corpus under work.
func buildCorpus(opt options, name, work string) (*builtCorpus, error) {
	c := &builtCorpus{Dir: filepath.Join(work, "corpus"), Pending: filepath.Join(work, "pending")}
	switch name {
	case "bbc":
		path := filepath.Join(opt.data, "bbc", "articles.jsonl")
		arts, size, err := readSource(path, opt.limit)
		if err != nil {
			return nil, err
		}
		rep := newReplicator(arts, opt.outlets)
		l, err := rep.replicate(c.Dir, int64(opt.mb*1e6))
		if err != nil {
			return nil, err
		}
		n, nb, err := rep.addNew(l, opt.pct, c.Pending)
		if err != nil {
			return nil, err
		}
		c.Base = inputSize{Files: l.Copies, Articles: l.Articles, JSONBytes: l.Bytes, FileBytes: l.Bytes}
		c.Added = inputSize{Files: 1, Articles: n, JSONBytes: nb, FileBytes: nb}
		c.Outlets = min(opt.outlets, l.Copies)
		c.Description = fmt.Sprintf("%s (%s articles, %.1f MB) replicated %d times over %d outlets, copies after the first mutated; the +%g%%: a further mutated copy of every m-th article (the set is undated)",
			path, thousands(int64(len(arts))), float64(size)/1e6, l.Copies, c.Outlets, opt.pct)
		c.Source = arts
	case "allsides", "allsides-x4":
		path := filepath.Join(opt.data, "allsides", "articles.jsonl.gz")
		src, err := readDatedSource(path, opt.limit)
		if err != nil {
			return nil, err
		}
		copies := 1
		if name == "allsides-x4" {
			copies = 4
		}
		l, err := buildDated(src, copies, opt.pct, c.Dir, c.Pending)
		if err != nil {
			return nil, err
		}
		c.Base, c.Added, c.Outlets = l.Base, l.New, l.Outlets
		c.Description = fmt.Sprintf("%s (%s gzipped) as it is: %s articles, %s JSON", path, mb(src.FileBytes),
			thousands(int64(len(src.Records))), mb(src.JSONBytes))
		if opt.limit > 0 {
			c.Description = fmt.Sprintf("the first %s articles of %s (%s JSON)", thousands(int64(len(src.Records))), path, mb(src.JSONBytes))
		}
		if copies > 1 {
			var shifts []string
			for k := range copies {
				shifts = append(shifts, fmt.Sprintf("+%d", k*l.Step))
			}
			c.Description += fmt.Sprintf(", %d copies with dates shifted by %s years and ids suffixed -c1 ... -c%d", copies, strings.Join(shifts, ", "), copies-1)
		}
		c.Description += fmt.Sprintf(", written gzipped; %s of the articles undated; the +%g%%: the newest articles by date, in a file of their own", thousands(int64(l.Undated)), opt.pct)
		if opt.scoring && name == "allsides" {
			if c.Source, _, err = readSource(path, min(len(src.Records), opt.scoringMax)); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("unknown corpus %q", name)
	}
	if len(c.Source) > opt.scoringMax {
		c.Source = c.Source[:opt.scoringMax]
	}
	return c, nil
}

// corpusReport is what benchCorpus measured on one corpus.
type corpusReport struct {
	name, description string
	base, added       inputSize
	outlets           int
	full, inc, clean  *runResult
	// share is the incremental run's wall time over the full run's.
	share float64
	// pct is -pct: the articles added, in percent of the corpus's.
	pct float64
	// afterFull is the footprint after the full run, afterInc after the
	// incremental one (with the full run kept).
	afterFull, afterInc footprint
	verify              *exportComparison
	// rssOfX1 is the allsides run's peak RSS, for allsides-x4's bar.
	rssOfX1        int64
	loadStart      string
	loadEnd        string
	scoringNs      [2]float64 // scoring path, whole analysis: ns per paragraph CPU
	scoringParas   int
	cpus           int
	profiles       []string
	incrementalErr string
}

func benchCorpus(opt options, name, work string) (*corpusReport, error) {
	fmt.Printf("\n== %s\n", name)
	start := time.Now()
	c, err := buildCorpus(opt, name, work)
	if err != nil {
		return nil, err
	}
	rep := &corpusReport{name: name, description: c.Description, base: c.Base, added: c.Added, outlets: c.Outlets, pct: opt.pct,
		cpus: runtime.NumCPU(), loadStart: loadAverage()}
	fmt.Printf("corpus: %s\nbuilt in %.1fs: base %s articles (files: %d), %.1f MB JSON (%.1f MB on disk) in %s; +%s articles, %.2f MB JSON, pending in %s\n",
		c.Description, time.Since(start).Seconds(), thousands(int64(c.Base.Articles)), c.Base.Files, float64(c.Base.JSONBytes)/1e6,
		float64(c.Base.FileBytes)/1e6, c.Dir, thousands(int64(c.Added.Articles)), float64(c.Added.JSONBytes)/1e6, c.Pending)

	out := filepath.Join(work, "out")
	for i := 0; i < max(1, opt.runs); i++ {
		clean(out)
		r, err := newsframe(opt, c.Dir, out, rep.profileEnv(opt, "full"))
		if err != nil {
			return nil, fmt.Errorf("full run: %w", err)
		}
		r.print(fmt.Sprintf("full run %d", i+1), c.Base.JSONBytes)
		if rep.full == nil || r.wall < rep.full.wall {
			rep.full = r
		}
	}
	if rep.afterFull, err = measureFootprint(out); err != nil {
		return nil, err
	}

	if err := movePending(c.Pending, c.Dir); err != nil {
		return nil, err
	}
	if rep.inc, err = newsframe(opt, c.Dir, out, rep.profileEnv(opt, "incremental")); err != nil {
		return nil, fmt.Errorf("incremental run: %w", err)
	}
	rep.inc.print("incremental run", c.Added.JSONBytes)
	rep.share = rep.inc.wall.Seconds() / rep.full.wall.Seconds()
	if rep.afterInc, err = measureFootprint(out); err != nil {
		return nil, err
	}
	if got, want := rep.inc.counts["new"], int64(c.Added.Articles); got != want {
		// Articles the incremental run did not see as new would make its
		// time meaningless.
		rep.incrementalErr = fmt.Sprintf("the incremental run saw %d new articles, %d were added", got, want)
		fmt.Println("warning:", rep.incrementalErr)
	}

	if opt.verify {
		vout := filepath.Join(work, "verify")
		clean(vout)
		if rep.clean, err = newsframe(opt, c.Dir, vout, nil); err != nil {
			return nil, fmt.Errorf("verify run: %w", err)
		}
		rep.clean.print("clean run of the final corpus", c.Base.JSONBytes+c.Added.JSONBytes)
		if rep.verify, err = compareExports(out, vout); err != nil {
			return nil, err
		}
		if len(rep.verify.Diff) > 0 {
			fmt.Printf("verify: exports differ between the incremental and the clean run:\n  %s\n", strings.Join(rep.verify.Diff, "\n  "))
		} else {
			fmt.Printf("verify: %d CSV/JSON-lines exports byte-identical, %s Parquet rows equal in %d partitions\n",
				rep.verify.Files, thousands(rep.verify.Rows), rep.verify.Partitions)
		}
	}

	if opt.scoring && len(c.Source) > 0 {
		paras, ns, err := scoring(c.Source)
		if err != nil {
			return nil, err
		}
		rep.scoringParas, rep.scoringNs = paras, ns
	}
	rep.loadEnd = loadAverage()
	return rep, nil
}

// profileEnv returns the environment that makes newsframe write its CPU
// and heap profiles into -profile, or nil.
func (r *corpusReport) profileEnv(opt options, run string) []string {
	if opt.profile == "" {
		return nil
	}
	cpu := filepath.Join(opt.profile, r.name+"-"+run+".cpu.pprof")
	heap := filepath.Join(opt.profile, r.name+"-"+run+".heap.pprof")
	r.profiles = append(r.profiles, cpu, heap)
	return []string{"NEWSFRAME_CPUPROFILE=" + cpu, "NEWSFRAME_HEAPPROFILE=" + heap}
}

// movePending moves the files of the pending directory into the corpus.
func movePending(pending, dir string) error {
	entries, err := os.ReadDir(pending)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(pending, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// clean removes a report directory with its runs and state.
func clean(out string) {
	for _, p := range []string{out, out + ".runs", out + ".state.db", out + ".state.db-wal", out + ".state.db-shm",
		out + ".state.db.lock", out + ".state.db.results"} {
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
	// counts are the numbers of the "update done" log line: new, changed,
	// unchanged, removed, "articles read back", "chunks written", ...
	counts map[string]int64
}

type stage struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// exitPartial is newsframe's exit status for a run that skipped bad
// input.
const exitPartial = 4

// newsframe runs `newsframe run` over corpusDir into out and measures it;
// env adds to the environment.
func newsframe(opt options, corpusDir, out string, env []string) (*runResult, error) {
	args := []string{"run", "--corpus", corpusDir, "--out", out, "--log-format", "json"}
	if opt.workers > 0 {
		args = append(args, "--workers", fmt.Sprint(opt.workers))
	}
	if opt.jsonl {
		args = append(args, "--jsonl")
	}
	cmd := exec.Command(opt.bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == exitPartial {
		// The run finished and published; bad input lines were skipped
		// (they are in the manifest).
		fmt.Printf("warning: %s: newsframe skipped bad input (exit status %d); see %s\n",
			corpusDir, exitPartial, filepath.Join(out, "manifest.json"))
		err = nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w\n%s", opt.bin, strings.Join(args, " "), err, stderr.String())
	}
	r := &runResult{wall: wall, user: cmd.ProcessState.UserTime(), sys: cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	if r.counts, err = updateCounts(stderr.Bytes()); err != nil {
		return nil, err
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

// updateCounts returns the numbers of the JSON log line whose msg is
// "update done".
func updateCounts(log []byte) (map[string]int64, error) {
	for _, line := range bytes.Split(log, []byte("\n")) {
		if !bytes.Contains(line, []byte(`"update done"`)) {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil || rec["msg"] != "update done" {
			continue
		}
		counts := map[string]int64{}
		for k, v := range rec {
			if f, ok := v.(float64); ok {
				counts[k] = int64(f)
			}
		}
		return counts, nil
	}
	return nil, fmt.Errorf(`no "update done" line in newsframe's log:\n%s`, log)
}

func (r *runResult) print(name string, bytes int64) {
	fmt.Printf("%s: %.2fs wall (user %.2fs, sys %.2fs), %.2f MB/s, peak RSS %.0f MB; stages: %s; update: %s\n",
		name, r.wall.Seconds(), r.user.Seconds(), r.sys.Seconds(), float64(bytes)/1e6/r.wall.Seconds(),
		float64(r.maxRSS)/1e6, r.stageList(), r.countList())
}

func (r *runResult) stageList() string {
	var parts []string
	for _, s := range r.stages {
		parts = append(parts, fmt.Sprintf("%s %s", s.Name, seconds(s.Seconds)))
	}
	return strings.Join(parts, ", ")
}

func (r *runResult) countList() string {
	var parts []string
	for _, k := range []string{"new", "changed", "unchanged", "removed", "articles read back", "chunks written"} {
		if v, ok := r.counts[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", k, thousands(v)))
		}
	}
	return strings.Join(parts, ", ")
}

// loadAverage is the 1, 5 and 15-minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
