package sentiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
)

// Hashed holds the target model's weights of the hashed context features:
// for bucket b, Hashed[2b] is its weight on η₋ and Hashed[2b+1] on η₊
// (see Multinomial). The two weights of a bucket sit side by side, so a
// feature costs one memory access. Its length is 2^(ContextBits+1), or 0
// for a model without context features.
type Hashed []float32

// hashedMagic starts the binary form of Hashed.
const hashedMagic = "newsframe hashed weights v1\n"

// HashedHeader is the length of the binary form's header; each bucket
// then takes 12 bytes.
const HashedHeader = len(hashedMagic) + 5

// MarshalBinary encodes the non-zero buckets of h: the magic line, the
// number of bits (one byte), the number of non-zero buckets (uint32), then
// per bucket in increasing order its index (uint32) and its two weights
// (IEEE float32), all little-endian. The same weights give the same
// bytes.
func (h Hashed) MarshalBinary() ([]byte, error) {
	if len(h) != 2<<ContextBits {
		return nil, fmt.Errorf("hashed weights: %d entries, want %d", len(h), 2<<ContextBits)
	}
	n := 0
	for b := 0; b < len(h)/2; b++ {
		if h[2*b] != 0 || h[2*b+1] != 0 {
			n++
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(hashedMagic)+5+12*n))
	buf.WriteString(hashedMagic)
	buf.WriteByte(ContextBits)
	var w [12]byte
	binary.LittleEndian.PutUint32(w[:4], uint32(n))
	buf.Write(w[:4])
	for b := 0; b < len(h)/2; b++ {
		if h[2*b] == 0 && h[2*b+1] == 0 {
			continue
		}
		binary.LittleEndian.PutUint32(w[0:], uint32(b))
		binary.LittleEndian.PutUint32(w[4:], math.Float32bits(h[2*b]))
		binary.LittleEndian.PutUint32(w[8:], math.Float32bits(h[2*b+1]))
		buf.Write(w[:])
	}
	return buf.Bytes(), nil
}

// ParseHashed decodes the binary form written by Hashed.MarshalBinary;
// name prefixes errors.
func ParseHashed(name string, b []byte) (Hashed, error) {
	head := HashedHeader
	if len(b) < head || string(b[:len(hashedMagic)]) != hashedMagic {
		return nil, fmt.Errorf("hashed weights %s: not a newsframe hashed weights file", name)
	}
	if bits := b[len(hashedMagic)]; bits != ContextBits {
		return nil, fmt.Errorf("hashed weights %s: %d bits, this build reads %d (run make calibrate)", name, bits, ContextBits)
	}
	n := int(binary.LittleEndian.Uint32(b[len(hashedMagic)+1:]))
	if len(b) != head+12*n {
		return nil, fmt.Errorf("hashed weights %s: %d bytes for %d buckets, want %d", name, len(b), n, head+12*n)
	}
	h := make(Hashed, 2<<ContextBits)
	prev := -1
	for i := 0; i < n; i++ {
		r := b[head+12*i:]
		k := int(binary.LittleEndian.Uint32(r))
		if k <= prev || k >= 1<<ContextBits {
			return nil, fmt.Errorf("hashed weights %s: entry %d: bucket %d out of order or range", name, i, k)
		}
		prev = k
		neg := math.Float32frombits(binary.LittleEndian.Uint32(r[4:]))
		pos := math.Float32frombits(binary.LittleEndian.Uint32(r[8:]))
		if isBad32(neg) || isBad32(pos) {
			return nil, fmt.Errorf("hashed weights %s: entry %d: weight not finite", name, i)
		}
		h[2*k], h[2*k+1] = neg, pos
	}
	return h, nil
}

func isBad32(v float32) bool {
	f := float64(v)
	return math.IsNaN(f) || math.IsInf(f, 0)
}

// Digest returns the hex SHA-256 of b, as weights.json records the hashed
// weights file it goes with.
func Digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// errNoHashed is returned when a model is asked for target scores without
// hashed weights.
var errNoHashed = errors.New("sentiment: no hashed target weights (see Load)")
