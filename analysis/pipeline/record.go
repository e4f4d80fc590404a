package pipeline

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"time"

	"newsframe/analysis/entities"
	"newsframe/analysis/terms"
)

// record is what the aggregation keeps of one article between runs, so
// that a run reads a small record per article instead of its paragraphs:
// the figures each paragraph contributes (scores, characters, stance,
// speakers, counts of the candidate terms), the article's entities, and
// where the aggregation placed it (wire-copy numbering, story). Records
// live in the state's summaries table; [Source.Records] reads them.
type record struct {
	id, outlet string
	published  time.Time
	title      string
	paras      []paraRec
	// cand, stance and speakers are the paragraphs' candidate counts,
	// stance and speakers, paragraph by paragraph (see candOf, stanceOf
	// and speakersOf): one array per article rather than per paragraph.
	cand     []candCount
	stance   []stanceRec
	speakers []string
	// ents are the article's entities encoded as in the stored record
	// (see appendRecord): kept as bytes because a rebuild holds every
	// record at once, and the maps of a 100 MB corpus's entities took
	// some 80 MB where their encoding takes a fraction.
	ents []byte
	// pnBase numbers the article's paragraphs for the wire-copy index:
	// paragraph i is pnBase+i. A new version of an article gets a new
	// base, so numbers are never reused.
	pnBase uint32
	// seed is the ID of its story's first article and sim its similarity
	// when it joined; label is the story's label when it is the seed.
	seed  string
	sim   float64
	label []string
}

// paraRec is one paragraph's part of a record. A rebuild holds the
// paragraphs of every article at once (some 190,000 on a 100 MB corpus),
// so it is kept small: 32 bytes where three slice headers per paragraph
// took 104. Its stance, speakers and candidate counts lie in the record's
// arrays, paragraph after paragraph: a paragraph keeps the end of its
// entries, which start at the previous paragraph's end.
type paraRec struct {
	score         float64
	chars, quoted int32
	// candEnd, stanceEnd and speakersEnd end the paragraph's entries in
	// record.cand, record.stance and record.speakers.
	candEnd, stanceEnd, speakersEnd uint32
	signed                          bool
}

// span returns the bounds of paragraph i's entries in one of the record's
// arrays, given the end of each paragraph's.
func (r *record) span(i int, end func(p *paraRec) uint32) (lo, hi uint32) {
	if i > 0 {
		lo = end(&r.paras[i-1])
	}
	return lo, end(&r.paras[i])
}

// candOf returns the candidate counts of paragraph i: the occurrences of
// candidate terms (indexes into the co-occurrence candidates), as the
// topic shares count them.
func (r *record) candOf(i int) []candCount {
	lo, hi := r.span(i, func(p *paraRec) uint32 { return p.candEnd })
	return r.cand[lo:hi]
}

// stanceOf returns paragraph i's stance toward each target it mentions.
func (r *record) stanceOf(i int) []stanceRec {
	lo, hi := r.span(i, func(p *paraRec) uint32 { return p.stanceEnd })
	return r.stance[lo:hi]
}

// speakersOf returns paragraph i's speakers, one per attributed
// quotation.
func (r *record) speakersOf(i int) []string {
	lo, hi := r.span(i, func(p *paraRec) uint32 { return p.speakersEnd })
	return r.speakers[lo:hi]
}

// cloneNonEmpty returns a copy of s at its length, nil when s is empty.
func cloneNonEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// setCand sets the candidate counts of every paragraph: all, paragraph by
// paragraph, ending at ends. It keeps a copy of all.
func (r *record) setCand(all []candCount, ends []uint32) {
	r.cand = cloneNonEmpty(all)
	for i := range r.paras {
		r.paras[i].candEnd = ends[i]
	}
}

type stanceRec struct {
	target string
	score  float64
	quoted bool
}

type candCount struct {
	term, n uint32
}

// day returns the publication day, "" when unknown.
func (r *record) day() string {
	if r.published.IsZero() {
		return ""
	}
	return r.published.UTC().Format(time.DateOnly)
}

// newRecord builds an article's record from its results (the derived
// fields are set by the aggregation). names, when not nil, interns the
// outlet, stance targets and speakers, as decodeRecord does.
func newRecord(a *Article, names map[string]string) *record {
	intern := func(s string) string {
		if names == nil {
			return s
		}
		if v, ok := names[s]; ok {
			return v
		}
		names[s] = s
		return s
	}
	r := &record{id: a.ID, outlet: intern(a.Outlet), published: a.Published, title: a.Title, ents: appendEntities(nil, a.Entities),
		paras: make([]paraRec, len(a.Paragraphs))}
	nStance, nSpeakers := 0, 0
	for i := range a.Paragraphs {
		nStance += len(a.Paragraphs[i].Stance)
		for _, q := range a.Paragraphs[i].Quotes {
			if q.Speaker != "" {
				nSpeakers++
			}
		}
	}
	if nStance > 0 {
		r.stance = make([]stanceRec, 0, nStance)
	}
	if nSpeakers > 0 {
		r.speakers = make([]string, 0, nSpeakers)
	}
	for i := range a.Paragraphs {
		p := &a.Paragraphs[i]
		pr := &r.paras[i]
		pr.score, pr.chars, pr.quoted, pr.signed = p.Sentiment.Score, int32(p.Chars), int32(p.QuotedChars), p.Signature != nil
		for _, s := range p.Stance {
			r.stance = append(r.stance, stanceRec{intern(s.Target), s.Score, s.Quoted})
		}
		for _, q := range p.Quotes {
			if q.Speaker != "" {
				r.speakers = append(r.speakers, intern(q.Speaker))
			}
		}
		pr.stanceEnd, pr.speakersEnd = uint32(len(r.stance)), uint32(len(r.speakers))
	}
	return r
}

// interned reads a string as str does, returning the copy in names when
// there is one and keeping a new one there otherwise.
func (d *decoder) interned(names map[string]string) string {
	b := d.field()
	if s, ok := names[string(b)]; ok {
		return s
	}
	s := string(b)
	names[s] = s
	return s
}

// recordDigest identifies an encoded record: the first 16 bytes of its
// SHA-256.
type recordDigest [16]byte

func digestRecord(b []byte) recordDigest {
	h := sha256.Sum256(b)
	return recordDigest(h[:16])
}

// recordFormat is the first byte of an encoded record.
const recordFormat byte = 0x01

// appendRecord encodes r (codec.go's primitives): format byte, outlet,
// published (varint Unix nanoseconds, preceded by a presence bool),
// title, pnBase, seed, sim, label (list of str), entities (as in the
// article result), then the paragraphs: per paragraph score, chars,
// quoted, signed, stance (target, score, quoted), speakers, and the
// candidate counts (increase of the term index, count).
func appendRecord(b []byte, r *record) []byte {
	e := encoder{b}
	e.b = append(e.b, recordFormat)
	e.str(r.outlet)
	e.boolean(!r.published.IsZero())
	if !r.published.IsZero() {
		e.b = appendVarint64(e.b, r.published.UnixNano())
	}
	e.str(r.title)
	e.uvarint(uint64(r.pnBase))
	e.str(r.seed)
	e.f64(r.sim)
	e.uvarint(uint64(len(r.label)))
	for _, l := range r.label {
		e.str(l)
	}
	e.b = append(e.b, r.ents...)
	e.uvarint(uint64(len(r.paras)))
	for i := range r.paras {
		p := &r.paras[i]
		e.f64(p.score)
		e.varint(int(p.chars))
		e.varint(int(p.quoted))
		e.boolean(p.signed)
		e.uvarint(uint64(len(r.stanceOf(i))))
		for _, s := range r.stanceOf(i) {
			e.str(s.target)
			e.f64(s.score)
			e.boolean(s.quoted)
		}
		e.uvarint(uint64(len(r.speakersOf(i))))
		for _, s := range r.speakersOf(i) {
			e.str(s)
		}
		cand := r.candOf(i)
		e.uvarint(uint64(len(cand)))
		prev := uint32(0)
		for _, c := range cand {
			e.uvarint(uint64(c.term - prev))
			e.uvarint(uint64(c.n))
			prev = c.term
		}
	}
	return e.b
}

// appendEntities appends the encoding of an entity counter to b: the
// number of entities, then per entity in name order its name, mentions,
// articles, person count and aliases.
func appendEntities(b []byte, c entities.Counter) []byte {
	e := encoder{b}
	e.uvarint(uint64(len(c)))
	for _, name := range sortedKeys(c) {
		t := c[name]
		e.str(name)
		e.varint(t.Mentions)
		e.varint(t.Articles)
		e.varint(t.Person)
		e.intMap(t.Aliases)
	}
	return e.b
}

// skipEntities reads past an encoded entity counter (appendEntities) and
// returns its bytes, nil for none; they share d's storage.
func (d *decoder) skipEntities() []byte {
	start := d.b
	skipStr := func() { d.field() }
	for n := d.count(); n > 0 && d.err == nil; n-- {
		skipStr()
		d.varint()
		d.varint()
		d.varint()
		if k := d.count(); k > 0 {
			for range k - 1 {
				skipStr()
				d.varint()
			}
		}
	}
	if d.err != nil {
		return nil
	}
	return start[:len(start)-len(d.b)]
}

// entities decodes the record's entities.
func (r *record) entities() (entities.Counter, error) {
	d := decoder{b: r.ents}
	n := d.count()
	c := make(entities.Counter, n)
	for range n {
		name := d.str()
		c[name] = entities.Tally{Mentions: d.varint(), Articles: d.varint(), Person: d.varint(), Aliases: d.intMap()}
	}
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	if d.err != nil {
		return nil, fmt.Errorf("record %s: entities: %w", r.id, d.err)
	}
	return c, nil
}

func appendVarint64(b []byte, v int64) []byte {
	e := encoder{b}
	e.varint(int(v))
	return e.b
}

// recordScratch are the buffers decodeRecord reuses from one record to
// the next: a run decodes every record, and growing their arrays anew
// for each made twice their size in garbage.
type recordScratch struct {
	cand     []candCount
	stance   []stanceRec
	speakers []string
}

// decodeRecord decodes a record of article id. names, when not nil,
// interns the outlet, stance targets and speakers: the same few strings
// recur in every record, and a run holds every record. scratch, when not
// nil, lends its buffers.
func decodeRecord(id string, b []byte, names map[string]string, scratch *recordScratch) (*record, error) {
	d := decoder{b: b}
	if d.byte() != recordFormat {
		return nil, fmt.Errorf("record %s: unknown format: %w", id, errCodec)
	}
	name := d.str
	if names != nil {
		name = func() string { return d.interned(names) }
	}
	r := &record{id: id, outlet: name()}
	if d.boolean() {
		r.published = time.Unix(0, int64(d.varint())).UTC()
	}
	r.title = d.str()
	pn := d.uvarint()
	if pn > 1<<32-1 {
		d.fail()
	}
	r.pnBase = uint32(pn)
	r.seed = d.str()
	r.sim = d.f64()
	if n := d.count(); n > 0 {
		r.label = make([]string, n)
		for i := range r.label {
			r.label[i] = d.str()
		}
	}
	r.ents = bytes.Clone(d.skipEntities()) // not a hold on all of b
	r.paras = make([]paraRec, d.count())
	if scratch == nil {
		scratch = &recordScratch{}
	}
	cand, stance, speakers := scratch.cand[:0], scratch.stance[:0], scratch.speakers[:0]
	for i := range r.paras {
		p := &r.paras[i]
		p.score, p.chars, p.quoted, p.signed = d.f64(), int32(d.varint()), int32(d.varint()), d.boolean()
		for n := d.count(); n > 0 && d.err == nil; n-- {
			stance = append(stance, stanceRec{name(), d.f64(), d.boolean()})
		}
		for n := d.count(); n > 0 && d.err == nil; n-- {
			speakers = append(speakers, name())
		}
		prev := uint64(0)
		for n := d.count(); n > 0 && d.err == nil; n-- {
			prev += d.uvarint()
			cand = append(cand, candCount{uint32(prev), uint32(d.uvarint())})
		}
		p.candEnd, p.stanceEnd, p.speakersEnd = uint32(len(cand)), uint32(len(stance)), uint32(len(speakers))
	}
	// Copied at their size: a run holds every record.
	r.cand, r.stance, r.speakers = cloneNonEmpty(cand), cloneNonEmpty(stance), cloneNonEmpty(speakers)
	clear(speakers) // no hold on the strings
	scratch.cand, scratch.stance, scratch.speakers = cand, stance, speakers
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	if d.err != nil {
		return nil, fmt.Errorf("record %s: %w", id, d.err)
	}
	return r, nil
}

// retiredFormat is the first byte of a retired record.
const retiredFormat byte = 0x01

// Retire returns the retired form of an article that is about to change
// or go: its record and story placement as the last aggregation stored
// them, and its paragraphs' term sequences (terms.Seq binary, as the state
// keeps them). The state keeps it until the next aggregation, which takes
// the article's old contributions out of the counts with it.
func Retire(record, placement []byte, seqs [][]byte) []byte {
	e := encoder{}
	e.b = append(e.b, retiredFormat)
	e.uvarint(uint64(len(record)))
	e.b = append(e.b, record...)
	e.uvarint(uint64(len(placement)))
	e.b = append(e.b, placement...)
	e.uvarint(uint64(len(seqs)))
	for _, s := range seqs {
		e.uvarint(uint64(len(s)))
		e.b = append(e.b, s...)
	}
	return e.b
}

// retired is a decoded retired article.
type retired struct {
	rec       *record
	placement []byte
	seqs      []terms.Seq
}

func decodeRetired(id string, b []byte, dict *terms.Interner) (*retired, error) {
	d := decoder{b: b}
	if d.byte() != retiredFormat {
		return nil, fmt.Errorf("retired %s: unknown format: %w", id, errCodec)
	}
	bytes := d.field
	recBlob := bytes()
	out := &retired{placement: bytes()}
	seqs := make([][]byte, d.count())
	for i := range seqs {
		seqs[i] = bytes()
	}
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	if d.err != nil {
		return nil, fmt.Errorf("retired %s: %w", id, d.err)
	}
	rec, err := decodeRecord(id, recBlob, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("retired %s: %w", id, err)
	}
	out.rec = rec
	out.seqs = make([]terms.Seq, len(seqs))
	for i, s := range seqs {
		if err := out.seqs[i].UnmarshalInterned(s, dict); err != nil {
			return nil, fmt.Errorf("retired %s: paragraph %d: %w", id, i, err)
		}
	}
	return out, nil
}
