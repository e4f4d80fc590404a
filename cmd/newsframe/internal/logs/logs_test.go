package logs

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
)

func TestFormatFlag(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    Format
		wantErr bool
	}{
		{"default", nil, "", false},
		{"text", []string{"-log-format", "text"}, Text, false},
		{"json", []string{"-log-format=json"}, JSON, false},
		{"unknown", []string{"-log-format", "xml"}, "", true},
		{"wrong case", []string{"-log-format", "JSON"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f Format
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.Var(&f, "log-format", "")
			err := fs.Parse(tc.args)
			if (err != nil) != tc.wantErr || f != tc.want {
				t.Errorf("Parse(%q) = %q, %v; want %q, error %v", tc.args, f, err, tc.want, tc.wantErr)
			}
		})
	}
	var zero Format
	if got := zero.String(); got != "text" {
		t.Errorf("zero Format String() = %q, want text", got)
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format Format
		level  slog.Level
		// check inspects the output of one Debug, one Info and one Warn.
		check func(t *testing.T, out string)
	}{
		{"text", Text, Level(false, 0), func(t *testing.T, out string) {
			if strings.Contains(out, "debug-line") || !strings.Contains(out, `level=INFO msg=info-line articles=3`) || !strings.Contains(out, "level=WARN") {
				t.Errorf("text output %q, want info and warn lines, no debug", out)
			}
		}},
		{"json", JSON, Level(false, 2), func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 {
				t.Fatalf("json output has %d lines, want 3: %q", len(lines), out)
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
				t.Fatalf("line %q is not JSON: %v", lines[1], err)
			}
			if rec["msg"] != "info-line" || rec["articles"] != 3.0 || rec["level"] != "INFO" {
				t.Errorf("json record %v, want msg info-line, articles 3, level INFO", rec)
			}
		}},
		{"quiet", Text, Level(true, 3), func(t *testing.T, out string) {
			if strings.Contains(out, "info-line") || !strings.Contains(out, "warn-line") {
				t.Errorf("quiet output %q, want the warning only", out)
			}
		}},
		{"zero format is text", "", slog.LevelInfo, func(t *testing.T, out string) {
			if !strings.Contains(out, "msg=info-line") {
				t.Errorf("output %q, want text", out)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := New(&buf, tc.format, tc.level)
			l.Debug("debug-line")
			l.Info("info-line", "articles", 3)
			l.Warn("warn-line")
			tc.check(t, buf.String())
		})
	}
}
