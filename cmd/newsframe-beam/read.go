package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"newsframe/analysis/article"
	"newsframe/analysis/codec"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
	"newsframe/cmd/internal/source"
)

// fileRef is a listed input file with its index in the listing.
type fileRef struct {
	Index int
	File  source.File
}

// problemRecord is a problem with its place in the input (file index −1
// for the listing's), so that problems.jsonl lists them in the order a
// local run meets them.
type problemRecord struct {
	FileIndex int
	Ordinal   int
	Problem   source.Problem
}

func encodeProblem(fileIndex, ordinal int, p source.Problem) ([]byte, error) {
	return json.Marshal(problemRecord{FileIndex: fileIndex, Ordinal: ordinal, Problem: p})
}

// listFn lists the corpus's files (one element, from Impulse).
type listFn struct {
	Cfg Config
}

func (f *listFn) ProcessElement(ctx context.Context, _ []byte, emitFile, emitProblem func([]byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	files, _, problems, err := e.walker.Files(ctx)
	if err != nil {
		return fmt.Errorf("list corpus: %w", err)
	}
	for i, p := range problems {
		b, err := encodeProblem(-1, i, p)
		if err != nil {
			return err
		}
		emitProblem(b)
	}
	for i := range files {
		b, err := json.Marshal(fileRef{Index: i, File: files[i]})
		if err != nil {
			return err
		}
		emitFile(b)
	}
	return nil
}

// readFn reads one file into batches of Cfg.Batch articles.
type readFn struct {
	Cfg Config
}

func (f *readFn) ProcessElement(ctx context.Context, ref []byte, emitBatch, emitProblem func([]byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	var r fileRef
	if err := json.Unmarshal(ref, &r); err != nil {
		return fmt.Errorf("file reference: %w", err)
	}
	size := max(f.Cfg.Batch, 1)
	var batch codec.Encoder
	n, ordinal := 0, 0
	err = e.walker.Read(ctx, &r.File, func(it source.Item) error {
		ordinal++
		if it.Problem != nil {
			b, err := encodeProblem(r.Index, ordinal, *it.Problem)
			if err != nil {
				return err
			}
			emitProblem(b)
			return nil
		}
		b, err := appendReadArticle(nil, &readArticle{fileIndex: r.Index, ordinal: ordinal, file: r.File.Name, art: *it.Article})
		if err != nil {
			return err
		}
		batch.Bytes(b)
		if n++; n == size {
			emitBatch(batch.B)
			batch.B, n = nil, 0
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", r.File.Name, err)
	}
	if n > 0 {
		emitBatch(batch.B)
	}
	return nil
}

// analyzeFn is the map step: every article of a batch analysed (by
// Cfg.Workers goroutines), as `newsframe run`'s workers analyse it, keyed
// by article id.
type analyzeFn struct {
	Cfg Config
}

func (f *analyzeFn) ProcessElement(ctx context.Context, batch []byte, emit func(string, []byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	var arts []*readArticle
	d := codec.Decoder{B: batch}
	for len(d.B) > 0 && d.Err() == nil {
		rd := codec.Decoder{B: d.Bytes()}
		a, err := decodeReadArticle(&rd)
		if err != nil {
			return err
		}
		arts = append(arts, a)
	}
	if err := d.Finish(); err != nil {
		return fmt.Errorf("article batch: %w", err)
	}
	out := make([][]byte, len(arts))
	errs := make([]error, len(arts))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range max(1, min(f.Cfg.Workers, len(arts))) {
		wg.Go(func() {
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(arts) {
					return
				}
				out[k], errs[k] = analyse(e, arts[k])
			}
		})
	}
	wg.Wait()
	for k, a := range arts {
		if errs[k] != nil {
			return errs[k]
		}
		emit(a.art.ID, out[k])
	}
	return nil
}

// analyse runs the map step on one article and encodes its record.
func analyse(e *env, a *readArticle) ([]byte, error) {
	res := e.analyzer.Analyze(&a.art)
	ar, prs := article.Rows(res, article.Placement{})
	rec := docRecord{article: ar, paragraphs: prs, file: a.file, line: lineOf(a.art.Source),
		fileIndex: a.fileIndex, ordinal: a.ordinal}
	rec.seqs = make([]terms.Seq, len(res.Paragraphs))
	rec.sigs = make([]wire.Signature, len(res.Paragraphs))
	for i := range res.Paragraphs {
		rec.seqs[i] = res.Paragraphs[i].Seq
		rec.sigs[i] = res.Paragraphs[i].Signature
	}
	return appendDoc(nil, &rec)
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

// dedupeFn keeps, of the articles read under one id, the first read (by
// file, then place in the file) and reports the others as `newsframe
// run` does; it emits the article for the join and for the story pass,
// and per bundle the corpus term totals of the articles kept.
type dedupeFn struct {
	Cfg Config

	totals *terms.Counts
}

func (f *dedupeFn) ProcessElement(ctx context.Context, id string, recs func(*[]byte) bool,
	emitDoc, emitLight func(string, []byte), emitTotals, emitProblem func([]byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	var kept *docRecord
	var keptRaw []byte
	var dropped []*docRecord
	var b []byte
	for recs(&b) {
		r, err := decodeDoc(b)
		if err != nil {
			return err
		}
		if kept == nil || r.fileIndex < kept.fileIndex || (r.fileIndex == kept.fileIndex && r.ordinal < kept.ordinal) {
			if kept != nil {
				dropped = append(dropped, kept)
			}
			kept, keptRaw = r, b
			continue
		}
		dropped = append(dropped, r)
	}
	if kept == nil {
		return nil
	}
	for _, r := range dropped {
		p := source.Problem{Path: r.article.Source, Kind: "duplicate-id",
			Reason: fmt.Sprintf("article id %q already read from %s; this copy is skipped", id, kept.file), Warning: true}
		pb, err := encodeProblem(r.fileIndex, r.ordinal, p)
		if err != nil {
			return err
		}
		emitProblem(pb)
	}
	if f.totals == nil {
		f.totals = terms.NewCounts()
	}
	for _, s := range kept.seqs {
		f.totals.Add(s)
	}
	emitDoc(id, keptRaw)
	emitLight(kept.article.Day(), appendLight(nil, &lightDoc{id: id, outlet: kept.article.Outlet,
		published: kept.article.Published, file: kept.file, line: kept.line,
		terms: article.StoryTerms(kept.article.Title, kept.seqs, e.stopwords)}))
	return nil
}

func (f *dedupeFn) FinishBundle(emitDoc, emitLight func(string, []byte), emitTotals, emitProblem func([]byte)) error {
	if f.totals == nil {
		return nil
	}
	b, err := f.totals.AppendBinary(nil)
	if err != nil {
		return err
	}
	f.totals = nil
	emitTotals(b)
	return nil
}
