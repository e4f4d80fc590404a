package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"newsframe/analysis/corpus"
	"newsframe/analysis/pipeline"
	"newsframe/cmd/newsframe/internal/lock"
	"newsframe/cmd/newsframe/internal/logs"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
	"newsframe/cmd/newsframe/internal/publish"
	"newsframe/cmd/newsframe/internal/source"
	"newsframe/cmd/newsframe/internal/state"
)

// runOptions are the flags of `newsframe run`.
type runOptions struct {
	corpus        listFlag
	out           string
	statePath     string
	topTerms      int
	window        int
	workers       int
	pages         int
	storyPages    int
	keep          int
	includeShared bool
	strict        bool
	quiet         bool
	verbose       int
	logFormat     logs.Format
	data          dataOptions
	// now is the clock; tests fix it.
	now func() time.Time
}

const runSynopsis = `run [--corpus PATH]... [--out DIR] [flags]

Analyses a corpus and writes an HTML report with data exports to DIR
(default ./out). Without --corpus it analyses the sample corpus built into
the binary. A corpus path is a directory tree (.txt/.md/.jsonl/.jsonl.gz/
.csv/.html files; an article's outlet is its own field, else its first folder)
or a single file. Runs are incremental: the state (--state) remembers what
was analysed, and only new or changed articles are analysed again.`

func newRunCommand() *command {
	return &command{
		name:    "run",
		summary: "analyse a corpus and write the report and exports",
		run: func(ctx context.Context, env *environment, args []string) error {
			opt := runOptions{now: time.Now}
			fs := newFlagSet(env, "run", runSynopsis)
			fs.Var(&opt.corpus, "corpus", "corpus `path` (directory, .jsonl, .csv, .txt, .html...); repeatable; default: the embedded sample")
			fs.StringVar(&opt.out, "out", "out", "report `dir`: a link to the newest complete run in DIR.runs/")
			fs.StringVar(&opt.statePath, "state", "", "state database `path` (default DIR.state.db beside the report)")
			fs.IntVar(&opt.topTerms, "top-terms", 200, "number of top terms (words and phrases) in the co-occurrence matrix")
			fs.IntVar(&opt.window, "window", 0, "also count co-occurrence within sliding windows of this many term positions (0: off)")
			fs.IntVar(&opt.workers, "workers", runtime.NumCPU(), "analysis workers")
			fs.IntVar(&opt.pages, "article-pages", 500, "number of article pages (most recent first); the exports hold every article")
			fs.IntVar(&opt.storyPages, "story-pages", 200, "number of stories with a page of their own (largest first)")
			fs.IntVar(&opt.keep, "keep", 5, "number of complete runs to keep in DIR.runs (0: all)")
			fs.BoolVar(&opt.includeShared, "include-shared", false, "keep wire/syndicated copy in outlet comparisons (default: excluded)")
			fs.BoolVar(&opt.strict, "strict", false, "treat bad input as failure (exit 1 instead of 4)")
			fs.BoolVar(&opt.quiet, "quiet", false, "log warnings and errors only, no progress bar")
			fs.IntVar(&opt.verbose, "verbose", 0, "log `level`: 1 adds debug messages")
			fs.Var(&opt.logFormat, "log-format", "log format: text or json")
			fs.StringVar(&opt.data.targetsFile, "targets", "", "stance targets `file` (.toml or .yaml; unknown keys are errors)")
			fs.Var(&opt.data.targets, "target", "stance target \"Name=alias1,alias2\"; repeatable")
			fs.StringVar(&opt.data.stopwords, "stopwords", "", "stopword list `file` replacing the built-in one")
			fs.StringVar(&opt.data.boilerplate, "boilerplate", "", "extra boilerplate patterns `file` (added to the built-in list)")
			fs.StringVar(&opt.data.labelPairs, "label-pairs", "", "competing-label pairs `file` replacing the built-in list")
			fs.StringVar(&opt.data.columns, "csv-columns", "", "CSV column mapping, e.g. \"text=body,title=headline,published=date\"")
			fs.IntVar(&opt.data.maxLine, "max-line", corpus.DefaultMaxLine, "longest JSON line or CSV record in `bytes`; longer ones are reported and skipped")
			fs.StringVar(&opt.data.thresholds, "thresholds", "", "label thresholds `file` (from eval --fit-thresholds; default: built-in)")
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			if fs.NArg() > 0 {
				return fmt.Errorf("%w: unexpected argument %q (corpus paths go after --corpus)", errUsage, fs.Arg(0))
			}
			if opt.topTerms < 2 || opt.window < 0 || opt.workers < 1 || opt.pages < 0 || opt.keep < 0 {
				return fmt.Errorf("%w: --top-terms must be >= 2, --workers >= 1, --window, --article-pages and --keep >= 0", errUsage)
			}
			return runRun(ctx, env, &opt)
		},
	}
}

// runRun is the whole batch job: lock, ingest, aggregate, render, publish.
func runRun(ctx context.Context, env *environment, opt *runOptions) error {
	started := opt.now().UTC()
	limitMemory() // for the whole run: the aggregation, not the ingest, peaks
	reporter, logw := progress.For(env.stderr, env.stderrIsTerminal, opt.quiet)
	log := logs.New(logw, opt.logFormat, logs.Level(opt.quiet, opt.verbose))
	build := manifest.NewBuilder(buildVersion(), opt.now)

	out, err := filepath.Abs(opt.out)
	if err != nil {
		return err
	}
	// A corpus path that does not exist is a usage error, found before
	// anything is locked or created.
	var roots []source.Root
	if len(opt.corpus) == 0 {
		roots = []source.Root{source.Sample()}
	} else if roots, err = source.Open(opt.corpus...); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	statePath := opt.statePath
	if statePath == "" {
		statePath = out + ".state.db"
	}
	if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
		return fmt.Errorf("state directory: %w", err)
	}
	lk, err := lock.Acquire(lock.FileFor(statePath), lock.Self())
	if err != nil {
		if errors.Is(err, lock.ErrLocked) {
			return fmt.Errorf("%w: %v", errLocked, err)
		}
		return err
	}
	defer lk.Unlock()
	if lk.Recovered != nil {
		log.Warn("recovered a lock left by a process that died", "holder", lk.Recovered.String())
	}

	target, err := publish.Open(out)
	if err != nil {
		return err
	}

	stop := build.Stage("load")
	l, err := load(opt.data, true)
	stop()
	if err != nil {
		return err
	}
	walker := source.New(roots, source.Options{Corpus: corpus.Options{
		Boilerplate: l.boilerplate, MaxLine: opt.data.maxLine, Columns: l.columns}})
	analyzer, err := pipeline.NewAnalyzer(pipeline.Config{Sentiment: l.model, Targets: l.targets,
		Stopwords: l.stopwords, Wire: l.wire, Levels: &l.levels})
	if err != nil {
		return err
	}

	store, err := state.Open(ctx, statePath)
	if err != nil {
		return err
	}
	defer store.Close()
	fp := state.Fingerprint{Model: l.modelHash, Lexicon: l.lexiconHash, Targets: l.targetsHash, Settings: l.settingsHash()}
	build.SetFingerprint(manifest.Fingerprint(fp))
	settings, err := store.Settings(ctx)
	if err != nil {
		return err
	}
	reparse := settings["parse"] != l.parseHash

	stop = build.Stage("ingest")
	reporter.Start("analyse", 0)
	in := &ingester{store: store, walker: walker, analyzer: analyzer, settings: fp.Settings,
		reparse: reparse, workers: opt.workers, log: log, progress: reporter, manifest: build}
	ing, err := in.run(ctx)
	reporter.Finish()
	stop()
	if err != nil {
		return err
	}
	tx, err := store.Begin(ctx)
	if err != nil {
		return err
	}
	if err := tx.SetFingerprint(fp); err == nil {
		err = tx.SetSetting("parse", l.parseHash)
	}
	if err == nil {
		err = tx.Commit()
	} else {
		tx.Rollback()
	}
	if err != nil {
		return err
	}
	build.AddCounts(ing.counts)
	bad := 0
	for _, p := range ing.problems {
		if p.Warning {
			log.Warn("input warning", "file", p.Path, "line", p.Line, "kind", p.Kind, "reason", p.Reason)
			continue
		}
		bad++
		build.AddBad(p.Path, p.Line, p.Kind+": "+p.Reason)
		log.Warn("bad input skipped", "file", p.Path, "line", p.Line, "kind", p.Kind, "reason", p.Reason)
	}
	log.Info("ingest done", "new", ing.counts.New, "changed", ing.counts.Changed,
		"unchanged", ing.counts.Unchanged, "rescored", ing.counts.Rescored,
		"removed", ing.counts.Removed, "bad", bad)

	// Aggregate, render and publish into a new run directory.
	run, err := target.Begin(started)
	if err != nil {
		return err
	}
	build.SetRun(run.Name())
	if err := build.SetSettings(opt.manifestSettings(statePath)); err != nil {
		run.Abort()
		return err
	}
	rep := &reportWriter{store: store, l: l, opt: opt, log: log, progress: reporter, build: build,
		run: run, ing: ing, bad: bad, started: started}
	if err := rep.write(ctx); err != nil {
		run.Abort()
		return err
	}
	if err := run.Commit(); err != nil {
		return fmt.Errorf("publish %s: %w", out, err)
	}
	if removed, err := target.Prune(opt.keep); err != nil {
		log.Warn("pruning old runs failed", "err", err)
	} else if len(removed) > 0 {
		log.Debug("old runs removed", "runs", strings.Join(removed, ", "))
	}
	fmt.Fprintf(env.stdout, "%s\n", filepath.Join(out, "index.html"))
	if bad > 0 {
		if opt.strict {
			return fmt.Errorf("%d bad inputs (--strict)", bad)
		}
		return fmt.Errorf("%w: %d skipped (see %s)", errPartial, bad, filepath.Join(out, "manifest.json"))
	}
	return nil
}

// manifestSettings are the settings recorded in manifest.json.
func (o *runOptions) manifestSettings(statePath string) any {
	corpus := []string(o.corpus)
	if len(corpus) == 0 {
		corpus = []string{"(embedded sample)"}
	}
	return map[string]any{
		"corpus":         corpus,
		"state":          statePath,
		"top_terms":      o.topTerms,
		"window":         o.window,
		"workers":        o.workers,
		"article_pages":  o.pages,
		"story_pages":    o.storyPages,
		"keep":           o.keep,
		"include_shared": o.includeShared,
		"strict":         o.strict,
		"targets_file":   o.data.targetsFile,
		"targets":        []string(o.data.targets),
		"stopwords":      o.data.stopwords,
		"boilerplate":    o.data.boilerplate,
		"label_pairs":    o.data.labelPairs,
		"csv_columns":    o.data.columns,
		"max_line":       o.data.maxLine,
		"thresholds":     o.data.thresholds,
	}
}
