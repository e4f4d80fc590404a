package corpus

import (
	"path"
	"strconv"
	"strings"
)

// Default limits; see [Options].
const (
	// DefaultMaxLine is the longest JSON line or CSV record read, in bytes.
	// The longest article of the development corpora is 26 KB; 16 MiB
	// leaves room for long-form pieces with metadata while bounding memory.
	DefaultMaxLine = 16 << 20
	// DefaultMaxText is the largest text or HTML file read, in bytes.
	DefaultMaxText = 16 << 20
)

// Options configure the parsers. The zero value is usable: no boilerplate
// patterns, default limits, warnings discarded.
type Options struct {
	// Boilerplate lines are dropped from article text; nil drops none.
	Boilerplate *Boilerplate
	// MaxLine is the longest JSON line or CSV record, in bytes; longer ones
	// are reported with ErrTooLong and skipped without being held in
	// memory. 0 means DefaultMaxLine.
	MaxLine int
	// MaxText is the largest text file, in bytes. 0 means DefaultMaxText.
	MaxText int
	// Columns maps article fields to CSV column names ("text" → "body");
	// see [ParseColumns].
	Columns map[string]string
	// Warn receives problems that do not cost the article (ErrDate,
	// ErrCharset, ErrField); nil discards them.
	Warn func(*ParseError)
}

func (o *Options) boilerplate() *Boilerplate {
	if o == nil {
		return nil
	}
	return o.Boilerplate
}

func (o *Options) maxLine() int {
	if o == nil || o.MaxLine <= 0 {
		return DefaultMaxLine
	}
	return o.MaxLine
}

func (o *Options) maxText() int {
	if o == nil || o.MaxText <= 0 {
		return DefaultMaxText
	}
	return o.MaxText
}

func (o *Options) warn(e *ParseError) {
	if o != nil && o.Warn != nil {
		o.Warn(e)
	}
}

// Origin names the input a parser reads.
type Origin struct {
	// Path is the input's path relative to the corpus root, with forward
	// slashes ("nyt/2024/a.txt"); ids derive from it.
	Path string
	// Name is how errors and Article.Source show the input (for example
	// the path as the user gave it); "" means Path.
	Name string
	// Outlet is the outlet of articles that name none; "" means
	// DefaultOutlet(Path).
	Outlet string
}

func (o Origin) name() string {
	if o.Name != "" {
		return o.Name
	}
	return o.Path
}

// Complete fills in what an article parsed from o at line (0 for a
// one-article file) lacks: the outlet (o.Outlet, else DefaultOutlet), the id
// (DeriveID of outlet, o.Path and line) and Source ("name" or "name:line").
// Outlet and id are trimmed.
func (o Origin) Complete(a *Article, line int) {
	a.Outlet = strings.TrimSpace(a.Outlet)
	if a.Outlet == "" {
		a.Outlet = o.Outlet
		if a.Outlet == "" {
			a.Outlet = DefaultOutlet(o.Path)
		}
	}
	a.ID = strings.TrimSpace(a.ID)
	if a.ID == "" {
		a.ID = DeriveID(a.Outlet, o.Path, line)
	}
	a.Source = o.name()
	if line > 0 {
		a.Source = a.Source + ":" + strconv.Itoa(line)
	}
}

// DefaultOutlet returns the outlet of an input that names none, from its
// path relative to the corpus root: the first folder ("nyt/2024/a.txt" →
// "nyt"); for a file at the root or given directly, the stem of a
// multi-article file ("bbc.jsonl", "bbc.jsonl.gz", "bbc.csv" → "bbc");
// otherwise "unknown".
func DefaultOutlet(relPath string) string {
	relPath = strings.TrimPrefix(path.Clean("/"+relPath), "/")
	if i := strings.IndexByte(relPath, '/'); i > 0 {
		return relPath[:i]
	}
	name := strings.TrimSuffix(strings.ToLower(relPath), ".gz")
	for _, ext := range []string{".jsonl", ".ndjson", ".csv"} {
		if strings.HasSuffix(name, ext) && len(name) > len(ext) {
			return relPath[:len(name)-len(ext)]
		}
	}
	return "unknown"
}
