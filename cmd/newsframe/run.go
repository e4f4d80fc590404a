package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/corpus"
	"newsframe/analysis/stats"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/internal/source"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/cmd/newsframe/internal/lock"
	"newsframe/cmd/newsframe/internal/logs"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
	"newsframe/cmd/newsframe/internal/publish"
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
	minArticles   int
	includeShared bool
	strict        bool
	// compareOutlets, compareBy, groups and minArticles set the
	// comparisons; jsonl adds the JSON-lines exports; allowRemoval lifts
	// the removal guard.
	compareOutlets int
	compareBy      string
	jsonl          bool
	allowRemoval   bool
	// topics is K of the topic model (-1: from the corpus size, 0: off);
	// refitTopics fits it again.
	topics      int
	refitTopics bool
	quiet       bool
	verbose     int
	logFormat   logs.Format
	data        dataOptions
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
			fs.IntVar(&opt.minArticles, "min-articles", stats.DefaultMinArticles, "articles each side needs before outlets are tested against each other (at least 2)")
			fs.BoolVar(&opt.includeShared, "include-shared", false, "keep wire/syndicated copy in outlet comparisons (default: excluded)")
			fs.BoolVar(&opt.strict, "strict", false, "treat bad input as failure (exit 1 instead of 4)")
			fs.IntVar(&opt.compareOutlets, "compare-outlets", 12, "compare the `N` largest outlets (or groups) on the pages; the rest are pooled as \"other outlets\"")
			fs.StringVar(&opt.compareBy, "compare-by", "", "compare groups formed by an article `field` (e.g. bias) instead of outlets")
			fs.StringVar(&opt.data.groups, "groups", "", "CSV `file` mapping outlets to groups (outlet,group): compare the groups")
			fs.BoolVar(&opt.jsonl, "jsonl", false, "also write paragraphs.jsonl and articles.jsonl")
			fs.BoolVar(&opt.allowRemoval, "allow-removal", false, "accept a run that removes more than 20% of the known articles")
			fs.IntVar(&opt.topics, "topics", topicsAuto, "number of document topics `K` (-1: √(articles/8) within [5, 100]; 0: no topic model)")
			fs.BoolVar(&opt.refitTopics, "refit-topics", false, "fit the topic model again (it is refitted by itself when new articles drift from it)")
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
				return fmt.Errorf("%w: unexpected argument %q: give corpus paths with --corpus (--corpus %s)", errUsage, fs.Arg(0), fs.Arg(0))
			}
			for _, c := range []struct {
				bad  bool
				rule string
			}{
				{opt.topTerms < 2, "--top-terms must be at least 2"},
				{opt.window < 0, "--window must be 0 (off) or more"},
				{opt.workers < 1, "--workers must be at least 1"},
				{opt.pages < 0, "--article-pages must be 0 or more"},
				{opt.storyPages < 0, "--story-pages must be 0 or more"},
				{opt.keep < 0, "--keep must be 0 (keep all) or more"},
				{opt.minArticles < 2, "--min-articles must be at least 2"},
				{opt.compareOutlets < 1, "--compare-outlets must be at least 1"},
				{opt.topics < -1 || opt.topics == 1 || opt.topics > 500, "--topics must be -1 (auto), 0 (off) or 2 to 500"},
			} {
				if c.bad {
					return fmt.Errorf("%w: %s", errUsage, c.rule)
				}
			}
			if err := checkData(opt.data); err != nil {
				return err
			}
			if opt.quiet {
				// Quiet is silent on success: the report path, the only
				// thing run writes to stdout, is not printed.
				quiet := *env
				quiet.stdout = io.Discard
				env = &quiet
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
	analyzer, err := article.NewAnalyzer(article.Config{Sentiment: l.model, Targets: l.targets,
		Stopwords: l.stopwords, Wire: l.wire, Levels: &l.levels})
	if err != nil {
		return err
	}

	cat, replaced, err := catalog.Open(ctx, statePath)
	if err != nil {
		return err
	}
	defer cat.Close()
	if replaced {
		log.Warn("the state was written by an older newsframe; it is replaced and every article analysed again", "state", statePath)
	}
	store, err := results.Open(statePath + ".results")
	if err != nil {
		return err
	}
	settings, err := cat.Read(ctx).Settings()
	if err != nil {
		return err
	}
	fp := l.settingsHash()
	build.SetFingerprint(manifest.Fingerprint{Model: l.modelHash, Lexicon: l.lexiconHash, Targets: l.targetsHash, Settings: fp})
	agg := &aggregate.Settings{CompareBy: opt.compareBy, IncludeShared: opt.includeShared, LabelPairs: l.labelPairs}
	analysis := fp + "|" + l.parseHash
	rescore := settings[settingAnalysis] != analysis || settings[settingSummaries] != agg.Fingerprint()
	tmp, err := os.MkdirTemp(filepath.Dir(statePath), ".newsframe-spill-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	stop = build.Stage("update")
	reporter.Start("analyse", 0)
	u := &updater{cat: cat, store: store, walker: walker, analyzer: analyzer,
		derive: &article.Deriver{Stopwords: l.stopwords, Wire: l.wire}, agg: agg, analysis: analysis,
		rescore: rescore && settings[settingAnalysis] != "", workers: opt.workers, tmp: tmp,
		opt: updateOptions{TopTerms: opt.topTerms, Window: opt.window, Wire: l.wire, AllowRemoval: opt.allowRemoval,
			Topics: opt.topics, RefitTopics: opt.refitTopics},
		topicStop: l.topicStop,
		log:       log, progress: reporter, manifest: build}
	err = u.update(ctx)
	reporter.Finish()
	stop()
	if err != nil {
		return err
	}
	build.AddCounts(u.counts)
	sk := u.skipped
	build.SetSkipped(manifest.Skipped{Unknown: sk.Unknown, ByExtension: sk.ByExtension, Paths: sk.Paths, Docs: sk.Docs,
		Hidden: sk.Hidden, Links: sk.Links, Special: sk.Special})
	if sk.Unknown > 0 {
		log.Info("files of unknown formats skipped", "files", sk.Unknown, "by_extension", sk.Extensions())
	}
	bad := 0
	for _, p := range u.problems {
		if p.Warning {
			build.AddWarning(p.Path, p.Line, p.Kind, p.Reason)
			log.Warn("input warning", "file", p.Path, "line", p.Line, "kind", p.Kind, "reason", p.Reason)
			continue
		}
		bad++
		build.AddBad(p.Path, p.Line, p.Kind+": "+p.Reason)
		log.Warn("bad input skipped", "file", p.Path, "line", p.Line, "kind", p.Kind, "reason", p.Reason)
	}
	log.Info("update done", "new", u.counts.New, "changed", u.counts.Changed,
		"unchanged", u.counts.Unchanged, "rescored", u.counts.Rescored,
		"removed", u.counts.Removed, "bad", bad, "articles read back", u.sweep.Loaded, "chunks written", u.sweep.Written)

	run, err := target.Begin(started)
	if err != nil {
		return err
	}
	build.SetRun(run.Name())
	if err := build.SetSettings(opt.manifestSettings(statePath)); err != nil {
		run.Abort()
		return err
	}
	rep := &reportWriter{cat: cat, store: store, u: u, l: l, opt: opt, log: log, progress: reporter, build: build,
		run: run, bad: bad, started: started}
	if err := rep.write(ctx); err != nil {
		run.Abort()
		return err
	}
	if bad > 0 && opt.strict {
		run.Abort()
		return fmt.Errorf("%d bad inputs (--strict); the report was not published", bad)
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
		"corpus":          corpus,
		"state":           statePath,
		"top_terms":       o.topTerms,
		"window":          o.window,
		"workers":         o.workers,
		"article_pages":   o.pages,
		"story_pages":     o.storyPages,
		"keep":            o.keep,
		"include_shared":  o.includeShared,
		"compare_outlets": o.compareOutlets,
		"compare_by":      o.compareBy,
		"groups":          o.data.groups,
		"min_articles":    o.minArticles,
		"jsonl":           o.jsonl,
		"strict":          o.strict,
		"targets_file":    o.data.targetsFile,
		"targets":         []string(o.data.targets),
		"stopwords":       o.data.stopwords,
		"boilerplate":     o.data.boilerplate,
		"label_pairs":     o.data.labelPairs,
		"csv_columns":     o.data.columns,
		"max_line":        o.data.maxLine,
		"thresholds":      o.data.thresholds,
		"topics":          o.topics,
		"refit_topics":    o.refitTopics,
	}
}

// defaultMemoryLimit is the soft limit of the Go heap when GOMEMLIMIT is
// not set: near it the collector runs more often instead of letting the
// heap double, which keeps a first run over a large corpus inside the
// memory the nightly job is given; above it (a much larger corpus) the
// collector takes at most half the CPU, so the run slows down rather than
// fails.
const defaultMemoryLimit = 768 << 20

// limitMemory sets defaultMemoryLimit unless the user set GOMEMLIMIT.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
