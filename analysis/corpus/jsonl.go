package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// sniffSize is how much of a stream is inspected for binary data before
// line parsing starts.
const sniffSize = 8 << 10

// JSONLReader reads articles from JSON lines, one object per line, in
// bounded memory. Fields (all optional, null is the same as missing):
//
//	id         string or number; else the id is derived from path and line
//	outlet     string
//	title      string
//	subtitle   string
//	author     string, or an array of strings or {"name": …} objects (joined with ", ")
//	published  a date ParseDate accepts, or Unix seconds (or milliseconds)
//	url        string
//	text       body, paragraphs separated by blank lines (or an array of
//	           paragraphs); "body" or "content" when "text" is absent
//
// Other fields go to Meta as encoding/json decodes them. The text gets the
// cleaning of [Paragraphs] (no header heuristic).
type JSONLReader struct {
	o       Origin
	opts    *Options
	lr      *lineReader
	started bool
	// utf8 is set when the stream is known to be UTF-8 (a byte order
	// mark, or mostly valid multi-byte sequences in its first 8 KB): bad
	// bytes in a line are then damage, not Windows-1252.
	utf8  bool
	lines int // non-blank lines seen
	err   error
}

// NewJSONLReader returns a reader of the JSON lines in r, which o names.
func NewJSONLReader(o Origin, r io.Reader, opts *Options) *JSONLReader {
	return &JSONLReader{o: o, opts: opts, lr: newLineReader(r, opts.maxLine())}
}

// Next returns the next article. A bad line (malformed JSON, not an object,
// longer than Options.MaxLine, no text) gives a *[ParseError] with its line
// number, and the following call goes on with the next line. A line that is
// not valid UTF-8 is repaired by [ToUTF8] (as UTF-8 when the first 8 KB of
// the stream are mostly UTF-8 or start with a byte order mark) and an
// [ErrCharset] warning goes to Options.Warn.
// Binary data at the start of the stream ([ErrBinary]) and a stream without
// any line ([ErrEmpty]) give one *ParseError with line 0, then io.EOF. At
// the end, Next returns io.EOF; an error of the underlying reader is
// returned as a *[ReadError] on this and every later call.
func (r *JSONLReader) Next() (Article, error) {
	if r.err != nil {
		return Article{}, r.err
	}
	if !r.started {
		r.started = true
		if err := r.sniff(); err != nil {
			r.err = io.EOF
			return Article{}, err
		}
	}
	for {
		line, n, tooLong, err := r.lr.next()
		if errors.Is(err, io.EOF) {
			r.err = io.EOF
			if r.lines == 0 {
				return Article{}, &ParseError{Path: r.o.name(), Err: errorf(ErrEmpty, "empty file")}
			}
			return Article{}, io.EOF
		}
		if err != nil {
			r.err = &ReadError{Path: r.o.name(), Line: n, Err: err}
			return Article{}, r.err
		}
		if tooLong {
			r.lines++
			return Article{}, &ParseError{Path: r.o.name(), Line: n,
				Err: errorf(ErrTooLong, "line longer than %d bytes", r.lr.max)}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r.lines++
		a, err := r.parseLine(line, n)
		if err != nil {
			return Article{}, &ParseError{Path: r.o.name(), Line: n, Err: err}
		}
		return a, nil
	}
}

// sniff strips a byte order mark and rejects binary data.
func (r *JSONLReader) sniff() error {
	head, _ := r.lr.br.Peek(sniffSize)
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		r.lr.br.Discard(3)
		head = head[3:]
		r.utf8 = true
	}
	if err := checkBinary(head); err != nil {
		return &ParseError{Path: r.o.name(), Err: err}
	}
	if bad, _, multi := utf8Stats(head); multi > bad {
		r.utf8 = true
	}
	return nil
}

// parseLine decodes one non-blank line.
func (r *JSONLReader) parseLine(line []byte, n int) (Article, error) {
	if !utf8.Valid(line) {
		// A line's few bytes say little about its charset; the start of
		// the file says more.
		var w error
		line, w = ToUTF8(line, r.utf8)
		r.opts.warn(&ParseError{Path: r.o.name(), Line: n, Err: w})
	}
	trimmed := bytes.TrimLeft(line, " \t\r\f\v")
	switch trimmed[0] {
	case '{':
	case '[':
		return Article{}, errorf(ErrJSON, "line is a JSON array, want an object")
	default:
		if json.Valid(trimmed) {
			return Article{}, errorf(ErrJSON, "line is a JSON scalar, want an object")
		}
	}
	var fields map[string]any
	if err := json.Unmarshal(line, &fields); err != nil {
		return Article{}, errorf(ErrJSON, "malformed JSON: %v", err)
	}
	return articleOf(r.o, r.opts, fields, line, n, n)
}

// articleOf builds the article of one decoded JSON object: raw is the
// object's text (for numeric ids beyond 2^53), line the line warnings
// name, and idLine what [Origin.Complete] gets (0 for a file holding one
// article).
func articleOf(o Origin, opts *Options, fields map[string]any, raw []byte, line, idLine int) (Article, error) {
	var a Article
	n := line
	warn := func(format string, args ...any) {
		opts.warn(&ParseError{Path: o.name(), Line: n, Err: errorf(ErrField, format, args...)})
	}
	str := func(key string, dst *string) {
		v, ok := fields[key]
		if !ok || v == nil {
			return
		}
		s, ok := v.(string)
		if !ok {
			warn("field %q: want a string, got %s", key, jsonType(v))
			return // stays in fields, hence in Meta
		}
		*dst = CleanText(s)
		delete(fields, key)
	}
	switch v := fields["id"].(type) {
	case nil:
	case string:
		a.ID = CleanText(v)
		delete(fields, "id")
	case float64:
		a.ID = jsonNumberID(v, raw)
		delete(fields, "id")
	default:
		warn("field \"id\": want a string or number, got %s", jsonType(v))
	}
	str("outlet", &a.Outlet)
	str("title", &a.Title)
	str("subtitle", &a.Subtitle)
	str("url", &a.URL)
	if v, ok := fields["author"]; ok && v != nil {
		if s, ok := jsonAuthors(v); ok {
			a.Author = s
			delete(fields, "author")
		} else {
			warn("field \"author\": want a string or an array of names, got %s", jsonType(v))
		}
	}
	if v, ok := fields["published"]; ok && v != nil {
		t, err := jsonDate(v)
		if err != nil {
			opts.warn(&ParseError{Path: o.name(), Line: n, Err: errorf(ErrDate, "field \"published\": %v", err)})
		} else {
			a.Published = t
			delete(fields, "published")
		}
	}
	text, found := "", false
	for _, key := range []string{"text", "body", "content"} {
		v, ok := fields[key]
		if !ok || v == nil {
			continue
		}
		if s, ok := jsonText(v); ok {
			text, found = s, true
			delete(fields, key)
			break
		}
		if key == "text" {
			return Article{}, errorf(ErrNoText, "field \"text\": want a string or an array of strings, got %s", jsonType(v))
		}
	}
	for key, v := range fields {
		if v != nil {
			setMeta(&a, key, v)
		}
	}
	if found {
		a.Paragraphs = Paragraphs(text, opts.boilerplate())
	}
	o.Complete(&a, idLine)
	if len(a.Paragraphs) == 0 {
		return Article{}, errorf(ErrNoText, "article %s has no text", a.ID)
	}
	return a, nil
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// maxExactFloat is 2^53: integers up to it survive decoding as float64.
const maxExactFloat = 1 << 53

// jsonNumberID formats a numeric id. Integers beyond 2^53 lost digits in
// float64, so they are read again from the line as literals.
func jsonNumberID(f float64, line []byte) string {
	if f == math.Trunc(f) && math.Abs(f) <= maxExactFloat {
		return strconv.FormatInt(int64(f), 10)
	}
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var v struct {
		ID json.Number `json:"id"`
	}
	if d.Decode(&v) == nil && v.ID != "" {
		return v.ID.String()
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// jsonText decodes a body: a string, or an array of strings taken as
// paragraphs.
func jsonText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []any:
		paras := make([]string, 0, len(v))
		for _, p := range v {
			s, ok := p.(string)
			if !ok {
				if p == nil {
					continue
				}
				return "", false
			}
			paras = append(paras, s)
		}
		return strings.Join(paras, "\n\n"), true
	}
	return "", false
}

// jsonAuthors decodes an author field: a string, or an array of strings or
// objects with a "name" (as in schema.org), joined with ", ".
func jsonAuthors(v any) (string, bool) {
	var list []any
	switch v := v.(type) {
	case string:
		return CleanText(v), true
	case []any:
		list = v
	case map[string]any:
		list = []any{v}
	default:
		return "", false
	}
	var names []string
	for _, item := range list {
		var name string
		switch item := item.(type) {
		case nil:
			continue
		case string:
			name = item
		case map[string]any:
			s, ok := item["name"].(string)
			if !ok {
				return "", false
			}
			name = s
		default:
			return "", false
		}
		if name = CleanText(name); name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", "), true
}

// Unix times are taken for seconds below this bound and milliseconds above
// (1e11 s is in the year 5138).
const unixMillisBound = 1e11

// jsonDate decodes a date field: a string for ParseDate (empty: zero time)
// or a Unix time in seconds or milliseconds.
func jsonDate(v any) (time.Time, error) {
	switch v := v.(type) {
	case float64:
		if v < 0 || v > 1e14 || math.IsNaN(v) {
			return time.Time{}, fmt.Errorf("%v is not a Unix time", v)
		}
		if v >= unixMillisBound {
			return time.UnixMilli(int64(v)).UTC(), nil
		}
		sec, frac := math.Modf(v)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	case string:
		if strings.TrimSpace(v) == "" {
			return time.Time{}, nil
		}
		t, err := ParseDate(v)
		if err != nil {
			return time.Time{}, fmt.Errorf("unparsable date %q", truncate(v, 64))
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("want a date string or a number, got %s", jsonType(v))
}

// truncate shortens s to at most n bytes on a rune boundary, for messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
