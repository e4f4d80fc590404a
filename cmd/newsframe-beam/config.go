package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/corpus"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
	"newsframe/cmd/internal/source"
	"newsframe/data"
)

// Config is what every stage of the pipeline needs. It travels inside the
// DoFns (as JSON), so the user's files travel as their bytes: workers on a
// cluster need not see the launcher's disk.
type Config struct {
	// Corpus are the corpus paths as given: local paths (read on the
	// workers, so on a cluster a shared file system), or gs:// and s3://
	// paths and globs; none reads the embedded sample.
	Corpus []string
	// Out is the result directory (local, gs://, s3://).
	Out string
	// Workers is the number of articles analysed at once inside one
	// bundle (prism hands a stage one bundle; a cluster runs bundles in
	// parallel besides).
	Workers int
	// Batch is the number of articles per element between reading and
	// analysis.
	Batch int
	// TopTerms and Window set co-occurrence as `newsframe run` does;
	// CompareBy and IncludeShared the summaries' cells.
	TopTerms, Window int
	CompareBy        string
	IncludeShared    bool
	// Targets were loaded from TargetsFile and TargetFlags on the
	// launcher; Stopwords, Boilerplate and LabelPairs hold the bytes of
	// the user's files (nil: the embedded lists).
	TargetsFile     string
	TargetFlags     []string
	Targets         []stance.Target
	StopwordsFile   string
	Stopwords       []byte
	BoilerplateFile string
	Boilerplate     []byte
	LabelPairsFile  string
	LabelPairs      []byte
	Columns         string
	MaxLine         int
}

// env is what a worker builds from a Config once: the analyzer, the
// corpus walker and the word lists.
type env struct {
	analyzer   *article.Analyzer
	walker     *source.Walker
	stopwords  text.Stopwords
	wire       wire.Params
	labelPairs []terms.LabelPair
	agg        *aggregate.Settings
	// analysis fingerprints the per-article analysis, the catalog's
	// articles.settings.
	analysis string
}

var (
	envMu    sync.Mutex
	envCache = map[string]*env{}
)

// env returns the worker's env of c, built once per process.
func (c *Config) env(ctx context.Context) (*env, error) {
	key, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	envMu.Lock()
	defer envMu.Unlock()
	if e, ok := envCache[string(key)]; ok {
		return e, nil
	}
	e, err := c.build(ctx)
	if err != nil {
		return nil, err
	}
	envCache[string(key)] = e
	return e, nil
}

// build loads the models and lists as `newsframe run` does.
func (c *Config) build(ctx context.Context) (*env, error) {
	e := &env{wire: wire.DefaultParams()}
	model, err := sentiment.Load(data.FS)
	if err != nil {
		return nil, fmt.Errorf("load sentiment model: %w", err)
	}
	sw, err := userOrData(c.Stopwords, "lists/stopwords.txt")
	if err != nil {
		return nil, err
	}
	if e.stopwords, err = text.ParseStopwords(sw); err != nil {
		return nil, fmt.Errorf("stopwords %s: %w", c.StopwordsFile, err)
	}
	bp, err := fs.ReadFile(data.FS, "lists/boilerplate.txt")
	if err != nil {
		return nil, fmt.Errorf("embedded boilerplate: %w", err)
	}
	lists := []io.Reader{bytes.NewReader(bp)}
	if c.Boilerplate != nil {
		lists = append(lists, bytes.NewReader(c.Boilerplate))
	}
	boilerplate, err := corpus.ParseBoilerplate(lists...)
	if err != nil {
		return nil, fmt.Errorf("boilerplate: %w", err)
	}
	var columns map[string]string
	if c.Columns != "" {
		if columns, err = corpus.ParseColumns(c.Columns); err != nil {
			return nil, fmt.Errorf("--csv-columns: %w", err)
		}
	}
	lp, err := userOrData(c.LabelPairs, "lists/label-pairs.txt")
	if err != nil {
		return nil, err
	}
	if e.labelPairs, err = terms.ParseLabelPairs(lp, e.stopwords); err != nil {
		return nil, fmt.Errorf("label pairs %s: %w", c.LabelPairsFile, err)
	}
	roots, err := openRoots(ctx, c.Corpus)
	if err != nil {
		return nil, err
	}
	e.walker = source.New(roots, source.Options{Corpus: corpus.Options{Boilerplate: boilerplate, MaxLine: c.MaxLine, Columns: columns}})
	if e.analyzer, err = article.NewAnalyzer(article.Config{Sentiment: model, Targets: c.Targets,
		Stopwords: e.stopwords, Wire: e.wire}); err != nil {
		return nil, err
	}
	e.agg = &aggregate.Settings{CompareBy: c.CompareBy, IncludeShared: c.IncludeShared, LabelPairs: e.labelPairs}
	tj, err := json.Marshal(c.Targets)
	if err != nil {
		return nil, err
	}
	wp, _ := json.Marshal(e.wire)
	e.analysis = "beam|" + hashOf(tj, sw, bp, c.Boilerplate, []byte(c.Columns), []byte(fmt.Sprint(c.MaxLine)), wp)
	return e, nil
}

// userOrData returns the user's bytes, else the embedded list.
func userOrData(b []byte, def string) ([]byte, error) {
	if b != nil {
		return b, nil
	}
	d, err := fs.ReadFile(data.FS, def)
	if err != nil {
		return nil, fmt.Errorf("embedded %s: %w", def, err)
	}
	return d, nil
}

func hashOf(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// openRoots returns the corpus roots: the embedded sample without paths,
// remote roots for paths with a scheme (gs://, s3://), else the local
// roots `newsframe run` opens.
func openRoots(ctx context.Context, paths []string) ([]source.Root, error) {
	if len(paths) == 0 {
		return []source.Root{source.Sample()}, nil
	}
	var roots []source.Root
	for _, p := range paths {
		if isRemote(p) {
			r, err := remoteRoot(ctx, p)
			if err != nil {
				return nil, err
			}
			roots = append(roots, r)
			continue
		}
		r, err := source.Open(p)
		if err != nil {
			return nil, err
		}
		roots = append(roots, r...)
	}
	return roots, nil
}

// isRemote reports whether a path names a file system of the Beam SDK
// other than the local one.
func isRemote(p string) bool {
	scheme, _, ok := strings.Cut(p, "://")
	return ok && scheme != "" && scheme != "file"
}
