package progress

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	for _, tc := range []struct {
		name              string
		isTerminal, quiet bool
		wantBar, wantSame bool // a *Terminal; logs written straight to w
	}{
		{"cron", false, false, false, true},
		{"terminal", true, false, true, false},
		{"terminal, quiet", true, true, false, true},
		{"pipe, quiet", false, true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			r, logw := For(&buf, tc.isTerminal, tc.quiet)
			_, isBar := r.(*Terminal)
			if isBar != tc.wantBar {
				t.Errorf("For(terminal=%v, quiet=%v) gave a bar: %v, want %v", tc.isTerminal, tc.quiet, isBar, tc.wantBar)
			}
			if same := logw == any(&buf); same != tc.wantSame {
				t.Errorf("log writer is w itself: %v, want %v", same, tc.wantSame)
			}
			r.Start("score", 1000)
			r.Add(3, 500)
			r.Finish()
			if !tc.wantBar && buf.Len() != 0 {
				t.Errorf("without a terminal wrote %q, want nothing", buf.String())
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the bar's writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestTerminal(t *testing.T) {
	for _, tc := range []struct {
		name  string
		total int64
		want  []string
	}{
		{"known size", 4_000_000, []string{"score: 400 articles", "100%", "4.0/4.0 MB"}},
		{"unknown size", 0, []string{"read: 400 articles", "4.0 MB"}},
		{"input grew", 1_000_000, []string{"score: 400 articles", "100%", "4.0/4.0 MB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out syncBuffer
			term := NewTerminal(&out)
			stage := "score"
			if tc.total == 0 {
				stage = "read"
			}
			term.Start(stage, tc.total)
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					for range 100 {
						term.Add(1, 10_000)
					}
				})
			}
			wg.Wait()
			term.Finish()
			got := out.String()
			final := got[strings.LastIndexByte(strings.TrimRight(got, "\n"), '\r')+1:]
			for _, w := range tc.want {
				if !strings.Contains(final, w) {
					t.Errorf("final line %q, want it to contain %q", final, w)
				}
			}
			if !strings.HasSuffix(got, "\n") || strings.HasSuffix(got, "\n\n") {
				t.Errorf("output %q does not end with exactly one newline after Finish", got[max(0, len(got)-40):])
			}
		})
	}
}

func TestTerminalWriteClearsBar(t *testing.T) {
	var out syncBuffer
	term := NewTerminal(&out)
	term.Start("score", 1<<20)
	term.Add(1, 1<<10)
	time.Sleep(2 * redraw) // let the bar draw
	term.Add(1, 1<<10)
	before := len(out.String())
	fmt.Fprintf(term, "level=INFO msg=hello\n")
	written := out.String()[before:]
	if !strings.HasPrefix(written, "\r") || !strings.HasSuffix(written, "\rlevel=INFO msg=hello\n") {
		t.Errorf("log write produced %q, want the bar erased then the line", written)
	}
	term.Finish()
}
