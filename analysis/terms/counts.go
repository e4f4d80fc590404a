package terms

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
)

// Count is a term's frequencies in a set of paragraphs: TF occurrences, in
// DF distinct paragraphs.
type Count struct {
	TF, DF int64
}

// Pair is two content terms adjacent in the text (a bigram), in order.
type Pair struct {
	A, B string
}

// String returns the pair as a phrase term: "military intervention".
func (p Pair) String() string { return p.A + " " + p.B }

// SplitPhrase returns the pair of a two-word term ("estate tax") and true,
// or false for a single word. Words never contain a space, so a phrase term
// is recognised by its one space.
func SplitPhrase(term string) (Pair, bool) {
	a, b, ok := strings.Cut(term, " ")
	if !ok || a == "" || b == "" || strings.Contains(b, " ") {
		return Pair{}, false
	}
	return Pair{a, b}, true
}

// Counts holds mergeable term statistics of a set of paragraphs: unigram
// and adjacent-pair frequencies, content-token and paragraph totals. Counts
// combine by addition ([Counts.Merge]) and come apart by subtraction
// ([Counts.Sub]), so per-(outlet, day) partials can be summed over shards
// and runs, and a changed article's old counts taken out. Memory grows with
// the vocabulary, not with the paragraphs added: keys are copied, never
// kept pointing into paragraph text.
//
// A Counts is not safe for concurrent use.
type Counts struct {
	// Tokens is the number of content-term occurrences (the sum of all
	// word TFs); phrases are not included.
	Tokens int64
	// Paragraphs is the number of paragraphs added, empty ones included.
	Paragraphs int64

	words map[string]*entry
	pairs map[Pair]*entry
	// adds numbers the calls to Add; it only grows (Paragraphs falls on
	// Sub), so a serial is never reused.
	adds int64
}

// entry is a Count plus the serial number of the last paragraph that
// counted it, so that DF needs no per-paragraph set.
type entry struct {
	Count
	last int64
}

// NewCounts returns empty counts.
func NewCounts() *Counts {
	return &Counts{words: make(map[string]*entry), pairs: make(map[Pair]*entry)}
}

func (c *Counts) init() {
	if c.words == nil {
		c.words = make(map[string]*entry)
		c.pairs = make(map[Pair]*entry)
	}
}

// Add counts one paragraph's sequence: each term's TF, its DF once per
// paragraph, and the same for each adjacent pair ([Seq.Adjacent]).
func (c *Counts) Add(s Seq) {
	c.init()
	c.Paragraphs++
	c.Tokens += int64(len(s.Terms))
	c.adds++
	serial := c.adds // marks "seen in this paragraph"
	for i, t := range s.Terms {
		w := c.words[t]
		if w == nil {
			// Clone: t usually points into the paragraph text.
			w = &entry{}
			c.words[strings.Clone(t)] = w
		}
		w.TF++
		if w.last != serial {
			w.last = serial
			w.DF++
		}
		if !s.Adjacent(i) {
			continue
		}
		p := Pair{t, s.Terms[i+1]}
		pc := c.pairs[p]
		if pc == nil {
			pc = &entry{}
			c.pairs[Pair{strings.Clone(p.A), strings.Clone(p.B)}] = pc
		}
		pc.TF++
		if pc.last != serial {
			pc.last = serial
			pc.DF++
		}
	}
}

// Word returns the counts of a single word.
func (c *Counts) Word(w string) Count {
	if p := c.words[w]; p != nil {
		return p.Count
	}
	return Count{}
}

// Pair returns the counts of an adjacent pair.
func (c *Counts) Pair(p Pair) Count {
	if q := c.pairs[p]; q != nil {
		return q.Count
	}
	return Count{}
}

// Term returns the counts of a word, or of a phrase written as two words
// separated by one space ("estate tax").
func (c *Counts) Term(term string) Count {
	if p, ok := SplitPhrase(term); ok {
		return c.Pair(p)
	}
	return c.Word(term)
}

// NumWords returns the number of distinct words.
func (c *Counts) NumWords() int { return len(c.words) }

// NumPairs returns the number of distinct adjacent pairs.
func (c *Counts) NumPairs() int { return len(c.pairs) }

// Words returns every word with its counts, sorted by word.
func (c *Counts) Words() []TermCount {
	out := make([]TermCount, 0, len(c.words))
	for w, n := range c.words {
		out = append(out, TermCount{Term: w, Count: n.Count})
	}
	slices.SortFunc(out, func(a, b TermCount) int { return strings.Compare(a.Term, b.Term) })
	return out
}

// PairCount is an adjacent pair with its counts.
type PairCount struct {
	Pair
	Count
}

// Pairs returns every adjacent pair with its counts, sorted by (A, B).
func (c *Counts) Pairs() []PairCount {
	out := make([]PairCount, 0, len(c.pairs))
	for p, n := range c.pairs {
		out = append(out, PairCount{Pair: p, Count: n.Count})
	}
	slices.SortFunc(out, func(a, b PairCount) int { return comparePairs(a.Pair, b.Pair) })
	return out
}

func comparePairs(a, b Pair) int {
	return cmp.Or(strings.Compare(a.A, b.A), strings.Compare(a.B, b.B))
}

// Merge adds o into c: c = c + o. o is unchanged.
func (c *Counts) Merge(o *Counts) {
	c.init()
	c.Tokens += o.Tokens
	c.Paragraphs += o.Paragraphs
	for w, n := range o.words {
		if p := c.words[w]; p != nil {
			p.TF += n.TF
			p.DF += n.DF
		} else {
			c.words[w] = &entry{Count: n.Count}
		}
	}
	for k, n := range o.pairs {
		if p := c.pairs[k]; p != nil {
			p.TF += n.TF
			p.DF += n.DF
		} else {
			c.pairs[k] = &entry{Count: n.Count}
		}
	}
}

// Sub takes o out of c: c = c - o, for removing the counts of a changed or
// deleted article. Entries that reach zero are deleted, so Sub undoes Merge
// exactly. If any count would become negative (o was never added to c), Sub
// returns an error and leaves c unchanged.
func (c *Counts) Sub(o *Counts) error {
	c.init()
	if err := c.checkSub(o); err != nil {
		return err
	}
	c.applySub(o)
	return nil
}

// checkSub reports whether o can be taken out of c without a negative
// count.
func (c *Counts) checkSub(o *Counts) error {
	if o.Tokens > c.Tokens || o.Paragraphs > c.Paragraphs {
		return fmt.Errorf("terms: subtract: totals (%d tokens, %d paragraphs) exceed (%d, %d)",
			o.Tokens, o.Paragraphs, c.Tokens, c.Paragraphs)
	}
	for w, n := range o.words {
		if p := c.words[w]; p == nil && n.Count != (Count{}) || p != nil && (n.TF > p.TF || n.DF > p.DF) {
			return fmt.Errorf("terms: subtract: word %q counts %v exceed %v", w, n.Count, c.Word(w))
		}
	}
	for k, n := range o.pairs {
		if p := c.pairs[k]; p == nil && n.Count != (Count{}) || p != nil && (n.TF > p.TF || n.DF > p.DF) {
			return fmt.Errorf("terms: subtract: pair %q counts %v exceed %v", k.String(), n.Count, c.Pair(k))
		}
	}
	return nil
}

func (c *Counts) applySub(o *Counts) {
	c.Tokens -= o.Tokens
	c.Paragraphs -= o.Paragraphs
	for w, n := range o.words {
		if p := c.words[w]; p != nil {
			p.TF -= n.TF
			p.DF -= n.DF
			if p.Count == (Count{}) {
				delete(c.words, w)
			}
		}
	}
	for k, n := range o.pairs {
		if p := c.pairs[k]; p != nil {
			p.TF -= n.TF
			p.DF -= n.DF
			if p.Count == (Count{}) {
				delete(c.pairs, k)
			}
		}
	}
}

// Clone returns a deep copy of c.
func (c *Counts) Clone() *Counts {
	d := NewCounts()
	d.Merge(c)
	return d
}

// Equal reports whether c and o hold the same counts.
func (c *Counts) Equal(o *Counts) bool {
	if c.Tokens != o.Tokens || c.Paragraphs != o.Paragraphs ||
		len(c.words) != len(o.words) || len(c.pairs) != len(o.pairs) {
		return false
	}
	for w, n := range c.words {
		if p := o.words[w]; p == nil || p.Count != n.Count {
			return false
		}
	}
	for k, n := range c.pairs {
		if p := o.pairs[k]; p == nil || p.Count != n.Count {
			return false
		}
	}
	return true
}

// countsVersion is the first byte of encoded Counts.
const countsVersion = 1

// MarshalBinary encodes c deterministically: equal counts give identical
// bytes whatever order they were added in. Layout (all integers uvarint):
// version byte; Tokens; Paragraphs; word count, then per word sorted by
// bytes: shared prefix length with the previous word, suffix length,
// suffix bytes, TF, DF; pair count, then per pair sorted by (A, B): A
// front-coded against the previous A as above, B length and bytes, TF, DF.
func (c *Counts) MarshalBinary() ([]byte, error) {
	return c.AppendBinary(nil)
}

// AppendBinary appends the encoding of [Counts.MarshalBinary] to b.
func (c *Counts) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, countsVersion)
	b = binary.AppendUvarint(b, uint64(c.Tokens))
	b = binary.AppendUvarint(b, uint64(c.Paragraphs))
	words := make([]string, 0, len(c.words))
	for w := range c.words {
		words = append(words, w)
	}
	slices.Sort(words)
	b = binary.AppendUvarint(b, uint64(len(words)))
	prev := ""
	for _, w := range words {
		b = appendFrontCoded(b, prev, w)
		n := c.words[w]
		b = binary.AppendUvarint(b, uint64(n.TF))
		b = binary.AppendUvarint(b, uint64(n.DF))
		prev = w
	}
	pairs := make([]Pair, 0, len(c.pairs))
	for p := range c.pairs {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, comparePairs)
	b = binary.AppendUvarint(b, uint64(len(pairs)))
	prev = ""
	for _, p := range pairs {
		b = appendFrontCoded(b, prev, p.A)
		b = binary.AppendUvarint(b, uint64(len(p.B)))
		b = append(b, p.B...)
		n := c.pairs[p]
		b = binary.AppendUvarint(b, uint64(n.TF))
		b = binary.AppendUvarint(b, uint64(n.DF))
		prev = p.A
	}
	return b, nil
}

func appendFrontCoded(b []byte, prev, s string) []byte {
	k := 0
	for k < len(prev) && k < len(s) && prev[k] == s[k] {
		k++
	}
	b = binary.AppendUvarint(b, uint64(k))
	b = binary.AppendUvarint(b, uint64(len(s)-k))
	return append(b, s[k:]...)
}

func (d *decoder) frontCoded(prev string) string {
	k := d.uvarint()
	if k > uint64(len(prev)) {
		d.fail()
		return ""
	}
	suffix := d.bytes()
	return prev[:k] + string(suffix)
}

// UnmarshalBinary replaces c with the counts encoded in b by
// [Counts.MarshalBinary]. Besides the layout it checks what every Counts
// satisfies (1 <= DF <= TF, DF <= Paragraphs, Tokens = sum of word TFs), so
// a damaged blob from the state is an error, not wrong figures.
func (c *Counts) UnmarshalBinary(b []byte) error {
	d := decoder{b: b}
	if v := d.byte(); v != countsVersion {
		return fmt.Errorf("terms: decode counts: version %d: %w", v, ErrCorrupt)
	}
	*c = Counts{}
	c.init()
	c.Tokens = d.int64()
	c.Paragraphs = d.int64()
	// count reads a TF and DF and checks 1 <= DF <= min(TF, Paragraphs).
	count := func() Count {
		k := Count{TF: d.int64(), DF: d.int64()}
		if k.DF < 1 || k.DF > k.TF || k.DF > c.Paragraphs {
			d.fail()
		}
		return k
	}
	n := d.count()
	prev := ""
	var sum int64
	for i := 0; i < n && d.err == nil; i++ {
		w := d.frontCoded(prev)
		if i > 0 && w <= prev || w == "" {
			d.fail() // not sorted, or a duplicate
		}
		k := count()
		c.words[w] = &entry{Count: k}
		sum += k.TF
		prev = w
	}
	if sum != c.Tokens {
		d.fail() // Tokens is the sum of word TFs
	}
	n = d.count()
	prevPair := Pair{}
	for i := 0; i < n && d.err == nil; i++ {
		a := d.frontCoded(prevPair.A)
		p := Pair{a, string(d.bytes())}
		if i > 0 && comparePairs(p, prevPair) <= 0 || p.A == "" || p.B == "" {
			d.fail()
		}
		c.pairs[p] = &entry{Count: count()}
		prevPair = p
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail() // trailing bytes
	}
	if d.err != nil {
		*c = Counts{}
		return fmt.Errorf("terms: decode counts at byte %d: %w", d.off, d.err)
	}
	return nil
}

// Key identifies a partial: one outlet on one publication day
// (YYYY-MM-DD, "" when the date is unknown).
type Key struct {
	Outlet, Day string
}

func compareKeys(a, b Key) int {
	return cmp.Or(strings.Compare(a.Outlet, b.Outlet), strings.Compare(a.Day, b.Day))
}

// ByOutlet groups partials by outlet, for [Partials.Group].
func ByOutlet(k Key) (string, bool) { return k.Outlet, true }

// Partials are counts keyed by (outlet, day): the unit the pipeline stores
// and merges. The zero value is not usable; make one with make(Partials).
type Partials map[Key]*Counts

// Add counts paragraph sequence s under key k.
func (p Partials) Add(k Key, s Seq) {
	c := p[k]
	if c == nil {
		c = NewCounts()
		p[k] = c
	}
	c.Add(s)
}

// Merge adds every partial of o into p.
func (p Partials) Merge(o Partials) {
	for k, c := range o {
		if d := p[k]; d != nil {
			d.Merge(c)
		} else {
			p[k] = c.Clone()
		}
	}
}

// Sub takes every partial of o out of p; a partial left with no paragraphs
// and no counts is deleted. If any partial of o holds counts that p lacks,
// Sub returns an error naming the key and leaves p unchanged.
func (p Partials) Sub(o Partials) error {
	empty := NewCounts()
	keys := o.Keys()
	for _, k := range keys {
		d := p[k]
		if d == nil {
			d = empty
		}
		if err := d.checkSub(o[k]); err != nil {
			return fmt.Errorf("terms: partial %q %q: %w", k.Outlet, k.Day, err)
		}
	}
	for _, k := range keys {
		d := p[k]
		if d == nil {
			continue // o[k] is empty: checked above
		}
		d.applySub(o[k])
		if d.Paragraphs == 0 && d.Tokens == 0 && len(d.words) == 0 && len(d.pairs) == 0 {
			delete(p, k)
		}
	}
	return nil
}

// Keys returns the keys of p sorted by outlet, then day.
func (p Partials) Keys() []Key {
	keys := make([]Key, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	return keys
}

// Total returns the sum of all partials.
func (p Partials) Total() *Counts {
	t := NewCounts()
	for _, k := range p.Keys() {
		t.Merge(p[k])
	}
	return t
}

// Group sums the partials by a group name derived from each key, such as
// the outlet or an outlet and week; keys for which by returns false are
// left out (undated days in a chart over time, say).
func (p Partials) Group(by func(Key) (group string, ok bool)) map[string]*Counts {
	out := make(map[string]*Counts)
	for _, k := range p.Keys() {
		g, ok := by(k)
		if !ok {
			continue
		}
		c := out[g]
		if c == nil {
			c = NewCounts()
			out[g] = c
		}
		c.Merge(p[k])
	}
	return out
}
