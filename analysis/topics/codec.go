package topics

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// modelMagic starts an encoded model; modelVersion follows it.
const (
	modelMagic   = "nftm"
	modelVersion = 1
	// Bounds that keep a malformed header from asking for absurd memory.
	maxTopics = 1 << 12
	maxTerms  = 1 << 24
)

// ErrCorrupt is returned (wrapped) by [DocModel.UnmarshalBinary] for input
// that is not a model this version wrote.
var ErrCorrupt = errors.New("corrupt topic model")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes m for storage: the magic "nftm", a version byte,
// uvarint K and V, each term as uvarint length and bytes, V float32 idf,
// V×K float32 topic weights (term-major), then the FitInfo (uvarint Docs,
// Empty, Passes, HeldOut; uint64 Seed; float64 Residual and
// HeldOutResidual; K float64 Prevalence),
// numbers little-endian, and a CRC-32C of everything before it. The same
// model always gives the same bytes, and decoding them gives a model that
// infers exactly as m does.
func (m *DocModel) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 64+len(m.w)*4+len(m.terms)*12)
	b = append(b, modelMagic...)
	b = append(b, modelVersion)
	b = binary.AppendUvarint(b, uint64(m.k))
	b = binary.AppendUvarint(b, uint64(len(m.terms)))
	for _, t := range m.terms {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	for _, x := range m.idf {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	for _, x := range m.w {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	b = binary.AppendUvarint(b, uint64(m.info.Docs))
	b = binary.AppendUvarint(b, uint64(m.info.Empty))
	b = binary.AppendUvarint(b, uint64(m.info.Passes))
	b = binary.AppendUvarint(b, uint64(m.info.HeldOut))
	b = binary.LittleEndian.AppendUint64(b, m.info.Seed)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.info.Residual))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.info.HeldOutResidual))
	prev := m.info.Prevalence
	for t := range m.k {
		var p float64
		if t < len(prev) {
			p = prev[t]
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p))
	}
	return appendCRC(b), nil
}

// appendCRC appends the CRC-32C of b to b.
func appendCRC(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// UnmarshalBinary decodes a model written by [DocModel.MarshalBinary]. It
// returns an error wrapping [ErrCorrupt] for anything else: a wrong magic,
// version or checksum, a truncated or overlong input, repeated terms,
// weights that are negative or not finite, topics not of unit length,
// prevalences that are not a distribution.
func (m *DocModel) UnmarshalBinary(b []byte) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("topics: decode model: %w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
	}
	if len(b) < len(modelMagic)+1+4 || string(b[:len(modelMagic)]) != modelMagic {
		return fail("no model header")
	}
	if b[len(modelMagic)] != modelVersion {
		return fail("version %d, want %d", b[len(modelMagic)], modelVersion)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return fail("checksum mismatch")
	}
	r := body[len(modelMagic)+1:]
	uv := func() (uint64, bool) {
		x, n := binary.Uvarint(r)
		if n <= 0 {
			return 0, false
		}
		r = r[n:]
		return x, true
	}
	k64, ok1 := uv()
	v64, ok2 := uv()
	if !ok1 || !ok2 || k64 == 0 || k64 > maxTopics || v64 == 0 || v64 > maxTerms || k64 > v64 {
		return fail("bad shape K=%d, V=%d", k64, v64)
	}
	k, v := int(k64), int(v64)
	// The fixed-size parts must fit in what is left.
	if uint64(len(r)) < v64*(1+4)+v64*k64*4+3*8+k64*8 {
		return fail("truncated: %d bytes for K=%d, V=%d", len(r), k, v)
	}
	terms := make([]string, v)
	for i := range terms {
		n, ok := uv()
		if !ok || n == 0 || n > uint64(len(r)) {
			return fail("term %d", i)
		}
		terms[i] = string(r[:n])
		r = r[n:]
	}
	f32 := func(n int) ([]float32, bool) {
		if len(r) < 4*n {
			return nil, false
		}
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(r[4*i:]))
		}
		r = r[4*n:]
		return out, true
	}
	idf, ok := f32(v)
	if !ok {
		return fail("truncated idf")
	}
	w, ok := f32(v * k)
	if !ok {
		return fail("truncated weights")
	}
	var info FitInfo
	docs, ok1 := uv()
	empty, ok2 := uv()
	passes, ok3 := uv()
	held, ok4 := uv()
	if !ok1 || !ok2 || !ok3 || !ok4 || docs > math.MaxInt64 || empty > docs || held > docs || passes > math.MaxInt32 {
		return fail("fit info")
	}
	info.Docs, info.Empty, info.Passes, info.HeldOut = int64(docs), int64(empty), int(passes), int64(held)
	if len(r) != 3*8+8*k {
		return fail("%d bytes after the fit counts, want %d", len(r), 3*8+8*k)
	}
	info.Seed = binary.LittleEndian.Uint64(r)
	info.Residual = math.Float64frombits(binary.LittleEndian.Uint64(r[8:]))
	info.HeldOutResidual = math.Float64frombits(binary.LittleEndian.Uint64(r[16:]))
	if !(info.Residual >= 0 && info.Residual <= 1) || !(info.HeldOutResidual >= 0 && info.HeldOutResidual <= 1) {
		return fail("residual %v, held out %v", info.Residual, info.HeldOutResidual)
	}
	r = r[3*8:]
	info.Prevalence = make([]float64, k)
	var total float64
	for t := range k {
		p := math.Float64frombits(binary.LittleEndian.Uint64(r[8*t:]))
		if !(p >= 0 && p <= 1) {
			return fail("prevalence %v of topic %d", p, t)
		}
		info.Prevalence[t] = p
		total += p
	}
	if total != 0 && math.Abs(total-1) > 1e-6 {
		return fail("prevalences sum to %v", total)
	}
	dec, err := newModel(terms, idf, w, k, info)
	if err != nil {
		return fail("%v", err)
	}
	for t := range k {
		if n := dec.gram[t*k+t]; n != 0 && math.Abs(n-1) > 1e-4 {
			return fail("topic %d has squared length %v, want 1", t, n)
		}
	}
	*m = *dec
	return nil
}
