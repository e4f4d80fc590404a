package terms

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unsafe"
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

	// Every string the counts have seen, as a word or half of a pair, has
	// an id in dict. Pairs are keyed by their two ids, so a pair costs one
	// 8-byte key instead of two strings, maps hold no pointers for the
	// garbage collector to scan, and merging or sorting pairs compares
	// integers. The dictionary may be shared with other Counts
	// ([NewCountsIn]); it only grows, so sharing never changes an id.
	dict *Dict
	// sharedDict is set when dict came from NewCountsIn: Merge then keeps
	// it rather than adopt the other counts' dictionary.
	sharedDict bool
	// words[id] are the counts of the word with that id; a zero entry is
	// a string that is not (or no longer) a word of c. It may be shorter
	// than the dictionary.
	words  []entry
	nwords int
	// pairs maps pairKey(a, b) to the counts of the pair. The values are
	// bare Counts (16 bytes): pairs outnumber words by far.
	pairs map[uint64]Count
	// adds numbers the calls to Add; it only grows (Paragraphs falls on
	// Sub), so a serial is never reused.
	adds int64
	// keys is Add's scratch: the paragraph's pair keys.
	keys []uint64
}

// entry is a Count plus the serial number of the last paragraph that
// counted it, so that DF needs no per-paragraph set.
type entry struct {
	Count
	last int64
}

func pairKey(a, b int32) uint64      { return uint64(uint32(a))<<32 | uint64(uint32(b)) }
func splitKey(k uint64) (a, b int32) { return int32(k >> 32), int32(uint32(k)) }

// NewCounts returns empty counts with a dictionary of their own.
func NewCounts() *Counts {
	c := &Counts{}
	c.init()
	return c
}

// NewCountsIn returns empty counts whose terms get their ids from d, which
// other Counts may share: Counts on one Dict merge, subtract and compare
// without translating ids, and [Counts.AppendIDs] stores them without
// their strings.
func NewCountsIn(d *Dict) *Counts {
	return &Counts{dict: d, sharedDict: true, pairs: make(map[uint64]Count)}
}

// Dict returns the dictionary of c's ids.
func (c *Counts) Dict() *Dict {
	c.init()
	return c.dict
}

func (c *Counts) init() {
	if c.dict == nil {
		c.dict = NewDict()
	}
	if c.pairs == nil {
		c.pairs = make(map[uint64]Count)
	}
}

// id returns the id of s, giving it one (with a copy of s) if it has none.
func (c *Counts) id(s string) int32 {
	id := c.dict.ID(s)
	c.grow(int(id) + 1)
	return id
}

// grow extends words to at least n entries.
func (c *Counts) grow(n int) {
	if n > len(c.words) {
		c.words = append(c.words, make([]entry, max(n, len(c.dict.names))-len(c.words))...)
	}
}

// word returns the counts of the word with id.
func (c *Counts) word(id int32) Count {
	if int(id) < len(c.words) {
		return c.words[id].Count
	}
	return Count{}
}

// name returns the string of id.
func (c *Counts) name(id int32) string { return c.dict.names[id] }

// Add counts one paragraph's sequence: each term's TF, its DF once per
// paragraph, and the same for each adjacent pair ([Seq.Adjacent]).
func (c *Counts) Add(s Seq) {
	c.init()
	c.Paragraphs++
	c.Tokens += int64(len(s.Terms))
	c.adds++
	serial := c.adds // marks "seen in this paragraph"
	var prev int32
	keys := c.keys[:0]
	for i, t := range s.Terms {
		id := c.id(t)
		w := &c.words[id]
		if w.TF == 0 {
			c.nwords++
		}
		w.TF++
		if w.last != serial {
			w.last = serial
			w.DF++
		}
		if i > 0 && s.Pos[i] == s.Pos[i-1]+1 {
			keys = append(keys, pairKey(prev, id))
		}
		prev = id
	}
	// Each distinct pair of the paragraph: its TF the run length, its DF
	// one. Sorting beats a per-pair "last seen" field, which would make
	// every pair of the vocabulary 8 bytes larger.
	slices.Sort(keys)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		pc := c.pairs[keys[i]]
		pc.TF += int64(j - i)
		pc.DF++
		c.pairs[keys[i]] = pc
		i = j
	}
	c.keys = keys[:0]
}

// Word returns the counts of a single word.
func (c *Counts) Word(w string) Count {
	if c.dict == nil {
		return Count{}
	}
	if id, ok := c.dict.ids[w]; ok {
		return c.word(id)
	}
	return Count{}
}

// Pair returns the counts of an adjacent pair.
func (c *Counts) Pair(p Pair) Count {
	if c.dict == nil {
		return Count{}
	}
	a, ok := c.dict.ids[p.A]
	if !ok {
		return Count{}
	}
	b, ok := c.dict.ids[p.B]
	if !ok {
		return Count{}
	}
	return c.pairs[pairKey(a, b)]
}

// WordID returns the counts of the word with id in c's dictionary.
func (c *Counts) WordID(id int32) Count { return c.word(id) }

// PairID returns the counts of the pair of ids a, b in c's dictionary.
func (c *Counts) PairID(a, b int32) Count { return c.pairs[pairKey(a, b)] }

// Term returns the counts of a word, or of a phrase written as two words
// separated by one space ("estate tax").
func (c *Counts) Term(term string) Count {
	if p, ok := SplitPhrase(term); ok {
		return c.Pair(p)
	}
	return c.Word(term)
}

// NumWords returns the number of distinct words.
func (c *Counts) NumWords() int { return c.nwords }

// NumPairs returns the number of distinct adjacent pairs.
func (c *Counts) NumPairs() int { return len(c.pairs) }

// eachWord calls fn for every word with its counts, in no order.
func (c *Counts) eachWord(fn func(w string, n Count)) {
	for id := range c.words {
		if n := c.words[id].Count; n != (Count{}) {
			fn(c.dict.names[id], n)
		}
	}
}

// eachPair calls fn for every pair (as ids) with its counts, in no order.
func (c *Counts) eachPair(fn func(a, b int32, n Count)) {
	for k, n := range c.pairs {
		a, b := splitKey(k)
		fn(a, b, n)
	}
}

// Words returns every word with its counts, sorted by word.
func (c *Counts) Words() []TermCount {
	out := make([]TermCount, 0, c.nwords)
	c.eachWord(func(w string, n Count) { out = append(out, TermCount{Term: w, Count: n}) })
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
	rank := c.ranks()
	keys := c.sortedPairs(rank)
	out := make([]PairCount, len(keys))
	for i, k := range keys {
		a, b := splitKey(k)
		out[i] = PairCount{Pair: Pair{c.name(a), c.name(b)}, Count: c.pairs[k]}
	}
	return out
}

func comparePairs(a, b Pair) int {
	if c := strings.Compare(a.A, b.A); c != 0 {
		return c
	}
	return strings.Compare(a.B, b.B)
}

// ranks returns, for each id c uses (as a word or in a pair), its rank
// among those ids' names sorted by bytes; ids c does not use get -1. The
// cost follows c's terms, not the size of a shared dictionary.
func (c *Counts) ranks() []int32 {
	c.init()
	rank := make([]int32, len(c.dict.names))
	for i := range rank {
		rank[i] = -1
	}
	var used []int32
	mark := func(id int32) {
		if rank[id] < 0 {
			rank[id] = 0
			used = append(used, id)
		}
	}
	for id := range c.words {
		if c.words[id].Count != (Count{}) {
			mark(int32(id))
		}
	}
	for k := range c.pairs {
		a, b := splitKey(k)
		mark(a)
		mark(b)
	}
	names := c.dict.names
	slices.SortFunc(used, func(a, b int32) int { return strings.Compare(names[a], names[b]) })
	for r, id := range used {
		rank[id] = int32(r)
	}
	return rank
}

// sortedPairs returns the pair keys sorted by (A, B): by the ranks of
// their ids.
func (c *Counts) sortedPairs(rank []int32) []uint64 {
	type kr struct{ byRank, key uint64 }
	tmp := make([]kr, 0, len(c.pairs))
	for k := range c.pairs {
		a, b := splitKey(k)
		tmp = append(tmp, kr{pairKey(rank[a], rank[b]), k})
	}
	slices.SortFunc(tmp, func(x, y kr) int { return cmp.Compare(x.byRank, y.byRank) })
	keys := make([]uint64, len(tmp))
	for i, x := range tmp {
		keys[i] = x.key
	}
	return keys
}

// translate returns, for each id of o, the id c gives the same string
// (creating it); nil when c and o share a dictionary (the same ids).
func (c *Counts) translate(o *Counts) []int32 {
	if o.dict == c.dict {
		c.grow(len(c.dict.names))
		return nil
	}
	tr := make([]int32, len(o.dict.names))
	for i, s := range o.dict.names {
		tr[i] = c.id(s)
	}
	return tr
}

// tid maps id through a translation from translate or lookup (nil is the
// identity).
func tid(tr []int32, id int32) int32 {
	if tr == nil {
		return id
	}
	return tr[id]
}

// Merge adds o into c: c = c + o. o is unchanged.
func (c *Counts) Merge(o *Counts) {
	c.init()
	o.init()
	if c.nwords == 0 && len(c.pairs) == 0 && ((len(c.dict.names) == 0 && !c.sharedDict) || c.dict == o.dict) {
		// Into empty counts: a copy, sharing o's dictionary (it only
		// grows, so ids stay valid for both). Counts made on a shared
		// dictionary keep it, even while it is empty.
		c.Tokens += o.Tokens
		c.Paragraphs += o.Paragraphs
		c.dict, c.sharedDict = o.dict, true
		c.words = make([]entry, len(o.words))
		for i, w := range o.words {
			c.words[i] = entry{Count: w.Count}
		}
		c.nwords = o.nwords
		c.pairs = maps.Clone(o.pairs)
		if c.pairs == nil {
			c.pairs = make(map[uint64]Count)
		}
		return
	}
	c.Tokens += o.Tokens
	c.Paragraphs += o.Paragraphs
	tr := c.translate(o)
	for i := range o.words {
		n := o.words[i].Count
		if n == (Count{}) {
			continue
		}
		w := &c.words[tid(tr, int32(i))]
		if w.Count == (Count{}) {
			c.nwords++
		}
		w.TF += n.TF
		w.DF += n.DF
	}
	for k, n := range o.pairs {
		ck := k
		if tr != nil {
			a, b := splitKey(k)
			ck = pairKey(tr[a], tr[b])
		}
		p := c.pairs[ck]
		p.TF += n.TF
		p.DF += n.DF
		c.pairs[ck] = p
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

// lookup returns, for each id of o, c's id of the same string, or -1;
// nil when they share a dictionary (the same ids).
func (c *Counts) lookup(o *Counts) []int32 {
	c.init()
	o.init()
	if c.dict == o.dict {
		return nil
	}
	tr := make([]int32, len(o.dict.names))
	for i, s := range o.dict.names {
		if id, ok := c.dict.ids[s]; ok {
			tr[i] = id
		} else {
			tr[i] = -1
		}
	}
	return tr
}

// checkSub reports whether o can be taken out of c without a negative
// count.
func (c *Counts) checkSub(o *Counts) error {
	if o.Tokens > c.Tokens || o.Paragraphs > c.Paragraphs {
		return fmt.Errorf("terms: subtract: totals (%d tokens, %d paragraphs) exceed (%d, %d)",
			o.Tokens, o.Paragraphs, c.Tokens, c.Paragraphs)
	}
	tr := c.lookup(o)
	for i := range o.words {
		n := o.words[i].Count
		if n == (Count{}) {
			continue
		}
		id := tid(tr, int32(i))
		if id < 0 || n.TF > c.word(id).TF || n.DF > c.word(id).DF {
			w := o.name(int32(i))
			return fmt.Errorf("terms: subtract: word %q counts %v exceed %v", w, n, c.Word(w))
		}
	}
	for k, n := range o.pairs {
		if n == (Count{}) {
			continue
		}
		a, b := splitKey(k)
		ta, tb := tid(tr, a), tid(tr, b)
		var p Count
		ok := ta >= 0 && tb >= 0
		if ok {
			p, ok = c.pairs[pairKey(ta, tb)]
		}
		if !ok || n.TF > p.TF || n.DF > p.DF {
			pair := Pair{o.name(a), o.name(b)}
			return fmt.Errorf("terms: subtract: pair %q counts %v exceed %v", pair.String(), n, c.Pair(pair))
		}
	}
	return nil
}

// applySub subtracts o, which checkSub accepted.
func (c *Counts) applySub(o *Counts) {
	c.Tokens -= o.Tokens
	c.Paragraphs -= o.Paragraphs
	tr := c.lookup(o)
	for i := range o.words {
		n := o.words[i].Count
		id := tid(tr, int32(i))
		if n == (Count{}) || id < 0 || int(id) >= len(c.words) {
			continue
		}
		w := &c.words[id]
		w.TF -= n.TF
		w.DF -= n.DF
		if w.Count == (Count{}) {
			c.nwords--
		}
	}
	for k, n := range o.pairs {
		a, b := splitKey(k)
		ta, tb := tid(tr, a), tid(tr, b)
		if ta < 0 || tb < 0 {
			continue
		}
		ck := pairKey(ta, tb)
		p, ok := c.pairs[ck]
		if !ok {
			continue
		}
		p.TF -= n.TF
		p.DF -= n.DF
		if p == (Count{}) {
			delete(c.pairs, ck)
		} else {
			c.pairs[ck] = p
		}
	}
}

// Restrict returns a copy of c with its word counts and totals but only
// the given pairs among its pairs (those it holds): what keyness and top
// terms over words and phrases read, in a fraction of the memory, since
// pairs outnumber words many times.
func (c *Counts) Restrict(pairs []Pair) *Counts {
	c.init()
	d := &Counts{Tokens: c.Tokens, Paragraphs: c.Paragraphs, dict: c.dict, sharedDict: true,
		nwords: c.nwords, pairs: make(map[uint64]Count, len(pairs))}
	d.words = make([]entry, len(c.words))
	for i, w := range c.words {
		d.words[i] = entry{Count: w.Count}
	}
	c.copyPairs(d.pairs, pairs)
	return d
}

// KeepPairs is Restrict in place: it drops every pair of c but the given
// ones, and keeps the words as they are. A new map holds the pairs kept
// (deleting from a Go map never shrinks it), and the words are not copied
// (a word entry costs 24 bytes per dictionary string, several MB per
// Counts over a large shared dictionary).
func (c *Counts) KeepPairs(pairs []Pair) {
	c.init()
	kept := make(map[uint64]Count, len(pairs))
	c.copyPairs(kept, pairs)
	c.pairs, c.keys = kept, nil
}

// copyPairs copies the counts of those of pairs that c holds into dst.
func (c *Counts) copyPairs(dst map[uint64]Count, pairs []Pair) {
	for _, p := range pairs {
		a, ok := c.dict.ids[p.A]
		if !ok {
			continue
		}
		b, ok := c.dict.ids[p.B]
		if !ok {
			continue
		}
		k := pairKey(a, b)
		if n, ok := c.pairs[k]; ok {
			dst[k] = n
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
		c.nwords != o.nwords || len(c.pairs) != len(o.pairs) {
		return false
	}
	tr := o.lookup(c)
	for i := range c.words {
		n := c.words[i].Count
		if n == (Count{}) {
			continue
		}
		id := tid(tr, int32(i))
		if id < 0 || o.word(id) != n {
			return false
		}
	}
	for k, n := range c.pairs {
		a, b := splitKey(k)
		ta, tb := tid(tr, a), tid(tr, b)
		if ta < 0 || tb < 0 {
			return false
		}
		if p, ok := o.pairs[pairKey(ta, tb)]; !ok || p != n {
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
	rank := c.ranks()
	byRank := make([]int32, 0, len(rank))
	for id, r := range rank {
		if r >= 0 {
			byRank = append(byRank, int32(id))
		}
	}
	slices.SortFunc(byRank, func(a, b int32) int { return cmp.Compare(rank[a], rank[b]) })
	b = binary.AppendUvarint(b, uint64(c.nwords))
	prev := ""
	for _, id := range byRank {
		n := c.word(id)
		if n == (Count{}) {
			continue
		}
		w := c.name(id)
		b = appendFrontCoded(b, prev, w)
		b = binary.AppendUvarint(b, uint64(n.TF))
		b = binary.AppendUvarint(b, uint64(n.DF))
		prev = w
	}
	keys := c.sortedPairs(rank)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	prev = ""
	for _, k := range keys {
		a, bb := splitKey(k)
		pa, pb := c.name(a), c.name(bb)
		b = appendFrontCoded(b, prev, pa)
		b = binary.AppendUvarint(b, uint64(len(pb)))
		b = append(b, pb...)
		n := c.pairs[k]
		b = binary.AppendUvarint(b, uint64(n.TF))
		b = binary.AppendUvarint(b, uint64(n.DF))
		prev = pa
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

// termCount reads a TF and DF and checks 1 <= DF <= min(TF, paragraphs),
// which every Counts satisfies.
func (d *decoder) termCount(paragraphs int64) Count {
	k := Count{TF: d.int64(), DF: d.int64()}
	if k.DF < 1 || k.DF > k.TF || k.DF > paragraphs {
		d.fail()
	}
	return k
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
	n := d.count()
	prev := ""
	var sum int64
	var scratch []byte
	for i := 0; i < n && d.err == nil; i++ {
		var w string
		w, scratch = d.frontCodedInto(prev, scratch)
		if i > 0 && w <= prev || w == "" {
			d.fail() // not sorted, or a duplicate
		}
		k := d.termCount(c.Paragraphs)
		id := c.id(w)
		c.words[id] = entry{Count: k}
		c.nwords++
		sum += k.TF
		prev = c.name(id)
	}
	if sum != c.Tokens {
		d.fail() // Tokens is the sum of word TFs
	}
	n = d.count()
	prevPair := Pair{}
	for i := 0; i < n && d.err == nil; i++ {
		var a string
		a, scratch = d.frontCodedInto(prevPair.A, scratch)
		ida := c.id(a)
		bb := d.bytes()
		// The map lookup with string(bb) does not allocate.
		idb, ok := c.dict.ids[string(bb)]
		if !ok {
			idb = c.id(string(bb))
		}
		p := Pair{c.name(ida), c.name(idb)}
		if i > 0 && comparePairs(p, prevPair) <= 0 || p.A == "" || p.B == "" {
			d.fail()
		}
		c.pairs[pairKey(ida, idb)] = d.termCount(c.Paragraphs)
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

// frontCodedInto reads a front-coded string after prev, building it in
// scratch; it returns the string (valid until scratch is reused: callers
// intern it) and the scratch. The shared prefix must be the longest one, as
// [appendFrontCoded] writes it: a shorter one spells the same string in
// other bytes, and a blob that decodes must re-encode to itself.
func (d *decoder) frontCodedInto(prev string, scratch []byte) (string, []byte) {
	k := d.uvarint()
	if k > uint64(len(prev)) {
		d.fail()
		return "", scratch
	}
	suffix := d.bytes()
	if k < uint64(len(prev)) && len(suffix) > 0 && suffix[0] == prev[k] {
		d.fail() // the prefix could have been one byte longer
		return "", scratch
	}
	scratch = append(append(scratch[:0], prev[:k]...), suffix...)
	return unsafe.String(unsafe.SliceData(scratch), len(scratch)), scratch
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
		if d.Paragraphs == 0 && d.Tokens == 0 && d.nwords == 0 && len(d.pairs) == 0 {
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

// idsVersion is the first byte of Counts encoded by AppendIDs.
const idsVersion = 2

// AppendIDs appends c to b without its strings, by the ids of its
// dictionary (which the caller stores once, [Dict.AppendBinary]): a
// version byte, Tokens, Paragraphs, the number of words, then per word in
// id order the id's increase over the previous one, TF and DF; the number
// of pairs, then per pair in key order (first id, then second) the key's
// increase, TF and DF. All integers are uvarints. The same counts in the
// same dictionary give the same bytes.
func (c *Counts) AppendIDs(b []byte) []byte {
	c.init()
	b = append(b, idsVersion)
	b = binary.AppendUvarint(b, uint64(c.Tokens))
	b = binary.AppendUvarint(b, uint64(c.Paragraphs))
	b = binary.AppendUvarint(b, uint64(c.nwords))
	prev := 0
	for id := range c.words {
		n := c.words[id].Count
		if n == (Count{}) {
			continue
		}
		b = binary.AppendUvarint(b, uint64(id-prev))
		b = binary.AppendUvarint(b, uint64(n.TF))
		b = binary.AppendUvarint(b, uint64(n.DF))
		prev = id
	}
	keys := make([]uint64, 0, len(c.pairs))
	for k := range c.pairs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	var prevKey uint64
	for _, k := range keys {
		n := c.pairs[k]
		b = binary.AppendUvarint(b, k-prevKey)
		b = binary.AppendUvarint(b, uint64(n.TF))
		b = binary.AppendUvarint(b, uint64(n.DF))
		prevKey = k
	}
	return b
}

// UnmarshalIDs replaces c with the counts AppendIDs encoded, in the
// dictionary d they were encoded with (or one it grew into). Like
// UnmarshalBinary it checks the counts' invariants, and that every id is
// in d.
func (c *Counts) UnmarshalIDs(d *Dict, b []byte) error {
	dec := decoder{b: b}
	if v := dec.byte(); v != idsVersion {
		return fmt.Errorf("terms: decode counts: version %d: %w", v, ErrCorrupt)
	}
	nc := &Counts{dict: d, sharedDict: true}
	nc.Tokens = dec.int64()
	nc.Paragraphs = dec.int64()
	n := dec.count()
	nc.words = make([]entry, len(d.names))
	id, sum := 0, int64(0)
	for i := 0; i < n && dec.err == nil; i++ {
		step := dec.uvarint()
		if i > 0 && step == 0 || step >= uint64(len(d.names)) {
			dec.fail()
			break
		}
		id += int(step)
		if id >= len(d.names) {
			dec.fail()
			break
		}
		k := dec.termCount(nc.Paragraphs)
		nc.words[id] = entry{Count: k}
		sum += k.TF
	}
	nc.nwords = n
	if dec.err == nil && sum != nc.Tokens {
		dec.fail()
	}
	n = dec.count()
	nc.pairs = make(map[uint64]Count, n)
	var key uint64
	for i := 0; i < n && dec.err == nil; i++ {
		step := dec.uvarint()
		if i > 0 && step == 0 {
			dec.fail()
			break
		}
		key += step
		a, bb := splitKey(key)
		if a < 0 || bb < 0 || int(a) >= len(d.names) || int(bb) >= len(d.names) {
			dec.fail()
			break
		}
		nc.pairs[key] = dec.termCount(nc.Paragraphs)
	}
	if dec.err == nil && len(dec.b) != 0 {
		dec.fail()
	}
	if dec.err != nil {
		return fmt.Errorf("terms: decode counts at byte %d: %w", dec.off, dec.err)
	}
	*c = *nc
	return nil
}
