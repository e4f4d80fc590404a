package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
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
	// parts are the term partials, up to date once the ingest returns.
	parts *partialSet
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
	// parts are the term partials the run changes.
	parts *partialSet
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

// analysed is a job's result, encoded by the worker that analysed it so
// that the single writer only runs SQL.
type analysed struct {
	job
	res *pipeline.Article
	// st is res as stored.
	st  *state.Article
	err error
}

// defaultMemoryLimit is the soft limit of the Go heap when GOMEMLIMIT is
// not set: with the garbage collector's default pacing (GOGC=100) the heap
// of a 100 MB corpus's aggregation (about 300 MB live) grew to twice that
// before each collection. Near the limit the collector runs more often
// instead; above it (a much larger corpus) it keeps at most half the CPU,
// so the run slows down rather than fails.
const defaultMemoryLimit = 384 << 20

// limitMemory sets defaultMemoryLimit unless the user set GOMEMLIMIT.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

func (in *ingester) run(ctx context.Context) (*ingestResult, error) {
	in.parts = newPartialSet(in.store)
	out := &ingestResult{parts: in.parts}
	settings, err := in.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if settings[partialsSetting] == partialsStale {
		in.log.Warn("the term counts were left behind by an interrupted run; recounting them")
		if err := in.parts.rebuild(ctx); err != nil {
			return nil, err
		}
		in.parts.markedStale = true
	}
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
	// The workers sum the term counts of what they analyse (one copy of
	// the vocabulary, not one per worker); the sums are added to the
	// partials once every result is committed.
	var partsMu sync.Mutex
	parts := terms.Partials{}
	for range in.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := analysed{job: j, res: in.analyzer.Analyze(j.art)}
				r.st, r.err = toState(r.res, j.file, in.settings)
				if j.kind != jobMoved {
					// A moved article's counts are stored already.
					k := terms.Key{Outlet: r.res.Outlet, Day: r.res.Day()}
					partsMu.Lock()
					for i := range r.res.Paragraphs {
						parts.Add(k, r.res.Paragraphs[i].Seq)
					}
					partsMu.Unlock()
				}
				// The writer needs only the stored form and the key:
				// let the paragraphs go with the batch's commit.
				r.res.Paragraphs = nil
				in.progress.Add(1, 0)
				select {
				case results <- r:
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
	for _, k := range parts.Keys() {
		if err := in.parts.add(ctx, k, parts[k]); err != nil {
			return nil, err
		}
		delete(parts, k)
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
	for _, id := range removed {
		old, err := tx.Article(id)
		if err != nil {
			return nil, err
		}
		if err := in.parts.sub(ctx, old); err != nil {
			return nil, err
		}
		if err := retire(tx, id, old); err != nil {
			return nil, err
		}
		if err := tx.DeleteArticle(id); err != nil {
			return nil, err
		}
		in.log.Info("article removed", "id", id)
	}
	counts.Removed = len(removed)
	if err := in.parts.write(tx); err != nil {
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

// write commits analysed articles in batches. The term partials of the
// batches are summed in memory and written once, by the run's last
// transaction; the first batch marks the stored partials stale, so that a
// run killed in between leaves a state whose next run rebuilds them.
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
		if !in.parts.markedStale {
			if err := tx.SetSetting(partialsSetting, partialsStale); err != nil {
				return err
			}
		}
		// The partials change only once the batch is committed.
		var olds []*state.Article
		for i := range batch {
			r := &batch[i]
			if r.err != nil {
				return r.err
			}
			var old *state.Article
			if r.kind == jobChanged || r.kind == jobRescored {
				if old, err = tx.Article(r.art.ID); err != nil {
					return err
				}
			}
			// The aggregation must learn of the change: in the same
			// transaction as the article, the first change since it
			// last ran keeps the old version's contribution.
			switch r.kind {
			case jobNew:
				err = tx.AddPending(r.art.ID, nil)
			case jobChanged, jobRescored:
				err = retire(tx, r.art.ID, old)
			}
			if err != nil {
				return err
			}
			if err := tx.PutArticle(r.st); err != nil {
				return err
			}
			if old != nil {
				olds = append(olds, old)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		in.parts.markedStale = true
		for _, old := range olds {
			if err := in.parts.sub(ctx, old); err != nil {
				return err
			}
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
		clear(batch)
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

// retire marks an article about to change or go as pending for the
// aggregation, unless it is pending already. The aggregation's record of
// it, its story placement and old's term sequences (old is the stored
// version) go with it, so that the next aggregation can take its old
// contribution out of the counts.
func retire(tx *state.Tx, id string, old *state.Article) error {
	pending, err := tx.IsPending(id)
	if err != nil || pending {
		return err
	}
	rec, placement, err := tx.Record(id)
	if err != nil {
		return err
	}
	var retired []byte
	if rec != nil && old != nil {
		seqs := make([][]byte, len(old.Paragraphs))
		for i, p := range old.Paragraphs {
			seqs[i] = p.Terms
		}
		retired = pipeline.Retire(rec, placement, seqs)
	}
	return tx.AddPending(id, retired)
}

// partialsSetting is the settings key that says whether the stored term
// partials agree with the stored articles: partialsStale while a run is
// between its first batch and its last transaction.
const (
	partialsSetting = "partials"
	partialsStale   = "stale"
	partialsOK      = "ok"
)

// partialSet holds the term partials a run changes, summed in memory
// while the batches are committed, and writes them in its last
// transaction: writing every changed partial with each batch cost time in
// proportion to the vocabulary per batch.
type partialSet struct {
	store *state.Store
	parts terms.Partials
	dirty map[terms.Key]bool
	// all is set when parts holds every partial (rebuilt from the
	// articles); stored ones are then replaced, not read.
	all bool
	// markedStale is set once the state is marked stale.
	markedStale bool
}

func newPartialSet(store *state.Store) *partialSet {
	return &partialSet{store: store, parts: terms.Partials{}, dirty: map[terms.Key]bool{}}
}

// get returns the partial of k, read from the state the first time.
func (p *partialSet) get(ctx context.Context, k terms.Key) (*terms.Counts, error) {
	if c, ok := p.parts[k]; ok {
		return c, nil
	}
	c := terms.NewCounts()
	if !p.all {
		b, err := p.store.Partial(ctx, state.PartialKey{Kind: termsKind, Outlet: k.Outlet, Day: k.Day})
		if err != nil {
			return nil, err
		}
		if b != nil {
			if err := c.UnmarshalBinary(b); err != nil {
				return nil, fmt.Errorf("state: partial %s/%s: %w", k.Outlet, k.Day, err)
			}
		}
	}
	p.parts[k] = c
	return c, nil
}

// add adds c to the partial of k; the set may keep c itself.
func (p *partialSet) add(ctx context.Context, k terms.Key, c *terms.Counts) error {
	d, err := p.get(ctx, k)
	if err != nil {
		return err
	}
	if d.Paragraphs == 0 && d.NumWords() == 0 && d.NumPairs() == 0 {
		p.parts[k] = c // a new partial: no copy
	} else {
		d.Merge(c)
	}
	p.dirty[k] = true
	return nil
}

// sub takes a stored article's counts out of its partial; nil is no
// article.
func (p *partialSet) sub(ctx context.Context, old *state.Article) error {
	if old == nil {
		return nil
	}
	oc, err := articleCounts(old)
	if err != nil {
		return err
	}
	k := terms.Key{Outlet: old.Outlet, Day: old.Day}
	c, err := p.get(ctx, k)
	if err != nil {
		return err
	}
	if err := c.Sub(oc); err != nil {
		return fmt.Errorf("state: partial %s/%s: %w", old.Outlet, old.Day, err)
	}
	p.dirty[k] = true
	return nil
}

// articleCounts counts a stored article's term sequences.
func articleCounts(a *state.Article) (*terms.Counts, error) {
	c := terms.NewCounts()
	var s terms.Seq
	for i, sp := range a.Paragraphs {
		if err := s.UnmarshalBinary(sp.Terms); err != nil {
			return nil, fmt.Errorf("state: article %s paragraph %d: %w", a.ID, i, err)
		}
		c.Add(s)
	}
	return c, nil
}

// rebuild recounts every partial from the stored articles, after a run
// was killed before writing them.
func (p *partialSet) rebuild(ctx context.Context) error {
	parts := terms.Partials{}
	var s terms.Seq
	in := terms.NewInterner()
	err := p.store.Scan(ctx, state.ColTerms, func(a *state.Article) error {
		k := terms.Key{Outlet: a.Outlet, Day: a.Day}
		for i, sp := range a.Paragraphs {
			if err := s.UnmarshalInterned(sp.Terms, in); err != nil {
				return fmt.Errorf("state: article %s paragraph %d: %w", a.ID, i, err)
			}
			parts.Add(k, s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.parts, p.all = parts, true
	for k := range parts {
		p.dirty[k] = true
	}
	return nil
}

// write stores the changed partials in tx (deleting empty ones, and, after
// a rebuild, every stored one first) and marks them up to date.
func (p *partialSet) write(tx *state.Tx) error {
	if !p.markedStale && len(p.dirty) == 0 {
		return nil
	}
	if p.all {
		if err := tx.ClearPartials(termsKind); err != nil {
			return err
		}
	}
	keys := make([]terms.Key, 0, len(p.dirty))
	for k := range p.dirty {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Outlet != keys[j].Outlet {
			return keys[i].Outlet < keys[j].Outlet
		}
		return keys[i].Day < keys[j].Day
	})
	var buf []byte
	for _, k := range keys {
		c := p.parts[k]
		var err error
		if buf, err = c.AppendBinary(buf[:0]); err != nil {
			return err
		}
		b := buf
		if c.Paragraphs == 0 {
			b = nil // an empty partial is deleted
			delete(p.parts, k)
		}
		if err := tx.PutPartial(state.PartialKey{Kind: termsKind, Outlet: k.Outlet, Day: k.Day}, b); err != nil {
			return err
		}
	}
	clear(p.dirty)
	return tx.SetSetting(partialsSetting, partialsOK)
}

// complete returns every partial: those in memory and the other stored
// ones. Call it after write's transaction has committed. It hands the
// partials in memory over to the caller and forgets them (the state has
// them): on a 100 MB corpus they are some 70 MB that the aggregation
// would otherwise carry to its end.
func (p *partialSet) complete(ctx context.Context) (terms.Partials, error) {
	held, all := p.parts, p.all
	p.parts, p.all = terms.Partials{}, false
	out := make(terms.Partials, len(held))
	for k, c := range held {
		if c.Paragraphs > 0 {
			out[k] = c
		}
	}
	if all {
		return out, nil
	}
	err := p.store.Partials(ctx, termsKind, func(k state.PartialKey, b []byte) error {
		key := terms.Key{Outlet: k.Outlet, Day: k.Day}
		if _, ok := held[key]; ok {
			return nil
		}
		c := terms.NewCounts()
		if err := c.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("state: partial %s/%s: %w", k.Outlet, k.Day, err)
		}
		out[key] = c
		return nil
	})
	return out, err
}

// toState converts an analysed article to its stored row.
func toState(a *pipeline.Article, file, settings string) (*state.Article, error) {
	st, err := pipeline.Encode(a)
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

// fromState decodes a stored article; dec may be nil.
func fromState(s *state.Article, dec *pipeline.Decoder) (*pipeline.Article, error) {
	st := &pipeline.Stored{Meta: s.Meta, Result: s.Result}
	if s.Paragraphs != nil {
		st.Paragraphs = make([]pipeline.StoredParagraph, len(s.Paragraphs))
		for i, p := range s.Paragraphs {
			st.Paragraphs[i] = pipeline.StoredParagraph{Text: p.Text, Result: p.Result, Terms: p.Terms, MinHash: p.MinHash}
		}
	}
	if dec != nil {
		return dec.Decode(s.ID, s.Outlet, s.Source, s.Hash, st)
	}
	return pipeline.Decode(s.ID, s.Outlet, s.Source, s.Hash, st)
}

// storeSource reads the state as a pipeline.Source.
type storeSource struct {
	store *state.Store
}

// columns maps pipeline fields to state columns.
func columns(need pipeline.Fields) state.Columns {
	var cols state.Columns
	for _, m := range []struct {
		f pipeline.Fields
		c state.Columns
	}{
		{pipeline.FieldText, state.ColText},
		{pipeline.FieldResults, state.ColResult},
		{pipeline.FieldTerms, state.ColTerms},
		{pipeline.FieldSignatures, state.ColMinHash},
	} {
		if need&m.f != 0 {
			cols |= m.c
		}
	}
	return cols
}

// Each reads, decodes and hands out the articles in three goroutines:
// SQLite's stepping, the decoding and fn each took about a third of a pass,
// and on several cores they overlap. fn is still called in ID order from
// one goroutine.
func (s storeSource) Each(ctx context.Context, need pipeline.Fields, fn func(*pipeline.Article) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type decoded struct {
		a   *pipeline.Article
		err error
	}
	raw := make(chan *state.Article, 64)
	out := make(chan decoded, 64)
	scanErr := make(chan error, 1)
	go func() {
		defer close(raw)
		scanErr <- s.store.Scan(ctx, columns(need), func(sa *state.Article) error {
			select {
			case raw <- sa:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	go func() {
		defer close(out)
		dec := pipeline.NewDecoder()
		for sa := range raw {
			a, err := fromState(sa, dec)
			select {
			case out <- decoded{a, err}:
			case <-ctx.Done():
				for range raw {
				}
				return
			}
		}
	}()
	var err error
	for d := range out {
		if err != nil {
			continue // drain after an error
		}
		if err = d.err; err == nil {
			err = fn(d.a)
		}
		if err != nil {
			cancel()
		}
	}
	// After an error of fn or the decoder, the scan's own error is only
	// the cancellation.
	if serr := <-scanErr; err == nil {
		err = serr
	}
	return err
}

// Articles reads the given articles with the fields in need, skipping
// those that are gone.
func (s storeSource) Articles(ctx context.Context, ids []string, need pipeline.Fields, fn func(*pipeline.Article) error) error {
	dec := pipeline.NewDecoder()
	return s.store.Select(ctx, ids, columns(need), func(sa *state.Article) error {
		a, err := fromState(sa, dec)
		if err != nil {
			return err
		}
		return fn(a)
	})
}

// Blob returns a stored aggregate.
func (s storeSource) Blob(ctx context.Context, name string) ([]byte, error) {
	return s.store.Aggregate(ctx, name)
}

// Records calls fn for every stored record.
func (s storeSource) Records(ctx context.Context, fn func(id string, record []byte) error) error {
	return s.store.Records(ctx, fn)
}

// Pending calls fn for every pending article.
func (s storeSource) Pending(ctx context.Context, fn func(id string, retired []byte) error) error {
	return s.store.Pending(ctx, fn)
}

// Placements calls fn for the stored placements of ids.
func (s storeSource) Placements(ctx context.Context, ids []string, fn func(id string, placement []byte) error) error {
	return s.store.Placements(ctx, ids, fn)
}

// commitAggregation stores an aggregation's Update in one transaction:
// its aggregates, records and placements, and the pending articles it
// consumed. A run killed before the commit leaves the pending articles
// for the next run; after it, nothing is pending.
func commitAggregation(ctx context.Context, store *state.Store, up *pipeline.Update) error {
	tx, err := store.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if up.Rebuild {
		if err := tx.ClearAggregation(); err != nil {
			return err
		}
	}
	for _, name := range sortedNames(up.Blobs) {
		if err := tx.PutAggregate(name, up.Blobs[name]); err != nil {
			return err
		}
	}
	if err := up.EachRecord(tx.PutRecord); err != nil {
		return err
	}
	for _, id := range sortedNames(up.Placements) {
		if err := tx.PutPlacement(id, up.Placements[id]); err != nil {
			return err
		}
	}
	for _, id := range up.Deleted {
		if err := tx.DeleteRecord(id); err != nil {
			return err
		}
	}
	if !up.Rebuild {
		for _, id := range up.Done {
			if err := tx.DonePending(id); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

var errStop = errors.New("stop")
