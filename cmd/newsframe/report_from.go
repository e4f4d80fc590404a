package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/stats"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/resultdir"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/internal/source"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/cmd/newsframe/internal/logs"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
	"newsframe/cmd/newsframe/internal/publish"
)

// reportOptions are the flags of `newsframe report`.
type reportOptions struct {
	from string
	run  runOptions
}

const reportSynopsis = `report --from DIR [--out OUT] [flags]

Renders the report and exports of a result directory written by the Beam
pipeline (newsframe-beam, cmd/newsframe-beam) into OUT (default ./out),
as newsframe run renders its own: the pipeline computes, this command
renders. The analysis settings (targets, label pairs, --compare-by,
--include-shared, --top-terms, --window) are those the pipeline ran with
(DIR/pipeline.json); the flags below only choose what the pages show.`

func init() {
	exitStatusHelp["report"] = `EXIT STATUS
  0  success
  1  failure (DIR cannot be read, or holds no articles)
  2  usage error: bad flag or argument, DIR is not a finished result
     directory, unreadable --groups file
  4  finished, but the pipeline skipped bad inputs
`
}

func newReportCommand() *command {
	return &command{
		name:    "report",
		summary: "render the report and exports of a Beam pipeline's results",
		run: func(ctx context.Context, env *environment, args []string) error {
			opt := reportOptions{run: runOptions{now: time.Now}}
			ro := &opt.run
			fs := newFlagSet(env, "report", reportSynopsis)
			fs.StringVar(&opt.from, "from", "", "result `dir` written by newsframe-beam (required)")
			fs.StringVar(&ro.out, "out", "out", "report `dir`: a link to the newest complete run in DIR.runs/")
			fs.IntVar(&ro.pages, "article-pages", 500, "number of article pages (most recent first); the exports hold every article")
			fs.IntVar(&ro.storyPages, "story-pages", 200, "number of stories with a page of their own (largest first)")
			fs.IntVar(&ro.keep, "keep", 5, "number of complete runs to keep in DIR.runs (0: all)")
			fs.IntVar(&ro.minArticles, "min-articles", stats.DefaultMinArticles, "articles each side needs before outlets are tested against each other (at least 2)")
			fs.IntVar(&ro.compareOutlets, "compare-outlets", 12, "compare the `N` largest outlets (or groups) on the pages; the rest are pooled as \"other outlets\"")
			fs.StringVar(&ro.data.groups, "groups", "", "CSV `file` mapping outlets to groups (outlet,group): compare the groups")
			fs.BoolVar(&ro.jsonl, "jsonl", false, "also write paragraphs.jsonl and articles.jsonl")
			fs.BoolVar(&ro.quiet, "quiet", false, "log warnings and errors only")
			fs.IntVar(&ro.verbose, "verbose", 0, "log `level`: 1 adds debug messages")
			fs.Var(&ro.logFormat, "log-format", "log format: text or json")
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			if fs.NArg() > 0 {
				return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
			}
			for _, c := range []struct {
				bad  bool
				rule string
			}{
				{opt.from == "", "--from DIR is required"},
				{ro.pages < 0, "--article-pages must be 0 or more"},
				{ro.storyPages < 0, "--story-pages must be 0 or more"},
				{ro.keep < 0, "--keep must be 0 (keep all) or more"},
				{ro.minArticles < 2, "--min-articles must be at least 2"},
				{ro.compareOutlets < 1, "--compare-outlets must be at least 1"},
			} {
				if c.bad {
					return fmt.Errorf("%w: %s", errUsage, c.rule)
				}
			}
			if ro.quiet {
				quiet := *env
				quiet.stdout = io.Discard
				env = &quiet
			}
			return runReport(ctx, env, &opt)
		},
	}
}

// runReport builds a catalog of the result directory in a temporary
// directory beside the report (articles, chunks, stories, summaries: what
// a first `newsframe run` over the same corpus commits) and renders it
// with run's report writer, which links the directory's Parquet files into
// the published run.
func runReport(ctx context.Context, env *environment, opt *reportOptions) error {
	ro := &opt.run
	started := ro.now().UTC()
	limitMemory()
	reporter, logw := progress.For(env.stderr, env.stderrIsTerminal, ro.quiet)
	log := logs.New(logw, ro.logFormat, logs.Level(ro.quiet, ro.verbose))
	build := manifest.NewBuilder(buildVersion(), ro.now)

	from, err := filepath.Abs(opt.from)
	if err != nil {
		return err
	}
	settings, err := readResultSettings(from)
	if err != nil {
		return err
	}
	ro.corpus = settings.Corpus
	ro.topTerms, ro.window = settings.TopTerms, settings.Window
	ro.compareBy, ro.includeShared = settings.CompareBy, settings.IncludeShared
	ro.data.targetsFile, ro.data.targets = settings.TargetsFile, settings.TargetFlags
	ro.data.stopwords, ro.data.boilerplate, ro.data.labelPairs = settings.Stopwords, settings.Boilerplate, settings.LabelPairsFile
	ro.data.columns, ro.data.maxLine = settings.CSVColumns, settings.MaxLine
	l := &loaded{targets: settings.Targets, labelPairs: settings.LabelPairs}
	if ro.data.groups != "" {
		if l.groups, err = loadGroups(ro.data.groups); err != nil {
			return err
		}
	}

	out, err := filepath.Abs(ro.out)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	target, err := publish.Open(out)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".newsframe-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cat, _, err := catalog.Open(ctx, filepath.Join(tmp, "catalog.db"))
	if err != nil {
		return err
	}
	defer cat.Close()

	stop := build.Stage("load")
	u, err := loadResultDir(ctx, cat, from)
	stop()
	if err != nil {
		return err
	}
	build.AddCounts(u.counts)
	bad := 0
	for _, p := range u.problems {
		if p.Warning {
			build.AddWarning(p.Path, p.Line, p.Kind, p.Reason)
			continue
		}
		bad++
		build.AddBad(p.Path, p.Line, p.Kind+": "+p.Reason)
	}
	log.Info("result directory read", "from", from, "articles", u.counts.New, "bad", bad)

	run, err := target.Begin(started)
	if err != nil {
		return err
	}
	build.SetRun(run.Name())
	ms := ro.manifestSettings("")
	if m, ok := ms.(map[string]any); ok {
		delete(m, "state")
		delete(m, "workers")
		m["from"] = from
		m["pipeline"] = settings.Version
	}
	if err := build.SetSettings(ms); err != nil {
		run.Abort()
		return err
	}
	rep := &reportWriter{cat: cat, store: &results.Store{Dir: from}, u: u, l: l, opt: ro, log: log, progress: reporter,
		build: build, run: run, bad: bad, started: started}
	if err := rep.write(ctx); err != nil {
		run.Abort()
		return err
	}
	if err := run.Commit(); err != nil {
		return fmt.Errorf("publish %s: %w", out, err)
	}
	if _, err := target.Prune(ro.keep); err != nil {
		log.Warn("pruning old runs failed", "err", err)
	}
	fmt.Fprintf(env.stdout, "%s\n", filepath.Join(out, "index.html"))
	if bad > 0 {
		return fmt.Errorf("%w: the pipeline skipped %d (see %s)", errPartial, bad, filepath.Join(out, "manifest.json"))
	}
	return nil
}

// readResultSettings reads DIR/pipeline.json, which the pipeline writes
// last: without it DIR is not a finished result directory.
func readResultSettings(dir string) (*resultdir.Settings, error) {
	b, err := os.ReadFile(filepath.Join(dir, resultdir.SettingsFile))
	if err != nil {
		return nil, fmt.Errorf("%w: --from %s is not a finished result directory of newsframe-beam: %v", errUsage, dir, err)
	}
	var s resultdir.Settings
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%w: --from %s: %s: %v", errUsage, dir, resultdir.SettingsFile, err)
	}
	return &s, nil
}

// loadResultDir fills the catalog from a result directory, in one
// transaction, and returns the updater the report writer reads: the
// corpus totals and co-occurrence, the problems, the counts of a first
// run.
func loadResultDir(ctx context.Context, cat *catalog.Store, dir string) (*updater, error) {
	u := &updater{cooc: &coocState{}}
	var err error
	if u.run, err = cat.ReserveRun(ctx); err != nil {
		return nil, err
	}
	tx, err := cat.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	storySet := map[string]bool{}
	indexRoot := filepath.Join(dir, resultdir.Index)
	err = filepath.WalkDir(indexRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		day, name, ok := chunkOfIndex(filepath.ToSlash(rel))
		if !ok {
			return fmt.Errorf("result directory: unexpected file %s", rel)
		}
		n, err := putIndex(tx, path, storySet)
		if err != nil {
			return err
		}
		c := catalog.Chunk{Day: day, Name: name, Rows: int64(n),
			Articles:   results.ChunkPath(results.Articles, day, name, resultdir.Run),
			Paragraphs: results.ChunkPath(results.Paragraphs, day, name, resultdir.Run)}
		for _, f := range []string{c.Articles, c.Paragraphs} {
			st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				return fmt.Errorf("result directory: chunk %q of day %q: %w", name, day, err)
			}
			c.Bytes += st.Size()
		}
		u.counts.New += n
		return tx.PutChunk(c)
	})
	if err != nil {
		return nil, err
	}
	if u.counts.New == 0 {
		return nil, fmt.Errorf("result directory %s holds no articles", dir)
	}
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range storySet {
			if !yield(id) {
				return
			}
		}
	}) {
		members, err := tx.StoryArticles(id)
		if err != nil {
			return nil, err
		}
		s := storyOf(id, members)
		s.Run = u.run
		if err := tx.PutStory(s); err != nil {
			return nil, err
		}
	}

	err = readRecordsFile(filepath.Join(dir, resultdir.SummariesFile), func(name string, data []byte) error {
		var dst binaryCodec
		switch name {
		case summaryTotals:
			u.totals = terms.NewCounts()
			dst = u.totals
		case summaryCooc:
			u.cooc.cooc = &terms.Cooccur{}
			dst = u.cooc.cooc
		case summaryWindow:
			u.cooc.window = &terms.Cooccur{}
			dst = u.cooc.window
		}
		if dst != nil {
			if err := dst.UnmarshalBinary(data); err != nil {
				return fmt.Errorf("summary %s: %w", name, err)
			}
		}
		return tx.PutSummary(name, data)
	})
	if err != nil {
		return nil, err
	}
	if u.totals == nil {
		return nil, fmt.Errorf("result directory %s: no corpus totals in %s", dir, resultdir.SummariesFile)
	}
	err = readRecordsFile(filepath.Join(dir, resultdir.DaysFile), func(key string, data []byte) error {
		day, cell := resultdir.SplitDayKey(key)
		return tx.PutDay(day, cell, data)
	})
	if err != nil {
		return nil, err
	}
	if u.problems, err = readProblems(filepath.Join(dir, resultdir.ProblemsFile)); err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

// chunkOfIndex parses the day and chunk of an index file's path.
func chunkOfIndex(rel string) (day, name string, ok bool) {
	dir, file, _ := strings.Cut(strings.TrimPrefix(rel, resultdir.Index+"/"), "/")
	day, ok = strings.CutPrefix(dir, "day=")
	if !ok {
		return "", "", false
	}
	if day == results.Undated {
		day = ""
	}
	name, ok = strings.CutPrefix(file, "part-")
	if !ok {
		return "", "", false
	}
	name, ok = strings.CutSuffix(name, fmt.Sprintf(".r%d.jsonl", resultdir.Run))
	return day, name, ok && resultdir.IndexPath(day, name) == rel
}

// putIndex stores the articles of an index file and notes their stories.
func putIndex(tx *catalog.Tx, path string, stories map[string]bool) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	n := 0
	for {
		var a resultdir.Article
		if err := dec.Decode(&a); errors.Is(err, io.EOF) {
			return n, nil
		} else if err != nil {
			return n, fmt.Errorf("%s: article %d: %w", path, n+1, err)
		}
		c := catalog.Article{ID: a.ID, Hash: a.Hash, Settings: a.Settings, File: a.File, Line: a.Line, Outlet: a.Outlet,
			Day: a.Day, Chunk: a.Chunk, Story: a.Story, Title: a.Title, Terms: a.Terms}
		if a.Published != nil {
			c.Published = *a.Published
		}
		if err := tx.PutArticle(&c); err != nil {
			return n, err
		}
		if a.Story != "" {
			stories[a.Story] = true
		}
		n++
	}
}

// readRecordsFile calls fn for each record of a records file; a missing
// file has none.
func readRecordsFile(path string, fn func(key string, data []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("result directory: %w", err)
	}
	defer f.Close()
	if err := resultdir.ReadRecords(f, fn); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readProblems reads the pipeline's bad inputs and warnings; a missing
// file means none.
func readProblems(path string) ([]source.Problem, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []source.Problem
	dec := json.NewDecoder(bufio.NewReader(f))
	for {
		var p source.Problem
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, p)
	}
}
