package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestUsageErrors: every usage error exits 2 and says on stderr what is
// wrong, then the command's usage line, before anything is written.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badTargets := filepath.Join(dir, "targets.toml")
	if err := os.WriteFile(badTargets, []byte("[[targets]]\nname = \"X\"\ncolour = \"red\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notTOML := filepath.Join(dir, "broken.toml")
	if err := os.WriteFile(notTOML, []byte("[[targets]\nname = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"missing corpus", []string{"run", "--corpus", "/nonexistent/corpus"}, "/nonexistent/corpus"},
		{"positional path", []string{"run", "/srv/crawl"}, `unexpected argument "/srv/crawl"`},
		{"unknown key in targets file", []string{"run", "--targets", badTargets}, "colour"},
		{"targets file not TOML", []string{"run", "--targets", notTOML}, "broken.toml"},
		{"unreadable targets file", []string{"run", "--targets", filepath.Join(dir, "missing.toml")}, "missing.toml"},
		{"targets file is a directory", []string{"run", "--targets", dir}, "--targets"},
		{"target without a name", []string{"run", "--target", "=foo"}, `--target "=foo"`},
		{"no workers", []string{"run", "--workers", "0"}, "--workers must be at least 1"},
		{"unknown CSV field", []string{"run", "--csv-columns", "foo=bar"}, `unknown field "foo"`},
		{"unreadable stopwords", []string{"run", "--stopwords", filepath.Join(dir, "none.txt")}, "--stopwords"},
		{"too few articles to test", []string{"run", "--min-articles", "1"}, "--min-articles"},
		{"score target without a name", []string{"score", "--target", "=foo"}, `--target "=foo"`},
		{"version argument", []string{"version", "now"}, "version takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(tt.args, "--out", out)
			if tt.args[0] != "run" {
				args = tt.args
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != exitUsage {
				t.Errorf("newsframe %q: exit %d, want %d\nstderr: %s", args, code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("newsframe %q: stderr does not say %q:\n%s", args, tt.want, stderr)
			}
			usageLine := "Usage: newsframe " + tt.args[0]
			if !strings.Contains(stderr, usageLine) {
				t.Errorf("newsframe %q: stderr has no usage line %q:\n%s", args, usageLine, stderr)
			}
			if stdout != "" {
				t.Errorf("newsframe %q: stdout = %q, want nothing", args, stdout)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a usage error created %s (err %v)", out, err)
	}
}

// TestQuietRun: --quiet is silent on success: nothing on stdout (no report
// path) and nothing on stderr.
func TestQuietRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "run", "--out", out, "--quiet")
	if code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("run --quiet: exit %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("run --quiet wrote no report: %v", err)
	}
	// Without --quiet the report path is printed.
	code, stdout, _ = runCLI(t, "run", "--out", out)
	if code != exitOK || strings.TrimSpace(stdout) != filepath.Join(out, "index.html") {
		t.Errorf("run: exit %d, stdout %q, want the report path", code, stdout)
	}
}

// TestVersionFingerprints: version prints the fingerprints its help
// promises, equal to the ones a run records.
func TestVersionFingerprints(t *testing.T) {
	code, stdout, stderr := runCLI(t, "version")
	if code != exitOK {
		t.Fatalf("version: exit %d, stderr %s", code, stderr)
	}
	l, err := load(dataOptions{}, false)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := modelFingerprints()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ key, value string }{
		{"model", l.modelHash}, {"lexicon", l.lexiconHash}, {"weights", fp.weights},
		{"pipeline", pipelineVersion}, {"bayes", cdipaoloModel},
	} {
		rx := regexp.MustCompile(`(?m)^` + want.key + `\s+` + regexp.QuoteMeta(want.value) + `\b`)
		if !rx.MatchString(stdout) {
			t.Errorf("version output has no %s %s:\n%s", want.key, want.value, stdout)
		}
	}
	if len(fp.weights) != 16 || fp.weights == fp.model {
		t.Errorf("weights fingerprint %q: want 16 hex digits of its own", fp.weights)
	}
}

// TestHelpExitCodes: each command's help lists only the exit codes it can
// return.
func TestHelpExitCodes(t *testing.T) {
	tests := []struct {
		command string
		codes   []string
	}{
		{"run", []string{"0", "1", "2", "3", "4"}},
		{"score", []string{"0", "1", "2", "4"}},
		{"eval", []string{"0", "1", "2"}},
		{"version", []string{"0", "1", "2"}},
	}
	rxCode := regexp.MustCompile(`(?m)^  (\d)  `)
	for _, tt := range tests {
		t.Run(tt.command, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.command, "-h")
			if code != exitOK {
				t.Fatalf("%s -h: exit %d", tt.command, code)
			}
			_, section, ok := strings.Cut(stderr, "EXIT STATUS")
			if !ok {
				t.Fatalf("%s -h has no EXIT STATUS:\n%s", tt.command, stderr)
			}
			var got []string
			for _, m := range rxCode.FindAllStringSubmatch(section, -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, ",") != strings.Join(tt.codes, ",") {
				t.Errorf("%s -h lists exit codes %v, want %v", tt.command, got, tt.codes)
			}
		})
	}
}
