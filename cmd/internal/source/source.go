// Package source reads a corpus from disk (or any fs.FS) and turns it into
// articles and problems: the I/O edge in front of analysis/corpus.
//
// A corpus is one or more roots, each a directory tree or a single file.
// [Walker.Files] lists the input files of every root in a deterministic
// order (roots in the order given, then by path) with a fingerprint (size,
// modification time and, when asked, a content hash) that the incremental
// layer compares with the last run; [Walker.Read] streams the items of one
// file: articles, and problems with the file and line that caused them.
// [Walker.Walk] does both. Bad input never stops a walk: it becomes a
// [Problem].
//
// # Formats
//
// By extension, case-insensitive, optionally followed by ".gz" (read
// through gzip, streamed):
//
//	.txt .text .md      one article (corpus.ParseText)
//	.json               one article object, or an array of them (corpus.JSONReader)
//	.jsonl .ndjson      one article per line (corpus.JSONLReader)
//	.csv                one article per record (corpus.CSVReader)
//	.html .htm          one article, main text extracted (ParseHTML)
//
// Other files are skipped and counted by extension ([Skipped]), and so is
// the documentation of a corpus (README.md, LICENSE.txt…). Hidden files and directories (".git")
// are skipped; symbolic links to files are followed, links to directories
// are not (so a link loop cannot hang a walk); devices, pipes and sockets
// are skipped.
//
// # Memory
//
// JSON lines and CSV are streamed in bounded memory: a line or record over
// corpus.Options.MaxLine is reported and skipped without being held. A text
// or HTML file is read whole, up to corpus.Options.MaxText.
package source

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"newsframe/analysis/corpus"
	"newsframe/data"
)

// Format is the kind of an input file.
type Format int

// The formats; see the package documentation for their extensions.
const (
	Unknown Format = iota
	Text
	JSONL
	CSV
	HTML
	JSON
)

func (f Format) String() string {
	switch f {
	case Text:
		return "text"
	case JSONL:
		return "jsonl"
	case CSV:
		return "csv"
	case HTML:
		return "html"
	case JSON:
		return "json"
	}
	return "unknown"
}

// FormatOf returns the format of a file from its name and whether the file
// is gzip-compressed ("a.jsonl.gz" → JSONL, true).
func FormatOf(name string) (f Format, gzipped bool) {
	name = strings.ToLower(name)
	if strings.HasSuffix(name, ".gz") {
		name, gzipped = strings.TrimSuffix(name, ".gz"), true
	}
	switch path.Ext(name) {
	case ".txt", ".text", ".md":
		f = Text
	case ".json":
		f = JSON
	case ".jsonl", ".ndjson":
		f = JSONL
	case ".csv":
		f = CSV
	case ".html", ".htm":
		f = HTML
	}
	return f, gzipped
}

// Root is one corpus path: a directory tree, or a single file.
type Root struct {
	// FS holds the tree, or the directory of the single file.
	FS fs.FS
	// Name is how the root is shown in file names of problems and
	// Article.Source: the path as the user gave it, or "sample".
	Name string
	// File is the name of the single file in FS; "" for a tree.
	File string
}

// Open returns the roots of corpus paths given by the user: a directory is
// a tree, anything else a single file. A path that does not exist is an
// error.
func Open(paths ...string) ([]Root, error) {
	roots := make([]Root, 0, len(paths))
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", p, err)
		}
		if info.IsDir() {
			roots = append(roots, Root{FS: os.DirFS(p), Name: filepath.Clean(p)})
			continue
		}
		roots = append(roots, Root{FS: os.DirFS(filepath.Dir(p)), Name: filepath.Clean(p), File: filepath.Base(p)})
	}
	return roots, nil
}

// Sample returns the root of the corpus embedded in the binary, the one
// `newsframe run` reads when no corpus is given.
func Sample() Root {
	sub, err := fs.Sub(data.FS, "sample")
	if err != nil {
		// fs.Sub fails only on an invalid path; "sample" is valid.
		panic("source: embedded sample: " + err.Error())
	}
	return Root{FS: sub, Name: "sample"}
}

// Options configure a Walker. The zero value is usable.
type Options struct {
	// Corpus configures the parsers (boilerplate, limits, CSV columns).
	// Its Warn field is ignored: warnings become Problems.
	Corpus corpus.Options
	// Hash makes Files compute File.Hash, which reads every file once more.
	Hash bool
	// MaxProblems is the most problems reported per file; the rest are
	// summed up in one last Problem of kind "suppressed". 0 means 100.
	MaxProblems int
}

// File is one input file and its fingerprint.
type File struct {
	// Root is the index of the file's root in the Walker's roots.
	Root int
	// Path is relative to the root, with forward slashes; for a single-file
	// root it is the file's base name. Article ids derive from it.
	Path string
	// Name is the file as users see it: the root's name joined with Path.
	Name    string
	Format  Format
	Gzipped bool
	// Size is in bytes, as stored (compressed for .gz).
	Size int64
	// ModTime is zero for embedded files.
	ModTime time.Time
	// Hash is the hex SHA-256 of the stored bytes when Options.Hash is set.
	Hash string
}

// Problem is bad input: a file, or one line of it, that yielded no article
// (or, when Warning is set, an article with a defect).
type Problem struct {
	// Path is the File.Name of the input.
	Path string
	// Line is 1-based; 0 means the whole file.
	Line int
	// Kind classifies the problem: the kinds of corpus.KindOf ("binary",
	// "utf8", "empty", "json", "csv", "too-long", "no-text", and the
	// warnings "date", "charset", "field"), "gzip", "html", "format" (a
	// file given directly with an unknown extension), "io", or
	// "suppressed" for the summary of problems beyond Options.MaxProblems.
	Kind string
	// Reason says what is wrong, without the path and line.
	Reason string
	// Warning is set when the article was kept.
	Warning bool
	// Suppressed counts the problems a "suppressed" summary stands for.
	Suppressed int
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s (%s)", p.Path, p.Line, p.Reason, p.Kind)
	}
	return fmt.Sprintf("%s: %s (%s)", p.Path, p.Reason, p.Kind)
}

// Item is what a walk yields: an article or a problem. File is the input it
// came from (nil for problems found while listing).
type Item struct {
	File    *File
	Article *corpus.Article
	Problem *Problem
}

// MaxSkippedPaths is the number of skipped files of an unknown format that
// [Skipped] lists by name; all of them are counted.
const MaxSkippedPaths = 1000

// Skipped counts the directory entries a listing passed over.
type Skipped struct {
	// Unknown counts files of an unknown format in trees.
	Unknown int
	// ByExtension counts those files by lower-case extension, ".gz"
	// kept (".pdf", ".xml.gz"; "" for a name without one). It is nil
	// when Unknown is 0.
	ByExtension map[string]int
	// Paths names the first MaxSkippedPaths of them in listing order
	// (roots as given, then by path), as File.Name does.
	Paths []string
	// Hidden counts hidden files and directories (one per directory, not
	// per file inside).
	Hidden int
	// Links counts symbolic links to directories and broken links.
	Links int
	// Special counts devices, pipes and sockets.
	Special int
	// Docs counts the documentation of a corpus: files named README,
	// LICENSE, COPYING or CHANGELOG (any extension, any case).
	Docs int
}

// add counts a skipped file of an unknown format.
func (s *Skipped) add(name, display string) {
	s.Unknown++
	if s.ByExtension == nil {
		s.ByExtension = make(map[string]int)
	}
	s.ByExtension[SkippedExtension(name)]++
	if len(s.Paths) < MaxSkippedPaths {
		s.Paths = append(s.Paths, display)
	}
}

// SkippedExtension returns the extension a skipped file is counted under:
// lower case, with the extension under ".gz" ("A.PDF" → ".pdf",
// "feed.xml.gz" → ".xml.gz", "NOTES" → "").
func SkippedExtension(name string) string {
	name = strings.ToLower(name)
	gz := ""
	if strings.HasSuffix(name, ".gz") && len(name) > 3 {
		name, gz = strings.TrimSuffix(name, ".gz"), ".gz"
	}
	ext := path.Ext(name)
	if ext == name { // ".gz" or a dot file: no stem
		ext = ""
	}
	return ext + gz
}

// Extensions returns the counts of ByExtension as "ext count" pairs sorted
// by extension, for logs: ".docx 1, .pdf 3, (none) 2".
func (s Skipped) Extensions() string {
	exts := make([]string, 0, len(s.ByExtension))
	for e := range s.ByExtension {
		exts = append(exts, e)
	}
	slices.Sort(exts)
	parts := make([]string, 0, len(exts))
	for _, e := range exts {
		name := e
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, s.ByExtension[e]))
	}
	return strings.Join(parts, ", ")
}

// Walker reads the files of one or more roots.
type Walker struct {
	roots []Root
	opts  Options
}

// New returns a Walker over roots.
func New(roots []Root, opts Options) *Walker {
	return &Walker{roots: roots, opts: opts}
}

// Files lists the input files of all roots: roots in the order given, files
// of a root sorted by Path. Entries that cannot be read become problems; a
// cancelled ctx stops the listing with ctx.Err().
func (w *Walker) Files(ctx context.Context) ([]File, Skipped, []Problem, error) {
	var files []File
	var skipped Skipped
	var problems []Problem
	for i, root := range w.roots {
		var fromRoot []File
		var err error
		if root.File != "" {
			fromRoot, problems, err = w.single(i, root, problems)
		} else {
			fromRoot, problems, err = w.tree(ctx, i, root, &skipped, problems)
		}
		if err != nil {
			return nil, skipped, problems, err
		}
		slices.SortFunc(fromRoot, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
		files = append(files, fromRoot...)
	}
	if w.opts.Hash {
		for i := range files {
			if err := ctx.Err(); err != nil {
				return nil, skipped, problems, err
			}
			h, err := w.hash(&files[i])
			if err != nil {
				problems = append(problems, Problem{Path: files[i].Name, Kind: "io", Reason: err.Error()})
				continue
			}
			files[i].Hash = h
		}
	}
	return files, skipped, problems, nil
}

// single lists a root that is one file.
func (w *Walker) single(i int, root Root, problems []Problem) ([]File, []Problem, error) {
	info, err := fs.Stat(root.FS, root.File)
	if err != nil {
		return nil, append(problems, Problem{Path: root.Name, Kind: "io", Reason: errReason(err)}), nil
	}
	format, gz := FormatOf(root.File)
	if format == Unknown {
		return nil, append(problems, Problem{Path: root.Name, Kind: "format",
			Reason: "unknown file type (want .txt, .md, .json, .jsonl, .csv, .html, optionally .gz)"}), nil
	}
	if !info.Mode().IsRegular() {
		return nil, append(problems, Problem{Path: root.Name, Kind: "io", Reason: "not a regular file"}), nil
	}
	return []File{{Root: i, Path: root.File, Name: root.Name, Format: format, Gzipped: gz,
		Size: info.Size(), ModTime: info.ModTime()}}, problems, nil
}

// tree lists a directory root.
func (w *Walker) tree(ctx context.Context, i int, root Root, skipped *Skipped, problems []Problem) ([]File, []Problem, error) {
	var files []File
	err := fs.WalkDir(root.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			problems = append(problems, Problem{Path: displayName(root, p), Kind: "io", Reason: errReason(err)})
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if p == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			skipped.Hidden++
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		mode := d.Type()
		var info fs.FileInfo
		if mode&fs.ModeSymlink != 0 {
			// Follow links to files only: a link to a directory could
			// loop, and fs.WalkDir does not descend into it anyway.
			target, err := fs.Stat(root.FS, p)
			if err != nil || target.IsDir() {
				skipped.Links++
				return nil
			}
			info, mode = target, target.Mode().Type()
		}
		if mode&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice|fs.ModeIrregular) != 0 {
			skipped.Special++
			return nil
		}
		format, gz := FormatOf(d.Name())
		if format == Unknown {
			skipped.add(d.Name(), displayName(root, p))
			return nil
		}
		if isDoc(d.Name()) {
			skipped.Docs++
			return nil
		}
		if info == nil {
			if info, err = d.Info(); err != nil {
				problems = append(problems, Problem{Path: displayName(root, p), Kind: "io", Reason: errReason(err)})
				return nil
			}
		}
		files = append(files, File{Root: i, Path: p, Name: displayName(root, p), Format: format, Gzipped: gz,
			Size: info.Size(), ModTime: info.ModTime()})
		return nil
	})
	return files, problems, err
}

// isDoc reports whether a file name is that of a corpus's documentation
// rather than an article: a README.md beside the articles is common.
func isDoc(name string) bool {
	stem, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch stem {
	case "README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG":
		return true
	}
	return false
}

// displayName joins a root's name and a path in it.
func displayName(root Root, p string) string {
	if p == "." {
		return root.Name
	}
	if root.Name == "" || root.Name == "." {
		return filepath.FromSlash(p)
	}
	return filepath.Join(root.Name, filepath.FromSlash(p))
}

// errReason is the message of a file system error without the path, which
// the Problem carries.
func errReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// hash returns the hex SHA-256 of a file's stored bytes.
func (w *Walker) hash(f *File) (string, error) {
	r, err := w.roots[f.Root].FS.Open(f.Path)
	if err != nil {
		return "", errors.New(errReason(err))
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", errors.New(errReason(err))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Walk lists the files of all roots and reads them in order, calling fn with
// every item: first the problems of the listing, then the items of each
// file. It stops at the first error fn returns, or when ctx is cancelled,
// and returns that error. Skipped counts what the listing passed over.
func (w *Walker) Walk(ctx context.Context, fn func(Item) error) (Skipped, error) {
	files, skipped, problems, err := w.Files(ctx)
	if err != nil {
		return skipped, err
	}
	for i := range problems {
		if err := fn(Item{Problem: &problems[i]}); err != nil {
			return skipped, err
		}
	}
	for i := range files {
		if err := w.Read(ctx, &files[i], fn); err != nil {
			return skipped, err
		}
	}
	return skipped, nil
}

// Read streams the items of one file to fn, in line order; the warnings of
// an article come just before it. Bad input is reported to fn as problems,
// never returned. Read returns the first error of fn, or ctx.Err() when ctx
// is cancelled. Read may run concurrently for different files.
func (w *Walker) Read(ctx context.Context, f *File, fn func(Item) error) error {
	r, err := w.roots[f.Root].FS.Open(f.Path)
	if err != nil {
		return fn(Item{File: f, Problem: &Problem{Path: f.Name, Kind: "io", Reason: errReason(err)}})
	}
	defer r.Close()
	o := corpus.Origin{Path: f.Path, Name: f.Name}
	return readStream(ctx, f, o, r, f.Format, f.Gzipped, w.opts, fn)
}

// ReadStream reads articles of the given format from r, which name names
// (for example "stdin"), and calls fn with every item: the entry point for a
// single stream such as `newsframe score` reading standard input. Ids of
// articles without one derive from name. The Items have a nil File.
func ReadStream(ctx context.Context, name string, r io.Reader, format Format, opts Options, fn func(Item) error) error {
	o := corpus.Origin{Path: name, Name: name}
	return readStream(ctx, nil, o, r, format, false, opts, fn)
}

// readStream dispatches on format and turns errors into problems.
func readStream(ctx context.Context, f *File, o corpus.Origin, r io.Reader, format Format, gzipped bool,
	opts Options, fn func(Item) error) error {
	e := &emitter{ctx: ctx, file: f, name: o.Name, fn: fn, max: opts.MaxProblems, gzipped: gzipped}
	if e.max <= 0 {
		e.max = 100
	}
	copts := opts.Corpus
	copts.Warn = func(pe *corpus.ParseError) { e.fail(pe) }

	if gzipped {
		gz, err := gzip.NewReader(bufio.NewReader(r))
		if err != nil {
			e.add(Problem{Kind: "gzip", Reason: "corrupt gzip stream: " + err.Error()})
			return e.finish()
		}
		defer gz.Close()
		r = gz
	}
	var err error
	switch format {
	case Text:
		err = e.one(corpus.ParseText(o, r, &copts))
	case HTML:
		err = e.one(ParseHTML(o, r, &copts))
	case JSON:
		err = e.stream(corpus.NewJSONReader(o, r, &copts).Next)
	case JSONL:
		err = e.stream(corpus.NewJSONLReader(o, r, &copts).Next)
	case CSV:
		cr, cerr := corpus.NewCSVReader(o, r, &copts)
		if cerr != nil {
			e.fail(cerr)
			break
		}
		err = e.stream(cr.Next)
	default:
		e.add(Problem{Kind: "format", Reason: "unknown file type"})
	}
	if err != nil {
		return err
	}
	return e.finish()
}

// emitter passes the items of one stream to fn, capping the problems.
type emitter struct {
	ctx        context.Context
	file       *File
	name       string
	fn         func(Item) error
	max        int
	gzipped    bool
	problems   int
	suppressed int
	err        error // first error of fn, returned by every later call
}

// add reports p, or counts it once the cap is reached.
func (e *emitter) add(p Problem) {
	if e.err != nil {
		return
	}
	e.problems++
	if e.problems > e.max {
		e.suppressed++
		return
	}
	p.Path = e.name
	e.err = e.fn(Item{File: e.file, Problem: &p})
}

// fail reports an error from a parser: a ParseError, or a failure of the
// reader (a corrupt gzip stream, a disk error), which ends the stream.
func (e *emitter) fail(err error) {
	p := Problem{Kind: kindOf(err), Reason: err.Error()}
	var pe *corpus.ParseError
	var re *corpus.ReadError
	switch {
	case errors.As(err, &pe):
		p.Line, p.Reason, p.Warning = pe.Line, pe.Err.Error(), corpus.IsWarning(err)
	case errors.As(err, &re):
		p.Line, p.Reason = re.Line, re.Err.Error()
	}
	if p.Kind == "io" && e.gzipped {
		p.Kind, p.Reason = "gzip", "corrupt gzip stream: "+p.Reason
	}
	e.add(p)
}

// one reports the result of a one-article parser.
func (e *emitter) one(a corpus.Article, err error) error {
	if err != nil {
		e.fail(err)
		return e.err
	}
	if e.err == nil {
		e.err = e.fn(Item{File: e.file, Article: &a})
	}
	return e.err
}

// stream reports the results of a multi-article reader until io.EOF, a
// reader failure, an error of fn or cancellation.
func (e *emitter) stream(next func() (corpus.Article, error)) error {
	for e.err == nil {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		a, err := next()
		var pe *corpus.ParseError
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &pe):
			e.fail(err)
		case err != nil:
			e.fail(err)
			return e.err
		default:
			e.err = e.fn(Item{File: e.file, Article: &a})
		}
	}
	return e.err
}

// finish reports the summary of suppressed problems and returns fn's error.
func (e *emitter) finish() error {
	if e.err == nil && e.suppressed > 0 {
		p := Problem{Path: e.name, Kind: "suppressed", Suppressed: e.suppressed,
			Reason: fmt.Sprintf("%d more problems not listed", e.suppressed)}
		e.err = e.fn(Item{File: e.file, Problem: &p})
	}
	if e.err == nil {
		return e.ctx.Err()
	}
	return e.err
}

// kindOf classifies an error for Problem.Kind.
func kindOf(err error) string {
	if k := corpus.KindOf(err); k != "" {
		return k
	}
	if errors.Is(err, ErrHTML) {
		return "html"
	}
	return "io"
}
