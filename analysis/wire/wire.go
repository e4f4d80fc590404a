// Package wire finds paragraphs that several articles share verbatim or
// nearly so: wire-service copy (AP, Reuters) that outlets run as received,
// syndicated text, and an outlet's own boilerplate. Outlet comparisons
// exclude shared paragraphs by default, since their wording is not the
// outlet's choice.
//
// # Method
//
// A paragraph becomes the set of its word 5-shingles (runs of five
// consecutive normalised words, [text.Token] Norm, punctuation ignored).
// Two paragraphs are near-duplicates when the Jaccard similarity of their
// shingle sets is at least 0.8, estimated by MinHash (Broder 1997,
// doi:10.1109/SEQUEN.1997.666900) over 120 hash functions and found
// without comparing all pairs by locality-sensitive hashing in 20 bands of
// 6 rows (Leskovec, Rajaraman & Ullman, Mining of Massive Datasets,
// ISBN 978-1108476348, section 3.4). Banding makes a pair a candidate
// with probability 1 − (1 − J⁶)²⁰: 0.998 at J = 0.8, 0.27 at J = 0.5,
// 0.015 at J = 0.3; each candidate pair is then kept only if the fraction
// of equal MinHash values (the Jaccard estimate, standard error
// √(J(1−J)/120) ≈ 0.037 at J = 0.8) reaches the threshold.
//
// With 5-shingles, one changed word removes up to five shingles, so a
// Jaccard of 0.8 allows about one changed word in every 50: lightly
// edited wire copy passes, a rewrite does not. Paragraphs shorter than
// MinWords (10) words get no signature and are never marked, since short
// lines ("Read more.", a one-line quote) repeat by chance.
//
// # Storage and aggregation
//
// [Params.Sign] computes a paragraph's [Signature] from its text alone, so
// the state layer stores one per paragraph (480 bytes with the default
// parameters, [Signature.AppendBinary]) and only changed articles are
// signed again. [Params.Group] then works from stored signatures at
// aggregation time: identical signatures are merged first, bands are
// sorted one at a time, and candidate pairs are verified, in time close to
// linear in the number of paragraphs.
//
// # Measured
//
// On basil-dev (1,828 paragraphs of Fox, NYT and HuffPost on 40 events;
// TestBasilShared) 1,788 paragraphs are signed and 7 groups found, all
// cross-outlet: AP paragraphs that Fox and HuffPost both ran, and
// HuffPost paragraphs quoting the NYT verbatim (14 paragraphs marked
// Shared: Fox 4, HuffPost 7, NYT 3). On the BBC corpus (10,547
// paragraphs, one outlet) 745 groups of repeated paragraphs are found,
// from articles the data set holds twice. On the shared 2-core machine
// (load average 7–8 during the runs), signing took 46–64 µs per BBC
// paragraph with tokenisation (BenchmarkSign) and grouping 84–153 ms for
// the 10,547 signatures, 184–329 ms for four times as many
// (BenchmarkGroup).
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"

	"newsframe/analysis/text"
)

// Params holds the shingle, MinHash and LSH settings. Signatures computed
// with different Shingle, Bands or Rows cannot be compared: a change
// invalidates the stored signatures.
type Params struct {
	// Shingle is the number of words per shingle (k).
	Shingle int
	// MinWords is the word count below which a paragraph gets no
	// signature; it is at least Shingle.
	MinWords int
	// Bands × Rows is the number of MinHash values per signature.
	Bands, Rows int
	// Threshold is the minimum estimated Jaccard similarity of two
	// near-duplicate paragraphs.
	Threshold float64
}

// DefaultParams returns the settings documented in the package comment:
// 5-word shingles, paragraphs of at least 10 words, 20 bands of 6 rows,
// threshold 0.8.
func DefaultParams() Params {
	return Params{Shingle: 5, MinWords: 10, Bands: 20, Rows: 6, Threshold: 0.8}
}

// Validate reports whether the parameters can be used.
func (p Params) Validate() error {
	switch {
	case p.Shingle < 1:
		return fmt.Errorf("wire: shingle size %d, want at least 1", p.Shingle)
	case p.MinWords < p.Shingle:
		return fmt.Errorf("wire: minimum of %d words is below the shingle size %d", p.MinWords, p.Shingle)
	case p.Bands < 1 || p.Rows < 1:
		return fmt.Errorf("wire: %d bands of %d rows, want at least 1 of each", p.Bands, p.Rows)
	case !(p.Threshold > 0 && p.Threshold <= 1):
		return fmt.Errorf("wire: threshold %v, want in (0, 1]", p.Threshold)
	}
	return nil
}

// Hashes returns the number of MinHash values per signature, Bands·Rows.
func (p Params) Hashes() int { return p.Bands * p.Rows }

// Signature is the MinHash signature of one paragraph: for each of the
// hash functions, the smallest 32-bit hash over its shingles. Nil means
// the paragraph was too short to sign.
type Signature []uint32

// Sign returns the signature of a paragraph's text, tokenised by
// [text.Words]; nil if it has fewer than MinWords words (numbers count as
// words). It panics if the parameters are invalid.
func (p Params) Sign(paragraph string) Signature {
	toks := text.Words(paragraph)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Norm
	}
	return p.SignWords(words)
}

// SignWords returns the signature of a paragraph given as normalised
// words (token Norms, in order); nil if there are fewer than MinWords.
// It panics if the parameters are invalid.
func (p Params) SignWords(words []string) Signature {
	if err := p.Validate(); err != nil {
		panic(err)
	}
	if len(words) < p.MinWords {
		return nil
	}
	var buf [256]uint64 // shingle hashes; on the stack for paragraphs up to 260 words
	xs := buf[:0]
	if n := len(words) - p.Shingle + 1; n > len(buf) {
		xs = make([]uint64, 0, n)
	}
	for i := 0; i+p.Shingle <= len(words); i++ {
		xs = append(xs, mix64(shingleHash(words[i:i+p.Shingle])))
	}
	sig := make(Signature, p.Hashes())
	for j, c := range hashCoefficients(p.Hashes()) {
		// Multiply-add-shift hashing (Dietzfelbinger 1996): the high 32
		// bits of a·x + b, one (a, b) per hash function. Looping over
		// shingles inside keeps the running minimum in a register.
		m := ^uint32(0)
		for _, x := range xs {
			m = min(m, uint32((c.a*x+c.b)>>32))
		}
		sig[j] = m
	}
	return sig
}

// Similarity returns the estimated Jaccard similarity of the paragraphs
// behind two signatures: the fraction of positions where they agree. It
// returns 0 if either is nil or their lengths differ.
func Similarity(a, b Signature) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// AppendBinary appends the signature to b as little-endian 32-bit values
// (4·Hashes bytes; nothing for a nil signature). It implements
// encoding.BinaryAppender.
func (s Signature) AppendBinary(b []byte) ([]byte, error) {
	for _, v := range s {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b, nil
}

// MarshalBinary returns the signature as [Signature.AppendBinary] writes it.
func (s Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, 4*len(s)))
}

// ErrSignatureLength reports stored signature bytes that do not hold whole
// 32-bit values.
var ErrSignatureLength = errors.New("wire: signature length is not a multiple of 4")

// UnmarshalBinary sets s from bytes written by [Signature.AppendBinary];
// empty input gives a nil signature.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b)%4 != 0 {
		return fmt.Errorf("unmarshal %d bytes: %w", len(b), ErrSignatureLength)
	}
	if len(b) == 0 {
		*s = nil
		return nil
	}
	sig := make(Signature, len(b)/4)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	*s = sig
	return nil
}

// shingleHash is 64-bit FNV-1a over the words, each followed by a zero
// byte so that "ab c" and "a bc" differ.
func shingleHash(words []string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= prime
		}
		h *= prime // the zero byte: h ^= 0 is a no-op
	}
	return h
}

type coefficient struct{ a, b uint64 }

// hashSeed fixes the hash functions: stored signatures stay comparable
// across runs and versions as long as it does not change.
const hashSeed = 0x6e657773_6672616d // "newsfram"

// hashCoefficients returns n (a, b) pairs drawn from a SplitMix64 stream
// with a fixed seed; a is odd so that x ↦ a·x is a bijection.
func hashCoefficients(n int) []coefficient {
	if n == len(defaultCoefficients) {
		return defaultCoefficients
	}
	return newCoefficients(n)
}

// defaultCoefficients are computed once for the default parameters.
var defaultCoefficients = newCoefficients(DefaultParams().Hashes())

func newCoefficients(n int) []coefficient {
	c := make([]coefficient, n)
	state := uint64(hashSeed)
	next := func() uint64 {
		state += 0x9e3779b97f4a7c15
		return mix64(state)
	}
	for i := range c {
		c[i] = coefficient{a: next() | 1, b: next()}
	}
	return c
}

// mix64 is the SplitMix64 finaliser (Steele, Lea & Flood 2014,
// doi:10.1145/2714064.2660195): it spreads FNV's weak low bits over the
// whole word.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
