package codec

import (
	"errors"
	"testing"
)

func TestDecoderTruncated(t *testing.T) {
	e := Encoder{}
	e.String("hello")
	e.Varint(-3)
	e.Float(1.5)
	for i := range len(e.B) {
		d := Decoder{B: e.B[:i]}
		_ = d.String()
		_ = d.Varint()
		_ = d.Float()
		if err := d.Finish(); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decoding the first %d of %d bytes: err = %v, want ErrCorrupt", i, len(e.B), err)
		}
	}
	d := Decoder{B: e.B}
	if s, v, f := d.String(), d.Varint(), d.Float(); s != "hello" || v != -3 || f != 1.5 || d.Finish() != nil {
		t.Errorf("decoded %q %d %v (%v), want \"hello\" -3 1.5", s, v, f, d.Finish())
	}
}
