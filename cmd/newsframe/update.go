package main

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/codec"
	"newsframe/analysis/corpus"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/internal/source"
	"newsframe/cmd/newsframe/internal/catalog"
	"newsframe/cmd/newsframe/internal/manifest"
	"newsframe/cmd/newsframe/internal/progress"
)

// spillLimit is the memory the map step's results may take before they are
// sorted out to a temporary file.
const spillLimit = 128 << 20

// errRemovalGuard is returned when a run would take out more of the known
// articles than the removal guard allows, errNoArticles when the corpus
// yields none: both stop the run before anything is changed.
var (
	errRemovalGuard = errors.New("too many articles would be removed")
	errNoArticles   = errors.New("the corpus yields no articles")
)

// updater brings the catalog and the result store up to date with the
// corpus: it reads new and changed files, analyses new and changed
// articles (the map step), runs the windowed sweep over the days they
// touch (stories, wire copy, chunks, the summaries' delta) and commits it
// all in one transaction.
type updater struct {
	cat      *catalog.Store
	store    *results.Store
	walker   *source.Walker
	analyzer *article.Analyzer
	derive   *article.Deriver
	agg      *aggregate.Settings
	// analysis fingerprints what the rows depend on; rescore makes every
	// file be read and every article analysed again.
	analysis string
	rescore  bool
	workers  int
	tmp      string
	run      int64
	opt      updateOptions
	log      *slog.Logger
	progress progress.Reporter
	manifest *manifest.Builder

	// What the run found and decided.
	counts    manifest.Counts
	problems  []source.Problem
	skipped   source.Skipped
	files     []source.File
	read      []source.File
	badByFile map[string][]catalog.BadInput
	vanished  []string
	gone      map[string]aggregate.Location
	replaced  map[string]bool
	// moved are dated articles found unchanged at another place: their
	// rows are rewritten with the new source, not analysed again.
	moved   map[string]movedTo
	newDays map[string]bool
	spill   *spill
	delta   *aggregate.Delta
	totals  *terms.Counts
	cooc    *coocState
	stored  int // articles in the catalog before the run
	// newHosts are the hosts of the new articles' outlets, seen in the
	// map step.
	newHosts outletHosts

	// The sink's output, committed at the end. The writer goroutines
	// append to chunks under chunkMu.
	chunks    []catalog.Chunk
	chunkMu   sync.Mutex
	writes    chan chunkWrite
	writeErr  chan error
	writers   sync.WaitGroup
	delChunks [][2]string
	// tx is the run's transaction, open from the sweep to the commit.
	tx         *catalog.Tx
	superseded []string
	sweep      *aggregate.Sweep
	// topics is the topic model's part of the run; topicStop the terms
	// kept out of its vocabulary (data/lists/topic-stopwords.txt).
	topics    *topicRun
	topicStop []string
}

// updateOptions are the run's settings of the combine step.
type updateOptions struct {
	TopTerms, Window int
	Phrases          terms.PhraseOptions
	Stories          stories.Options
	Wire             wire.Params
	// RemovalShare is the share of the known articles a run may remove
	// (0: the default, 0.2); AllowRemoval lifts the guard.
	RemovalShare float64
	AllowRemoval bool
	// Topics is K of the topic model (topicsAuto: from the corpus size;
	// 0: off); RefitTopics fits it again.
	Topics      int
	RefitTopics bool
}

// coocState is the co-occurrence of the candidate terms and what the
// run decided about it.
type coocState struct {
	cooc, window *terms.Cooccur
	// recount is set when the candidates changed and every stored
	// paragraph must be counted again.
	recount bool
}

func (u *updater) setup() {
	u.badByFile = map[string][]catalog.BadInput{}
	u.gone = map[string]aggregate.Location{}
	u.replaced = map[string]bool{}
	u.moved = map[string]movedTo{}
	u.newDays = map[string]bool{}
	u.delta = aggregate.NewDelta(u.agg)
	u.spill = newSpill(u.tmp, spillLimit)
}

// movedTo is where a moved article is now.
type movedTo struct {
	file, source string
	line         int
}

// job is an article to analyse.
type job struct {
	art  *corpus.Article
	file string
	line int
}

// lineOf returns the line of a source "path:line", 0 when there is none.
func lineOf(src string) int {
	i := strings.LastIndexByte(src, ':')
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(src[i+1:])
	if err != nil {
		return 0
	}
	return n
}

// spillKey orders the analysed articles for the sweep: dated ones by day
// then ID, then undated ones by file, line and ID.
func spillKey(day, id, file string, line int) string {
	if day != "" {
		return "D" + day + "\x00" + id
	}
	return fmt.Sprintf("U%s\x00%010d\x00%s", file, line, id)
}

// scan lists the files, reads those new or changed, and sends the
// articles to analyse to jobs; it records what is gone.
func (u *updater) scan(ctx context.Context, jobs chan<- job) error {
	defer close(jobs)
	files, skipped, listProblems, err := u.walker.Files(ctx)
	if err != nil {
		return fmt.Errorf("list corpus: %w", err)
	}
	u.files, u.skipped = files, skipped
	u.problems = append(u.problems, listProblems...)
	r := u.cat.Read(ctx)
	storedFiles, err := r.Files()
	if err != nil {
		return err
	}
	current := map[string]bool{}
	seen := map[string]string{} // ids read this run → file
	for i := range files {
		f := &files[i]
		current[f.Name] = true
		old, known := storedFiles[f.Name]
		if known && !u.rescore && !f.ModTime.IsZero() && old.Size == f.Size && old.ModTime.Equal(f.ModTime) {
			u.manifest.AddFile(f.Size, false)
			n, err := r.FileCount(f.Name)
			if err != nil {
				return err
			}
			u.counts.Unchanged += n
			continue
		}
		u.manifest.AddFile(f.Size, true)
		u.progress.Add(0, f.Size)
		u.read = append(u.read, *f)
		u.badByFile[f.Name] = nil
		stored, err := r.FileArticles(f.Name)
		if err != nil {
			return err
		}
		byID := make(map[string]*catalog.Article, len(stored))
		for i := range stored {
			byID[stored[i].ID] = &stored[i]
		}
		here := map[string]bool{}
		err = u.walker.Read(ctx, f, func(it source.Item) error {
			if it.Problem != nil {
				u.problems = append(u.problems, *it.Problem)
				if !it.Problem.Warning {
					u.badByFile[f.Name] = append(u.badByFile[f.Name], catalog.BadInput{Line: it.Problem.Line, Kind: it.Problem.Kind, Reason: it.Problem.Reason})
				}
				return nil
			}
			a := it.Article
			if prev, dup := seen[a.ID]; dup {
				u.problems = append(u.problems, source.Problem{Path: a.Source, Kind: "duplicate-id",
					Reason: fmt.Sprintf("article id %q already read from %s; this copy is skipped", a.ID, prev), Warning: true})
				return nil
			}
			seen[a.ID] = f.Name
			here[a.ID] = true
			line := lineOf(a.Source)
			old := byID[a.ID]
			if old == nil {
				// Not stored under this file: new, or moved from another.
				if old, err = r.Article(a.ID); err != nil {
					return err
				}
			}
			if old != nil && old.Hash == a.Hash() && old.Settings == u.analysis {
				if old.File == f.Name && old.Line == line {
					u.counts.Unchanged++
					return nil
				}
				if old.Day != "" {
					// Moved within or between files: the same rows with
					// another source, rewritten where they are.
					u.counts.Unchanged++
					u.moved[a.ID] = movedTo{file: f.Name, line: line, source: a.Source}
					u.newDays[old.Day] = true
					return nil
				}
			}
			switch {
			case old == nil:
				u.counts.New++
			case old.Hash == a.Hash():
				u.counts.Rescored++
			default:
				u.counts.Changed++
			}
			if old != nil {
				u.gone[a.ID] = aggregate.Location{Day: old.Day, Chunk: old.Chunk, File: old.File, Line: old.Line}
				u.replaced[a.ID] = true
			}
			u.newDays[a.Day()] = true
			select {
			case jobs <- job{art: a, file: f.Name, line: line}:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, a := range stored {
			if !here[a.ID] {
				if _, again := seen[a.ID]; !again {
					u.gone[a.ID] = aggregate.Location{Day: a.Day, Chunk: a.Chunk, File: a.File, Line: a.Line}
				}
			}
		}
	}
	for name := range storedFiles {
		if current[name] {
			continue
		}
		u.vanished = append(u.vanished, name)
		stored, err := r.FileArticles(name)
		if err != nil {
			return err
		}
		for _, a := range stored {
			if _, again := seen[a.ID]; !again {
				u.gone[a.ID] = aggregate.Location{Day: a.Day, Chunk: a.Chunk, File: a.File, Line: a.Line}
			}
		}
	}
	slices.Sort(u.vanished)
	// Bad inputs of files not read again are still bad: report them from
	// the catalog, so that every run names them until they are fixed.
	stored, err := r.BadInputs()
	if err != nil {
		return err
	}
	for _, b := range stored {
		if _, read := u.badByFile[b.Path]; read || !current[b.Path] {
			continue
		}
		u.problems = append(u.problems, source.Problem{Path: b.Path, Line: b.Line, Kind: b.Kind, Reason: b.Reason})
	}
	// An article missing from one file and found unchanged in another
	// moved: it is not gone.
	for id := range u.moved {
		delete(u.gone, id)
	}
	return nil
}

// analyse runs the map step on jobs with u.workers workers: each result
// becomes rows, spilled in sweep order, and its term counts go to the
// corpus totals' delta, which it returns.
func (u *updater) analyse(ctx context.Context, jobs <-chan job) (*terms.Counts, error) {
	type out struct {
		key  string
		data []byte
	}
	outs := make(chan out, 4*u.workers)
	var wg sync.WaitGroup
	partial := make([]*terms.Counts, u.workers)
	hosts := make([]outletHosts, u.workers)
	for w := range u.workers {
		partial[w] = terms.NewCounts()
		hosts[w] = outletHosts{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := u.analyzer.Analyze(j.art)
				for i := range res.Paragraphs {
					partial[w].Add(res.Paragraphs[i].Seq)
				}
				ar, prs := article.Rows(res, article.Placement{})
				hosts[w].add(ar.Outlet, aggregate.HostOf(ar.URL))
				data := encodeSpilled(&ar, prs, res, j.file, j.line, u.analysis)
				u.progress.Add(1, 0)
				select {
				case outs <- out{spillKey(ar.Day(), ar.ArticleID, j.file, j.line), data}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(outs) }()
	var err error
	for o := range outs {
		if err == nil {
			err = u.spill.Add(o.key, o.data)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := partial[0]
	for _, p := range partial[1:] {
		total.Merge(p)
	}
	u.newHosts = outletHosts{}
	for _, h := range hosts {
		u.newHosts.merge(h)
	}
	return total, nil
}

// outletHosts holds the hosts of each outlet's articles (those of an
// outlet's own sites, which topics and keyness leave out): bounded by the
// outlets and their sites, not the articles.
type outletHosts map[string]map[string]bool

func (o outletHosts) add(outlet, host string) {
	if o[outlet] == nil {
		o[outlet] = map[string]bool{}
	}
	if host != "" {
		o[outlet][host] = true
	}
}

func (o outletHosts) merge(x outletHosts) {
	for outlet, hs := range x {
		o.add(outlet, "")
		for h := range hs {
			o[outlet][h] = true
		}
	}
}

// encodeSpilled encodes an analysed article for the spill: its rows, its
// paragraphs' signatures, and the catalog fields.
func encodeSpilled(ar *article.ArticleRow, prs []article.ParagraphRow, res *article.Result, file string, line int, settings string) []byte {
	b := article.AppendRows(nil, ar, prs)
	e := codec.Encoder{B: binary.AppendUvarint(nil, uint64(len(b)))}
	e.B = append(e.B, b...)
	e.String(file)
	e.Varint(int64(line))
	e.String(settings)
	e.Uvarint(uint64(len(res.Paragraphs)))
	for i := range res.Paragraphs {
		wire.AppendSignature(&e, res.Paragraphs[i].Signature)
	}
	return e.B
}

// decodeSpilled reads a spilled article back into a sweep doc, deriving
// its term sequences and story terms from the text.
func (u *updater) decodeSpilled(data []byte) (*aggregate.Doc, error) {
	d := codec.Decoder{B: data}
	rows := d.Bytes()
	ar, prs, err := article.DecodeRows(rows)
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	doc := &aggregate.Doc{Article: ar, Paragraphs: prs, Hash: ar.Hash}
	doc.File = d.String()
	doc.Line = int(d.Varint())
	doc.Settings = d.String()
	n := d.Count(len(d.B))
	doc.Sigs = make([]wire.Signature, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		doc.Sigs[i] = wire.DecodeSignature(&d)
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	u.deriveSeqs(doc)
	return doc, nil
}

// deriveSeqs sets a doc's term sequences and story terms from its text.
func (u *updater) deriveSeqs(doc *aggregate.Doc) {
	texts := make([]string, len(doc.Paragraphs))
	for i := range doc.Paragraphs {
		texts[i] = doc.Paragraphs[i].Text
	}
	dv := u.derive.Derive(doc.Article.Title, texts, doc.Sigs == nil)
	doc.Seqs, doc.Terms = dv.Seqs, dv.Terms
	if doc.Sigs == nil {
		doc.Sigs = dv.Sigs
	}
}

// Chunks implements aggregate.Source.
func (u *updater) Chunks(day string) ([]string, error) {
	return u.cat.Read(context.Background()).DayChunks(day)
}

// Load implements aggregate.Source: it reads the chunks' rows from the
// result store and derives what they do not store.
func (u *updater) Load(day string, chunks []string) ([]*aggregate.Doc, error) {
	r := u.cat.Read(context.Background())
	var docs []*aggregate.Doc
	for _, name := range chunks {
		c, err := r.Chunk(day, name)
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, fmt.Errorf("result store: chunk %q of day %q is in no catalog row", name, day)
		}
		arts, err := u.store.ReadArticles(c.Articles)
		if err != nil {
			return nil, err
		}
		paras, err := u.store.ReadParagraphs(c.Paragraphs)
		if err != nil {
			return nil, err
		}
		refs, err := r.ChunkArticles(day, name)
		if err != nil {
			return nil, err
		}
		byID := map[string]*catalog.Article{}
		for i := range refs {
			byID[refs[i].ID] = &refs[i]
		}
		pi := 0
		for _, ar := range arts {
			doc := &aggregate.Doc{Article: ar, Chunk: name, Hash: ar.Hash}
			for pi < len(paras) && paras[pi].ArticleID < ar.ArticleID {
				pi++
			}
			for pi < len(paras) && paras[pi].ArticleID == ar.ArticleID {
				doc.Paragraphs = append(doc.Paragraphs, paras[pi])
				pi++
			}
			if ref := byID[ar.ArticleID]; ref != nil {
				doc.File, doc.Line, doc.Settings = ref.File, ref.Line, ref.Settings
			}
			normalizeRead(doc)
			u.deriveSeqs(doc)
			old := &aggregate.Stored{Article: doc.Article, Paragraphs: slices.Clone(doc.Paragraphs), Seqs: doc.Seqs}
			doc.Old = old
			if m, ok := u.moved[ar.ArticleID]; ok {
				doc.File, doc.Line, doc.Article.Source = m.file, m.line, m.source
			}
			docs = append(docs, doc)
		}
		u.superseded = append(u.superseded, c.Files()...)
	}
	return docs, nil
}

// normalizeRead makes rows read from Parquet equal to the rows written:
// times in UTC, empty lists nil.
func normalizeRead(doc *aggregate.Doc) {
	if doc.Article.Published != nil {
		t := doc.Article.Published.UTC()
		doc.Article.Published = &t
	}
	for i := range doc.Paragraphs {
		p := &doc.Paragraphs[i]
		p.Published = doc.Article.Published
	}
}

// NextDay implements aggregate.Source.
func (u *updater) NextDay(day string) (string, bool, error) {
	return u.cat.Read(context.Background()).NextDay(day)
}

// DayDF implements aggregate.Source.
func (u *updater) DayDF(day int) (*stories.DayDF, error) {
	b, err := u.cat.Read(context.Background()).DayDF(day)
	if err != nil || b == nil {
		return nil, err
	}
	df := &stories.DayDF{}
	if err := df.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("day frequencies of day %d: %w", day, err)
	}
	return df, nil
}

// UndatedChunks implements aggregate.Source.
func (u *updater) UndatedChunks() ([]aggregate.UndatedChunk, error) {
	cs, err := u.cat.Read(context.Background()).UndatedChunks()
	if err != nil {
		return nil, err
	}
	out := make([]aggregate.UndatedChunk, len(cs))
	for i, c := range cs {
		out[i] = aggregate.UndatedChunk{Name: c.Name, File: c.File, Line: c.Line, ID: c.ID}
	}
	return out, nil
}

// WriteChunk implements aggregate.Sink: the chunk's rows go to new files of
// the result store, written by the writer goroutines while the sweep goes
// on (waitWrites collects them); its catalog rows wait for the commit.
func (u *updater) WriteChunk(day, name string, docs []*aggregate.Doc) error {
	arts := make([]article.ArticleRow, len(docs))
	var paras []article.ParagraphRow
	var topics []article.TopicRow
	for i, d := range docs {
		arts[i] = d.Article
		paras = append(paras, d.Paragraphs...)
		topics = article.TopicRows(topics, &d.Article)
	}
	for _, d := range docs {
		a := catalog.Article{ID: d.Article.ArticleID, Hash: d.Hash, Settings: d.Settings, File: d.File, Line: d.Line,
			Outlet: d.Article.Outlet, Day: day, Chunk: name, Story: d.Article.StoryID, Title: d.Article.Title,
			Terms: article.TopTerms(d.Terms, 10)}
		if d.Article.Published != nil {
			a.Published = *d.Article.Published
		}
		if err := u.tx.PutArticle(&a); err != nil {
			return err
		}
	}
	u.startWriters()
	select {
	case u.writes <- chunkWrite{day, name, arts, paras, topics}:
		return nil
	case err := <-u.writeErr:
		return err
	}
}

// chunkWrite is a chunk's rows on their way to the result store.
type chunkWrite struct {
	day, name string
	arts      []article.ArticleRow
	paras     []article.ParagraphRow
	topics    []article.TopicRow
}

// startWriters starts the goroutines that write chunks, once.
func (u *updater) startWriters() {
	if u.writes != nil {
		return
	}
	u.writes = make(chan chunkWrite, 2*u.workers)
	u.writeErr = make(chan error, u.workers)
	for range u.workers {
		u.writers.Add(1)
		go func() {
			defer u.writers.Done()
			for w := range u.writes {
				fa, err := u.store.WriteArticles(w.day, w.name, u.run, w.arts)
				var fp, ft results.File
				if err == nil {
					fp, err = u.store.WriteParagraphs(w.day, w.name, u.run, w.paras)
				}
				if err == nil && len(w.topics) > 0 {
					ft, err = u.store.WriteTopics(w.day, w.name, u.run, w.topics)
				}
				if err != nil {
					u.writeErr <- err
					for range u.writes {
					}
					return
				}
				u.chunkMu.Lock()
				u.chunks = append(u.chunks, catalog.Chunk{Day: w.day, Name: w.name, Articles: fa.Path, Paragraphs: fp.Path,
					Topics: ft.Path, Rows: int64(len(w.arts)), Bytes: fa.Bytes + fp.Bytes + ft.Bytes})
				u.chunkMu.Unlock()
			}
		}()
	}
}

// waitWrites waits for the chunks handed to the writers and returns the
// first error.
func (u *updater) waitWrites() error {
	if u.writes == nil {
		return nil
	}
	close(u.writes)
	u.writers.Wait()
	select {
	case err := <-u.writeErr:
		return err
	default:
	}
	// The chunks in a deterministic order for the commit.
	slices.SortFunc(u.chunks, func(a, b catalog.Chunk) int {
		return cmp.Or(strings.Compare(a.Day, b.Day), strings.Compare(a.Name, b.Name))
	})
	return nil
}

// DeleteChunk implements aggregate.Sink.
func (u *updater) DeleteChunk(day, name string) error {
	u.delChunks = append(u.delChunks, [2]string{day, name})
	return nil
}

// PutDayDF implements aggregate.Sink.
func (u *updater) PutDayDF(day int, df *stories.DayDF) error {
	b, err := df.AppendBinary(nil)
	if err != nil {
		return err
	}
	return u.tx.PutDayDF(day, df.N, b)
}

// Removed implements aggregate.Sink.
func (u *updater) Removed(d *aggregate.Doc) error {
	if u.replaced[d.Article.ArticleID] {
		return nil
	}
	u.counts.Removed++
	return u.tx.DeleteArticle(d.Article.ArticleID)
}

// newDocs returns the iterator over the spilled articles in sweep order.
func (u *updater) newDocs() (func() (*aggregate.Doc, error), error) {
	next, err := u.spill.Sorted()
	if err != nil {
		return nil, err
	}
	return func() (*aggregate.Doc, error) {
		_, data, err := next()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return u.decodeSpilled(data)
	}, nil
}

// subtractGone takes the articles that leave the store out of the corpus
// totals before the candidates are chosen: their rows are read back and
// their term sequences derived again.
func (u *updater) subtractGone(ctx context.Context) error {
	byChunk := map[[2]string][]string{}
	for id, l := range u.gone {
		k := [2]string{l.Day, l.Chunk}
		byChunk[k] = append(byChunk[k], id)
	}
	keys := make([][2]string, 0, len(byChunk))
	for k := range byChunk {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	minus := terms.NewCounts()
	for _, k := range keys {
		c, err := u.cat.Read(ctx).Chunk(k[0], k[1])
		if err != nil {
			return err
		}
		if c == nil {
			continue
		}
		paras, err := u.store.ReadParagraphs(c.Paragraphs)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, id := range byChunk[k] {
			want[id] = true
		}
		for _, p := range paras {
			if want[p.ArticleID] {
				minus.Add(u.derive.Seq(p.Text))
			}
		}
	}
	return u.totals.Sub(minus)
}

// removalGuard fails the run when it would remove more than the allowed
// share of the known articles: a corpus mount that failed at night must
// not empty the report.
func (u *updater) removalGuard() error {
	removing := 0
	for id := range u.gone {
		if !u.replaced[id] {
			removing++
		}
	}
	if u.opt.AllowRemoval || removing == 0 || u.stored == 0 {
		return nil
	}
	share := u.opt.RemovalShare
	if share <= 0 {
		share = 0.2
	}
	if float64(removing) > share*float64(u.stored) {
		return fmt.Errorf("%w: %d of the %d known articles are gone from the corpus (more than %.0f%%); nothing was changed. Check that the corpus is mounted, or run with --allow-removal to accept it",
			errRemovalGuard, removing, u.stored, 100*share)
	}
	return nil
}

// workersFor bounds the workers by the CPUs.
func workersFor(n int) int {
	if n <= 0 {
		return runtime.NumCPU()
	}
	return n
}
