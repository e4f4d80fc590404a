package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// This file builds the dated corpora of the benchmark from a JSON-lines
// source with publication dates (the AllSides set): the source as it is
// ("allsides") or replicated with its dates shifted by whole years
// ("allsides-x4"), split into a base, which the full run reads, and the
// newest articles, which the incremental run adds.

// dateLayouts are the publication-date forms the builder can shift; a
// shifted date keeps the form it had.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

// parseDate parses a publication date in one of dateLayouts and returns
// the layout it matched.
func parseDate(s string) (time.Time, string, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, l, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("published %q: not a date the benchmark can shift (want one of %s)", s, strings.Join(dateLayouts, ", "))
}

// sourceRecord is what the builder keeps of one source line: enough to
// choose the newest articles without holding the text.
type sourceRecord struct {
	ID     string
	Outlet string
	// Published is the source's date text; empty when undated.
	Published string
	Date      time.Time
	Dated     bool
}

// datedSource is the head of a JSON-lines source (plain or gzipped): its
// records in file order, at most limit of them when limit > 0.
type datedSource struct {
	Path    string
	Records []sourceRecord
	// JSONBytes are the uncompressed bytes of the lines kept, newlines
	// included; FileBytes the size of the file.
	JSONBytes int64
	FileBytes int64
}

// openLines opens a JSON-lines file, decompressing it when its name ends
// in .gz.
func openLines(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

// eachLine calls fn with the line number (from 1) and each non-blank line
// of path, newline removed, until fn returns false or limit lines (limit >
// 0) were passed. The slice is only valid during the call.
func eachLine(path string, limit int, fn func(n int, line []byte) (bool, error)) error {
	rc, err := openLines(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<20)
	n, kept := 0, 0
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A long line: gather it whole.
			long := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if len(line) > 0 {
			n++
			if trimmed := bytes.TrimRight(line, "\r\n"); len(bytes.TrimSpace(trimmed)) > 0 {
				more, ferr := fn(n, trimmed)
				if ferr != nil {
					return fmt.Errorf("%s: line %d: %w", path, n, ferr)
				}
				kept++
				if !more || (limit > 0 && kept >= limit) {
					return nil
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", path, n+1, err)
		}
	}
}

// readDatedSource reads the records of the first limit articles of path
// (all when limit <= 0).
func readDatedSource(path string, limit int) (*datedSource, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	src := &datedSource{Path: path, FileBytes: st.Size()}
	err = eachLine(path, limit, func(_ int, line []byte) (bool, error) {
		var a struct {
			ID        string  `json:"id"`
			Outlet    string  `json:"outlet"`
			Published *string `json:"published"`
		}
		if err := json.Unmarshal(line, &a); err != nil {
			return false, err
		}
		if a.ID == "" {
			return false, errors.New("no id")
		}
		r := sourceRecord{ID: a.ID, Outlet: a.Outlet}
		if a.Published != nil && *a.Published != "" {
			t, _, err := parseDate(*a.Published)
			if err != nil {
				return false, err
			}
			r.Published, r.Date, r.Dated = *a.Published, t, true
		}
		src.Records = append(src.Records, r)
		src.JSONBytes += int64(len(line)) + 1
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if len(src.Records) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return src, nil
}

// shiftStep returns the shift between copies, in years: the smallest
// multiple of ten years longer than the span of the source's dates, so
// that the copies' date ranges are years apart and never share a day, a
// story window or a wire window. A source whose dates span less than ten
// years gets +0, +10, +20, ... years.
func shiftStep(recs []sourceRecord) int {
	lo, hi := 0, 0
	first := true
	for _, r := range recs {
		if !r.Dated {
			continue
		}
		y := r.Date.Year()
		if first || y < lo {
			lo = y
		}
		if first || y > hi {
			hi = y
		}
		first = false
	}
	span := hi - lo + 1
	return 10 * ((span + 9) / 10)
}

// copyID is the id of the source article's copy k: the source id for
// copy 0, the id suffixed "-cK" after it.
func copyID(id string, k int) string {
	if k == 0 {
		return id
	}
	return fmt.Sprintf("%s-c%d", id, k)
}

// articleRef is one article of a replicated corpus: copy K of source
// record I.
type articleRef struct{ K, I int }

// newest returns the n articles of the copies × records with the latest
// shifted dates, by date then id, newest first. Undated articles come
// after every dated one (they are never "newest" while a dated one is
// left), among themselves by id.
func newest(recs []sourceRecord, copies, step, n int) []articleRef {
	all := make([]articleRef, 0, copies*len(recs))
	for k := range copies {
		for i := range recs {
			all = append(all, articleRef{k, i})
		}
	}
	date := func(a articleRef) time.Time { return recs[a.I].Date.AddDate(a.K*step, 0, 0) }
	sort.Slice(all, func(x, y int) bool {
		a, b := all[x], all[y]
		ra, rb := recs[a.I], recs[b.I]
		if ra.Dated != rb.Dated {
			return ra.Dated
		}
		if ra.Dated {
			if da, db := date(a), date(b); !da.Equal(db) {
				return da.After(db)
			}
		}
		return copyID(ra.ID, a.K) > copyID(rb.ID, b.K)
	})
	return all[:min(n, len(all))]
}

// spliceFields returns the JSON object line with the values of the
// top-level keys in repl replaced by the raw JSON given there; every other
// byte of the line is kept, so a copy is the same size as its source give
// or take the changed values. It is an error when a key of repl is
// missing.
func spliceFields(line []byte, repl map[string][]byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	type span struct {
		start, end int
		val        []byte
	}
	var spans []span
	found := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		start := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("key %q: %w", key, err)
		}
		end := int(dec.InputOffset())
		v, ok := repl[key]
		if !ok {
			continue
		}
		found[key] = true
		// The value starts after the colon and any white space.
		for start < end && (line[start] == ':' || isSpace(line[start])) {
			start++
		}
		spans = append(spans, span{start, end, v})
	}
	for _, k := range sortedKeys(repl) {
		if !found[k] {
			return nil, fmt.Errorf("no key %q", k)
		}
	}
	out := make([]byte, 0, len(line)+16)
	at := 0
	for _, s := range spans {
		out = append(out, line[at:s.start]...)
		out = append(out, s.val...)
		at = s.end
	}
	return append(out, line[at:]...), nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// copyLine returns copy k of a source line: the line itself for k = 0;
// for k > 0 the line with its id suffixed (copyID) and its publication
// date, when it has one, moved k*step years later in the same form.
func copyLine(line []byte, r sourceRecord, k, step int) ([]byte, error) {
	if k == 0 {
		return line, nil
	}
	id, _ := json.Marshal(copyID(r.ID, k))
	repl := map[string][]byte{"id": id}
	if r.Dated {
		_, layout, err := parseDate(r.Published)
		if err != nil {
			return nil, err
		}
		p, _ := json.Marshal(r.Date.AddDate(k*step, 0, 0).Format(layout))
		repl["published"] = p
	}
	return spliceFields(line, repl)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// jsonlFile is a JSON-lines output file, gzipped when its name ends in
// .gz, that counts its articles and uncompressed bytes.
type jsonlFile struct {
	path     string
	f        *os.File
	bw       *bufio.Writer
	zw       *gzip.Writer
	count    *countingWriter
	articles int
}

func createJSONL(path string) (*jsonlFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	out := &jsonlFile{path: path, f: f, bw: bufio.NewWriterSize(f, 1<<20)}
	var w io.Writer = out.bw
	if strings.HasSuffix(path, ".gz") {
		out.zw = gzip.NewWriter(out.bw)
		w = out.zw
	}
	out.count = &countingWriter{w: w}
	return out, nil
}

func (j *jsonlFile) writeLine(line []byte) error {
	if _, err := j.count.Write(line); err != nil {
		return err
	}
	_, err := j.count.Write([]byte{'\n'})
	j.articles++
	return err
}

// close finishes the file and returns its input figures.
func (j *jsonlFile) close() (inputSize, error) {
	var err error
	if j.zw != nil {
		err = j.zw.Close()
	}
	if err == nil {
		err = j.bw.Flush()
	}
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return inputSize{}, fmt.Errorf("write %s: %w", j.path, err)
	}
	st, err := os.Stat(j.path)
	if err != nil {
		return inputSize{}, err
	}
	return inputSize{Files: 1, Articles: j.articles, JSONBytes: j.count.n, FileBytes: st.Size()}, nil
}

// inputSize counts the input of a run, or a part of it.
type inputSize struct {
	Files    int
	Articles int
	// JSONBytes are the uncompressed JSON-lines bytes; FileBytes the
	// bytes on disk (smaller when gzipped).
	JSONBytes int64
	FileBytes int64
}

func (s inputSize) plus(t inputSize) inputSize {
	return inputSize{s.Files + t.Files, s.Articles + t.Articles, s.JSONBytes + t.JSONBytes, s.FileBytes + t.FileBytes}
}

// datedLayout is a dated corpus written by buildDated.
type datedLayout struct {
	Copies int
	// Step is the date shift between copies in years.
	Step int
	// Base is what baseDir holds (one file per copy), New the newest
	// articles in newDir.
	Base, New inputSize
	Outlets   int
	Undated   int
}

// buildDated writes copies of src into baseDir, one gzipped file per
// copy (copy-K.jsonl.gz), except the newest pct percent of all the
// copies' articles (at least one), which go to newDir/new.jsonl.gz. Copy
// 0 is the source's lines byte for byte; copy k > 0 has its ids suffixed
// and its dates shifted by k*shiftStep years (see copyLine).
func buildDated(src *datedSource, copies int, pct float64, baseDir, newDir string) (*datedLayout, error) {
	for _, d := range []string{baseDir, newDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	l := &datedLayout{Copies: copies, Step: shiftStep(src.Records)}
	total := copies * len(src.Records)
	want := max(1, int(float64(total)*pct/100+0.5))
	isNew := map[articleRef]bool{}
	for _, a := range newest(src.Records, copies, l.Step, want) {
		isNew[a] = true
	}
	outlets := map[string]bool{}
	for _, r := range src.Records {
		outlets[r.Outlet] = true
		if !r.Dated {
			l.Undated += copies
		}
	}
	l.Outlets = len(outlets)

	base := make([]*jsonlFile, copies)
	for k := range base {
		f, err := createJSONL(filepath.Join(baseDir, fmt.Sprintf("copy-%d.jsonl.gz", k)))
		if err != nil {
			return nil, err
		}
		base[k] = f
	}
	added, err := createJSONL(filepath.Join(newDir, "new.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	i := 0
	err = eachLine(src.Path, len(src.Records), func(_ int, line []byte) (bool, error) {
		r := src.Records[i]
		for k := range copies {
			c, err := copyLine(line, r, k, l.Step)
			if err != nil {
				return false, err
			}
			out := base[k]
			if isNew[articleRef{k, i}] {
				out = added
			}
			if err := out.writeLine(c); err != nil {
				return false, err
			}
		}
		i++
		return true, nil
	})
	for _, f := range base {
		s, cerr := f.close()
		if err == nil {
			err = cerr
		}
		l.Base = l.Base.plus(s)
	}
	s, cerr := added.close()
	if err == nil {
		err = cerr
	}
	l.New = s
	if err != nil {
		return nil, err
	}
	if i != len(src.Records) {
		return nil, fmt.Errorf("%s: %d articles on the second reading, %d on the first", src.Path, i, len(src.Records))
	}
	return l, nil
}
