package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"newsframe/analysis/corpus"
)

// fakeClock returns t0, then advances by step at every reading.
func fakeClock(t0 time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	now := t0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := now
		now = now.Add(step)
		return t
	}
}

var t0 = time.Date(2026, 11, 25, 2, 0, 3, 0, time.UTC)

// TestJSONShape pins the exact JSON: field order, key names, units, empty
// values. A change here is a change for every tool reading manifests.
func TestJSONShape(t *testing.T) {
	b := NewBuilder("1.2.0", fakeClock(t0, 500*time.Millisecond)) // Started = t0
	b.SetRun("20261125T020003Z-000042")
	if err := b.SetSettings(map[string]any{"workers": 2, "lexicon": "default"}); err != nil {
		t.Fatal(err)
	}
	b.SetFingerprint(Fingerprint{Model: "m1", Lexicon: "l1", Targets: "t1", Settings: "s1"})
	b.AddFile(3_000_000, true)
	b.AddFile(1_000_000, false)
	b.AddCounts(Counts{New: 40, Changed: 2, Unchanged: 900, Removed: 1})
	b.AddCounts(Counts{Rescored: 8})
	b.AddBad("cnn/feed.jsonl", 77, "invalid JSON")
	b.AddBad("bbc/x.bin", 0, "binary file")
	b.AddWarning("fox/a.txt", 3, "charset", "invalid UTF-8: 1 runs of bad bytes replaced with U+FFFD")
	b.AddWarning("fox/a.txt", 1, "date", "unparsable date \"soon\"")
	b.SetSkipped(Skipped{Unknown: 3, ByExtension: map[string]int{".pdf": 2, "": 1}, Paths: []string{"crawl/NOTES", "crawl/a.pdf"}, Docs: 1})
	stop := b.Stage("read") // +0.5 s
	stop()
	stop() // idempotent
	stop = b.Stage("score")
	stop()
	m := b.Build() // Finished = t0 + 2.5 s
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "format": 1,
  "version": "1.2.0",
  "run": "20261125T020003Z-000042",
  "started": "2026-11-25T02:00:03Z",
  "finished": "2026-11-25T02:00:05.5Z",
  "status": "partial",
  "settings": {
    "lexicon": "default",
    "workers": 2
  },
  "fingerprint": {
    "model": "m1",
    "lexicon": "l1",
    "targets": "t1",
    "settings": "s1"
  },
  "inputs": {
    "files": 2,
    "files_read": 1,
    "bytes": 4000000,
    "bytes_read": 3000000,
    "seen": 950,
    "new": 40,
    "changed": 2,
    "unchanged": 900,
    "rescored": 8,
    "removed": 1,
    "bad": 2,
    "bad_inputs": [
      {
        "path": "bbc/x.bin",
        "line": 0,
        "reason": "binary file"
      },
      {
        "path": "cnn/feed.jsonl",
        "line": 77,
        "reason": "invalid JSON"
      }
    ],
    "bad_omitted": 0,
    "warnings": 2,
    "warnings_by_kind": {
      "charset": 1,
      "date": 1
    },
    "warning_inputs": [
      {
        "path": "fox/a.txt",
        "line": 1,
        "kind": "date",
        "reason": "unparsable date \"soon\""
      },
      {
        "path": "fox/a.txt",
        "line": 3,
        "kind": "charset",
        "reason": "invalid UTF-8: 1 runs of bad bytes replaced with U+FFFD"
      }
    ],
    "warnings_omitted": 0,
    "skipped": {
      "unknown": 3,
      "by_extension": {
        "": 1,
        ".pdf": 2
      },
      "paths": [
        "crawl/NOTES",
        "crawl/a.pdf"
      ],
      "paths_omitted": 1,
      "docs": 1,
      "hidden": 0,
      "links": 0,
      "special": 0
    }
  },
  "stages": [
    {
      "name": "read",
      "seconds": 0.5
    },
    {
      "name": "score",
      "seconds": 0.5
    }
  ],
  "throughput": {
    "seconds": 2.5,
    "articles_analysed": 50,
    "articles_per_second": 20,
    "mb_read": 3,
    "mb_per_second": 1.2
  }
}
`
	if got := buf.String(); got != want {
		t.Errorf("manifest JSON:\n%s\nwant:\n%s", got, want)
	}

	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*back, m) {
		t.Errorf("Read(WriteTo(m)) = %+v, want %+v", *back, m)
	}
}

func TestEmpty(t *testing.T) {
	m := NewBuilder("dev", fakeClock(t0, 0)).Build()
	var buf bytes.Buffer
	m.WriteTo(&buf)
	for _, want := range []string{`"status": "ok"`, `"settings": {}`, `"bad_inputs": []`, `"stages": []`, `"articles_per_second": 0`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("empty manifest lacks %s:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "null") {
		t.Errorf("empty manifest has a null:\n%s", buf.String())
	}
}

func TestBadInputs(t *testing.T) {
	for _, tc := range []struct {
		name        string
		n           int // bad lines added, in reverse order
		wantListed  int
		wantOmitted int
	}{
		{"none", 0, 0, 0},
		{"few", 3, 3, 0},
		{"exactly the cap", MaxBad, MaxBad, 0},
		{"many", 5*MaxBad + 7, MaxBad, 4*MaxBad + 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder("dev", nil)
			for i := tc.n; i > 0; i-- {
				b.AddBad("big.jsonl", i, "bad")
			}
			m := b.Build()
			in := m.Inputs
			if len(in.BadInputs) != tc.wantListed || in.BadOmitted != tc.wantOmitted || in.Bad != tc.n {
				t.Fatalf("listed %d, omitted %d, bad %d; want %d, %d, %d", len(in.BadInputs), in.BadOmitted, in.Bad, tc.wantListed, tc.wantOmitted, tc.n)
			}
			for i, bad := range in.BadInputs {
				if bad.Line != i+1 {
					t.Fatalf("bad_inputs[%d] is line %d, want %d (the first lines in order)", i, bad.Line, i+1)
				}
			}
		})
	}
}

func TestAddBadError(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want Bad
	}{
		{"parse error with line", &corpus.ParseError{Path: "a.jsonl", Line: 3, Err: errors.New("invalid JSON")}, Bad{"a.jsonl", 3, "invalid JSON"}},
		{"wrapped parse error", fmt.Errorf("read: %w", &corpus.ParseError{Path: "b.txt", Err: errors.New("binary file")}), Bad{"b.txt", 0, "binary file"}},
		{"other error", errors.New("permission denied"), Bad{"c.txt", 0, "permission denied"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder("dev", nil)
			b.AddBadError("c.txt", tc.err)
			if got := b.Build().Inputs.BadInputs; len(got) != 1 || got[0] != tc.want {
				t.Errorf("AddBadError(%v) recorded %+v, want %+v", tc.err, got, tc.want)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	b := NewBuilder("dev", nil)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 100 {
				stop := b.Stage(fmt.Sprintf("stage%d", w%2))
				b.AddFile(10, i%2 == 0)
				b.AddCounts(Counts{New: 1})
				b.AddBad("f", w*100+i, "x")
				stop()
			}
		})
	}
	wg.Wait()
	m := b.Build()
	if m.Inputs.Files != 800 || m.Inputs.FilesRead != 400 || m.Inputs.New != 800 || m.Inputs.Bad != 800 || len(m.Stages) != 2 {
		t.Errorf("after 8×100 concurrent updates: %+v, stages %v", m.Inputs, m.Stages)
	}
}

func TestReadNewerFormat(t *testing.T) {
	_, err := Read(strings.NewReader(`{"format": 2}`))
	if err == nil || !strings.Contains(err.Error(), "format 2") {
		t.Errorf("Read of format 2: got %v, want a refusal naming the format", err)
	}
}

// TestWarningsBounded: a corpus of damaged files lists MaxBad warnings and
// counts the rest, in path and line order.
func TestWarningsBounded(t *testing.T) {
	b := NewBuilder("dev", fakeClock(t0, time.Second))
	for i := 2*MaxBad + 500; i > 0; i-- {
		b.AddWarning("a.jsonl", i, "charset", "converted")
	}
	in := b.Build().Inputs
	if in.Warnings != 2*MaxBad+500 || len(in.WarningInputs) != MaxBad || in.WarningsOmitted != MaxBad+500 ||
		in.WarningInputs[0].Line != 1 || in.WarningInputs[MaxBad-1].Line != MaxBad || in.WarningsByKind["charset"] != in.Warnings {
		t.Errorf("warnings %d listed %d omitted %d first line %d by kind %v", in.Warnings, len(in.WarningInputs),
			in.WarningsOmitted, in.WarningInputs[0].Line, in.WarningsByKind)
	}
}
