package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"newsframe/analysis/stories"
	"newsframe/analysis/wire"
)

// Wire copy. Whether a paragraph is wire copy depends only on the
// paragraphs of other articles published within wire.DefaultWindowDays of
// its day (wire.Window.Mark), so each day is decided on its own: the
// window of day D holds the signed paragraphs of days D−3 … D+3, and every
// article goes to the seven windows that need it. An undated chunk is one
// window of its own, as `newsframe run` checks it. Windows run in
// parallel; the cost is seven copies of each signature in the shuffle.

// joinFn joins an analysed article with its story decision: it emits the
// article, with its story, keyed by chunk, and its signed paragraphs to
// the wire windows that need them.
type joinFn struct {
	Cfg Config
}

func (f *joinFn) ProcessElement(ctx context.Context, id string, docs, decisions func(*[]byte) bool,
	emitDoc, emitWire func(string, []byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	var db, xb []byte
	if !docs(&db) {
		return nil
	}
	if !decisions(&xb) {
		return fmt.Errorf("article %q has no story decision", id)
	}
	doc, err := decodeDoc(db)
	if err != nil {
		return err
	}
	x, err := decodeDecision(xb)
	if err != nil {
		return err
	}
	doc.article.StoryID = x.story
	doc.article.StorySimilarity = x.similarity
	for i := range doc.paragraphs {
		doc.paragraphs[i].StoryID = x.story
	}
	ck := chunkKey(x.day, x.chunk)
	out, err := appendDoc(nil, doc)
	if err != nil {
		return err
	}
	emitDoc(ck, out)

	w := &wireEntry{chunk: ck, outlet: doc.article.Outlet, id: id}
	for i, sig := range doc.sigs {
		if len(sig) == e.wire.Hashes() {
			w.paras = append(w.paras, int32(i))
			w.sigs = append(w.sigs, sig)
		}
	}
	if len(w.sigs) == 0 {
		return nil
	}
	if x.day == "" {
		w.target = true
		emitWire("U"+x.chunk, appendWireEntry(nil, w))
		return nil
	}
	t, err := time.Parse(time.DateOnly, x.day)
	if err != nil {
		return fmt.Errorf("article %q: day %q: %v", id, x.day, err)
	}
	w.day = stories.DayNumber(t)
	for k := w.day - wire.DefaultWindowDays; k <= w.day+wire.DefaultWindowDays; k++ {
		w.target = k == w.day
		emitWire("D"+strconv.Itoa(k), appendWireEntry(nil, w))
	}
	return nil
}

// wireFn decides one window: the paragraphs of its target articles that
// have a near-duplicate in another outlet's article of the window.
type wireFn struct {
	Cfg Config
}

func (f *wireFn) ProcessElement(ctx context.Context, key string, entries func(*[]byte) bool, emit func(string, []byte)) error {
	e, err := f.Cfg.env(ctx)
	if err != nil {
		return err
	}
	days := wire.DefaultWindowDays
	if key[0] == 'U' {
		days = 0
	}
	win := e.wire.NewWindow()
	type target struct {
		w   *wireEntry
		ids []int32
	}
	var targets []target
	var b []byte
	for entries(&b) {
		w, err := decodeWireEntry(b)
		if err != nil {
			return err
		}
		ids := make([]int32, len(w.sigs))
		for i, sig := range w.sigs {
			ids[i] = win.Add(w.day, w.outlet, w.id, sig)
		}
		if w.target {
			targets = append(targets, target{w, ids})
		}
	}
	for _, t := range targets {
		m := &marks{id: t.w.id}
		for i, id := range t.ids {
			if win.Mark(id, days)&wire.Shared != 0 {
				m.shared = append(m.shared, t.w.paras[i])
			}
		}
		if len(m.shared) > 0 {
			emit(t.w.chunk, appendMarks(nil, m))
		}
	}
	return nil
}
