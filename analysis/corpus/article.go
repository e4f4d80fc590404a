// Package corpus defines the article, the unit newsframe reads, and the
// parsers that turn raw input (scraped text, text with a header, JSON lines,
// CSV) into articles. Parsers read from an io.Reader and never touch the file
// system: the command opens files and passes their names for error messages.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Article is one news article after parsing.
type Article struct {
	// ID is stable across runs: the input's own id, else derived from the
	// outlet and the path (and line, for JSON lines) it came from.
	ID       string
	Outlet   string
	Title    string
	Subtitle string
	Author   string
	// Published is the zero time when the input gives no date.
	Published time.Time
	URL       string
	// Source says where the article came from: "path" or "path:line".
	Source string
	// Paragraphs holds the body, one cleaned paragraph per element.
	Paragraphs []string
	// Meta keeps input fields that have no place above (JSON values as
	// decoded by encoding/json).
	Meta map[string]any
}

// Hash returns the hex SHA-256 of the article's content: the fields that
// change what newsframe computes (outlet, title, author, date, URL,
// paragraphs). Two parses of the same content give the same hash.
func (a *Article) Hash() string {
	h := sha256.New()
	field := func(s string) {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	field(a.Outlet)
	field(a.Title)
	field(a.Subtitle)
	field(a.Author)
	if !a.Published.IsZero() {
		field(a.Published.UTC().Format(time.RFC3339))
	} else {
		field("")
	}
	field(a.URL)
	for _, p := range a.Paragraphs {
		field(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Day returns the publication day as YYYY-MM-DD, or "" when the date is
// unknown.
func (a *Article) Day() string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.UTC().Format(time.DateOnly)
}

// ParseError reports bad input with its position. Line is 1-based; 0 means
// the whole file.
type ParseError struct {
	Path string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// DeriveID builds an article id from its outlet and the path (relative to
// the corpus root, with forward slashes) it was read from; line is appended
// for inputs holding several articles. The extension is dropped so that
// "a.txt" and "a.md" renamed keep their identity only when the stem stays.
func DeriveID(outlet, path string, line int) string {
	stem := path
	if i := strings.LastIndexByte(stem, '.'); i > strings.LastIndexByte(stem, '/') {
		stem = stem[:i]
	}
	id := outlet + "/" + stem
	if line > 0 {
		id += fmt.Sprintf(":%d", line)
	}
	return id
}
