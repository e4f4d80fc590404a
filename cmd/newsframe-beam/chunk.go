package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/codec"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/resultdir"
	"newsframe/cmd/internal/results"
)

// chunkFn finishes the articles of one chunk: their wire-copy marks go
// into the rows, the rows are written as the chunk's Parquet files (the
// files a first `newsframe run` writes) and the catalog's rows as its
// index file; each finished article goes on to summarizeFn.
type chunkFn struct {
	Cfg Config

	// The chunk's files are written by up to Cfg.Workers goroutines while
	// the next chunks are read; FinishBundle waits for them.
	writes sync.WaitGroup
	slots  chan struct{}
	mu     sync.Mutex
	err    error
}

func (f *chunkFn) ProcessElement(ctx context.Context, key string, docs, marked func(*[]byte) bool, emit func([]byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	shared := map[string][]int32{}
	var b []byte
	for marked(&b) {
		m, err := decodeMarks(b)
		if err != nil {
			return err
		}
		shared[m.id] = m.shared
	}
	var recs []*docRecord
	for docs(&b) {
		r, err := decodeDoc(b)
		if err != nil {
			return err
		}
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(a, b *docRecord) int { return strings.Compare(a.article.ArticleID, b.article.ArticleID) })
	day, name := splitChunkKey(key)
	arts := make([]article.ArticleRow, len(recs))
	var paras []article.ParagraphRow
	index := make([]resultdir.Article, len(recs))
	for i, r := range recs {
		for _, p := range shared[r.article.ArticleID] {
			r.paragraphs[p].Shared = true
		}
		var n int32
		for _, p := range r.paragraphs {
			if p.Shared {
				n++
			}
		}
		r.article.SharedParagraphs = n
		out, err := appendDoc(nil, r)
		if err != nil {
			return err
		}
		emit(out)
		arts[i] = r.article
		paras = append(paras, r.paragraphs...)
		index[i] = resultdir.Article{ID: r.article.ArticleID, Hash: r.article.Hash, Settings: e.analysis,
			File: r.file, Line: r.line, Outlet: r.article.Outlet, Day: day, Chunk: name, Published: r.article.Published,
			Story: r.article.StoryID, Title: r.article.Title,
			Terms: article.TopTerms(article.StoryTerms(r.article.Title, r.seqs, e.stopwords), 10)}
	}
	if err := f.firstErr(); err != nil {
		return err
	}
	if f.slots == nil {
		f.slots = make(chan struct{}, max(1, f.Cfg.Workers))
	}
	f.slots <- struct{}{}
	wctx := context.WithoutCancel(ctx)
	f.writes.Go(func() {
		defer func() { <-f.slots }()
		if err := writeChunk(wctx, f.Cfg.Out, day, name, arts, paras, index); err != nil {
			f.mu.Lock()
			f.err = cmp.Or(f.err, err)
			f.mu.Unlock()
		}
	})
	return nil
}

func (f *chunkFn) firstErr() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *chunkFn) FinishBundle(emit func([]byte)) error {
	f.writes.Wait()
	return f.firstErr()
}

// summarizeFn counts finished articles into the bundle's summaries (the
// Delta of a local run, co-occurrence of the candidates included) and
// emits them per key when the bundle finishes.
type summarizeFn struct {
	Cfg Config

	delta *aggregate.Delta
}

func (f *summarizeFn) ProcessElement(ctx context.Context, rec []byte, cands []byte, emit func(string, []byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	if f.delta == nil {
		if f.delta, err = newDelta(e, cands, f.Cfg.Window); err != nil {
			return err
		}
	}
	r, err := decodeDoc(rec)
	if err != nil {
		return err
	}
	f.delta.Add(&aggregate.Stored{Article: r.article, Paragraphs: r.paragraphs, Seqs: r.seqs}, 1)
	return nil
}

func (f *summarizeFn) FinishBundle(cands []byte, emit func(string, []byte)) error {
	if f.delta == nil {
		return nil
	}
	d := f.delta
	f.delta = nil
	return emitDelta(d, emit)
}

// newDelta returns a delta counting co-occurrence of the candidates (an
// encoded list; none: no co-occurrence), as a first local run's does.
func newDelta(e *env, cands []byte, window int) (*aggregate.Delta, error) {
	d := aggregate.NewDelta(e.agg)
	vocab, err := decodeStrings(cands)
	if err != nil {
		return nil, err
	}
	if len(vocab) == 0 {
		return d, nil
	}
	c, err := terms.NewCooccur(vocab, 0)
	if err != nil {
		return nil, err
	}
	var w *terms.Cooccur
	if window > 0 {
		if w, err = terms.NewCooccur(vocab, window); err != nil {
			return nil, err
		}
	}
	d.SetCooccur(c, w)
	return d, nil
}

// writeChunk writes a chunk's Parquet files and its index file.
func writeChunk(ctx context.Context, out, day, name string, arts []article.ArticleRow, paras []article.ParagraphRow, index []resultdir.Article) error {
	err := writeFile(ctx, joinPath(out, results.ChunkPath(results.Articles, day, name, resultdir.Run)), func(w io.Writer) error {
		return results.EncodeArticles(w, arts)
	})
	if err != nil {
		return err
	}
	err = writeFile(ctx, joinPath(out, results.ChunkPath(results.Paragraphs, day, name, resultdir.Run)), func(w io.Writer) error {
		return results.EncodeParagraphs(w, paras)
	})
	if err != nil {
		return err
	}
	return writeFile(ctx, joinPath(out, resultdir.IndexPath(day, name)), func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		for i := range index {
			if err := enc.Encode(&index[i]); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}

// The summaries travel as KV<name, kind byte + blob>: the names of the
// catalog (resultdir.CellPrefix + cell key, ...), "day/" + DayKey for a
// day summary and "entity/" + name for an entity's totals; the kind byte
// tells mergeSummaries how to merge two values of a key.
const (
	kindCell     = 'c'
	kindTerms    = 't'
	kindDay      = 'd'
	kindEntity   = 'e'
	kindCooccur  = 'o'
	dayPrefix    = "day/"
	entityPrefix = "entity/"
)

// emitDelta emits every summary of a delta's additions.
func emitDelta(d *aggregate.Delta, emit func(string, []byte)) error {
	for c, s := range d.Plus.Cells {
		b, err := s.AppendBinary([]byte{kindCell})
		if err != nil {
			return err
		}
		emit(resultdir.CellPrefix+c.Key(), b)
	}
	for c, t := range d.Plus.Terms {
		b, err := t.AppendBinary([]byte{kindTerms})
		if err != nil {
			return err
		}
		emit(resultdir.TermsPrefix+c.Key(), b)
	}
	for k, s := range d.Plus.Days {
		b, err := s.AppendBinary([]byte{kindDay})
		if err != nil {
			return err
		}
		emit(dayPrefix+resultdir.DayKey(k.Day, k.Cell), b)
	}
	for name, t := range d.Plus.Entities {
		emit(entityPrefix+name, appendEntity([]byte{kindEntity}, *t))
	}
	for name, c := range map[string]*terms.Cooccur{resultdir.SummaryCooc: d.Cooc, resultdir.SummaryWindow: d.Window} {
		if c == nil {
			continue
		}
		b, err := c.AppendBinary([]byte{kindCooccur})
		if err != nil {
			return err
		}
		emit(name, b)
	}
	return nil
}

func appendEntity(b []byte, t aggregate.EntityTotal) []byte {
	e := codec.Encoder{B: b}
	e.Varint(t.Mentions)
	e.Varint(t.Articles)
	e.Varint(t.Person)
	return e.B
}

func decodeEntity(b []byte) (aggregate.EntityTotal, error) {
	d := codec.Decoder{B: b}
	t := aggregate.EntityTotal{Mentions: d.Varint(), Articles: d.Varint(), Person: d.Varint()}
	return t, d.Finish()
}

// mergeSummaries merges two values of one summary key (the combine).
func mergeSummaries(a, b []byte) ([]byte, error) {
	if len(a) == 0 {
		return b, nil
	}
	if len(b) == 0 {
		return a, nil
	}
	if a[0] != b[0] {
		return nil, fmt.Errorf("merge summaries: kinds %q and %q", a[0], b[0])
	}
	kind := a[0]
	out := []byte{kind}
	var err error
	switch kind {
	case kindCell:
		x, y := aggregate.NewCellSummary(), aggregate.NewCellSummary()
		if err := unmarshalBoth(x, y, a, b); err != nil {
			return nil, err
		}
		x.Merge(y)
		return x.AppendBinary(out)
	case kindTerms:
		x, y := aggregate.NewCellTerms(), aggregate.NewCellTerms()
		if err := unmarshalBoth(x, y, a, b); err != nil {
			return nil, err
		}
		x.Compared.Merge(y.Compared)
		x.Shared.Merge(y.Shared)
		return x.AppendBinary(out)
	case kindDay:
		x, y := aggregate.NewDaySummary(), aggregate.NewDaySummary()
		if err := unmarshalBoth(x, y, a, b); err != nil {
			return nil, err
		}
		x.Merge(y)
		return x.AppendBinary(out)
	case kindEntity:
		x, err := decodeEntity(a[1:])
		if err != nil {
			return nil, err
		}
		y, err := decodeEntity(b[1:])
		if err != nil {
			return nil, err
		}
		return appendEntity(out, aggregate.EntityTotal{Mentions: x.Mentions + y.Mentions,
			Articles: x.Articles + y.Articles, Person: x.Person + y.Person}), nil
	case kindCooccur:
		x, y := &terms.Cooccur{}, &terms.Cooccur{}
		if err := unmarshalBoth(x, y, a, b); err != nil {
			return nil, err
		}
		if err = x.Merge(y); err != nil {
			return nil, err
		}
		return x.AppendBinary(out)
	}
	return nil, fmt.Errorf("merge summaries: unknown kind %q", kind)
}

type unmarshaler interface{ UnmarshalBinary([]byte) error }

func unmarshalBoth(x, y unmarshaler, a, b []byte) error {
	if err := x.UnmarshalBinary(a[1:]); err != nil {
		return fmt.Errorf("merge summaries: %w", err)
	}
	if err := y.UnmarshalBinary(b[1:]); err != nil {
		return fmt.Errorf("merge summaries: %w", err)
	}
	return nil
}

// mergeCounts merges two encoded term counts (the corpus totals).
func mergeCounts(a, b []byte) ([]byte, error) {
	if len(a) == 0 {
		return b, nil
	}
	if len(b) == 0 {
		return a, nil
	}
	x, y := terms.NewCounts(), terms.NewCounts()
	if err := x.UnmarshalBinary(a); err != nil {
		return nil, fmt.Errorf("merge totals: %w", err)
	}
	if err := y.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("merge totals: %w", err)
	}
	x.Merge(y)
	return x.AppendBinary(nil)
}

// candidatesFn picks the co-occurrence candidates from the corpus totals
// as `newsframe run` picks them on a first run.
type candidatesFn struct {
	Cfg Config
}

func (f *candidatesFn) ProcessElement(totals []byte) ([]byte, error) {
	c := terms.NewCounts()
	if len(totals) > 0 {
		if err := c.UnmarshalBinary(totals); err != nil {
			return nil, fmt.Errorf("corpus totals: %w", err)
		}
	}
	phrases := terms.Phrases(c, terms.PhraseOptions{})
	return encodeStrings(terms.TermsOf(terms.Top(c, phrases, max(4*f.Cfg.TopTerms, 500)))), nil
}

func encodeStrings(list []string) []byte {
	e := codec.Encoder{}
	e.Uvarint(uint64(len(list)))
	for _, s := range list {
		e.String(s)
	}
	return e.B
}

func decodeStrings(b []byte) ([]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := codec.Decoder{B: b}
	n := d.Count(len(d.B))
	out := make([]string, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		out = append(out, d.String())
	}
	return out, d.Finish()
}
