package catalog

import (
	"bytes"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Blobs of summaries are stored compressed with Zstandard when they are
// large enough to gain: the term counts of a cell, the day frequencies and
// the corpus totals are sorted strings with counts and shrink three to four
// times. A stored blob that starts with the Zstandard magic number is
// decompressed on reading; others (small blobs, and those of older
// catalogs) are returned as they are. No summary encoding starts with the
// magic number (they start with a small version byte).

// compressAbove is the size from which blobs are compressed.
const compressAbove = 512

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

var (
	encOnce sync.Once
	enc     *zstd.Encoder
	dec     *zstd.Decoder
)

func codecs() {
	encOnce.Do(func() {
		enc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<22))
		dec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<31))
	})
}

// pack returns the form of data to store.
func pack(data []byte) []byte {
	if len(data) < compressAbove {
		return data
	}
	codecs()
	return enc.EncodeAll(data, make([]byte, 0, len(data)/3))
}

// unpack returns the data a stored blob holds.
func unpack(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, zstdMagic) {
		return b, nil
	}
	codecs()
	return dec.DecodeAll(b, nil)
}
