// Package progress lets the pipeline say how far a run has got without
// knowing where, or whether, it is shown. On a terminal a bar shows the
// stage, the articles done, MB read, MB/s and the estimated time left; under
// cron (stderr not a terminal) nothing is printed at all, as in restic's
// ui/progress/terminal.go.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Reporter receives progress. Implementations are safe for concurrent use,
// so parallel workers can call Add directly.
type Reporter interface {
	// Start begins a stage ("read", "score", ...); totalBytes is the
	// input expected in the stage, <= 0 when unknown (no ETA then).
	Start(stage string, totalBytes int64)
	// Add records articles finished and bytes of input consumed since
	// the last call.
	Add(articles int, bytes int64)
	// Finish ends the current stage.
	Finish()
}

// Discard is the Reporter that shows nothing.
var Discard Reporter = discard{}

type discard struct{}

func (discard) Start(string, int64) {}
func (discard) Add(int, int64)      {}
func (discard) Finish()             {}

// For returns the Reporter for a command writing to w (its stderr): a bar
// when w is a terminal and quiet is false, Discard otherwise. It also
// returns the writer logs should go to: the bar itself when there is one,
// so that a log line clears the bar instead of being drawn over; else w.
func For(w io.Writer, isTerminal, quiet bool) (Reporter, io.Writer) {
	if !isTerminal || quiet {
		return Discard, w
	}
	t := NewTerminal(w)
	return t, t
}

// Terminal draws a progress bar on a terminal.
type Terminal struct {
	mu       sync.Mutex
	w        io.Writer
	bar      *progressbar.ProgressBar // nil between stages
	stage    string
	articles int64
	done     int64 // bytes so far in the stage
	total    int64 // bytes expected, <= 0 unknown
}

// NewTerminal returns a Terminal drawing on w, which should be a terminal:
// the bar is redrawn in place with carriage returns.
func NewTerminal(w io.Writer) *Terminal {
	return &Terminal{w: w}
}

// redraw is the bar's minimum interval between two redraws.
const redraw = 100 * time.Millisecond

// Start implements Reporter; it finishes a stage still open.
func (t *Terminal) Start(stage string, totalBytes int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.finish()
	t.stage, t.articles, t.done, t.total = stage, 0, 0, totalBytes
	max := totalBytes
	if max <= 0 {
		max = -1 // a spinner
	}
	t.bar = progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(t.w),
		progressbar.OptionSetDescription(t.description()),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(20),
		progressbar.OptionThrottle(redraw),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(t.w) }),
	)
}

func (t *Terminal) description() string {
	return fmt.Sprintf("%s: %d articles", t.stage, t.articles)
}

// Add implements Reporter.
func (t *Terminal) Add(articles int, bytes int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar == nil {
		return
	}
	t.articles += int64(articles)
	t.done += bytes
	if t.total > 0 && t.done >= t.bar.GetMax64() {
		// Only Finish may complete the bar: reaching the maximum ends its
		// line, and the input may have grown since it was measured.
		t.bar.ChangeMax64(t.done + t.done/10 + 1)
	}
	t.bar.Describe(t.description())
	t.bar.Add64(bytes)
}

// Finish implements Reporter: it draws the final state and ends the line.
func (t *Terminal) Finish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.finish()
}

func (t *Terminal) finish() {
	if t.bar == nil {
		return
	}
	// A bar that reached its maximum has drawn its last line already;
	// drawing again would print it twice.
	if !t.bar.IsFinished() {
		t.bar.Describe(t.description())
		if t.total > 0 {
			t.bar.ChangeMax64(max(t.done, 1)) // the true total; this completes the bar
		}
		t.bar.Finish()
	}
	t.bar = nil
}

// Write writes p to the terminal after erasing the bar, which is redrawn
// at the next Add: give it to the logger so log lines stay readable.
func (t *Terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar != nil {
		t.bar.Clear()
	}
	return t.w.Write(p)
}
