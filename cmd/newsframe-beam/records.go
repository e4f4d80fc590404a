package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsframe/analysis/article"
	"newsframe/analysis/codec"
	"newsframe/analysis/corpus"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
)

// The elements between the stages are byte strings in the encodings of
// this file (analysis/codec), so that the runner needs no coder of ours
// and a record costs what its fields cost.

// readArticle is an article as read, with its place in the input: the
// file's index in the listing and the article's ordinal in the file, which
// decide which copy of a duplicated id is kept (the first read, as
// `newsframe run` keeps it).
type readArticle struct {
	fileIndex, ordinal int
	file               string
	art                corpus.Article
}

func appendReadArticle(b []byte, r *readArticle) ([]byte, error) {
	e := codec.Encoder{B: b}
	e.Uvarint(uint64(r.fileIndex))
	e.Uvarint(uint64(r.ordinal))
	e.String(r.file)
	a := &r.art
	for _, s := range []string{a.ID, a.Outlet, a.Title, a.Subtitle, a.Author, a.URL, a.Source} {
		e.String(s)
	}
	t, err := a.Published.MarshalBinary()
	if err != nil {
		return nil, err
	}
	e.Bytes(t)
	e.Uvarint(uint64(len(a.Paragraphs)))
	for _, p := range a.Paragraphs {
		e.String(p)
	}
	e.Bool(a.Meta != nil)
	if a.Meta != nil {
		m, err := json.Marshal(a.Meta)
		if err != nil {
			return nil, fmt.Errorf("article %s: meta: %w", a.ID, err)
		}
		e.Bytes(m)
	}
	return e.B, nil
}

func decodeReadArticle(d *codec.Decoder) (*readArticle, error) {
	r := &readArticle{fileIndex: d.Int(), ordinal: d.Int(), file: d.String()}
	a := &r.art
	for _, s := range []*string{&a.ID, &a.Outlet, &a.Title, &a.Subtitle, &a.Author, &a.URL, &a.Source} {
		*s = d.String()
	}
	if err := a.Published.UnmarshalBinary(d.Bytes()); err != nil && d.Err() == nil {
		return nil, fmt.Errorf("article %s: published: %w", a.ID, err)
	}
	n := d.Count(len(d.B))
	if n > 0 {
		a.Paragraphs = make([]string, n)
	}
	for i := 0; i < n && d.Err() == nil; i++ {
		a.Paragraphs[i] = d.String()
	}
	if d.Bool() {
		// Numbers stay json.Number, as the JSON parsers leave them.
		dec := json.NewDecoder(bytes.NewReader(d.Bytes()))
		dec.UseNumber()
		if err := dec.Decode(&a.Meta); err != nil && d.Err() == nil {
			return nil, fmt.Errorf("article %s: meta: %w", a.ID, err)
		}
	}
	return r, d.Err()
}

// docRecord is an analysed article: its rows, where it was read, and what
// the later stages derive from it (the paragraphs' term sequences and
// wire-copy signatures).
type docRecord struct {
	article            article.ArticleRow
	paragraphs         []article.ParagraphRow
	file               string
	line               int
	fileIndex, ordinal int
	sigs               []wire.Signature
	seqs               []terms.Seq
}

func appendDoc(b []byte, r *docRecord) ([]byte, error) {
	e := codec.Encoder{B: b}
	e.Bytes(article.AppendRows(nil, &r.article, r.paragraphs))
	e.String(r.file)
	e.Varint(int64(r.line))
	e.Uvarint(uint64(r.fileIndex))
	e.Uvarint(uint64(r.ordinal))
	e.Uvarint(uint64(len(r.sigs)))
	for _, sig := range r.sigs {
		wire.AppendSignature(&e, sig)
	}
	e.Uvarint(uint64(len(r.seqs)))
	var err error
	var sb []byte
	for _, s := range r.seqs {
		if sb, err = s.AppendBinary(sb[:0]); err != nil {
			return nil, err
		}
		e.Bytes(sb)
	}
	return e.B, nil
}

func decodeDoc(b []byte) (*docRecord, error) {
	d := codec.Decoder{B: b}
	r := &docRecord{}
	var err error
	if r.article, r.paragraphs, err = article.DecodeRows(d.Bytes()); err != nil {
		return nil, err
	}
	r.file = d.String()
	r.line = int(d.Varint())
	r.fileIndex, r.ordinal = d.Int(), d.Int()
	n := d.Count(len(d.B))
	r.sigs = make([]wire.Signature, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		r.sigs[i] = wire.DecodeSignature(&d)
	}
	n = d.Count(len(d.B))
	r.seqs = make([]terms.Seq, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		if err := r.seqs[i].UnmarshalBinary(d.Bytes()); err != nil && d.Err() == nil {
			return nil, fmt.Errorf("article %s: paragraph %d: %w", r.article.ArticleID, i, err)
		}
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("doc record: %w", err)
	}
	return r, nil
}

// lightDoc is what the story pass needs of an article.
type lightDoc struct {
	id, outlet string
	published  *time.Time
	file       string
	line       int
	terms      []string
}

func appendLight(b []byte, l *lightDoc) []byte {
	e := codec.Encoder{B: b}
	e.String(l.id)
	e.String(l.outlet)
	e.Bool(l.published != nil)
	if l.published != nil {
		e.Varint(l.published.UnixNano())
	}
	e.String(l.file)
	e.Varint(int64(l.line))
	e.Uvarint(uint64(len(l.terms)))
	for _, t := range l.terms {
		e.String(t)
	}
	return e.B
}

func decodeLight(b []byte) (*lightDoc, error) {
	d := codec.Decoder{B: b}
	l := &lightDoc{id: d.String(), outlet: d.String()}
	if d.Bool() {
		t := time.Unix(0, d.Varint()).UTC()
		l.published = &t
	}
	l.file = d.String()
	l.line = int(d.Varint())
	n := d.Count(len(d.B))
	l.terms = make([]string, 0, n)
	for i := 0; i < n && d.Err() == nil; i++ {
		l.terms = append(l.terms, d.String())
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("story record: %w", err)
	}
	return l, nil
}

// decision is what the story pass decided for an article: its partition
// and chunk, its story.
type decision struct {
	day, chunk, story string
	similarity        float64
}

func appendDecision(b []byte, x *decision) []byte {
	e := codec.Encoder{B: b}
	e.String(x.day)
	e.String(x.chunk)
	e.String(x.story)
	e.Float(x.similarity)
	return e.B
}

func decodeDecision(b []byte) (*decision, error) {
	d := codec.Decoder{B: b}
	x := &decision{day: d.String(), chunk: d.String(), story: d.String(), similarity: d.Float()}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	return x, nil
}

// chunkKey names a chunk across partitions: DAY NUL CHUNK.
func chunkKey(day, chunk string) string { return day + "\x00" + chunk }

func splitChunkKey(k string) (day, chunk string) {
	day, chunk, _ = strings.Cut(k, "\x00")
	return day, chunk
}

// wireEntry is an article's signed paragraphs on their way to a window of
// the wire-copy check: target marks the articles whose paragraphs the
// window decides (those of its own day or undated chunk); the others are
// context.
type wireEntry struct {
	chunk  string // the article's chunk key
	target bool
	day    int
	outlet string
	id     string
	paras  []int32 // paragraph index of each signature
	sigs   []wire.Signature
}

func appendWireEntry(b []byte, w *wireEntry) []byte {
	e := codec.Encoder{B: b}
	e.String(w.chunk)
	e.Bool(w.target)
	e.Varint(int64(w.day))
	e.String(w.outlet)
	e.String(w.id)
	e.Uvarint(uint64(len(w.sigs)))
	for i, sig := range w.sigs {
		e.Uvarint(uint64(w.paras[i]))
		wire.AppendSignature(&e, sig)
	}
	return e.B
}

func decodeWireEntry(b []byte) (*wireEntry, error) {
	d := codec.Decoder{B: b}
	w := &wireEntry{chunk: d.String(), target: d.Bool(), day: int(d.Varint()), outlet: d.String(), id: d.String()}
	n := d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		w.paras = append(w.paras, int32(d.Uvarint()))
		w.sigs = append(w.sigs, wire.DecodeSignature(&d))
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("wire entry: %w", err)
	}
	return w, nil
}

// marks lists an article's paragraphs found to be wire copy.
type marks struct {
	id     string
	shared []int32
}

func appendMarks(b []byte, m *marks) []byte {
	e := codec.Encoder{B: b}
	e.String(m.id)
	e.Uvarint(uint64(len(m.shared)))
	for _, p := range m.shared {
		e.Uvarint(uint64(p))
	}
	return e.B
}

func decodeMarks(b []byte) (*marks, error) {
	d := codec.Decoder{B: b}
	m := &marks{id: d.String()}
	n := d.Count(len(d.B))
	for i := 0; i < n && d.Err() == nil; i++ {
		m.shared = append(m.shared, int32(d.Uvarint()))
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("wire marks: %w", err)
	}
	return m, nil
}
