package corpus

import (
	"errors"
	"fmt"
)

// Kinds of bad input. A parser wraps one of them in a [ParseError], so that
// callers can count problems by reason with [errors.Is] or [KindOf]. The
// error text of a wrapped kind is only the detail ("line longer than 1024
// bytes"); the kind is available from the chain.
var (
	// ErrBinary: the input holds NUL bytes or mostly control characters.
	ErrBinary = errors.New("binary data")
	// ErrUTF8: the input is invalid UTF-16, or a JSON line cannot be
	// repaired into UTF-8.
	ErrUTF8 = errors.New("invalid UTF-8")
	// ErrEmpty: the input is empty or white space only.
	ErrEmpty = errors.New("empty file")
	// ErrJSON: a JSON line is malformed or is not an object.
	ErrJSON = errors.New("malformed JSON")
	// ErrCSV: a CSV row is malformed or has the wrong number of fields.
	ErrCSV = errors.New("malformed CSV")
	// ErrTooLong: a line, record or file is over the configured limit.
	ErrTooLong = errors.New("too long")
	// ErrNoText: an article has no body text left after cleaning.
	ErrNoText = errors.New("no text")

	// The following kinds are warnings: the article is kept.

	// ErrDate: a date could not be parsed; the article has a zero date.
	ErrDate = errors.New("unparsable date")
	// ErrCharset: the input was not valid UTF-8: it was converted from
	// Windows-1252, or its bad bytes were replaced by U+FFFD ([ToUTF8]).
	ErrCharset = errors.New("not valid UTF-8")
	// ErrField: a field had an unexpected JSON type and was moved to Meta.
	ErrField = errors.New("unexpected field type")
)

// kinds maps each sentinel to the short name used in counts and manifests.
var kinds = []struct {
	err  error
	name string
}{
	{ErrBinary, "binary"},
	{ErrUTF8, "utf8"},
	{ErrEmpty, "empty"},
	{ErrJSON, "json"},
	{ErrCSV, "csv"},
	{ErrTooLong, "too-long"},
	{ErrNoText, "no-text"},
	{ErrDate, "date"},
	{ErrCharset, "charset"},
	{ErrField, "field"},
}

// KindOf returns the short name of the kind of bad input err reports:
// "binary", "utf8", "empty", "json", "csv", "too-long", "no-text", "date",
// "charset" or "field"; "" when err wraps none of the kinds above (an I/O
// error, for instance).
func KindOf(err error) string {
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return ""
}

// IsWarning reports whether err is of a kind that keeps the article
// ([ErrDate], [ErrCharset], [ErrField]).
func IsWarning(err error) bool {
	return errors.Is(err, ErrDate) || errors.Is(err, ErrCharset) || errors.Is(err, ErrField)
}

// kindError is a detail message that unwraps to one of the kinds.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// errorf returns an error whose text is the formatted detail and which
// unwraps to kind.
func errorf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// ReadError is a failure of the underlying reader (a disk error, a corrupt
// compressed stream) while a multi-article reader was at Line. Unlike a
// [ParseError], it ends the stream.
type ReadError struct {
	Path string
	// Line is the 1-based line being read when the reader failed.
	Line int
	Err  error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("read %s: line %d: %v", e.Path, e.Line, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }
