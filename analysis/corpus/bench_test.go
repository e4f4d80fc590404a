package corpus

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"newsframe/data"
)

func BenchmarkJSONLReader(b *testing.B) {
	in, err := data.FS.ReadFile("sample/basil-dev.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	opts := &Options{Boilerplate: defaultBoilerplate(b)}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		r := NewJSONLReader(Origin{Path: "basil-dev.jsonl"}, bytes.NewReader(in), opts)
		for {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkParseText(b *testing.B) {
	in, err := data.FS.ReadFile(seedPath)
	if err != nil {
		b.Fatal(err)
	}
	opts := &Options{Boilerplate: defaultBoilerplate(b)}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseText(Origin{Path: "seed/a.txt"}, bytes.NewReader(in), opts); err != nil {
			b.Fatal(err)
		}
	}
}
