// Command newsframe-beam runs newsframe's analysis as an Apache Beam
// pipeline: on the prism runner in this process (the default), or on
// Flink, Spark (--runner=universal --endpoint=HOST:PORT) and Google Cloud
// Dataflow (--runner=dataflow). It writes a result directory (see package
// cmd/internal/resultdir) that `newsframe report --from DIR --out OUT`
// renders into the report and exports a local `newsframe run` gives.
//
// Usage:
//
//	newsframe-beam --corpus PATH... --out DIR [flags] [Beam flags]
//
// It is a module of its own (cmd/newsframe-beam/go.mod) so that the Beam
// SDK stays out of the newsframe binary and its build.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"newsframe/analysis/corpus"
	"newsframe/analysis/stance"
	"newsframe/cmd/internal/resultdir"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// options are the command's own flags (Beam's, such as --runner, are
// registered by the SDK).
type options struct {
	corpus, targets                                  listFlag
	out, targetsFile, stopwords, boilerplate, labels string
	columns, compareBy                               string
	workers, batch, topTerms, window, maxLine        int
	includeShared                                    bool
}

func (o *options) register(fs *flag.FlagSet) {
	fs.Var(&o.corpus, "corpus", "corpus `path`: a local path (as for newsframe run), or gs://, s3:// files, directories and globs; repeatable; default: the embedded sample")
	fs.StringVar(&o.out, "out", "", "result `dir` to create (local, gs://, s3://); render it with newsframe report --from DIR")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "articles analysed at once within a bundle")
	fs.IntVar(&o.batch, "batch", 64, "articles per element between reading and analysis")
	fs.IntVar(&o.topTerms, "top-terms", 200, "number of top terms (as newsframe run)")
	fs.IntVar(&o.window, "window", 0, "co-occurrence windows of this many term positions (0: off; as newsframe run)")
	fs.StringVar(&o.compareBy, "compare-by", "", "compare groups formed by an article `field` (as newsframe run)")
	fs.BoolVar(&o.includeShared, "include-shared", false, "keep wire copy in outlet comparisons (as newsframe run)")
	fs.StringVar(&o.targetsFile, "targets", "", "stance targets `file` (.toml or .yaml)")
	fs.Var(&o.targets, "target", "stance target \"Name=alias1,alias2\"; repeatable")
	fs.StringVar(&o.stopwords, "stopwords", "", "stopword list `file` replacing the built-in one")
	fs.StringVar(&o.boilerplate, "boilerplate", "", "extra boilerplate patterns `file`")
	fs.StringVar(&o.labels, "label-pairs", "", "competing-label pairs `file` replacing the built-in list")
	fs.StringVar(&o.columns, "csv-columns", "", "CSV column mapping, e.g. \"text=body,title=headline\"")
	fs.IntVar(&o.maxLine, "max-line", corpus.DefaultMaxLine, "longest JSON line or CSV record in `bytes`")
}

func main() {
	var o options
	o.register(flag.CommandLine)
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: newsframe-beam --corpus PATH... --out DIR [flags] [--runner=prism|universal|dataflow ...]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	beam.Init()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "newsframe-beam: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if err := checkSynchronous(flag.CommandLine); err != nil {
		fmt.Fprintf(os.Stderr, "newsframe-beam: %v\n", err)
		os.Exit(2)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
	ctx := context.Background()
	cfg, err := o.config(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "newsframe-beam: %v\n", err)
		os.Exit(2)
	}
	if err := run(ctx, cfg, func(ctx context.Context, p *beam.Pipeline) error { return beamx.Run(ctx, p) }); err != nil {
		fmt.Fprintf(os.Stderr, "newsframe-beam: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(cfg.Out)
}

// checkSynchronous refuses the Beam flags under which the runner returns
// before the job has finished (--async, --execute_async, Dataflow's
// --dry_run and --template_location): pipeline.json, the mark of a
// finished result directory, is written when the runner returns.
func checkSynchronous(fs *flag.FlagSet) error {
	for _, name := range []string{"async", "execute_async", "dry_run", "template_location"} {
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if v := f.Value.String(); v != "" && v != "false" {
			return fmt.Errorf("--%s=%s is not supported: the result directory is finished (pipeline.json) when the job is", name, v)
		}
	}
	return nil
}

// config checks the flags and reads the user's files on the launcher.
func (o *options) config(ctx context.Context) (Config, error) {
	cfg := Config{Corpus: o.corpus, Out: o.out, Workers: o.workers, Batch: o.batch, TopTerms: o.topTerms,
		Window: o.window, CompareBy: o.compareBy, IncludeShared: o.includeShared, TargetsFile: o.targetsFile,
		TargetFlags: o.targets, StopwordsFile: o.stopwords, BoilerplateFile: o.boilerplate,
		LabelPairsFile: o.labels, Columns: o.columns, MaxLine: o.maxLine}
	switch {
	case o.out == "":
		return cfg, errors.New("--out is required")
	case o.workers < 1 || o.batch < 1:
		return cfg, errors.New("--workers and --batch must be at least 1")
	case o.topTerms < 2:
		return cfg, errors.New("--top-terms must be at least 2")
	case o.window < 0:
		return cfg, errors.New("--window must be 0 (off) or more")
	case o.maxLine < 1:
		return cfg, errors.New("--max-line must be at least 1 byte")
	}
	if !isRemote(o.out) {
		abs, err := filepath.Abs(o.out)
		if err != nil {
			return cfg, err
		}
		cfg.Out = abs
	}
	for i, p := range cfg.Corpus {
		if !isRemote(p) {
			if _, err := os.Stat(p); err != nil {
				return cfg, fmt.Errorf("corpus %s: %w", p, err)
			}
			// Workers resolve paths on their own: keep them as given
			// (names of inputs and ids derive from them), which on a
			// cluster must be a shared file system mounted alike.
			cfg.Corpus[i] = p
		}
	}
	var err error
	read := func(path string) ([]byte, error) {
		if path == "" {
			return nil, nil
		}
		b, err := readAll(ctx, path)
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	if cfg.Stopwords, err = read(o.stopwords); err != nil {
		return cfg, fmt.Errorf("--stopwords: %w", err)
	}
	if cfg.Boilerplate, err = read(o.boilerplate); err != nil {
		return cfg, fmt.Errorf("--boilerplate: %w", err)
	}
	if cfg.LabelPairs, err = read(o.labels); err != nil {
		return cfg, fmt.Errorf("--label-pairs: %w", err)
	}
	if o.targetsFile != "" {
		b, err := read(o.targetsFile)
		if err != nil {
			return cfg, fmt.Errorf("--targets: %w", err)
		}
		if cfg.Targets, err = stance.ParseTargets(filepath.Base(o.targetsFile), b); err != nil {
			return cfg, err
		}
	}
	var extra []stance.Target
	for _, f := range o.targets {
		t, err := stance.ParseTargetFlag(f)
		if err != nil {
			return cfg, fmt.Errorf("--target %q: %w", f, err)
		}
		extra = append(extra, t)
	}
	cfg.Targets = stance.MergeTargets(cfg.Targets, extra...)
	// Everything the workers parse is parsed once here, so that a bad file
	// fails before the pipeline starts.
	if _, err := cfg.build(ctx); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// readAll reads a file through the Beam file systems.
func readAll(ctx context.Context, path string) ([]byte, error) {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	r, err := fsys.OpenRead(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// run checks that the result directory is new, runs the pipeline with
// execute and writes resultdir.SettingsFile, the mark of a finished result
// directory.
func run(ctx context.Context, cfg Config, execute func(context.Context, *beam.Pipeline) error) error {
	if err := checkEmpty(ctx, cfg.Out); err != nil {
		return err
	}
	e, err := cfg.env(ctx)
	if err != nil {
		return err
	}
	started := time.Now().UTC()
	p, s := beam.NewPipelineWithRoot()
	build(s, cfg)
	slog.Info("newsframe-beam: pipeline starts", "corpus", strings.Join(cfg.Corpus, ", "), "out", cfg.Out)
	if err := execute(ctx, p); err != nil {
		return err
	}
	settings := resultdir.Settings{Version: version(), Corpus: cfg.Corpus, Analysis: e.analysis, TopTerms: cfg.TopTerms,
		Window: cfg.Window, CompareBy: cfg.CompareBy, IncludeShared: cfg.IncludeShared, TargetsFile: cfg.TargetsFile,
		TargetFlags: cfg.TargetFlags, Targets: cfg.Targets, Stopwords: cfg.StopwordsFile, Boilerplate: cfg.BoilerplateFile,
		LabelPairsFile: cfg.LabelPairsFile, LabelPairs: e.labelPairs, CSVColumns: cfg.Columns, MaxLine: cfg.MaxLine,
		Started: started, Finished: time.Now().UTC()}
	return writeFile(ctx, joinPath(cfg.Out, resultdir.SettingsFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(&settings)
	})
}

// checkEmpty fails unless dir is absent or empty: files of an earlier
// pipeline left in it would be read as this one's.
func checkEmpty(ctx context.Context, dir string) error {
	if !isRemote(dir) {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(entries) > 0 {
			return fmt.Errorf("--out %s is not empty: give a new directory", dir)
		}
		return nil
	}
	fsys, err := filesystem.New(ctx, dir)
	if err != nil {
		return err
	}
	defer fsys.Close()
	names, err := fsys.List(ctx, joinPath(dir, "*"))
	if err != nil {
		return err
	}
	if len(names) > 0 {
		return fmt.Errorf("--out %s is not empty: give a new directory", dir)
	}
	return nil
}

// version is the build's module version and VCS revision.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "newsframe-beam (unknown build)"
	}
	v := "newsframe-beam " + bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}
