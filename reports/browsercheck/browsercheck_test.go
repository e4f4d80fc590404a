package browsercheck

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCheck runs the checker on pages with one known fault each: a
// checker that misses one of them would pass broken reports.
func TestCheck(t *testing.T) {
	b := ForTest(t)
	for _, c := range []struct {
		page     string
		console  []string // substrings, one per expected message
		requests []string
		dialogs  []string
		blank    []string
		charts   int
		text     string
	}{
		{page: "good.html", charts: 2, text: "A page with one drawn chart"},
		{page: "blank.html", charts: 2, blank: []string{"empty-canvas", "empty-div"}},
		{page: "console.html", console: []string{"something broke", "undefinedFunction"}},
		{page: "missing.html", console: []string{"ERR_FILE_NOT_FOUND"}},
		{page: "remote.html", requests: []string{"http://127.0.0.1:9/pixel.png"}, console: []string{"Failed to load resource"}},
		{page: "dialog.html", dialogs: []string{"alert: 1"}, text: "after the alert"},
		{page: "csp.html", console: []string{"Content Security Policy"}},
	} {
		t.Run(c.page, func(t *testing.T) {
			r, err := b.Check(filepath.Join("testdata", c.page), Options{Timeout: 6 * time.Second, Text: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(r.Console); got < len(c.console) || len(c.console) == 0 && got > 0 {
				t.Errorf("console = %q, want %d messages with %q", r.Console, len(c.console), c.console)
			}
			for _, want := range c.console {
				if !slices.ContainsFunc(r.Console, func(m string) bool { return strings.Contains(m, want) }) {
					t.Errorf("console = %q, want a message with %q", r.Console, want)
				}
			}
			if !slices.Equal(r.Requests, c.requests) {
				t.Errorf("requests = %q, want %q", r.Requests, c.requests)
			}
			if !slices.Equal(r.Dialogs, c.dialogs) {
				t.Errorf("dialogs = %q, want %q", r.Dialogs, c.dialogs)
			}
			if !slices.Equal(r.Blank, c.blank) {
				t.Errorf("blank = %q, want %q", r.Blank, c.blank)
			}
			if r.Charts != c.charts {
				t.Errorf("charts = %d, want %d", r.Charts, c.charts)
			}
			if !strings.Contains(r.Text, c.text) {
				t.Errorf("text = %q, want it to contain %q", r.Text, c.text)
			}
			clean := len(c.console)+len(c.requests)+len(c.dialogs)+len(c.blank) == 0
			if got := r.Err() == nil; got != clean {
				t.Errorf("Err() = %v, want nil: %v", r.Err(), clean)
			}
		})
	}
}

func TestScreenshot(t *testing.T) {
	b := ForTest(t)
	png := filepath.Join(t.TempDir(), "shots", "good.png")
	if _, err := b.Check(filepath.Join("testdata", "good.html"), Options{Screenshot: png, Width: 800}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || len(data) < 1000 {
		t.Errorf("screenshot is %d bytes without a PNG signature", len(data))
	}
}

// TestEval checks that Options.Eval runs in the page once it is drawn:
// the expression sees the drawn canvas.
func TestEval(t *testing.T) {
	b := ForTest(t)
	for _, c := range []struct {
		name, expr, want string
	}{
		{"title", "document.title", "good"},
		{"drawn canvas", "String(document.querySelectorAll('canvas').length)", "1"},
		{"empty", "''", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := b.Check(filepath.Join("testdata", "good.html"), Options{Timeout: 6 * time.Second, Eval: c.expr})
			if err != nil {
				t.Fatal(err)
			}
			if r.Eval != c.want {
				t.Errorf("Eval %q = %q, want %q", c.expr, r.Eval, c.want)
			}
		})
	}
	if _, err := b.Check(filepath.Join("testdata", "good.html"), Options{Timeout: 6 * time.Second, Eval: "1 + 1"}); err == nil {
		t.Errorf("Eval of a number: got no error, want one (the value must be a string)")
	}
}

func TestPages(t *testing.T) {
	got, err := Pages("testdata")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"blank.html", "console.html", "csp.html", "dialog.html", "good.html", "missing.html", "remote.html"}
	for i := range want {
		want[i] = filepath.Join("testdata", want[i])
	}
	if !slices.Equal(got, want) {
		t.Errorf("Pages = %q, want %q", got, want)
	}
}

func TestAllowedScheme(t *testing.T) {
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"file:///tmp/r/index.html", true},
		{"data:image/png;base64,AAAA", true},
		{"blob:file:///0f1e", true},
		{"about:blank", true},
		{"http://127.0.0.1/x.js", false},
		{"https://cdn.example/echarts.js", false},
		{"//cdn.example/echarts.js", false},
		{"ws://host/socket", false},
	} {
		t.Run(c.url, func(t *testing.T) {
			if got := allowedScheme(c.url); got != c.want {
				t.Errorf("allowedScheme(%q) = %v, want %v", c.url, got, c.want)
			}
		})
	}
}
