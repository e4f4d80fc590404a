package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"
)

// JSONReader reads the articles of a .json file: one article object, or an
// array of them. Objects have the fields of [JSONLReader]. The file is read
// whole, up to Options.MaxText bytes (a larger export belongs in JSON
// lines, which are streamed). Articles of an array are numbered by the line
// their object starts on: an article without an id gets one derived from
// the path and that line, and its Source is "path:line"; the article of a
// single-object file is named by the path alone, like a text file's.
type JSONReader struct {
	o    Origin
	opts *Options
	// b is the file, dec reads its array; line counts the newlines of b
	// before lineAt, so that line numbers cost one pass over the file.
	b      []byte
	dec    *json.Decoder
	line   int
	lineAt int
	// single is the pending result of a one-object file.
	single  *Article
	pending []error // errors and warnings to return before going on
	done    bool
	elems   int
}

// NewJSONReader returns a reader of the .json file in r, which o names.
func NewJSONReader(o Origin, r io.Reader, opts *Options) *JSONReader {
	jr := &JSONReader{o: o, opts: opts, line: 1}
	jr.pending = jr.open(r)
	return jr
}

// Next returns the next article. A file that cannot be read as JSON
// (binary data, empty, over Options.MaxText, malformed, not an object or
// an array of objects) gives one *[ParseError] and then io.EOF; a
// malformed array stops at the error, after the articles before it. An
// element that is not an object, or an object without text, gives a
// *ParseError at its line, and the following call goes on. A file that is
// not valid UTF-8 is repaired by [ToUTF8] with an [ErrCharset] warning to
// Options.Warn.
func (r *JSONReader) Next() (Article, error) {
	for {
		if len(r.pending) > 0 {
			err := r.pending[0]
			r.pending = r.pending[1:]
			return Article{}, err
		}
		if r.single != nil {
			a := *r.single
			r.single = nil
			r.done = true
			return a, nil
		}
		if r.done || r.dec == nil {
			return Article{}, io.EOF
		}
		a, ok, err := r.element()
		if !ok {
			r.done = true
			if err != nil {
				return Article{}, err
			}
			continue
		}
		if err != nil {
			return Article{}, err
		}
		return a, nil
	}
}

// open reads and checks the file and prepares the walk of its value. It
// returns the errors to report first.
func (r *JSONReader) open(rd io.Reader) []error {
	fail := func(line int, err error) []error {
		r.done = true
		return []error{&ParseError{Path: r.o.name(), Line: line, Err: err}}
	}
	limit := r.opts.maxText()
	b, err := io.ReadAll(io.LimitReader(rd, int64(limit)+1))
	if err != nil {
		r.done = true
		return []error{&ReadError{Path: r.o.name(), Err: err}}
	}
	if len(b) > limit {
		return fail(0, errorf(ErrTooLong, "file larger than %d bytes (write large exports as JSON lines)", limit))
	}
	bom := bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if bom {
		b = b[3:]
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return fail(0, errorf(ErrEmpty, "empty file"))
	}
	if err := checkBinary(b); err != nil {
		return fail(0, err)
	}
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte{'\n'})
		var w error
		b, w = ToUTF8(b, bom)
		r.opts.warn(&ParseError{Path: r.o.name(), Line: line, Err: w})
	}
	r.b = b
	start := len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
	switch b[start] {
	case '{':
		var fields map[string]any
		if err := json.Unmarshal(b, &fields); err != nil {
			return fail(r.lineOf(r.errorOffset(err, start)), errorf(ErrJSON, "malformed JSON: %v", err))
		}
		a, err := articleOf(r.o, r.opts, fields, b, 0, 0)
		if err != nil {
			return fail(0, err)
		}
		r.single = &a
		return nil
	case '[':
		r.dec = json.NewDecoder(bytes.NewReader(b))
		r.dec.Token() // the '[' just seen
		return nil
	}
	return fail(r.lineOf(start), errorf(ErrJSON, "want an article object or an array of them"))
}

// element reads the next element of the array. ok is false at the end of
// the array (err then reports what is wrong after it, if anything) and
// after a syntax error (err).
func (r *JSONReader) element() (a Article, ok bool, err error) {
	if !r.dec.More() {
		if _, err := r.dec.Token(); err != nil {
			return Article{}, false, r.syntaxError(err)
		}
		if rest := bytes.TrimSpace(r.b[r.dec.InputOffset():]); len(rest) > 0 {
			off := len(r.b) - len(bytes.TrimLeft(r.b[r.dec.InputOffset():], " \t\r\n"))
			return Article{}, false, &ParseError{Path: r.o.name(), Line: r.lineOf(off),
				Err: errorf(ErrJSON, "data after the array")}
		}
		if r.elems == 0 {
			return Article{}, false, &ParseError{Path: r.o.name(), Err: errorf(ErrEmpty, "empty array")}
		}
		return Article{}, false, nil
	}
	var raw json.RawMessage
	if err := r.dec.Decode(&raw); err != nil {
		return Article{}, false, r.syntaxError(err)
	}
	r.elems++
	start := int(r.dec.InputOffset()) - len(raw)
	line := r.lineOf(start)
	if raw[0] != '{' {
		return Article{}, true, &ParseError{Path: r.o.name(), Line: line,
			Err: errorf(ErrJSON, "array element %d is not an object", r.elems)}
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return Article{}, true, &ParseError{Path: r.o.name(), Line: line, Err: errorf(ErrJSON, "malformed JSON: %v", err)}
	}
	a, err = articleOf(r.o, r.opts, fields, raw, line, line)
	if err != nil {
		return Article{}, true, &ParseError{Path: r.o.name(), Line: line, Err: err}
	}
	return a, true, nil
}

// syntaxError reports a decoding error of the array at its line.
func (r *JSONReader) syntaxError(err error) error {
	off := int(r.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &ParseError{Path: r.o.name(), Line: r.lineOf(len(r.b)), Err: errorf(ErrJSON, "the array is not closed")}
	}
	return &ParseError{Path: r.o.name(), Line: r.lineOf(off), Err: errorf(ErrJSON, "malformed JSON: %v", err)}
}

// errorOffset returns the byte offset a json.Unmarshal error points at, or
// def.
func (r *JSONReader) errorOffset(err error, def int) int {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return int(se.Offset)
	}
	return def
}

// lineOf returns the 1-based line of byte offset off. Offsets asked for
// only grow, except after an error, so the count goes on from the last.
func (r *JSONReader) lineOf(off int) int {
	off = min(max(off, 0), len(r.b))
	if off < r.lineAt {
		r.line, r.lineAt = 1, 0
	}
	r.line += bytes.Count(r.b[r.lineAt:off], []byte{'\n'})
	r.lineAt = off
	return r.line
}
