package evaluate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Label is a gold or predicted class. Sentiment uses "negative",
// "neutral", "positive"; stance uses "against", "neutral", "favor".
type Label = string

// Gold is one labelled row.
type Gold struct {
	// Line is the 1-based line number in the gold file.
	Line int
	// ID is the row's "id" (a string or a number in the file), or
	// "line N" when absent.
	ID         string
	SentenceID string
	Text       string
	Target     string
	// TargetSpan is [from, to) in bytes of Text, or nil. (In the file it
	// counts Unicode code points, as Python slices strings; see SpanBytes.)
	TargetSpan []int
	// Label is normalised to negative/neutral/positive; "" when absent.
	Label Label
	// Rating is the numeric gold, or nil.
	Rating *float64
	// Fields holds every field of the row as decoded by encoding/json.
	Fields map[string]any
}

// SplitKey returns the key HeldOut uses for g: its sentence id when it
// has one, else its id.
func (g *Gold) SplitKey() string {
	if g.SentenceID != "" {
		return g.SentenceID
	}
	return g.ID
}

// NormalizeLabel maps the spellings found in gold files to the three
// sentiment labels: neg/negative/-1, neu/neutral/0, pos/positive/1 (case
// insensitive; "str-neg" and "str-pos" count as negative and positive).
// It returns "" and false for anything else.
func NormalizeLabel(s string) (Label, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "negative", "neg", "-1", "str-neg", "against":
		return "negative", true
	case "neutral", "neu", "0", "none":
		return "neutral", true
	case "positive", "pos", "1", "str-pos", "favor", "favour":
		return "positive", true
	}
	return "", false
}

// ReadGold reads gold rows from r; name is used in errors. A line that is
// not a JSON object, or whose label or rating cannot be read, is reported
// in bad (with its line number) and skipped; reading goes on. err is only
// for failures of r itself.
func ReadGold(r io.Reader, name string) (rows []Gold, bad []error, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	for n := 1; ; n++ {
		line, rerr := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			g, perr := parseGold(line, n)
			if perr != nil {
				bad = append(bad, fmt.Errorf("%s:%d: %w", name, n, perr))
			} else {
				rows = append(rows, g)
			}
		}
		if rerr == io.EOF {
			return rows, bad, nil
		}
		if rerr != nil {
			return rows, bad, fmt.Errorf("read %s: line %d: %w", name, n, rerr)
		}
	}
}

func parseGold(line []byte, n int) (Gold, error) {
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil {
		return Gold{}, fmt.Errorf("not a JSON object: %w", err)
	}
	g := Gold{Line: n, Fields: fields}
	g.ID = scalarString(fields["id"])
	if g.ID == "" {
		g.ID = "line " + strconv.Itoa(n)
	}
	g.SentenceID = scalarString(fields["sentence_id"])
	g.Text, _ = fields["text"].(string)
	g.Target, _ = fields["target"].(string)
	if sp, ok := fields["target_span"].([]any); ok {
		if len(sp) != 2 {
			return Gold{}, errors.New("target_span: want [from, to)")
		}
		var off [2]int
		for i, v := range sp {
			num, ok := v.(json.Number)
			if !ok {
				return Gold{}, errors.New("target_span: want two integers")
			}
			n, err := strconv.Atoi(num.String())
			if err != nil {
				return Gold{}, fmt.Errorf("target_span: %w", err)
			}
			off[i] = n
		}
		start, end, err := SpanBytes(g.Text, g.Target, off[0], off[1])
		if err != nil {
			return Gold{}, err
		}
		g.TargetSpan = []int{start, end}
	}
	if v, ok := fields["label"]; ok && v != nil {
		l, ok := NormalizeLabel(scalarString(v))
		if !ok {
			return Gold{}, fmt.Errorf("label %v: want negative, neutral or positive", v)
		}
		g.Label = l
	}
	if v, ok := fields["rating"]; ok && v != nil {
		num, ok := v.(json.Number)
		if !ok {
			return Gold{}, fmt.Errorf("rating %v: want a number", v)
		}
		f, err := num.Float64()
		if err != nil {
			return Gold{}, fmt.Errorf("rating: %w", err)
		}
		g.Rating = &f
	}
	return g, nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// SpanBytes converts a span [from, to) given in Unicode code points of s
// (as Python slices strings, and as the NewsMTSC and BASIL files count)
// to byte offsets. When target is not empty and the code-point reading
// does not give target but the byte reading does, the span is taken as
// bytes. It returns an error for a span outside s or one that matches
// neither reading of a given target.
func SpanBytes(s, target string, from, to int) (start, end int, err error) {
	if from < 0 || from > to {
		return 0, 0, fmt.Errorf("target_span [%d, %d): want 0 <= from <= to", from, to)
	}
	start, end = -1, -1
	n := 0
	for i := range s {
		if n == from {
			start = i
		}
		if n == to {
			end = i
		}
		n++
	}
	if n == from {
		start = len(s)
	}
	if n == to {
		end = len(s)
	}
	if start >= 0 && end >= 0 && (target == "" || s[start:end] == target) {
		return start, end, nil
	}
	if target != "" && to <= len(s) && s[from:to] == target {
		return from, to, nil
	}
	if start < 0 || end < 0 {
		return 0, 0, fmt.Errorf("target_span [%d, %d) outside text of %d characters", from, to, n)
	}
	return 0, 0, fmt.Errorf("target_span [%d, %d) is %q, not target %q", from, to, s[start:end], target)
}
