package terms

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"newsframe/analysis/text"
)

// Seq is the content-term sequence of one paragraph: the folded words
// (Token.Norm) that remain after stopwords, pure numbers and one-letter
// tokens are dropped, with their positions. It is what the pipeline stores
// per paragraph and re-counts later (co-occurrence, phrases), so it is
// defined once, here, and serialised compactly by [Seq.MarshalBinary].
//
// Positions count every token of the paragraph (dropped ones too) plus one
// extra step at each break: a sentence end or punctuation other than an
// apostrophe or an inner hyphen between two tokens. So two terms are
// adjacent, and may form a phrase, exactly when Pos[i+1] == Pos[i]+1:
// "military intervention" is adjacent, "military, intervention" and
// "intervention. Military" are not, and "Secretary of State" gives
// "secretary" and "state" two steps apart. Windows of W positions
// ([Cooccur]) use the same units.
type Seq struct {
	// Terms are the content terms in order. Extract leaves them pointing
	// into the paragraph text; UnmarshalBinary allocates its own.
	Terms []string
	// Pos[i] is the position of Terms[i]; strictly increasing.
	Pos []int32
	// Len is the number of positions in the paragraph, dropped tokens
	// included (Len > Pos[len(Pos)-1]).
	Len int32
}

// Adjacent reports whether Terms[i] and Terms[i+1] are adjacent in the
// text (no token, sentence end or punctuation between them).
func (s Seq) Adjacent(i int) bool {
	return i+1 < len(s.Pos) && s.Pos[i+1] == s.Pos[i]+1
}

// Extract returns the content-term sequence of paragraph s, whose tokens
// toks come from text.Words(s) (or AppendWords). A token is dropped when it
// is a stopword, a number (Kind Number: "400", "3.5") or a single letter or
// digit (initials such as the "J" of "J. Smith"); it still takes a position.
// The returned Terms share memory with s.
func Extract(s string, toks []text.Token, stop text.Stopwords) Seq {
	return AppendSeq(Seq{}, s, toks, stop)
}

// AppendSeq is [Extract] appending into dst's slices (reset to length 0),
// so that a loop can reuse one Seq's storage.
func AppendSeq(dst Seq, s string, toks []text.Token, stop text.Stopwords) Seq {
	return AppendSeqSplit(dst, s, toks, nil, stop)
}

// AppendSeqSplit is [AppendSeq] for a caller that has also split s into
// sentences: sents is text.Sentences(s), or nil to have them computed when
// needed. It saves splitting the text again.
func AppendSeqSplit(dst Seq, s string, toks []text.Token, sents []text.Span, stop text.Stopwords) Seq {
	dst.Terms = dst.Terms[:0]
	dst.Pos = dst.Pos[:0]
	ends := sentenceEnds{spans: sents, done: sents != nil}
	var pos int32
	for i, t := range toks {
		if i > 0 {
			prev := toks[i-1]
			gap := s[prev.End:t.Start]
			brk := gap != " " && gapBreaks(gap, prev.Text) // one space never breaks
			if !brk && prev.End > 0 && s[prev.End-1] == '.' {
				// An abbreviation swallowed its period ("the U.S. The
				// talks"): ask the sentence splitter whether it ends one.
				brk = ends.at(s, prev.End)
			}
			if brk {
				pos++
			}
		}
		if t.Kind == text.Word && !stop.Contains(t.Norm) && !singleRune(t.Norm) {
			dst.Terms = append(dst.Terms, t.Norm)
			dst.Pos = append(dst.Pos, pos)
		}
		pos++
	}
	dst.Len = pos
	return dst
}

// gapBreaks reports whether the text between two tokens separates them:
// anything but white space, an inner hyphen ("U.S.-Mexico") or the
// apostrophe of a plural possessive ("voters' choice").
func gapBreaks(gap, prev string) bool {
	if gap == "-" || gap == "‐" || gap == "‑" {
		return false
	}
	for i, r := range gap {
		if unicode.IsSpace(r) {
			continue
		}
		if i == 0 && (r == '\'' || r == '’') && prev != "" {
			if last := prev[len(prev)-1]; last == 's' || last == 'S' {
				continue
			}
		}
		return true
	}
	return false
}

// sentenceEnds answers whether a sentence of s ends at a byte offset,
// for offsets asked in increasing order: a cursor walks the sentence spans
// once, so a paragraph costs linear time however many abbreviations it
// holds. The spans are computed at the first question unless given.
type sentenceEnds struct {
	spans []text.Span
	done  bool
	next  int // spans[:next] end before the last offset asked
}

func (e *sentenceEnds) at(s string, end int) bool {
	if !e.done {
		e.spans, e.done = text.Sentences(s), true
	}
	for e.next < len(e.spans) && e.spans[e.next].End < end {
		e.next++
	}
	return e.next < len(e.spans) && e.spans[e.next].End == end
}

func singleRune(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size == len(s)
}

// Extractor turns paragraphs into content-term sequences, reusing its token
// buffer between calls. It is not safe for concurrent use: give each worker
// its own.
type Extractor struct {
	stop text.Stopwords
	toks []text.Token
}

// NewExtractor returns an Extractor that drops the words in stop.
func NewExtractor(stop text.Stopwords) *Extractor {
	return &Extractor{stop: stop}
}

// Extract tokenizes paragraph s and returns its content-term sequence, as
// [Extract] does. The Terms share memory with s.
func (e *Extractor) Extract(s string) Seq {
	e.toks = text.AppendWords(e.toks[:0], s)
	return Extract(s, e.toks, e.stop)
}

// seqVersion is the first byte of an encoded Seq.
const seqVersion = 1

// ErrCorrupt is returned (wrapped) when encoded counts or sequences cannot
// be decoded.
var ErrCorrupt = errors.New("corrupt encoding")

// MarshalBinary encodes s compactly: a version byte, uvarint Len, uvarint
// count, then per term a uvarint head h = x<<3 | g<<1 | r, where g =
// min(gap, 3) with gap = Pos[i] − Pos[i−1] − 1 (Pos[−1] = −1), followed by
// uvarint(gap − 3) when g = 3; r = 1 marks a repeat, x being the index of
// the term among the paragraph's distinct terms in order of first use;
// otherwise x is the term's length and its bytes follow. A short term after
// a short gap takes one byte plus its letters, a repeat one byte. BBC news
// paragraphs (80 words, 469 bytes of text on average) encode in 288 bytes on
// average (BenchmarkSeqBinary).
func (s Seq) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(nil)
}

// AppendBinary appends the encoding of [Seq.MarshalBinary] to b.
func (s Seq) AppendBinary(b []byte) ([]byte, error) {
	if len(s.Terms) != len(s.Pos) {
		return nil, fmt.Errorf("terms: encode seq: %d terms but %d positions", len(s.Terms), len(s.Pos))
	}
	b = append(b, seqVersion)
	b = binary.AppendUvarint(b, uint64(s.Len))
	b = binary.AppendUvarint(b, uint64(len(s.Terms)))
	prev := int32(-1)
	distinct := make([]string, 0, len(s.Terms))
	// index finds a term among the distinct ones: by scanning while they
	// are few, then by a map (a long paragraph would be quadratic).
	var index map[string]int
	for i, t := range s.Terms {
		if s.Pos[i] <= prev || s.Pos[i] >= s.Len {
			return nil, fmt.Errorf("terms: encode seq: position %d of term %d out of order", s.Pos[i], i)
		}
		gap := uint64(s.Pos[i] - prev - 1)
		g := min(gap, 3)
		ref := -1
		if index != nil {
			if j, ok := index[t]; ok {
				ref = j
			}
		} else {
			ref = slices.Index(distinct, t)
		}
		if ref >= 0 {
			b = binary.AppendUvarint(b, uint64(ref)<<3|g<<1|1)
		} else {
			b = binary.AppendUvarint(b, uint64(len(t))<<3|g<<1)
		}
		if g == 3 {
			b = binary.AppendUvarint(b, gap-3)
		}
		if ref < 0 {
			b = append(b, t...)
			distinct = append(distinct, t)
			if index != nil {
				index[t] = len(distinct) - 1
			} else if len(distinct) == 32 {
				index = make(map[string]int, 64)
				for j, d := range distinct {
					index[d] = j
				}
			}
		}
		prev = s.Pos[i]
	}
	return b, nil
}

// UnmarshalBinary decodes b, as written by [Seq.MarshalBinary], into s.
// Repeated terms share one string.
func (s *Seq) UnmarshalBinary(b []byte) error {
	return s.unmarshal(b, nil)
}

// UnmarshalInterned decodes b like [Seq.UnmarshalBinary], taking the term
// strings from in: a term allocates only the first time in sees it, so
// decoding many stored sequences costs memory for the vocabulary, not for
// every occurrence. The Terms stay valid as long as in is reachable.
func (s *Seq) UnmarshalInterned(b []byte, in *Interner) error {
	return s.unmarshal(b, in)
}

// Interner gives equal terms one shared string. Its memory grows with the
// distinct terms it has seen. It is not safe for concurrent use.
type Interner struct {
	ids   map[string]int32
	names []string
	// stamp[id] is the serial of the last sequence that used id, to
	// refuse a repeated term written out twice in linear time.
	stamp  []uint32
	serial uint32
	// scratch holds a sequence's distinct terms while it is decoded.
	scratch []string
}

// NewInterner returns an empty Interner.
func NewInterner() *Interner { return &Interner{ids: make(map[string]int32)} }

// Len returns the number of distinct terms seen.
func (in *Interner) Len() int { return len(in.names) }

func (in *Interner) intern(b []byte) (string, int32) {
	if id, ok := in.ids[string(b)]; ok { // no allocation for the lookup
		return in.names[id], id
	}
	t := string(b)
	id := int32(len(in.names))
	in.ids[t] = id
	in.names = append(in.names, t)
	in.stamp = append(in.stamp, 0)
	return t, id
}

func (s *Seq) unmarshal(b []byte, in *Interner) error {
	d := decoder{b: b}
	if v := d.byte(); v != seqVersion {
		return fmt.Errorf("terms: decode seq: version %d: %w", v, ErrCorrupt)
	}
	const maxPos = 1<<31 - 1
	l := d.uvarint()
	if l > maxPos {
		d.fail()
	}
	s.Len = int32(l)
	n := d.count()
	s.Terms = make([]string, 0, n)
	s.Pos = make([]int32, 0, n)
	var distinct []string
	if in != nil {
		distinct = in.scratch[:0]
		defer func() { in.scratch = distinct[:0] }()
		in.serial++
		if in.serial == 0 { // wrapped: old stamps could collide
			clear(in.stamp)
			in.serial = 1
		}
	}
	prev := int64(-1)
	for i := 0; i < n && d.err == nil; i++ {
		h := d.uvarint()
		gap := h >> 1 & 3
		if gap == 3 {
			gap += d.uvarint()
		}
		var t string
		if x := h >> 3; h&1 == 1 {
			if x >= uint64(len(distinct)) {
				d.fail()
				break
			}
			t = distinct[x]
		} else {
			if x > uint64(len(d.b)) {
				d.fail()
				break
			}
			// A repeat must be a reference: one encoding per Seq.
			if in != nil {
				var id int32
				t, id = in.intern(d.take(int(x)))
				if in.stamp[id] == in.serial {
					d.fail()
					break
				}
				in.stamp[id] = in.serial
			} else {
				t = string(d.take(int(x)))
				if distinct == nil {
					distinct = make([]string, 0, n)
				}
				if slices.Contains(distinct, t) {
					d.fail()
					break
				}
			}
			distinct = append(distinct, t)
		}
		if gap > maxPos {
			d.fail()
			break
		}
		p := prev + 1 + int64(gap)
		if p > maxPos {
			d.fail()
			break
		}
		s.Terms = append(s.Terms, t)
		s.Pos = append(s.Pos, int32(p))
		prev = p
	}
	if d.err == nil && (prev >= int64(s.Len) || len(d.b) != 0) {
		d.fail()
	}
	if d.err != nil {
		return fmt.Errorf("terms: decode seq at byte %d: %w", d.off, d.err)
	}
	return nil
}

// decoder reads uvarints and length-prefixed bytes, remembering the first
// error and the offset it happened at.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = ErrCorrupt
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	d.off++
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || n > 1 && d.b[n-1] == 0 {
		// Overlong forms (0x80 0x00 for 0) are refused so that every
		// value has one encoding and decoded blobs re-encode identically.
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	d.off += n
	return v
}

// count reads a uvarint used as an element count, bounded by the bytes
// left so that a corrupt count cannot make the caller allocate too much.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	return d.take(int(n))
}

// take returns the next n bytes; n <= len(d.b).
func (d *decoder) take(n int) []byte {
	p := d.b[:n]
	d.b = d.b[n:]
	d.off += n
	return p
}

func (d *decoder) int64() int64 {
	v := d.uvarint()
	if v > 1<<63-1 {
		d.fail()
		return 0
	}
	return int64(v)
}
