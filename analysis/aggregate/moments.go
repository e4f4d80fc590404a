package aggregate

import (
	"math"
	"math/bits"

	"newsframe/analysis/codec"
)

// Moments are the count, sum and sum of squares of per-article values,
// kept exactly: each value is quantised to 2⁻³² (x and x² rounded
// separately) and summed in 128 bits, so adding and removing articles in
// any order, in one run or many, gives bit-identical sums. Values must lie
// in (-2³¹, 2³¹); the sums hold at least 2³² values of that size.
type Moments struct {
	N          int64
	sum, sumSq int128
}

type int128 struct {
	hi int64
	lo uint64
}

func (a int128) add(b int128) int128 {
	lo, carry := bits.Add64(a.lo, b.lo, 0)
	return int128{hi: a.hi + b.hi + int64(carry), lo: lo}
}

func (a int128) neg() int128 {
	lo, borrow := bits.Sub64(0, a.lo, 0)
	return int128{hi: -a.hi - int64(borrow), lo: lo}
}

func (a int128) float() float64 {
	if a.hi < 0 {
		return -a.neg().float()
	}
	return float64(a.hi)*0x1p64 + float64(a.lo)
}

// fixed quantises x to a 128-bit multiple of 2⁻³².
func fixed(x float64) int128 {
	v := math.Round(math.Ldexp(x, 32))
	if v >= 0 {
		hi := math.Floor(v / 0x1p64)
		return int128{hi: int64(hi), lo: uint64(v - hi*0x1p64)}
	}
	return fixed(-x).neg()
}

const scale = 0x1p-32

// Add counts x (NaN is ignored).
func (m *Moments) Add(x float64) { m.add(x, 1) }

// Sub removes x, counted before by Add.
func (m *Moments) Sub(x float64) { m.add(x, -1) }

func (m *Moments) add(x float64, sign int64) {
	if math.IsNaN(x) {
		return
	}
	s, q := fixed(x), fixed(x*x)
	if sign < 0 {
		s, q = s.neg(), q.neg()
	}
	m.N += sign
	m.sum = m.sum.add(s)
	m.sumSq = m.sumSq.add(q)
}

// Merge adds o to m.
func (m *Moments) Merge(o Moments) {
	m.N += o.N
	m.sum = m.sum.add(o.sum)
	m.sumSq = m.sumSq.add(o.sumSq)
}

// Unmerge removes o from m.
func (m *Moments) Unmerge(o Moments) {
	m.N -= o.N
	m.sum = m.sum.add(o.sum.neg())
	m.sumSq = m.sumSq.add(o.sumSq.neg())
}

// IsZero reports whether m counts nothing.
func (m Moments) IsZero() bool { return m == Moments{} }

// Mean returns the mean, NaN for no values.
func (m Moments) Mean() float64 {
	if m.N <= 0 {
		return math.NaN()
	}
	return m.sum.float() * scale / float64(m.N)
}

// Var returns the sample variance (n − 1 in the denominator), NaN for
// fewer than two values.
func (m Moments) Var() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	n := float64(m.N)
	s, q := m.sum.float()*scale, m.sumSq.float()*scale
	v := (q - s*s/n) / (n - 1)
	return max(v, 0)
}

// encode appends m.
func (m Moments) encode(e *codec.Encoder) {
	e.Varint(m.N)
	e.Varint(m.sum.hi)
	e.Uvarint(m.sum.lo)
	e.Varint(m.sumSq.hi)
	e.Uvarint(m.sumSq.lo)
}

func decodeMoments(d *codec.Decoder) Moments {
	var m Moments
	m.N = d.Varint()
	m.sum.hi = d.Varint()
	m.sum.lo = d.Uvarint()
	m.sumSq.hi = d.Varint()
	m.sumSq.lo = d.Uvarint()
	return m
}
