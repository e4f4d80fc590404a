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
// shingle sets is at least 0.8, estimated by a MinHash signature of 120
// values (Broder 1997, doi:10.1109/SEQUEN.1997.666900) and found without
// comparing all pairs by locality-sensitive hashing in 20 bands of 6 rows
// (Leskovec, Rajaraman & Ullman, Mining of Massive Datasets,
// ISBN 978-1108476348, section 3.4). The signature is computed by one
// permutation hashing with optimal densification (Shrivastava, ICML 2017,
// PMLR 70:3154-3163): each shingle is hashed once into one of 120 bins,
// each bin keeps its smallest hash, and an empty bin copies the value of
// the first non-empty bin on a fixed probe sequence. Each position of two
// signatures agrees with probability equal to the Jaccard similarity, as
// with 120 independent hash functions, at a 120th of the hashing cost.
// Banding makes a pair a candidate with probability 1 − (1 − J⁶)²⁰: 0.998
// at J = 0.8, 0.27 at J = 0.5, 0.015 at J = 0.3; each candidate pair is
// then kept only if the fraction of equal values (the Jaccard estimate,
// standard error about √(J(1−J)/120) ≈ 0.037 at J = 0.8) reaches the
// threshold. On 16,000 copies of BBC paragraphs with random word edits
// (TestEstimateAccuracy; most BBC paragraphs have fewer shingles than
// bins, where densification matters most) the estimate's root mean square
// error was 0.034 for exact similarities in [0.8, 0.9) and 0.041 in
// [0.7, 0.8), against 0.033 and 0.040 for 120 independent hash functions
// on the same pairs, and the band candidate rates were within 0.04 of the
// formula at each band's middle.
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
// TestBasilShared) 1,788 paragraphs are signed and 8 groups found, all
// cross-outlet: AP paragraphs that Fox and HuffPost both ran, and
// HuffPost paragraphs quoting the NYT verbatim (16 paragraphs marked
// Shared: Fox 5, HuffPost 7, NYT 4). Every pair at an exact Jaccard
// similarity of 0.8 or more shares a group; one grouped pair is at 0.7–0.8
// (TestGroupsAgainstExactJaccard). On the BBC corpus (10,547 paragraphs,
// one outlet) 743 groups of repeated paragraphs are found, from articles
// the data set holds twice: 812 of the 813 pairs at an exact similarity of
// 0.8 or more, and no pair below it. (With 120 independent hash functions, as
// signatures were computed before: 7 groups on basil-dev, all at 0.8 or
// more; 745 on BBC, 813 of 813 pairs and one pair below 0.8.) Grouping
// took 84–153 ms for the 10,547 signatures, 184–329 ms for four times as
// many (BenchmarkGroup), on the shared 2-core machine.
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"

	"newsframe/analysis/codec"
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

// AppendSignature appends sig to e as its length and its values, uvarints
// each: the form the spill and the Beam pipeline's records carry.
func AppendSignature(e *codec.Encoder, sig Signature) {
	e.Uvarint(uint64(len(sig)))
	for _, v := range sig {
		e.Uvarint(uint64(v))
	}
}

// DecodeSignature reads a signature AppendSignature wrote; nil for an
// empty one (a paragraph too short to sign).
func DecodeSignature(d *codec.Decoder) Signature {
	k := d.Count(len(d.B))
	if k == 0 {
		return nil
	}
	sig := make(Signature, k)
	for j := range sig {
		sig[j] = uint32(d.Uvarint())
	}
	return sig
}

// Sign returns the signature of a paragraph's text, tokenised by
// [text.Words]; nil if it has fewer than MinWords words (numbers count as
// words). It panics if the parameters are invalid.
func (p Params) Sign(paragraph string) Signature {
	return p.SignTokens(text.Words(paragraph))
}

// SignWords returns the signature of a paragraph given as normalised
// words (token Norms, in order); nil if there are fewer than MinWords.
// It panics if the parameters are invalid.
func (p Params) SignWords(words []string) Signature {
	if len(words) < p.MinWords {
		p.mustValidate()
		return nil
	}
	var buf [256]uint64 // word hashes; on the stack for paragraphs up to 256 words
	hs := buf[:0]
	if len(words) > len(buf) {
		hs = make([]uint64, 0, len(words))
	}
	for _, w := range words {
		hs = append(hs, wordHash(w))
	}
	return p.sign(make(Signature, p.Hashes()), hs)
}

// SignTokens returns the signature of a paragraph given as its tokens
// (text.Words): the same as SignWords of their Norms.
func (p Params) SignTokens(toks []text.Token) Signature {
	return p.SignTokensInto(nil, toks)
}

// SignTokensInto is SignTokens writing the signature into dst when it has
// room for Hashes() values (a caller signing many paragraphs can carve
// their signatures from one array), else into a new slice. It returns nil,
// leaving dst alone, when toks are fewer than MinWords.
func (p Params) SignTokensInto(dst []uint32, toks []text.Token) Signature {
	if len(toks) < p.MinWords {
		p.mustValidate()
		return nil
	}
	var buf [256]uint64
	hs := buf[:0]
	if len(toks) > len(buf) {
		hs = make([]uint64, 0, len(toks))
	}
	for i := range toks {
		hs = append(hs, wordHash(toks[i].Norm))
	}
	k := p.Hashes()
	if cap(dst) < k {
		dst = make([]uint32, k)
	}
	return p.sign(Signature(dst[:k:k]), hs)
}

func (p Params) mustValidate() {
	if err := p.Validate(); err != nil {
		panic(err)
	}
}

// sign fills sig (Hashes() values) from the word hashes of a paragraph
// that has at least MinWords words, by one permutation hashing with
// optimal densification (Shrivastava, "Optimal Densification for Fast and
// Accurate Minwise Hashing", ICML 2017, PMLR 70:3154-3163): each shingle
// is hashed once; the hash picks one of the Hashes() bins and gives a
// 32-bit value, and each bin keeps the smallest value it received. A bin
// that no shingle reached takes the value of the first non-empty bin on
// its own fixed pseudo-random probe sequence. Every position of two
// signatures then agrees with probability equal to the Jaccard similarity
// of the shingle sets, as with Hashes() independent MinHash functions,
// but at the cost of one hash per shingle instead of Hashes().
func (p Params) sign(sig Signature, hs []uint64) Signature {
	p.mustValidate()
	k := uint64(len(sig))
	var fullBuf [4]uint64 // bins that a shingle reached, as a bit set
	full := fullBuf[:]
	if n := (len(sig) + 63) / 64; n > len(full) {
		full = make([]uint64, n)
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	// Shingle hashes roll over the word hashes: h = Σ w[i+j]·P^(s−1−j)
	// modulo 2^64, then mixed, so that a shingle costs O(1) whatever its
	// length.
	s := p.Shingle
	pow := uint64(1) // P^(s−1)
	for range s - 1 {
		pow *= shinglePrime
	}
	var h uint64
	for _, w := range hs[:s] {
		h = h*shinglePrime + w
	}
	for i := 0; ; i++ {
		x := mix64(h)
		bin := (x >> 32) * k >> 32 // multiply-shift range reduction (Lemire 2019, doi:10.1145/3230636)
		if v := uint32(x); v < sig[bin] {
			sig[bin] = v
		}
		full[bin/64] |= 1 << (bin % 64)
		if i+s >= len(hs) {
			break
		}
		h = (h-hs[i]*pow)*shinglePrime + hs[i+s]
	}
	for i := range k {
		if full[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			j := (mix64(densifySeed^i<<32^attempt) >> 32) * k >> 32
			if full[j/64]&(1<<(j%64)) != 0 {
				sig[i] = sig[j]
				break
			}
		}
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

// wordHash is 64-bit FNV-1a over the word, mixed so that every bit of it
// depends on every byte.
func wordHash(w string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= prime
	}
	return mix64(h)
}

// shinglePrime is the odd multiplier of the rolling shingle hash (the
// 64-bit golden ratio), and densifySeed fixes the densification probe
// sequences. Stored signatures stay comparable across runs and versions as
// long as neither changes.
const (
	shinglePrime = 0x9e3779b97f4a7c15
	densifySeed  = 0x6e657773_6672616d // "newsfram"
)

// mix64 is the SplitMix64 finaliser (Steele, Lea & Flood 2014,
// doi:10.1145/2714064.2660195): it spreads FNV's weak low bits over the
// whole word.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
