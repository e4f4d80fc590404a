package terms

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Cooccur accumulates co-occurrence counts of a fixed vocabulary (the top K
// terms, words and phrases) over paragraphs. Each paragraph, or each
// sliding window of it, is a "document": the count of a pair is the number
// of documents that contain both terms (once per document, however often
// they occur), the diagonal holds the number of documents that contain the
// term, and Docs the number of documents. Accumulators with the same
// vocabulary and window merge by addition, so per-shard matrices add up.
//
// Probability model (used by [NPMI]): a document is drawn uniformly;
//
//	p(a) = n(a) / N,  p(a, b) = n(a, b) / N
//
// with N the number of documents. With window 0 the documents are the
// paragraphs, so p(a, b) is the chance that a paragraph mentions both a and
// b. With window W > 0 they are the windows of W consecutive positions of
// each paragraph (Len − W + 1 of them, or one window for a paragraph shorter
// than W), so p(a, b) is the chance that a window of W positions holds both:
// closeness, not just the same paragraph. Positions are those of [Seq]
// (tokens plus punctuation breaks).
//
// A phrase in the vocabulary ("military intervention") occurs where its two
// words are adjacent, at the position of its first word; its words keep
// their own occurrences, so a phrase and its words co-occur wherever the
// phrase does.
//
// Memory is K×K float64 values whatever the number of paragraphs. A
// Cooccur is not safe for concurrent use: give each worker its own and
// Merge them.
type Cooccur struct {
	vocab   []string
	words   map[string]wordInfo
	phrases map[Pair]int // phrase → index
	window  int
	docs    float64
	m       *mat.SymDense

	// scratch
	ids     []int
	occ     []occurrence
	present []int
}

// wordInfo says what a word is in the vocabulary: a term (id >= 0, else
// -1) and/or the first word of a phrase, so that pairs are looked up only
// where a phrase can start.
type wordInfo struct {
	id          int
	startPhrase bool
}

type occurrence struct {
	pos int32
	id  int
}

// NewCooccur returns an empty accumulator for the given vocabulary (words,
// and phrases written "a b"; duplicates are an error) and window: 0 counts
// paragraphs, W > 0 counts windows of W positions. It returns an error for
// an empty vocabulary, a duplicate term or a negative window.
func NewCooccur(vocab []string, window int) (*Cooccur, error) {
	if len(vocab) == 0 {
		return nil, fmt.Errorf("terms: cooccur: empty vocabulary")
	}
	if window < 0 {
		return nil, fmt.Errorf("terms: cooccur: negative window %d", window)
	}
	c := &Cooccur{
		vocab:   slices.Clone(vocab),
		words:   make(map[string]wordInfo),
		phrases: make(map[Pair]int),
		window:  window,
		m:       mat.NewSymDense(len(vocab), nil),
	}
	for i, t := range vocab {
		if p, ok := SplitPhrase(t); ok {
			if _, dup := c.phrases[p]; dup {
				return nil, fmt.Errorf("terms: cooccur: duplicate term %q", t)
			}
			c.phrases[p] = i
			continue
		}
		if w, ok := c.words[t]; ok && w.id >= 0 {
			return nil, fmt.Errorf("terms: cooccur: duplicate term %q", t)
		}
		c.words[t] = wordInfo{id: i, startPhrase: c.words[t].startPhrase}
	}
	for p := range c.phrases {
		w, ok := c.words[p.A]
		if !ok {
			w.id = -1
		}
		w.startPhrase = true
		c.words[p.A] = w
	}
	return c, nil
}

// Vocab returns the vocabulary; index i is row and column i of the matrix.
func (c *Cooccur) Vocab() []string { return slices.Clone(c.vocab) }

// Window returns the window size (0: paragraphs).
func (c *Cooccur) Window() int { return c.window }

// Docs returns the number of documents counted (paragraphs or windows).
func (c *Cooccur) Docs() float64 { return c.docs }

// Matrix returns a copy of the counts: element (i, j) is the number of
// documents containing terms i and j, element (i, i) the number containing
// term i.
func (c *Cooccur) Matrix() *mat.SymDense {
	return mat.NewSymDense(len(c.vocab), slices.Clone(c.m.RawSymmetric().Data))
}

// Add counts one paragraph.
func (c *Cooccur) Add(s Seq) { c.add(s, 1) }

// Remove takes out a paragraph added before (a changed or deleted
// article's): Add then Remove leaves the counts as they were. Counts are
// whole numbers, so the order of Adds and Removes does not matter.
func (c *Cooccur) Remove(s Seq) { c.add(s, -1) }

func (c *Cooccur) add(s Seq, sign float64) {
	c.occ = c.occ[:0]
	for i, t := range s.Terms {
		w, ok := c.words[t]
		if !ok {
			continue
		}
		if w.id >= 0 {
			c.occ = append(c.occ, occurrence{s.Pos[i], w.id})
		}
		if w.startPhrase && s.Adjacent(i) {
			if id, ok := c.phrases[Pair{t, s.Terms[i+1]}]; ok {
				c.occ = append(c.occ, occurrence{s.Pos[i], id})
			}
		}
	}
	if c.window == 0 || s.Len <= int32(c.window) {
		c.docs += sign
		c.ids = c.ids[:0]
		for _, o := range c.occ {
			c.ids = append(c.ids, o.id)
		}
		slices.Sort(c.ids)
		c.addDoc(slices.Compact(c.ids), sign)
		return
	}
	c.addWindows(s.Len, sign)
}

// addWindows counts the windows [w, w+W) for w = 0 … Len−W. The set of
// terms in a window changes only when an occurrence enters or leaves, so
// runs of windows with the same set are counted together.
func (c *Cooccur) addWindows(n int32, sign float64) {
	w := int32(c.window)
	nw := n - w + 1
	c.docs += sign * float64(nw)
	// c.occ is in position order; occurrence k lies in windows
	// pos−W+1 … pos. The window holds c.occ[out:in].
	var (
		in, out int   // occurrences entered / left so far
		start   int32 // first window of the current run
	)
	for start < nw {
		// Move the window to start: take in occurrences with
		// pos < start+w, drop those with pos < start.
		for in < len(c.occ) && c.occ[in].pos < start+w {
			in++
		}
		for out < len(c.occ) && c.occ[out].pos < start {
			out++
		}
		// The set stays the same until the next entry or exit.
		next := nw
		if in < len(c.occ) {
			next = min(next, c.occ[in].pos-w+1)
		}
		if out < len(c.occ) {
			next = min(next, c.occ[out].pos+1)
		}
		if next <= start {
			next = start + 1
		}
		c.present = c.present[:0]
		for k := out; k < in; k++ {
			c.present = append(c.present, c.occ[k].id)
		}
		slices.Sort(c.present)
		c.addDoc(slices.Compact(c.present), sign*float64(next-start))
		start = next
	}
}

// addDoc adds weight to the diagonal of each id and to every pair of ids;
// ids are sorted and distinct.
func (c *Cooccur) addDoc(ids []int, weight float64) {
	raw := c.m.RawSymmetric() // upper triangle
	for x, i := range ids {
		row := raw.Data[i*raw.Stride:]
		for _, j := range ids[x:] {
			row[j] += weight
		}
	}
}

// Merge adds o's counts into c. Both must have the same vocabulary (in the
// same order) and window.
func (c *Cooccur) Merge(o *Cooccur) error {
	if c.window != o.window {
		return fmt.Errorf("terms: cooccur merge: window %d vs %d", c.window, o.window)
	}
	if !slices.Equal(c.vocab, o.vocab) {
		return fmt.Errorf("terms: cooccur merge: vocabularies differ")
	}
	c.docs += o.docs
	c.m.AddSym(c.m, o.m)
	return nil
}

// NPMI returns the normalized pointwise mutual information of every pair
// of the vocabulary, from the counts of c (see [NPMI]).
func (c *Cooccur) NPMI() *mat.SymDense {
	return NPMI(nil, c.m, c.docs)
}

// CooccurPair is one pair of the vocabulary with its co-occurrence count
// and NPMI: a row of cooccurrence.csv, an edge of the term network.
type CooccurPair struct {
	A, B        string
	Count, NPMI float64
}

// Pairs returns every pair of distinct terms seen together in at least
// minCount documents (at least 1), in vocabulary order: A before B as
// they come in the vocabulary, rows by A, then B.
func (c *Cooccur) Pairs(minCount float64) []CooccurPair {
	minCount = max(minCount, 1)
	npmi := c.NPMI()
	var out []CooccurPair
	for i := range c.vocab {
		for j := i + 1; j < len(c.vocab); j++ {
			if n := c.m.At(i, j); n >= minCount {
				out = append(out, CooccurPair{A: c.vocab[i], B: c.vocab[j], Count: n, NPMI: npmi.At(i, j)})
			}
		}
	}
	return out
}

// NPMI stores in dst (allocated when nil, else of the same size as counts)
// and returns the normalized pointwise mutual information (Bouma 2009,
// "Normalized (pointwise) mutual information in collocation extraction",
// Proceedings of GSCL, pp. 31–40) of every pair, from a co-occurrence
// count matrix as [Cooccur.Matrix] returns it (diagonal = documents
// containing the term) and the number of documents n:
//
//	NPMI(a, b) = ln(p(a,b) / (p(a) p(b))) / −ln p(a,b)
//	p(a) = counts(a,a)/n,  p(a,b) = counts(a,b)/n
//
// The result lies in [−1, 1]: −1 for a pair never seen together
// (p(a,b) = 0, including terms never seen at all), 0 for independence,
// 1 for terms that only occur together; a pair present in every document
// (p(a,b) = 1) is 1. The diagonal is 1 for a term seen at least once. counts
// is unchanged. NPMI panics if dst has the wrong size.
func NPMI(dst *mat.SymDense, counts mat.Symmetric, n float64) *mat.SymDense {
	k := counts.SymmetricDim()
	if dst == nil {
		dst = mat.NewSymDense(k, nil)
	} else if dst.SymmetricDim() != k {
		panic(fmt.Sprintf("terms: NPMI dst size %d, counts size %d", dst.SymmetricDim(), k))
	}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			dst.SetSym(i, j, npmi(counts.At(i, j), counts.At(i, i), counts.At(j, j), n))
		}
	}
	return dst
}

func npmi(nab, na, nb, n float64) float64 {
	if nab <= 0 || na <= 0 || nb <= 0 || n <= 0 {
		return -1
	}
	if nab >= n {
		return 1
	}
	pab := nab / n
	v := math.Log(pab/((na/n)*(nb/n))) / -math.Log(pab)
	return math.Max(-1, math.Min(1, v))
}

// Restrict returns the counts of a sub-vocabulary: a Cooccur over vocab,
// whose terms must all be in c's vocabulary, with c's window, documents
// and the counts of those terms. A pair's count does not depend on the
// other terms of the vocabulary, so the result equals counting the same
// paragraphs with vocab from the start: a larger candidate vocabulary,
// kept up to date with Add and Remove, serves every top-K list inside it.
func (c *Cooccur) Restrict(vocab []string) (*Cooccur, error) {
	index := make(map[string]int, len(c.vocab))
	for i, t := range c.vocab {
		index[t] = i
	}
	src := make([]int, len(vocab))
	for i, t := range vocab {
		k, ok := index[t]
		if !ok {
			return nil, fmt.Errorf("terms: cooccur: %q is not in the vocabulary", t)
		}
		src[i] = k
	}
	d, err := NewCooccur(vocab, c.window)
	if err != nil {
		return nil, err
	}
	d.docs = c.docs
	for i, a := range src {
		for j := i; j < len(src); j++ {
			d.m.SetSym(i, j, c.m.At(a, src[j]))
		}
	}
	return d, nil
}

// Has reports whether term is in the vocabulary.
func (c *Cooccur) Has(term string) bool {
	if p, ok := SplitPhrase(term); ok {
		_, ok := c.phrases[p]
		return ok
	}
	w, ok := c.words[term]
	return ok && w.id >= 0
}

// cooccurVersion is the first byte of an encoded Cooccur.
const cooccurVersion = 1

// AppendBinary appends c to b: a version byte, the window, the number of
// documents, the vocabulary (count, then each term's length and bytes),
// then the nonzero counts of the upper triangle, row by row: their number,
// then per count the increase of its index (i·K + j) over the previous
// one and the count. All integers are uvarints: counts are whole numbers
// (Remove never takes out what Add did not put in).
func (c *Cooccur) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, cooccurVersion)
	b = binary.AppendUvarint(b, uint64(c.window))
	if c.docs < 0 || c.docs != math.Trunc(c.docs) {
		return nil, fmt.Errorf("terms: cooccur: %v documents", c.docs)
	}
	b = binary.AppendUvarint(b, uint64(c.docs))
	b = binary.AppendUvarint(b, uint64(len(c.vocab)))
	for _, t := range c.vocab {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	k := len(c.vocab)
	raw := c.m.RawSymmetric()
	n := 0
	for i := 0; i < k; i++ {
		for _, v := range raw.Data[i*raw.Stride+i : i*raw.Stride+k] {
			if v != 0 {
				n++
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	prev := 0
	for i := 0; i < k; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+k]
		for j := i; j < k; j++ {
			v := row[j]
			if v == 0 {
				continue
			}
			if v < 0 || v != math.Trunc(v) {
				return nil, fmt.Errorf("terms: cooccur: count %v of %q and %q", v, c.vocab[i], c.vocab[j])
			}
			b = binary.AppendUvarint(b, uint64(i*k+j-prev))
			b = binary.AppendUvarint(b, uint64(v))
			prev = i*k + j
		}
	}
	return b, nil
}

// UnmarshalBinary replaces c with the accumulator AppendBinary encoded.
func (c *Cooccur) UnmarshalBinary(b []byte) error {
	d := decoder{b: b}
	if v := d.byte(); v != cooccurVersion {
		return fmt.Errorf("terms: decode cooccur: version %d: %w", v, ErrCorrupt)
	}
	window := d.count()
	docs := d.uvarint()
	n := d.count()
	vocab := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		vocab = append(vocab, string(d.bytes()))
	}
	if d.err != nil {
		return fmt.Errorf("terms: decode cooccur at byte %d: %w", d.off, d.err)
	}
	nc, err := NewCooccur(vocab, window)
	if err != nil {
		return fmt.Errorf("terms: decode cooccur: %w", err)
	}
	nc.docs = float64(docs)
	k := len(vocab)
	raw := nc.m.RawSymmetric()
	entries := d.count()
	idx := 0
	for e := 0; e < entries && d.err == nil; e++ {
		step := d.uvarint()
		if e > 0 && step == 0 || step >= uint64(k*k) {
			d.fail()
			break
		}
		idx += int(step)
		i, j := idx/k, idx%k
		v := d.uvarint()
		if i >= k || j < i || v == 0 {
			d.fail()
			break
		}
		raw.Data[i*raw.Stride+j] = float64(v)
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail()
	}
	if d.err != nil {
		return fmt.Errorf("terms: decode cooccur at byte %d: %w", d.off, d.err)
	}
	*c = *nc
	return nil
}
