package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"newsframe/analysis/corpus"
	"newsframe/analysis/pipeline"
	"newsframe/analysis/terms"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
	"newsframe/cmd/newsframe/internal/source"
	"newsframe/cmd/newsframe/internal/state"
)

// termsKind is the kind of the term-count partials in the state.
const termsKind = "terms"

// batchSize is the number of articles written per transaction: large
// enough to amortise the fsync of a commit, small enough that a killed run
// loses little work.
const batchSize = 500

// ingestResult counts what a run found in its inputs.
type ingestResult struct {
	counts   manifest.Counts
	problems []source.Problem
	skipped  source.Skipped
}

// ingester brings the state up to date with the corpus: it reads new and
// changed files, analyses new and changed articles (and those scored under
// other settings), and removes articles whose input is gone. Each batch of
// articles is written in one transaction together with the partial counts
// it changes, so a run killed at any point leaves a consistent state that
// the next run completes.
type ingester struct {
	store    *state.Store
	walker   *source.Walker
	analyzer *pipeline.Analyzer
	settings string
	// reparse forces every file to be read (the parse settings changed).
	reparse  bool
	workers  int
	log      *slog.Logger
	progress progress.Reporter
	manifest *manifest.Builder
}

// job is an article to analyse; kind says how it is counted.
type job struct {
	art  *corpus.Article
	file string
	kind jobKind
}

type jobKind int

const (
	jobNew jobKind = iota
	jobChanged
	jobRescored
	// jobMoved is an unchanged article found in another file or at
	// another line: it is stored again with its new origin and counted
	// as unchanged.
	jobMoved
)

type analysed struct {
	job
	res *pipeline.Article
}

func (in *ingester) run(ctx context.Context) (*ingestResult, error) {
	out := &ingestResult{}
	files, skipped, listProblems, err := in.walker.Files(ctx)
	if err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	out.skipped = skipped
	out.problems = append(out.problems, listProblems...)
	storedFiles, err := in.store.Files(ctx)
	if err != nil {
		return nil, err
	}
	digests, err := in.store.Digests(ctx)
	if err != nil {
		return nil, err
	}
	byFile := map[string][]string{}
	for id, d := range digests {
		byFile[d.File] = append(byFile[d.File], id)
	}

	// Analysis runs in workers while this goroutine reads the files; one
	// writer goroutine commits results in batches.
	jobs := make(chan job, 4*in.workers)
	results := make(chan analysed, 4*in.workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range in.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := in.analyzer.Analyze(j.art)
				in.progress.Add(1, 0)
				select {
				case results <- analysed{j, res}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	writeErr := make(chan error, 1)
	var counts manifest.Counts
	go func() { writeErr <- in.write(ctx, results, &counts) }()

	seen := map[string]bool{}
	badByFile := map[string][]state.BadInput{}
	var readFiles []source.File
	readErr := func() error {
		defer close(jobs)
		for i := range files {
			f := &files[i]
			old, known := storedFiles[f.Name]
			unchanged := known && !in.reparse && !f.ModTime.IsZero() &&
				old.Size == f.Size && old.ModTime.Equal(f.ModTime)
			if unchanged {
				stale := false
				for _, id := range byFile[f.Name] {
					if digests[id].SettingsHash != in.settings {
						stale = true
						break
					}
				}
				if !stale {
					for _, id := range byFile[f.Name] {
						seen[id] = true
						counts.Unchanged++
					}
					in.manifest.AddFile(f.Size, false)
					continue
				}
			}
			in.manifest.AddFile(f.Size, true)
			in.progress.Add(0, f.Size)
			readFiles = append(readFiles, *f)
			badByFile[f.Name] = nil
			err := in.walker.Read(ctx, f, func(it source.Item) error {
				if it.Problem != nil {
					out.problems = append(out.problems, *it.Problem)
					if !it.Problem.Warning {
						badByFile[f.Name] = append(badByFile[f.Name], state.BadInput{Path: it.Problem.Path, Line: it.Problem.Line, Reason: it.Problem.Kind + ": " + it.Problem.Reason})
					}
					return nil
				}
				a := it.Article
				if seen[a.ID] {
					out.problems = append(out.problems, source.Problem{Path: a.Source, Kind: "duplicate-id",
						Reason: fmt.Sprintf("article id %q already read; this copy is skipped", a.ID)})
					return nil
				}
				seen[a.ID] = true
				d, ok := digests[a.ID]
				kind := jobNew
				switch {
				case ok && d.Hash == a.Hash() && d.SettingsHash == in.settings:
					if d.File == f.Name && d.Source == a.Source {
						counts.Unchanged++
						return nil
					}
					kind = jobMoved
				case ok && d.Hash == a.Hash():
					kind = jobRescored
				case ok:
					kind = jobChanged
				}
				select {
				case jobs <- job{a, f.Name, kind}:
				case <-ctx.Done():
					return ctx.Err()
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}()
	if readErr != nil {
		cancel()
		<-writeErr
		return nil, readErr
	}
	if err := <-writeErr; err != nil {
		return nil, err
	}
	// Bad inputs of files not read again are still bad: report them from
	// the state, so that every run names them until they are fixed.
	stored, err := in.store.BadInputs(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range stored {
		if _, read := badByFile[b.Path]; read {
			continue
		}
		kind, reason, found := strings.Cut(b.Reason, ": ")
		if !found {
			kind, reason = "bad", b.Reason
		}
		out.problems = append(out.problems, source.Problem{Path: b.Path, Line: b.Line, Kind: kind, Reason: reason})
	}

	// Articles whose input is gone, and the record of the files read.
	var removed []string
	for id := range digests {
		if !seen[id] {
			removed = append(removed, id)
		}
	}
	sort.Strings(removed)
	tx, err := in.store.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	parts := partialCache{tx: tx}
	for _, id := range removed {
		if err := parts.remove(id); err != nil {
			return nil, err
		}
		if err := tx.DeleteArticle(id); err != nil {
			return nil, err
		}
		in.log.Info("article removed", "id", id)
	}
	counts.Removed = len(removed)
	if err := parts.flush(); err != nil {
		return nil, err
	}
	current := map[string]bool{}
	for _, f := range files {
		current[f.Name] = true
	}
	for _, f := range readFiles {
		if err := tx.PutFile(state.File{Path: f.Name, Size: f.Size, ModTime: f.ModTime, Hash: f.Hash}); err != nil {
			return nil, err
		}
		if err := tx.SetBadInputs(f.Name, badByFile[f.Name]); err != nil {
			return nil, err
		}
	}
	for name := range storedFiles {
		if !current[name] {
			if err := tx.DeleteFile(name); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	out.counts = counts
	return out, nil
}

// write commits analysed articles in batches, keeping the term partials in
// step with the stored articles.
func (in *ingester) write(ctx context.Context, results <-chan analysed, counts *manifest.Counts) error {
	var batch []analysed
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		sort.Slice(batch, func(i, j int) bool { return batch[i].art.ID < batch[j].art.ID })
		tx, err := in.store.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		parts := partialCache{tx: tx}
		for _, r := range batch {
			if err := parts.remove(r.art.ID); err != nil {
				return err
			}
			st, err := toState(r.res, r.file, in.settings)
			if err != nil {
				return err
			}
			if err := tx.PutArticle(st); err != nil {
				return err
			}
			if err := parts.add(r.res); err != nil {
				return err
			}
		}
		if err := parts.flush(); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		for _, r := range batch {
			switch r.kind {
			case jobNew:
				counts.New++
			case jobChanged:
				counts.Changed++
			case jobRescored:
				counts.Rescored++
			case jobMoved:
				counts.Unchanged++
			}
		}
		batch = batch[:0]
		return nil
	}
	var err error
	for r := range results {
		if err != nil {
			continue // drain so the workers can stop
		}
		batch = append(batch, r)
		if len(batch) >= batchSize {
			err = flush()
		}
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return flush()
}

// partialCache holds the term partials a transaction changes.
type partialCache struct {
	tx    *state.Tx
	parts map[terms.Key]*terms.Counts
}

func (p *partialCache) get(k terms.Key) (*terms.Counts, error) {
	if p.parts == nil {
		p.parts = map[terms.Key]*terms.Counts{}
	}
	if c, ok := p.parts[k]; ok {
		return c, nil
	}
	c := terms.NewCounts()
	b, err := p.tx.Partial(state.PartialKey{Kind: termsKind, Outlet: k.Outlet, Day: k.Day})
	if err != nil {
		return nil, err
	}
	if b != nil {
		if err := c.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("state: partial %s/%s: %w", k.Outlet, k.Day, err)
		}
	}
	p.parts[k] = c
	return c, nil
}

// remove takes the stored article id's counts out of its partial; an
// article not stored is no error.
func (p *partialCache) remove(id string) error {
	old, err := p.tx.Article(id)
	if err != nil || old == nil {
		return err
	}
	c, err := p.get(terms.Key{Outlet: old.Outlet, Day: old.Day})
	if err != nil {
		return err
	}
	oc := terms.NewCounts()
	for i, sp := range old.Paragraphs {
		var s terms.Seq
		if err := s.UnmarshalBinary(sp.Terms); err != nil {
			return fmt.Errorf("state: article %s paragraph %d: %w", id, i, err)
		}
		oc.Add(s)
	}
	if err := c.Sub(oc); err != nil {
		return fmt.Errorf("state: partial %s/%s: %w", old.Outlet, old.Day, err)
	}
	return nil
}

func (p *partialCache) add(a *pipeline.Article) error {
	c, err := p.get(terms.Key{Outlet: a.Outlet, Day: a.Day()})
	if err != nil {
		return err
	}
	c.Merge(a.Counts())
	return nil
}

func (p *partialCache) flush() error {
	keys := make([]terms.Key, 0, len(p.parts))
	for k := range p.parts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Outlet != keys[j].Outlet {
			return keys[i].Outlet < keys[j].Outlet
		}
		return keys[i].Day < keys[j].Day
	})
	for _, k := range keys {
		b, err := p.parts[k].MarshalBinary()
		if err != nil {
			return err
		}
		if p.parts[k].Paragraphs == 0 {
			b = nil // an empty partial is deleted
		}
		if err := p.tx.PutPartial(state.PartialKey{Kind: termsKind, Outlet: k.Outlet, Day: k.Day}, b); err != nil {
			return err
		}
	}
	return nil
}

// toState converts an analysed article to its stored row.
func toState(a *pipeline.Article, file, settings string) (*state.Article, error) {
	st, err := a.Encode()
	if err != nil {
		return nil, err
	}
	out := &state.Article{ID: a.ID, File: file, Source: a.Source, Outlet: a.Outlet, Day: a.Day(),
		Hash: a.Hash, SettingsHash: settings, Meta: st.Meta, Result: st.Result,
		Paragraphs: make([]state.Paragraph, len(st.Paragraphs))}
	for i, p := range st.Paragraphs {
		out.Paragraphs[i] = state.Paragraph{Text: p.Text, Result: p.Result, Terms: p.Terms, MinHash: p.MinHash}
	}
	return out, nil
}

// fromState decodes a stored article.
func fromState(s *state.Article) (*pipeline.Article, error) {
	st := &pipeline.Stored{Meta: s.Meta, Result: s.Result}
	if s.Paragraphs != nil {
		st.Paragraphs = make([]pipeline.StoredParagraph, len(s.Paragraphs))
		for i, p := range s.Paragraphs {
			st.Paragraphs[i] = pipeline.StoredParagraph{Text: p.Text, Result: p.Result, Terms: p.Terms, MinHash: p.MinHash}
		}
	}
	return pipeline.Decode(s.ID, s.Outlet, s.Source, s.Hash, st)
}

// storeSource reads the state as a pipeline.Source.
type storeSource struct {
	store *state.Store
	cols  state.Columns
}

func (s storeSource) Each(ctx context.Context, fn func(*pipeline.Article) error) error {
	return s.store.Scan(ctx, s.cols, func(sa *state.Article) error {
		a, err := fromState(sa)
		if err != nil {
			return err
		}
		return fn(a)
	})
}

var errStop = errors.New("stop")
