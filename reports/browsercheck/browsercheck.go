// Package browsercheck opens HTML report pages in headless Chromium and
// checks that they work offline, as a reader would open them: from
// file://, with no network.
//
// For each page, [Browser.Check] reports
//   - console errors, uncaught exceptions and browser log errors (a
//     blocked script, a missing file, a Content-Security-Policy
//     violation);
//   - every request for a URL that is not file:, data:, blob: or about:;
//   - every JavaScript dialog (alert, confirm, prompt) that opened, which
//     is how the tests detect injected script;
//   - every chart container (by default elements with a data-chart
//     attribute) that holds no drawn canvas or svg: a canvas counts as
//     drawn when more than [MinPainted] of its pixels are not transparent.
//
// It can also save a full-page PNG screenshot. Chromium runs with
// --headless --no-sandbox --disable-gpu --disable-background-networking
// --disable-component-update --no-first-run and a fresh profile.
//
// Tests get a browser with [ForTest], which skips when no Chromium is
// installed, unless NEWSFRAME_REQUIRE_BROWSER=1 (set by CI), when it fails.
package browsercheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// EnvRequire names the environment variable that turns a missing browser
// from a skipped test into a failed one ("1" in CI).
const EnvRequire = "NEWSFRAME_REQUIRE_BROWSER"

// EnvChromium names an environment variable that may point at the
// Chromium binary to use.
const EnvChromium = "NEWSFRAME_CHROMIUM"

// MinPainted is the number of non-transparent pixels above which a chart
// canvas counts as drawn (an empty ECharts canvas is fully transparent).
const MinPainted = 50

// ExecPath returns the Chromium binary to use: $NEWSFRAME_CHROMIUM when
// set, else the first of chromium, chromium-browser, google-chrome and
// headless-shell found on PATH, else "".
func ExecPath() string {
	if p := os.Getenv(EnvChromium); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is a running headless Chromium. Its methods may not be called
// concurrently.
type Browser struct {
	ctx       context.Context
	cancel    context.CancelFunc
	cancelAll context.CancelFunc
}

// Start starts the Chromium at execPath with a fresh profile in
// userDataDir (which should be empty; the caller removes it). Close stops
// it.
func Start(execPath, userDataDir string) (*Browser, error) {
	if execPath == "" {
		return nil, errors.New("browsercheck: no Chromium binary")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do starts the browser; its context must outlive every
	// check, so it has no timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, fmt.Errorf("browsercheck: start %s: %w", execPath, err)
	}
	return &Browser{ctx: ctx, cancel: cancel, cancelAll: cancelAlloc}, nil
}

// Close stops the browser and waits for its process to exit.
func (b *Browser) Close() {
	b.cancel()
	b.cancelAll()
}

// ForTest starts a browser for t and stops it when t ends. Without a
// Chromium binary it skips t, or fails it when NEWSFRAME_REQUIRE_BROWSER=1.
func ForTest(t testing.TB) *Browser {
	t.Helper()
	p := ExecPath()
	if p == "" {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("browsercheck: no Chromium found and %s=1: install chromium", EnvRequire)
		}
		t.Skipf("browsercheck: no Chromium found (set %s=1 to fail instead)", EnvRequire)
	}
	b, err := Start(p, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// Options tune a check. The zero value is ready to use.
type Options struct {
	// ChartSelector selects chart containers (default "[data-chart]").
	ChartSelector string
	// Timeout bounds one page (default 30 s).
	Timeout time.Duration
	// Screenshot, when set, is the path of a full-page PNG to write.
	Screenshot string
	// Width is the viewport width in CSS pixels (default 1280).
	Width int
	// Tooltips, when set, opens the tooltip of every data item (up to
	// 200 per series) of every chart the page exposes in
	// window.newsframe.charts, so tooltip formatters run on all data.
	Tooltips bool
	// Text, when set, returns the page's visible text in Report.Text
	// (document.body.innerText), to check how text was displayed.
	Text bool
	// Eval, when set, is a JavaScript expression evaluated once the
	// charts are drawn (before tooltips open); its value, which must be
	// a string, is returned in Report.Eval. Tests use it to ask the
	// charts (window.newsframe.charts) about their drawing.
	Eval string
}

func (o Options) withDefaults() Options {
	if o.ChartSelector == "" {
		o.ChartSelector = "[data-chart]"
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Width <= 0 {
		o.Width = 1280
	}
	return o
}

// Report is what one page did.
type Report struct {
	// Page is the file checked.
	Page string
	// Console holds console errors, uncaught exceptions and browser log
	// errors.
	Console []string
	// Requests holds requested URLs whose scheme is not file, data, blob
	// or about.
	Requests []string
	// Dialogs holds the JavaScript dialogs that opened ("alert: 1").
	Dialogs []string
	// Charts counts chart containers; Blank lists those with nothing
	// drawn (by id, or "#<n>" when they have none).
	Charts int
	Blank  []string
	// Tooltips counts tooltips opened (Options.Tooltips).
	Tooltips int
	// Text is the page's visible text (Options.Text).
	Text string
	// Eval is the value of Options.Eval.
	Eval string
}

// Problems lists what is wrong with the page, one line each; empty when
// the page passed.
func (r *Report) Problems() []string {
	var out []string
	for _, m := range r.Console {
		out = append(out, "console: "+m)
	}
	for _, u := range r.Requests {
		out = append(out, "network request: "+u)
	}
	for _, d := range r.Dialogs {
		out = append(out, "dialog opened: "+d)
	}
	for _, b := range r.Blank {
		out = append(out, "chart not drawn: "+b)
	}
	return out
}

// Err returns nil when the page passed, else an error listing its
// problems.
func (r *Report) Err() error {
	p := r.Problems()
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("%s:\n\t%s", r.Page, strings.Join(p, "\n\t"))
}

// allowedScheme reports whether a request URL stays on this machine
// without a network: the page's own files and inline data.
func allowedScheme(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "file", "data", "blob", "about":
		return true
	}
	return false
}

// recorder collects a tab's events. Listen calls add on the goroutine
// that reads the browser's messages, before later command replies, so
// after any command returns every earlier event has been recorded.
type recorder struct {
	mu       sync.Mutex
	console  []string
	requests []string
	dialogs  []string
	opened   chan struct{}
}

func (r *recorder) add(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			r.console = append(r.console, string(ev.Type)+": "+argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + strings.SplitN(d.Exception.Description, "\n", 2)[0]
		}
		r.console = append(r.console, fmt.Sprintf("exception: %s (%s:%d)", text, d.URL, d.LineNumber+1))
	case *log.EventEntryAdded:
		if e := ev.Entry; e != nil && e.Level == log.EntryLevelError {
			r.console = append(r.console, fmt.Sprintf("log %s: %s %s", e.Source, e.Text, e.URL))
		}
	case *network.EventRequestWillBeSent:
		if ev.Request != nil && !allowedScheme(ev.Request.URL) {
			r.requests = append(r.requests, ev.Request.URL)
		}
	case *page.EventJavascriptDialogOpening:
		r.dialogs = append(r.dialogs, string(ev.Type)+": "+ev.Message)
		select {
		case r.opened <- struct{}{}:
		default:
		}
	}
}

// argsText renders console arguments as text.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil:
		case a.Description != "":
			s = a.Description
		default:
			s = string(a.Value)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// chartState is what chartsJS returns for one container.
type chartState struct {
	ID    string `json:"id"`
	Drawn bool   `json:"drawn"`
}

// chartsJS inspects every chart container: a canvas is drawn when more
// than MinPainted pixels are not transparent; an svg when it holds a
// shape.
const chartsJS = `(() => {
  const out = [];
  document.querySelectorAll(%q).forEach((el, i) => {
    let drawn = false;
    for (const c of el.querySelectorAll('canvas')) {
      if (!c.width || !c.height) continue;
      const ctx = c.getContext('2d');
      if (!ctx) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 3; k < d.length; k += 4) {
        if (d[k] !== 0 && ++n > %d) { drawn = true; break; }
      }
      if (drawn) break;
    }
    if (!drawn) {
      for (const s of el.querySelectorAll('svg')) {
        if (s.querySelector('path, rect, circle, line, polygon, polyline, text')) { drawn = true; break; }
      }
    }
    out.push({id: el.id || ('#' + i), drawn: drawn});
  });
  return out;
})()`

// tooltipsJS opens the tooltip of every data item of every chart in
// window.newsframe.charts and returns how many it opened.
const tooltipsJS = `(() => {
  const charts = (window.newsframe && window.newsframe.charts) || [];
  let n = 0;
  for (const c of charts) {
    const series = c.getOption().series || [];
    series.forEach((s, si) => {
      const len = Math.min(200, (s.data || []).length);
      for (let i = 0; i < len; i++) {
        c.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: i});
        n++;
      }
      if (s.type === 'graph') {
        const links = Math.min(200, (s.links || s.edges || []).length);
        for (let i = 0; i < links; i++) {
          c.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: i, dataType: 'edge'});
          n++;
        }
      }
    });
    c.dispatchAction({type: 'hideTip'});
  }
  return n;
})()`

// Check opens the HTML file at path in a new tab, waits until its charts
// are drawn (or the timeout), and reports what happened. The error is
// for failures to run the check, not for problems of the page (see
// [Report.Err]).
func (b *Browser) Check(path string, o Options) (*Report, error) {
	o = o.withDefaults()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	rep := &Report{Page: path}
	tab, cancelTab := chromedp.NewContext(b.ctx)
	defer cancelTab()
	ctx, cancel := context.WithTimeout(tab, o.Timeout)
	defer cancel()

	rec := &recorder{opened: make(chan struct{}, 1)}
	// Listen opens the tab; it has no timeout of its own because the tab
	// lives as long as tab, which the timeout does not end.
	if err := chromedp.Listen(tab, rec.add); err != nil {
		return nil, fmt.Errorf("browsercheck: %s: %w", path, err)
	}
	// A dialog stops the page until it is answered: dismiss each one from
	// another goroutine (Listen's func may not run commands).
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-rec.opened:
				_, _ = chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(o.Width), 900),
		chromedp.Navigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()),
	); err != nil {
		return nil, fmt.Errorf("browsercheck: open %s: %w", path, err)
	}

	states, err := waitCharts(ctx, o.ChartSelector)
	if err != nil {
		return nil, fmt.Errorf("browsercheck: %s: %w", path, err)
	}
	rep.Charts = len(states)
	for _, s := range states {
		if !s.Drawn {
			rep.Blank = append(rep.Blank, s.ID)
		}
	}
	// The screenshot comes first: open tooltips would show in it.
	if o.Screenshot != "" {
		if err := screenshot(ctx, o, o.Screenshot); err != nil {
			return nil, fmt.Errorf("browsercheck: %s: %w", path, err)
		}
	}
	if o.Eval != "" {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](o.Eval))
		if err != nil {
			return nil, fmt.Errorf("browsercheck: %s: eval: %w", path, err)
		}
		rep.Eval = v
	}
	if o.Tooltips {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](tooltipsJS))
		if err != nil {
			return nil, fmt.Errorf("browsercheck: %s: tooltips: %w", path, err)
		}
		rep.Tooltips = n
	}
	if o.Text {
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err != nil {
			return nil, fmt.Errorf("browsercheck: %s: text: %w", path, err)
		}
		rep.Text = text
	}
	// A last command: its reply comes after every event the page sent
	// before it, so the recorder is complete.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`)); err != nil {
		return nil, fmt.Errorf("browsercheck: %s: %w", path, err)
	}
	rec.mu.Lock()
	rep.Console = slices.Clone(rec.console)
	rep.Requests = slices.Clone(rec.requests)
	rep.Dialogs = slices.Clone(rec.dialogs)
	rec.mu.Unlock()
	return rep, nil
}

// waitCharts polls the chart containers until all are drawn or the
// context's deadline is near, and returns their last state.
func waitCharts(ctx context.Context, selector string) ([]chartState, error) {
	js := fmt.Sprintf(chartsJS, selector, MinPainted)
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(10 * time.Second)
	}
	for {
		states, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartState](js))
		if err != nil {
			return nil, err
		}
		all := true
		for _, s := range states {
			all = all && s.Drawn
		}
		// Give up a little before the deadline, so the caller can still
		// report what it saw.
		if all || time.Until(deadline) < 2*time.Second {
			return states, nil
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
			return nil, err
		}
	}
}

// screenshot resizes the viewport to the whole page, lets the charts
// redraw at the new size, and writes a PNG.
func screenshot(ctx context.Context, o Options, path string) error {
	h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.ceil(document.documentElement.scrollHeight)`))
	if err != nil {
		return err
	}
	height := int64(min(max(h, 600), 20000))
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(o.Width), height),
		// newsframe.js redraws charts on resize in the next animation
		// frame.
		chromedp.Sleep(400*time.Millisecond),
	); err != nil {
		return err
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// Pages returns every .html file under dir, sorted.
func Pages(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".html") {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// CheckDir checks every .html file under dir (see [Pages]) with the same
// options (a Screenshot path is ignored: use Check for one page).
func (b *Browser) CheckDir(dir string, o Options) ([]*Report, error) {
	pages, err := Pages(dir)
	if err != nil {
		return nil, fmt.Errorf("browsercheck: %w", err)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("browsercheck: no .html file under %s", dir)
	}
	o.Screenshot = ""
	var out []*Report
	for _, p := range pages {
		r, err := b.Check(p, o)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}
