package corpus

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// fields are the article fields a CSV column can map to.
var fields = []string{"id", "outlet", "title", "subtitle", "author", "published", "url", "text"}

// ParseColumns parses a column mapping "field=column,…" such as
// "text=body,title=headline,published=date" into a map from article field to
// CSV column name. Fields are id, outlet, title, subtitle, author, published,
// url and text; an unknown field, an empty name or a field given twice is an
// error. An empty spec gives an empty map.
func ParseColumns(spec string) (map[string]string, error) {
	m := make(map[string]string)
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		field, column, ok := strings.Cut(item, "=")
		field, column = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(column)
		switch {
		case !ok || field == "" || column == "":
			return nil, fmt.Errorf("column mapping %q: want field=column", item)
		case !slices.Contains(fields, field):
			return nil, fmt.Errorf("column mapping %q: unknown field %q (want one of %s)", item, field, strings.Join(fields, ", "))
		case m[field] != "":
			return nil, fmt.Errorf("column mapping %q: field %q mapped twice", item, field)
		}
		m[field] = column
	}
	return m, nil
}

// CSVReader reads articles from CSV with a header row, one article per
// record, in bounded memory. Columns map to article fields through
// Options.Columns; a column not mapped there whose name (case-insensitive)
// is a field name maps to that field, and "body" or "content" stand for
// "text" when no column does; other columns go to Meta as strings. Cells
// are cleaned as JSON fields are (see [JSONLReader]); empty cells count as
// missing.
type CSVReader struct {
	o      Origin
	opts   *Options
	cap    *recordCap
	cr     *csv.Reader
	lineAt int // physical line the current csv.Reader started on, minus 1
	header []string
	field  []string // field name per column index, "" for Meta
	err    error
	next   int // first physical line of the next record
	rows   int // non-blank records read
}

// NewCSVReader reads the header row of r and returns a reader of its
// records. Errors are *[ParseError]: binary data, an empty stream, a bad
// header, or a mapped column missing from the header.
func NewCSVReader(o Origin, r io.Reader, opts *Options) (*CSVReader, error) {
	br := bufio.NewReaderSize(r, readBufferSize)
	head, _ := br.Peek(sniffSize)
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
		head = head[3:]
	}
	if err := checkBinary(head); err != nil {
		return nil, &ParseError{Path: o.name(), Err: err}
	}
	c := &CSVReader{o: o, opts: opts, cap: &recordCap{r: br, max: opts.maxLine() + readBufferSize}}
	c.cr = c.newCSV()
	header, err := c.cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, &ParseError{Path: o.name(), Err: errorf(ErrEmpty, "empty file")}
	case errors.Is(err, errRecordTooLong):
		return nil, &ParseError{Path: o.name(), Line: 1, Err: errorf(ErrTooLong, "header longer than %d bytes", opts.maxLine())}
	case err != nil:
		return nil, &ParseError{Path: o.name(), Line: 1, Err: errorf(ErrCSV, "header: %v", csvReason(err))}
	}
	c.header = slices.Clone(header)
	if err := c.mapColumns(); err != nil {
		return nil, &ParseError{Path: o.name(), Line: 1, Err: err}
	}
	c.next = 2
	return c, nil
}

func (c *CSVReader) newCSV() *csv.Reader {
	cr := csv.NewReader(c.cap)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// mapColumns assigns each column its field.
func (c *CSVReader) mapColumns() error {
	c.field = make([]string, len(c.header))
	index := make(map[string]int) // lower-case column name → first index
	for i, h := range c.header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, ok := index[h]; !ok {
			index[h] = i
		}
	}
	mapped := make(map[string]bool)
	for _, f := range fields {
		col, ok := c.opts.columns()[f]
		if !ok {
			continue
		}
		i, ok := index[strings.ToLower(col)]
		if !ok {
			return errorf(ErrCSV, "column %q (for field %q) is not in the header", col, f)
		}
		c.field[i] = f
		mapped[f] = true
	}
	for _, f := range fields {
		if mapped[f] {
			continue
		}
		if i, ok := index[f]; ok && c.field[i] == "" {
			c.field[i] = f
			mapped[f] = true
		}
	}
	if !mapped["text"] {
		for _, alt := range []string{"body", "content"} {
			if i, ok := index[alt]; ok && c.field[i] == "" {
				c.field[i] = "text"
				break
			}
		}
	}
	return nil
}

// Next returns the next article. A bad record (malformed quoting, a field
// count different from the header's, longer than Options.MaxLine, no text)
// gives a *[ParseError] with the record's first line, and the following call
// goes on. A stream without records gives one [ErrEmpty] error with line 0.
// io.EOF ends the stream; an error of the underlying reader is
// returned as a *[ReadError] on this and every later call.
func (c *CSVReader) Next() (Article, error) {
	if c.err != nil {
		return Article{}, c.err
	}
	for {
		c.cap.n = 0
		rec, err := c.cr.Read()
		start := c.next
		if err == nil {
			last, _ := c.cr.FieldPos(len(rec) - 1)
			c.next = c.lineAt + last + strings.Count(rec[len(rec)-1], "\n") + 1
		}
		var pe *csv.ParseError
		switch {
		case errors.Is(err, io.EOF):
			c.err = io.EOF
			if c.rows == 0 {
				return Article{}, &ParseError{Path: c.o.name(), Err: errorf(ErrEmpty, "no records after the header")}
			}
			return Article{}, io.EOF
		case errors.Is(err, errRecordTooLong):
			c.rows++
			// Skip to the end of the physical line and start a new parser
			// there: the old one has lost its place.
			if err := c.cap.skipLine(); err != nil && !errors.Is(err, io.EOF) {
				c.err = &ReadError{Path: c.o.name(), Line: start, Err: err}
				return Article{}, c.err
			}
			c.lineAt = c.cap.lines
			c.next = c.lineAt + 1
			c.cr = c.newCSV()
			return Article{}, &ParseError{Path: c.o.name(), Line: start,
				Err: errorf(ErrTooLong, "record longer than %d bytes", c.opts.maxLine())}
		case errors.As(err, &pe):
			c.rows++
			line := c.lineAt + pe.StartLine
			c.next = c.lineAt + pe.Line + 1
			return Article{}, &ParseError{Path: c.o.name(), Line: line, Err: errorf(ErrCSV, "%s", csvReason(err))}
		case err != nil:
			c.err = &ReadError{Path: c.o.name(), Line: start, Err: err}
			return Article{}, c.err
		}
		first, _ := c.cr.FieldPos(0)
		line := c.lineAt + first
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		c.rows++
		if len(rec) != len(c.header) {
			return Article{}, &ParseError{Path: c.o.name(), Line: line,
				Err: errorf(ErrCSV, "%d fields, the header has %d", len(rec), len(c.header))}
		}
		a, err := c.article(rec, line)
		if err != nil {
			return Article{}, &ParseError{Path: c.o.name(), Line: line, Err: err}
		}
		return a, nil
	}
}

func (c *CSVReader) article(rec []string, line int) (Article, error) {
	var a Article
	var text string
	for i, v := range rec {
		if strings.TrimSpace(v) == "" {
			continue
		}
		switch c.field[i] {
		case "id":
			a.ID = CleanText(v)
		case "outlet":
			a.Outlet = CleanText(v)
		case "title":
			a.Title = CleanText(v)
		case "subtitle":
			a.Subtitle = CleanText(v)
		case "author":
			a.Author = CleanText(v)
		case "url":
			a.URL = CleanText(v)
		case "text":
			text = v
		case "published":
			t, err := ParseDate(v)
			if err != nil {
				c.opts.warn(&ParseError{Path: c.o.name(), Line: line,
					Err: errorf(ErrDate, "column %q: unparsable date %q", c.header[i], truncate(v, 64))})
				setMeta(&a, c.header[i], v)
				continue
			}
			a.Published = t
		default:
			setMeta(&a, c.header[i], v)
		}
	}
	a.Paragraphs = Paragraphs(text, c.opts.boilerplate())
	c.o.Complete(&a, line)
	if len(a.Paragraphs) == 0 {
		return Article{}, errorf(ErrNoText, "article %s has no text", a.ID)
	}
	return a, nil
}

// csvReason is the message of a csv error without its position, which
// ParseError adds.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (o *Options) columns() map[string]string {
	if o == nil {
		return nil
	}
	return o.Columns
}

var errRecordTooLong = errors.New("record too long")

// recordCap passes bytes through to the csv parser and fails once more than
// max bytes were read since n was last reset (before each record), so that
// a huge record, or an unterminated quote at the start of a huge file, is
// never held in memory. It counts the lines it delivered.
type recordCap struct {
	r     *bufio.Reader
	max   int
	n     int
	lines int // "\n" delivered so far
}

func (c *recordCap) Read(p []byte) (int, error) {
	if c.n >= c.max {
		return 0, errRecordTooLong
	}
	if len(p) > c.max-c.n {
		p = p[:c.max-c.n]
	}
	n, err := c.r.Read(p)
	c.n += n
	c.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// skipLine discards input up to and including the next "\n".
func (c *recordCap) skipLine() error {
	for {
		_, err := c.r.ReadSlice('\n')
		if err == nil {
			c.lines++
			return nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}
