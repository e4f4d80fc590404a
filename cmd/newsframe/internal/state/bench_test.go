package state

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user + system) the process has used. The
// benchmarks report articles per CPU second beside articles per second:
// on a shared machine wall time varies with the neighbours' load, CPU
// time much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports articles/s of wall time and articles/cpu-s.
func reportRates(b *testing.B, articles int, cpu time.Duration) {
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
	if cpu > 0 {
		b.ReportMetric(float64(articles)/cpu.Seconds(), "articles/cpu-s")
	}
}

// benchArticle is a news-sized article: 10 paragraphs of 300 bytes, with
// blobs of the sizes the pipeline stores (a 120-byte result, an 80-byte
// term sequence, a 64×4-byte MinHash signature).
func benchArticle(i int) *Article {
	a := &Article{
		ID: fmt.Sprintf("outlet%d/2026/11/article-%07d", i%7, i), File: fmt.Sprintf("outlet%d/feed.jsonl", i%7),
		Source: fmt.Sprintf("outlet%d/feed.jsonl:%d", i%7, i), Outlet: fmt.Sprintf("outlet%d", i%7), Day: "2026-11-24",
		Hash: strings.Repeat("ab", 32), SettingsHash: strings.Repeat("cd", 32),
		Meta:   []byte(`{"title":"` + strings.Repeat("t", 80) + `","author":"A. Writer","url":"https://example.com/` + strings.Repeat("u", 60) + `"}`),
		Result: []byte(strings.Repeat("r", 200)),
	}
	for j := range 10 {
		a.Paragraphs = append(a.Paragraphs, Paragraph{
			Text:    strings.Repeat(fmt.Sprintf("word%d ", j), 50)[:300],
			Result:  []byte(strings.Repeat("s", 120)),
			Terms:   []byte(strings.Repeat("x", 80)),
			MinHash: []byte(strings.Repeat("m", 256)),
		})
	}
	return a
}

// payload returns the bytes of a's stored fields.
func payload(a *Article) int {
	n := len(a.ID) + len(a.File) + len(a.Source) + len(a.Outlet) + len(a.Day) + len(a.Hash) + len(a.SettingsHash) + len(a.Meta) + len(a.Result)
	for _, p := range a.Paragraphs {
		n += len(p.Text) + len(p.Result) + len(p.Terms) + len(p.MinHash)
	}
	return n
}

// BenchmarkPut inserts articles in transactions of 1000 (the state's
// paragraph-row layout) and reports articles/s and payload MB/s.
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	const batch = 1000
	size := payload(benchArticle(0))
	b.SetBytes(int64(batch * size))
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		tx, err := s.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for range batch {
			if err := tx.PutArticle(benchArticle(n)); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, n, cpuTime()-cpu0)
}

// BenchmarkScan reads back 5000 stored articles with all, some or none of
// their paragraph fields and reports articles/s and MB/s of the fields read.
func BenchmarkScan(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	const n = 5000
	tx, _ := s.Begin(ctx)
	for i := range n {
		tx.PutArticle(benchArticle(i))
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		cols Columns
	}{
		{"all", ColAll},
		{"minhash", ColMinHash},
		{"result", ColResult},
		{"articles", 0},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int64
			scanned := 0
			cpu0 := cpuTime()
			for b.Loop() {
				size = 0
				err := s.Scan(ctx, bc.cols, func(a *Article) error {
					scanned++
					size += int64(payload(a))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(size)
			reportRates(b, scanned, cpuTime()-cpu0)
		})
	}
}

// BenchmarkLayoutBlob measures the alternative the design considered:
// every paragraph of an article encoded in one blob column instead of one
// row per paragraph. Same articles, batches and payload as BenchmarkPut and
// BenchmarkScan, so the figures compare.
func BenchmarkLayoutBlob(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	if _, err := s.w.Exec(`CREATE TABLE blob_articles (id TEXT PRIMARY KEY, file TEXT, source TEXT, outlet TEXT, day TEXT, hash TEXT, settings_hash TEXT, meta BLOB, result BLOB, paragraphs BLOB) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	encode := func(dst []byte, ps []Paragraph) []byte {
		for _, p := range ps {
			for _, f := range [][]byte{[]byte(p.Text), p.Result, p.Terms, p.MinHash} {
				dst = binary.AppendUvarint(dst, uint64(len(f)))
				dst = append(dst, f...)
			}
		}
		return dst
	}
	decode := func(buf []byte) []Paragraph {
		var ps []Paragraph
		for len(buf) > 0 {
			var fs [4][]byte
			for i := range fs {
				n, k := binary.Uvarint(buf)
				fs[i] = append([]byte(nil), buf[k:k+int(n)]...)
				buf = buf[k+int(n):]
			}
			ps = append(ps, Paragraph{Text: string(fs[0]), Result: fs[1], Terms: fs[2], MinHash: fs[3]})
		}
		return ps
	}
	size := payload(benchArticle(0))
	b.Run("put", func(b *testing.B) {
		const batch = 1000
		b.SetBytes(int64(batch * size))
		n := 0
		var buf []byte
		cpu0 := cpuTime()
		for b.Loop() {
			tx, _ := s.w.BeginTx(ctx, nil)
			st, _ := tx.Prepare(`INSERT OR REPLACE INTO blob_articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			for range batch {
				a := benchArticle(n)
				buf = encode(buf[:0], a.Paragraphs)
				if _, err := st.Exec(a.ID, a.File, a.Source, a.Outlet, a.Day, a.Hash, a.SettingsHash, a.Meta, a.Result, buf); err != nil {
					b.Fatal(err)
				}
				n++
			}
			st.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		reportRates(b, n, cpuTime()-cpu0)
	})
	b.Run("scan", func(b *testing.B) {
		var stored int
		s.w.QueryRow(`SELECT count(*) FROM blob_articles`).Scan(&stored)
		b.SetBytes(int64(stored * size))
		scanned := 0
		cpu0 := cpuTime()
		for b.Loop() {
			rows, err := s.r.Query(`SELECT id, file, source, outlet, day, hash, settings_hash, meta, result, paragraphs FROM blob_articles ORDER BY id`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				a := &Article{}
				var ps []byte
				if err := rows.Scan(&a.ID, &a.File, &a.Source, &a.Outlet, &a.Day, &a.Hash, &a.SettingsHash, &a.Meta, &a.Result, &ps); err != nil {
					b.Fatal(err)
				}
				a.Paragraphs = decode(ps)
				scanned++
			}
			rows.Close()
		}
		reportRates(b, scanned, cpuTime()-cpu0)
	})
}

// BenchmarkScanState scans the state database named by
// $NEWSFRAME_STATE_BENCH (skipped when unset) with the column sets the
// aggregation's two passes and the exports read. Open upgrades the
// schema: point it at a copy.
func BenchmarkScanState(b *testing.B) {
	path := os.Getenv("NEWSFRAME_STATE_BENCH")
	if path == "" {
		b.Skip("NEWSFRAME_STATE_BENCH is not set")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, bc := range []struct {
		name string
		cols Columns
	}{
		{"terms+minhash", ColTerms | ColMinHash},
		{"result+terms", ColResult | ColTerms},
		{"text+result", ColText | ColResult},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int64
			cpu0 := cpuTime()
			scanned := 0
			for b.Loop() {
				size = 0
				if err := s.Scan(ctx, bc.cols, func(a *Article) error {
					scanned++
					size += int64(payload(a))
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(size)
			reportRates(b, scanned, cpuTime()-cpu0)
		})
	}
}
