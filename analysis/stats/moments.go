package stats

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// Fixed-point resolution and range of [Moments]. A value x enters the sums
// as the integer q = round(x·2^32) (ties to even), so values are kept to
// 2^-32 ≈ 2.3e-10, and |x| must be below 2^31 ≈ 2.1e9 (q then fits in 63
// bits). Per-article means of sentiment and stance scores lie in [-1, 1],
// shares in [0, 1] and counts far below 2^31, so neither limit bites: the
// rounding moves a mean by at most 1.2e-10 and a standard deviation by
// less than that.
const (
	MomentsResolution = 0x1p-32
	MaxMomentsValue   = 0x1p31
)

// ErrNotAdded is returned by [Moments.Sub] and [Moments.Unmerge] when what
// is removed cannot have been added before: the count or the sum of
// squares would fall below zero, or what is left is not the summary of any
// set of values.
var ErrNotAdded = errors.New("stats: removing values that were not added")

// ErrCorruptMoments is returned by [Moments.UnmarshalBinary] for bytes
// that are not the canonical encoding of a summary.
var ErrCorruptMoments = errors.New("stats: corrupt moments")

// Moments summarises a group of per-article values (for example each
// article's mean paragraph sentiment, one value per article of an outlet):
// their count n, sum Σq and sum of squares Σq², where q is a value in
// fixed point (see [MomentsResolution]). That is all a mean, a
// t-interval and Welch's test need, and it is mergeable: groups are
// combined with [Moments.Merge], a removed or changed article is taken out
// with [Moments.Sub], and the rest of a corpus is the total minus a group
// ([Moments.Unmerge]).
//
// The sums are integers (Σq in 128 bits, Σq² in 192 bits, room for 2^64
// values), so the arithmetic is exact: the same set of values gives the
// same Moments, bit for bit, whether they were added in one run or many,
// in any order, with removals in between, on any machine. Moments values
// compare with ==. The zero value is an empty summary.
type Moments struct {
	n     uint64
	sum   int128
	sumSq uint192
}

// int128 is a two's-complement 128-bit integer.
type int128 struct{ hi, lo uint64 }

// uint192 is an unsigned 192-bit integer, least significant word first.
type uint192 [3]uint64

// quantise returns x in fixed point; it panics outside the range.
func quantise(x float64) int64 {
	if !(math.Abs(x) < MaxMomentsValue) {
		panic(fmt.Sprintf("stats: moments value %v is NaN or outside (-2^31, 2^31)", x))
	}
	return int64(math.RoundToEven(math.Ldexp(x, 32)))
}

func (a int128) add(b int128) int128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return int128{hi, lo}
}

func (a int128) sub(b int128) int128 {
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, c)
	return int128{hi, lo}
}

func int128Of(q int64) int128 { return int128{uint64(q >> 63), uint64(q)} }

func (a int128) big() *big.Int {
	z := new(big.Int).SetUint64(a.hi)
	z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(a.lo))
	if int64(a.hi) < 0 {
		z.Sub(z, new(big.Int).Lsh(big.NewInt(1), 128))
	}
	return z
}

func (a uint192) add(b uint192) uint192 {
	var c uint64
	a[0], c = bits.Add64(a[0], b[0], 0)
	a[1], c = bits.Add64(a[1], b[1], c)
	a[2], _ = bits.Add64(a[2], b[2], c)
	return a
}

// sub returns a − b and whether it borrowed (b > a).
func (a uint192) sub(b uint192) (uint192, bool) {
	var c uint64
	a[0], c = bits.Sub64(a[0], b[0], 0)
	a[1], c = bits.Sub64(a[1], b[1], c)
	a[2], c = bits.Sub64(a[2], b[2], c)
	return a, c != 0
}

func square(q int64) uint192 {
	u := uint64(q)
	if q < 0 {
		u = -u
	}
	hi, lo := bits.Mul64(u, u)
	return uint192{lo, hi, 0}
}

func (a uint192) big() *big.Int {
	z := new(big.Int)
	for i := 2; i >= 0; i-- {
		z.Lsh(z, 64).Or(z, new(big.Int).SetUint64(a[i]))
	}
	return z
}

// Add adds one value. It panics if x is NaN or |x| ≥ [MaxMomentsValue].
func (m *Moments) Add(x float64) {
	q := quantise(x)
	m.n++
	m.sum = m.sum.add(int128Of(q))
	m.sumSq = m.sumSq.add(square(q))
}

// Sub removes one value added before, exactly: adding x and removing it
// leaves m as it was. It returns [ErrNotAdded], leaving m unchanged, when
// the result cannot be a summary (m is empty, or Σq² would fall below
// zero); removing a value that was not added is otherwise not detected.
// It panics as [Moments.Add] does.
func (m *Moments) Sub(x float64) error {
	var o Moments
	o.Add(x)
	return m.Unmerge(o)
}

// Merge adds the values summarised by o.
func (m *Moments) Merge(o Moments) {
	m.n += o.n
	m.sum = m.sum.add(o.sum)
	m.sumSq = m.sumSq.add(o.sumSq)
}

// Unmerge removes the values summarised by o, which must have been merged
// into m (or added to it) before: Merge then Unmerge leaves m as it was.
// It returns [ErrNotAdded], leaving m unchanged, when what is left cannot
// be a summary of values (see [Moments.UnmarshalBinary] for the checks).
func (m *Moments) Unmerge(o Moments) error {
	if o.n > m.n {
		return ErrNotAdded
	}
	sq, borrow := m.sumSq.sub(o.sumSq)
	if borrow {
		return ErrNotAdded
	}
	r := Moments{n: m.n - o.n, sum: m.sum.sub(o.sum), sumSq: sq}
	if !r.consistent() {
		return ErrNotAdded
	}
	*m = r
	return nil
}

// consistent reports whether some multiset of n integers q with |q| ≤ 2^63
// could have the sums of m: with no value both sums are 0; otherwise
// |Σq| ≤ Σq² (each q² ≥ |q|), Σq and Σq² have the same parity (q² ≡ q mod
// 2), (Σq)² ≤ n·Σq² (Cauchy–Schwarz) and Σq² ≤ n·2^126.
func (m Moments) consistent() bool {
	if m.n == 0 {
		return m.sum == (int128{}) && m.sumSq == (uint192{})
	}
	if m.sum.lo&1 != m.sumSq[0]&1 {
		return false
	}
	s, sq := m.sum.big(), m.sumSq.big()
	n := new(big.Int).SetUint64(m.n)
	if new(big.Int).Abs(s).Cmp(sq) > 0 {
		return false
	}
	if new(big.Int).Mul(s, s).Cmp(new(big.Int).Mul(n, sq)) > 0 {
		return false
	}
	return sq.Cmp(new(big.Int).Lsh(n, 126)) <= 0
}

// N returns the number of values.
func (m Moments) N() int { return int(m.n) }

// Padded returns m with zeros added until it holds n values (m itself when
// it holds n or more). A sparse summary, one that skips the many zeros of
// a topic's share across articles, becomes the summary of all n values:
// zeros add nothing to Σq or Σq², so the result is exactly what adding
// every zero would give.
func (m Moments) Padded(n int) Moments {
	if n > 0 && uint64(n) > m.n {
		m.n = uint64(n)
	}
	return m
}

// Mean returns the mean of the values, Σq / (n·2^32) correctly rounded,
// or NaN when there is none.
func (m Moments) Mean() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	d := new(big.Int).Lsh(new(big.Int).SetUint64(m.n), 32)
	f, _ := new(big.Rat).SetFrac(m.sum.big(), d).Float64()
	return f
}

// Var returns the sample variance of the values (divisor n−1), computed
// exactly from the integer sums and rounded once:
//
//	s² = (n·Σq² − (Σq)²) / (n·(n−1)·2^64)
//
// It is NaN with fewer than two values.
func (m Moments) Var() float64 {
	if m.n < 2 {
		return math.NaN()
	}
	s, sq := m.sum.big(), m.sumSq.big()
	n := new(big.Int).SetUint64(m.n)
	num := new(big.Int).Mul(n, sq)
	num.Sub(num, new(big.Int).Mul(s, s))
	den := new(big.Int).Mul(n, new(big.Int).SetUint64(m.n-1))
	den.Lsh(den, 64)
	f, _ := new(big.Rat).SetFrac(num, den).Float64()
	return f
}

// SD returns the sample standard deviation, √[Moments.Var].
func (m Moments) SD() float64 { return math.Sqrt(m.Var()) }

// momentsVersion is the first byte of encoded Moments.
const momentsVersion = 1

// AppendBinary appends the encoding of m to b. Layout: a version byte (1);
// n as a uvarint; Σq zigzag-encoded ((Σq << 1) ^ (Σq >> 127)) as an
// unsigned LEB128 of at most 128 bits; Σq² as an unsigned LEB128 of at
// most 192 bits. Every integer takes its shortest form, so equal Moments
// encode to equal bytes and each summary has exactly one encoding. An
// empty summary takes 4 bytes, a typical outlet's about 20.
func (m Moments) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, momentsVersion)
	b = binary.AppendUvarint(b, m.n)
	sign := uint64(int64(m.sum.hi) >> 63)
	z := [3]uint64{m.sum.lo << 1, m.sum.hi<<1 | m.sum.lo>>63}
	z[0] ^= sign
	z[1] ^= sign
	b = appendLEB128(b, z)
	return appendLEB128(b, m.sumSq), nil
}

// MarshalBinary returns the encoding of [Moments.AppendBinary].
func (m Moments) MarshalBinary() ([]byte, error) { return m.AppendBinary(nil) }

// UnmarshalBinary replaces m with the summary encoded in b by
// [Moments.AppendBinary]. It returns an error wrapping [ErrCorruptMoments],
// leaving m unchanged, unless b is exactly one canonical encoding (known
// version, shortest integers, nothing after them) of sums that some set of
// values can have: with n = 0 both sums are 0; |Σq| ≤ Σq²; Σq and Σq² have
// the same parity; (Σq)² ≤ n·Σq²; Σq² ≤ n·2^126.
func (m *Moments) UnmarshalBinary(b []byte) error {
	fail := func(what string) error {
		return fmt.Errorf("decode moments: %s: %w", what, ErrCorruptMoments)
	}
	if len(b) == 0 || b[0] != momentsVersion {
		return fail("unknown version")
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || k > 1 && b[k-1] == 0 {
		return fail("bad count")
	}
	b = b[k:]
	z, k, ok := readLEB128(b, 128)
	if !ok {
		return fail("bad sum")
	}
	b = b[k:]
	sq, k, ok := readLEB128(b, 192)
	if !ok {
		return fail("bad sum of squares")
	}
	if k != len(b) {
		return fail("trailing bytes")
	}
	sign := -(z[0] & 1)
	r := Moments{n: n, sum: int128{hi: z[1]>>1 ^ sign, lo: (z[0]>>1 | z[1]<<63) ^ sign}, sumSq: sq}
	if !r.consistent() {
		return fail("inconsistent sums")
	}
	*m = r
	return nil
}

// appendLEB128 appends w (least significant word first) as an unsigned
// LEB128: 7 bits a byte, low bits first, the high bit set on every byte but
// the last, no trailing zero byte.
func appendLEB128(b []byte, w [3]uint64) []byte {
	for {
		c := byte(w[0] & 0x7f)
		w[0] = w[0]>>7 | w[1]<<57
		w[1] = w[1]>>7 | w[2]<<57
		w[2] >>= 7
		if w == ([3]uint64{}) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// readLEB128 reads an unsigned LEB128 of at most width bits from b and
// returns it, the bytes read and whether it was well formed and shortest.
func readLEB128(b []byte, width int) (w [3]uint64, n int, ok bool) {
	for i, c := range b {
		pos := 7 * i
		if pos >= width {
			return w, 0, false
		}
		v := uint64(c & 0x7f)
		if width-pos < 7 && v>>(width-pos) != 0 {
			return w, 0, false // bits beyond width
		}
		word, off := pos/64, pos%64
		w[word] |= v << off
		if off > 57 && word+1 < len(w) {
			w[word+1] |= v >> (64 - off)
		}
		if c&0x80 == 0 {
			if i > 0 && c == 0 {
				return w, 0, false // a longer form than needed
			}
			return w, i + 1, true
		}
	}
	return w, 0, false
}
