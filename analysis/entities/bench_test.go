package entities_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"newsframe/analysis/entities"
	"newsframe/data"
)

// sampleArticles returns the paragraphs of the embedded basil-dev sample.
func sampleArticles(tb testing.TB) [][]string {
	b, err := data.FS.ReadFile("sample/basil-dev.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var a struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("sample/basil-dev.jsonl:%d: %v", n, err)
		}
		out = append(out, strings.Split(a.Text, "\n\n"))
	}
	return out
}

func BenchmarkMentions(b *testing.B) {
	arts := sampleArticles(b)
	var n int64
	for _, ps := range arts {
		for _, p := range ps {
			n += int64(len(p))
		}
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, ps := range arts {
			entities.Mentions(ps)
		}
	}
}

func BenchmarkCounterTop(b *testing.B) {
	c := entities.Counter{}
	for _, ps := range sampleArticles(b) {
		c.Add(entities.Mentions(ps))
	}
	b.ReportMetric(float64(len(c)), "names")
	for b.Loop() {
		c.Top(20)
	}
}
