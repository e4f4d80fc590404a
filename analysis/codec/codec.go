// Package codec is the one binary form of newsframe's stored summaries:
// an [Encoder] appends unsigned and zig-zag varints (encoding/binary),
// IEEE 754 floats as 8 little-endian bytes, length-prefixed strings and
// bytes; a [Decoder] reads them back and remembers the first error, so a
// summary's UnmarshalBinary reads its fields in order and checks [Decoder.Err]
// once at the end.
//
// Decoders are strict: a varint must be minimally encoded and the input
// fully consumed ([Decoder.Finish]), so that every stored form either
// round-trips byte for byte or is rejected.
package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ErrCorrupt reports a damaged or non-canonical encoding.
var ErrCorrupt = errors.New("corrupt encoding")

// Encoder appends values to B.
type Encoder struct {
	B []byte
}

// Uvarint appends v.
func (e *Encoder) Uvarint(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// Varint appends v zig-zag encoded.
func (e *Encoder) Varint(v int64) { e.B = binary.AppendVarint(e.B, v) }

// Float appends the bits of v.
func (e *Encoder) Float(v float64) { e.B = binary.LittleEndian.AppendUint64(e.B, math.Float64bits(v)) }

// Bool appends 1 or 0.
func (e *Encoder) Bool(v bool) {
	if v {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// String appends the length of s and its bytes.
func (e *Encoder) String(s string) {
	e.Uvarint(uint64(len(s)))
	e.B = append(e.B, s...)
}

// Bytes appends the length of b and b.
func (e *Encoder) Bytes(b []byte) {
	e.Uvarint(uint64(len(b)))
	e.B = append(e.B, b...)
}

// Decoder reads values from B in the order an Encoder wrote them. After
// the first error every read returns a zero value.
type Decoder struct {
	B   []byte
	err error
}

// Err returns the first error met.
func (d *Decoder) Err() error { return d.err }

// Fail records err (wrapped with ErrCorrupt) unless an error is recorded
// already.
func (d *Decoder) Fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
	}
}

// Finish returns the first error, or an error if bytes are left over.
func (d *Decoder) Finish() error {
	if d.err == nil && len(d.B) > 0 {
		d.Fail("%d bytes left over", len(d.B))
	}
	return d.err
}

// Uvarint reads an unsigned varint, rejecting a non-minimal encoding.
func (d *Decoder) Uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.Fail("bad uvarint")
		return 0
	}
	if n != uvarintLen(v) {
		d.Fail("non-minimal uvarint")
		return 0
	}
	d.B = d.B[n:]
	return v
}

// Varint reads a zig-zag varint.
func (d *Decoder) Varint() int64 {
	u := d.Uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// Int reads a varint that must fit an int.
func (d *Decoder) Int() int {
	v := d.Varint()
	if int64(int(v)) != v {
		d.Fail("int out of range")
		return 0
	}
	return int(v)
}

// Count reads a length or count, which must be at most max (use the bytes
// left, or a bound the caller knows, so that a corrupt count cannot make
// the caller allocate without limit).
func (d *Decoder) Count(max int) int {
	v := d.Uvarint()
	if v > uint64(max) {
		d.Fail("count %d above %d", v, max)
		return 0
	}
	return int(v)
}

// Float reads a float64.
func (d *Decoder) Float() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.B) < 8 {
		d.Fail("short float")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.B))
	d.B = d.B[8:]
	return v
}

// Bool reads a byte that must be 0 or 1.
func (d *Decoder) Bool() bool {
	if d.err != nil {
		return false
	}
	if len(d.B) < 1 || d.B[0] > 1 {
		d.Fail("bad bool")
		return false
	}
	v := d.B[0] == 1
	d.B = d.B[1:]
	return v
}

// Bytes reads a length-prefixed byte string; the result aliases B.
func (d *Decoder) Bytes() []byte {
	n := d.Count(len(d.B))
	if d.err != nil {
		return nil
	}
	if n > len(d.B) {
		// The bound above was taken before the length itself was read.
		d.Fail("string of %d bytes, %d left", n, len(d.B))
		return nil
	}
	b := d.B[:n:n]
	d.B = d.B[n:]
	return b
}

// String reads a length-prefixed string.
func (d *Decoder) String() string { return string(d.Bytes()) }

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// IntMap appends a map of counts in sorted key order.
func (e *Encoder) IntMap(m map[string]int64) {
	e.Uvarint(uint64(len(m)))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e.String(k)
		e.Varint(m[k])
	}
}

// IntMap reads a map written by Encoder.IntMap; keys must be strictly
// increasing (the canonical order).
func (d *Decoder) IntMap() map[string]int64 {
	n := d.Count(len(d.B))
	m := make(map[string]int64, n)
	prev := ""
	for i := 0; i < n && d.err == nil; i++ {
		k := d.String()
		if i > 0 && strings.Compare(k, prev) <= 0 {
			d.Fail("map keys out of order")
			break
		}
		m[k] = d.Varint()
		prev = k
	}
	return m
}
