package pipeline

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"newsframe/analysis/entities"
	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
)

// The result blobs of the state are binary: JSON took most of the time of
// storing and of reading back results (encoding/json decoded about 8 MB/s
// of them, reflection and all), and twice the space. A blob starts with a
// format byte; blobs written by newsframe before the binary format are
// JSON objects, which start with '{', and Decode still reads them.
//
// Layout (uvarint and zig-zag varint as in encoding/binary, f64 = IEEE 754
// bits as 8 little-endian bytes, str = uvarint length + bytes, bool = one
// byte 0/1, list = uvarint count + elements):
//
//	paragraph result: 0x01, sentiment, list of stance results, list of
//	    quotes (varint start, varint end, str speaker), varint words,
//	    varint chars, varint quoted chars
//	sentiment: f64 score, str label, list of cues
//	cue: str text, f64 weight, varint start, varint end
//	stance result: str target, str label, f64 score, f64 latent, list of
//	    cues, bool quoted, str speaker, varint mentions, varint scored
//	article result: 0x01, f64 sentiment sum, varint sentiment n, str
//	    label, list of article stances, quotes summary, entities
//	article stance: str target, str label, f64 score, f64 latent, bool
//	    headline, varint mentions, varint paragraphs, varint quoted
//	quotes summary: varint articles, bytes, chars, quoted bytes, quoted
//	    chars, quotes, attributed, then speakers as a map
//	map (string → int): uvarint n+1 (0 for a nil map), then per entry in
//	    sorted key order str key, varint value
//	entities: uvarint n, then per name in sorted order str name, varint
//	    mentions, articles, person, then its aliases as a map
//
// Floats keep all their bits, so a result decodes to exactly what was
// encoded, as JSON's shortest round-trip formatting also guaranteed.
// TestCodecFields fails when a result type gains or loses a field, so
// that the codec is updated with it.
const (
	paragraphFormat byte = 0x01
	articleFormat   byte = 0x01
)

// errCodec reports a damaged binary result blob.
var errCodec = errors.New("corrupt result blob")

type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) f64(v float64)    { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v)) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) boolean(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) cues(cs []sentiment.Cue) {
	e.uvarint(uint64(len(cs)))
	for _, c := range cs {
		e.str(c.Text)
		e.f64(c.Weight)
		e.varint(c.Start)
		e.varint(c.End)
	}
}

func (e *encoder) sentiment(r *sentiment.Result) {
	e.f64(r.Score)
	e.str(string(r.Label))
	e.cues(r.Cues)
}

func (e *encoder) stance(rs []stance.Result) {
	e.uvarint(uint64(len(rs)))
	for i := range rs {
		r := &rs[i]
		e.str(r.Target)
		e.str(string(r.Label))
		e.f64(r.Score)
		e.f64(r.Latent)
		e.cues(r.Cues)
		e.boolean(r.Quoted)
		e.str(r.Speaker)
		e.varint(r.Mentions)
		e.varint(r.Scored)
	}
}

func (e *encoder) intMap(m map[string]int) {
	if m == nil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(len(m)) + 1)
	for _, k := range sortedKeys(m) {
		e.str(k)
		e.varint(m[k])
	}
}

// appendParagraph appends p's result blob to b.
func appendParagraph(b []byte, p *Paragraph) []byte {
	e := encoder{b}
	e.b = append(e.b, paragraphFormat)
	e.sentiment(&p.Sentiment)
	e.stance(p.Stance)
	e.uvarint(uint64(len(p.Quotes)))
	for _, q := range p.Quotes {
		e.varint(q.Start)
		e.varint(q.End)
		e.str(q.Speaker)
	}
	e.varint(p.Words)
	e.varint(p.Chars)
	e.varint(p.QuotedChars)
	return e.b
}

// appendArticle appends a's article-level result blob to b.
func appendArticle(b []byte, a *Article) []byte {
	e := encoder{b}
	e.b = append(e.b, articleFormat)
	e.f64(a.Sentiment.Sum)
	e.varint(a.Sentiment.N)
	e.str(string(a.Label))
	e.uvarint(uint64(len(a.Stance)))
	for _, s := range a.Stance {
		e.str(s.Target)
		e.str(string(s.Label))
		e.f64(s.Score)
		e.f64(s.Latent)
		e.boolean(s.Headline)
		e.varint(s.Mentions)
		e.varint(s.Paragraphs)
		e.varint(s.Quoted)
	}
	q := &a.Quotes
	for _, v := range []int{q.Articles, q.Bytes, q.Chars, q.QuotedBytes, q.QuotedChars, q.Quotes, q.Attributed} {
		e.varint(v)
	}
	e.intMap(q.Speakers)
	e.uvarint(uint64(len(a.Entities)))
	for _, name := range sortedKeys(a.Entities) {
		t := a.Entities[name]
		e.str(name)
		e.varint(t.Mentions)
		e.varint(t.Articles)
		e.varint(t.Person)
		e.intMap(t.Aliases)
	}
	return e.b
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCodec
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int {
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads a list length, bounded by the bytes left (every element
// takes at least one byte) so that damage cannot make it allocate much.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) f64() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

// field reads a length-prefixed byte string, returning a slice of the
// input (nil after a failure).
func (d *decoder) field() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) str() string { return string(d.field()) }

// label returns s's label, sharing the usual values' storage.
func (d *decoder) label() string {
	b := d.field()
	for _, l := range knownLabels {
		if string(b) == l {
			return l
		}
	}
	return string(b)
}

var knownLabels = [...]string{
	string(sentiment.Negative), string(sentiment.Neutral), string(sentiment.Positive),
	string(stance.Against), string(stance.Neutral), string(stance.Favor),
}

func (d *decoder) boolean() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

func (d *decoder) cues() []sentiment.Cue {
	n := d.count()
	if n == 0 {
		return nil
	}
	cs := make([]sentiment.Cue, n)
	for i := range cs {
		cs[i] = sentiment.Cue{Text: d.str(), Weight: d.f64(), Start: d.varint(), End: d.varint()}
	}
	return cs
}

func (d *decoder) intMap() map[string]int {
	n := d.count()
	if n == 0 {
		return nil
	}
	m := make(map[string]int, n-1)
	for range n - 1 {
		k := d.str()
		m[k] = d.varint()
	}
	return m
}

// decodeParagraph sets p's results from a binary blob.
func decodeParagraph(b []byte, p *Paragraph) error {
	d := decoder{b: b}
	if d.byte() != paragraphFormat {
		return fmt.Errorf("paragraph result: unknown format: %w", errCodec)
	}
	p.Sentiment = sentiment.Result{Score: d.f64(), Label: sentiment.Label(d.label()), Cues: d.cues()}
	if n := d.count(); n > 0 {
		p.Stance = make([]stance.Result, n)
		for i := range p.Stance {
			r := &p.Stance[i]
			r.Target = d.str()
			r.Label = stance.Label(d.label())
			r.Score = d.f64()
			r.Latent = d.f64()
			r.Cues = d.cues()
			r.Quoted = d.boolean()
			r.Speaker = d.str()
			r.Mentions = d.varint()
			r.Scored = d.varint()
		}
	}
	if n := d.count(); n > 0 {
		p.Quotes = make([]QuoteSpan, n)
		for i := range p.Quotes {
			p.Quotes[i] = QuoteSpan{Start: d.varint(), End: d.varint(), Speaker: d.str()}
		}
	}
	p.Words = d.varint()
	p.Chars = d.varint()
	p.QuotedChars = d.varint()
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	if d.err != nil {
		return fmt.Errorf("paragraph result: %w", d.err)
	}
	return nil
}

// decodeArticle sets a's article-level results from a binary blob.
func decodeArticle(b []byte, a *Article) error {
	d := decoder{b: b}
	if d.byte() != articleFormat {
		return fmt.Errorf("article result: unknown format: %w", errCodec)
	}
	a.Sentiment = Mean{Sum: d.f64(), N: d.varint()}
	a.Label = sentiment.Label(d.label())
	if n := d.count(); n > 0 {
		a.Stance = make([]stance.ArticleResult, n)
		for i := range a.Stance {
			a.Stance[i] = stance.ArticleResult{Target: d.str(), Label: stance.Label(d.label()), Score: d.f64(),
				Latent: d.f64(), Headline: d.boolean(), Mentions: d.varint(), Paragraphs: d.varint(), Quoted: d.varint()}
		}
	}
	a.Quotes = quotes.Summary{Articles: d.varint(), Bytes: d.varint(), Chars: d.varint(), QuotedBytes: d.varint(),
		QuotedChars: d.varint(), Quotes: d.varint(), Attributed: d.varint()}
	a.Quotes.Speakers = d.intMap()
	if n := d.count(); n > 0 {
		a.Entities = make(entities.Counter, n)
		for range n {
			name := d.str()
			a.Entities[name] = entities.Tally{Mentions: d.varint(), Articles: d.varint(), Person: d.varint(), Aliases: d.intMap()}
		}
	}
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	if d.err != nil {
		return fmt.Errorf("article result: %w", d.err)
	}
	return nil
}

// sortedKeys returns m's keys in byte order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
