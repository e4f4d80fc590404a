package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testEnv(stdin string) (*environment, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &environment{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errb,
		logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, &out, &errb
}

func TestScoreCommand(t *testing.T) {
	in := `{"id": 1, "text": "Officials pointed to a significant drop in homicides."}
{"id": "b", "text": "Nicolás said Trump’s threats were dangerous and reckless.", "target": "Trump", "target_span": [13, 18]}
not json
{"id": 3}
{"id": 4, "text": "Sheinbaum praised the cooperation."}
`
	env, out, errb := testEnv(in)
	code := execute(context.Background(), env, []string{"score", "--target", "Claudia Sheinbaum=Sheinbaum"})
	if code != exitPartial {
		t.Errorf("exit %d, want %d (bad lines skipped); stderr:\n%s", code, exitPartial, errb)
	}
	for _, want := range []string{"stdin:3: not a JSON object", `stdin:4: no "text"`} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q lacks %q", errb, want)
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d output lines, want 3:\n%s", len(lines), out)
	}
	var got []scoreOutput
	for _, l := range lines {
		var o scoreOutput
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("output %q: %v", l, err)
		}
		got = append(got, o)
	}
	if string(got[0].ID) != "1" || got[0].Sentiment.Label != "positive" || got[0].Stance != nil {
		t.Errorf("line 1 = %s", lines[0])
	}
	if st := got[1].Stance; st == nil || st.Target != "Trump" || st.Label != "against" || st.Mentions != 1 {
		t.Errorf("line 2 = %s, want stance against Trump", lines[1])
	}
	if len(got[2].Stances) != 1 || got[2].Stances[0].Target != "Claudia Sheinbaum" || got[2].Stances[0].Label != "favor" {
		t.Errorf("line 5 = %s, want favor toward Claudia Sheinbaum", lines[2])
	}
}

func TestScoreTargetsFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "t.toml")
	if err := os.WriteFile(bad, []byte("[[targets]]\nname = \"X\"\nnickname = \"Y\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env, _, errb := testEnv("")
	if code := execute(context.Background(), env, []string{"score", "--targets", bad}); code != exitUsage ||
		!strings.Contains(errb.String(), "unknown key targets.nickname") {
		t.Errorf("exit %d, stderr %q; want a usage error naming the unknown key", code, errb)
	}
	env, _, _ = testEnv("")
	if code := execute(context.Background(), env, []string{"score", "--target", "=x"}); code != exitUsage {
		t.Errorf("--target =x: exit %d, want %d", code, exitUsage)
	}
}
