package corpus

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// result is one outcome of a streaming reader, for comparisons.
type result struct {
	id    string
	line  int    // of a ParseError
	kind  string // KindOf a ParseError
	paras []string
}

func (r result) String() string {
	if r.kind != "" {
		return fmt.Sprintf("error %s at line %d", r.kind, r.line)
	}
	return fmt.Sprintf("article %s %q", r.id, r.paras)
}

// readAll drains next and returns its outcomes; a non-ParseError error
// other than io.EOF fails the test.
func readAll(t *testing.T, next func() (Article, error)) []result {
	t.Helper()
	var out []result
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("reader does not end")
		}
		a, err := next()
		if errors.Is(err, io.EOF) {
			return out
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			out = append(out, result{line: pe.Line, kind: KindOf(err)})
			continue
		}
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		out = append(out, result{id: a.ID, paras: a.Paragraphs})
	}
}

func TestJSONLReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []result
	}{
		{
			name: "good lines",
			in:   `{"id":"a","text":"One.\n\nTwo."}` + "\n" + `{"id":"b","text":"Three."}` + "\n",
			want: []result{{id: "a", paras: []string{"One.", "Two."}}, {id: "b", paras: []string{"Three."}}},
		},
		{
			name: "no final newline, crlf, bom and blank lines",
			in:   "\xEF\xBB\xBF" + `{"id":"a","text":"One."}` + "\r\n\r\n  \n" + `{"id":"b","text":"Two."}`,
			want: []result{{id: "a", paras: []string{"One."}}, {id: "b", paras: []string{"Two."}}},
		},
		{
			name: "malformed line between good ones",
			in:   `{"id":"a","text":"One."}` + "\n" + `{"id":"b","text":` + "\n" + `{"id":"c","text":"Three."}` + "\n",
			want: []result{{id: "a", paras: []string{"One."}}, {line: 2, kind: "json"}, {id: "c", paras: []string{"Three."}}},
		},
		{
			name: "array, scalar and garbage lines",
			in:   "[1,2]\n42\n\"text\"\nnot json\n{\"text\":\"ok.\"}\n",
			want: []result{{line: 1, kind: "json"}, {line: 2, kind: "json"}, {line: 3, kind: "json"},
				{line: 4, kind: "json"}, {id: "f/f:5", paras: []string{"ok."}}},
		},
		{
			name: "missing, null, empty and boilerplate-only text",
			in: `{"id":"a"}` + "\n" + `{"id":"b","text":null}` + "\n" + `{"id":"c","text":"  \n\n "}` + "\n" +
				`{"id":"d","text":"Advertisement"}` + "\n" + `{"id":"e","text":7}` + "\n",
			want: []result{{line: 1, kind: "no-text"}, {line: 2, kind: "no-text"}, {line: 3, kind: "no-text"},
				{line: 4, kind: "no-text"}, {line: 5, kind: "no-text"}},
		},
		{
			name: "body, content and paragraph arrays",
			in: `{"id":"a","body":"B."}` + "\n" + `{"id":"b","text":null,"content":"C."}` + "\n" +
				`{"id":"c","text":["P1 .","","P2"]}` + "\n",
			want: []result{{id: "a", paras: []string{"B."}}, {id: "b", paras: []string{"C."}},
				{id: "c", paras: []string{"P1.", "P2"}}},
		},
		{
			name: "line too long is skipped",
			in:   `{"id":"a","text":"One."}` + "\n" + `{"id":"b","text":"` + strings.Repeat("x", 200) + `"}` + "\n" + `{"id":"c","text":"Three."}`,
			max:  100,
			want: []result{{id: "a", paras: []string{"One."}}, {line: 2, kind: "too-long"}, {id: "c", paras: []string{"Three."}}},
		},
		{
			name: "line exactly at the limit",
			in:   `{"id":"a","text":"` + strings.Repeat("x", 80) + `"}` + "\r\n",
			max:  len(`{"id":"a","text":"` + strings.Repeat("x", 80) + `"}`),
			want: []result{{id: "a", paras: []string{strings.Repeat("x", 80)}}},
		},
		{
			// Repaired, with a warning (TestJSONLCharset).
			name: "broken utf8 line",
			in:   "{\"id\":\"a\",\"text\":\"Nicol\xc3\xa1s \xff\"}\n{\"id\":\"b\",\"text\":\"ok.\"}\n",
			want: []result{{id: "a", paras: []string{"Nicolás \uFFFD"}}, {id: "b", paras: []string{"ok."}}},
		},
		{
			name: "deeply nested value",
			in:   `{"id":"a","text":"x","deep":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}\n" + `{"id":"b","text":"ok."}`,
			want: []result{{line: 1, kind: "json"}, {id: "b", paras: []string{"ok."}}},
		},
		{
			name: "deep but within the decoder's limit",
			in:   `{"id":"a","text":"x","deep":` + strings.Repeat("[", 500) + strings.Repeat("]", 500) + "}\n",
			want: []result{{id: "a", paras: []string{"x"}}},
		},
		{
			name: "binary",
			in:   "\x00\x01\x02{\"text\":\"x\"}\n",
			want: []result{{line: 0, kind: "binary"}},
		},
		{
			name: "empty",
			in:   "\n \n",
			want: []result{{line: 0, kind: "empty"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewJSONLReader(Origin{Path: "f.jsonl"}, strings.NewReader(tt.in),
				&Options{MaxLine: tt.max, Boilerplate: defaultBoilerplate(t)})
			got := readAll(t, r.Next)
			if !slices.EqualFunc(got, tt.want, func(a, b result) bool { return a.String() == b.String() }) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJSONLFields(t *testing.T) {
	in := `{"id": 17, "outlet": " nyt ", "title": "A  title", "subtitle": null, "author": ["Jane Doe", {"name": "John Roe"}],` +
		` "published": "2010-07-02", "url": "http://x", "text": "One .", "event_id": "e1", "main_entities": ["A", "B"], "n": null}` + "\n" +
		`{"outlet": "bbc", "title": 5, "author": "Ann Lee", "published": 1700000000, "text": "Two."}` + "\n" +
		`{"published": "last Tuesday-ish", "text": "Three."}` + "\n" +
		"{\"title\": \"caf\xe9\", \"text\": \"Four.\"}\n" +
		`{"id": 12345678901234567891, "text": "Five."}` + "\n"
	var warnings []string
	opts := &Options{Warn: func(e *ParseError) { warnings = append(warnings, fmt.Sprintf("%d:%s", e.Line, KindOf(e))) }}
	r := NewJSONLReader(Origin{Path: "dir/f.jsonl", Name: "corpus/dir/f.jsonl"}, strings.NewReader(in), opts)
	var got []Article
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a)
	}
	if len(got) != 5 {
		t.Fatalf("got %d articles, want 5", len(got))
	}
	if got[4].ID != "12345678901234567891" {
		t.Errorf("article 5 id = %q, want all the digits", got[4].ID)
	}
	a := got[0]
	if a.ID != "17" || a.Outlet != "nyt" || a.Title != "A title" || a.Author != "Jane Doe, John Roe" ||
		!a.Published.Equal(time.Date(2010, 7, 2, 0, 0, 0, 0, time.UTC)) || a.URL != "http://x" ||
		a.Source != "corpus/dir/f.jsonl:1" || !slices.Equal(a.Paragraphs, []string{"One."}) {
		t.Errorf("article 1 = %+v", a)
	}
	if a.Meta["event_id"] != "e1" || len(a.Meta["main_entities"].([]any)) != 2 || len(a.Meta) != 2 {
		t.Errorf("article 1 Meta = %v, want event_id and main_entities", a.Meta)
	}
	b := got[1]
	if b.ID != "bbc/dir/f:2" || b.Title != "" || b.Meta["title"] != 5.0 || b.Author != "Ann Lee" ||
		!b.Published.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("article 2 = %+v", b)
	}
	c := got[2]
	if c.ID != "dir/dir/f:3" || !c.Published.IsZero() || c.Meta["published"] != "last Tuesday-ish" {
		t.Errorf("article 3 = %+v", c)
	}
	if got[3].Title != "café" {
		t.Errorf("article 4 title = %q, want %q", got[3].Title, "café")
	}
	if want := []string{"2:field", "3:date", "4:charset"}; !slices.Equal(warnings, want) {
		t.Errorf("warnings = %v, want %v", warnings, want)
	}
}

func TestJSONLReaderError(t *testing.T) {
	in := io.MultiReader(strings.NewReader(`{"text":"One."}`+"\n"), iotest.ErrReader(errors.New("disk on fire")))
	r := NewJSONLReader(Origin{Path: "f.jsonl"}, in, nil)
	if _, err := r.Next(); err != nil {
		t.Fatalf("first Next error = %v", err)
	}
	for i := 0; i < 2; i++ {
		_, err := r.Next()
		var re *ReadError
		if !errors.As(err, &re) || re.Line != 2 || !strings.Contains(err.Error(), "disk on fire") {
			t.Errorf("Next error = %v, want a ReadError at line 2 with the reader's error", err)
		}
	}
}

// TestJSONLHugeLine reads a line much longer than the limit through a
// reader that never holds it: memory stays bounded by the limit.
func TestJSONLHugeLine(t *testing.T) {
	const size = 50 << 20
	in := io.MultiReader(strings.NewReader(`{"text":"`), &repeatReader{b: 'x', n: size},
		strings.NewReader("\"}\n{\"text\":\"after.\"}\n"))
	r := NewJSONLReader(Origin{Path: "big.jsonl"}, in, &Options{MaxLine: 1 << 20})
	got := readAll(t, r.Next)
	want := []result{{line: 1, kind: "too-long"}, {id: "big/big:2", paras: []string{"after."}}}
	if !slices.EqualFunc(got, want, func(a, b result) bool { return a.String() == b.String() }) {
		t.Errorf("got %v, want %v", got, want)
	}
	if c := cap(r.lr.buf); c > 2<<20 {
		t.Errorf("line buffer grew to %d bytes, want at most about the 1 MiB limit", c)
	}
}

// repeatReader yields n copies of b.
type repeatReader struct {
	b byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	if len(p) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.b
	}
	r.n -= len(p)
	return len(p), nil
}

// TestJSONLCharset: a line that is not valid UTF-8 is repaired with a
// warning; whether its bad bytes are Windows-1252 or damage depends on the
// line and on the start of the file.
func TestJSONLCharset(t *testing.T) {
	utf8Head := `{"id":"u","text":"Zoë and José."}` + "\n"
	tests := []struct {
		name  string
		in    string
		paras []string // of the last article
		warn  string
	}{
		{"cp1252 line in a cp1252 file", "{\"text\":\"caf\xe9 d\xe9j\xe0 vu\"}\n", []string{"café déjà vu"}, "Windows-1252"},
		{"broken line in a UTF-8 file", utf8Head + "{\"text\":\"caf\xc3 society\"}\n", []string{"caf\uFFFD society"}, "replaced"},
		{"broken line after a BOM", "\xEF\xBB\xBF{\"text\":\"caf\xc3 society\"}\n", []string{"caf\uFFFD society"}, "replaced"},
		{"mostly UTF-8 line", "{\"text\":\"Zoë, José \xe9\"}\n", []string{"Zoë, José \uFFFD"}, "replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings []*ParseError
			opts := &Options{Warn: func(e *ParseError) { warnings = append(warnings, e) }}
			r := NewJSONLReader(Origin{Path: "f.jsonl"}, strings.NewReader(tt.in), opts)
			var last Article
			for {
				a, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("Next() error = %v", err)
				}
				last = a
			}
			if !slices.Equal(last.Paragraphs, tt.paras) {
				t.Errorf("Paragraphs = %q, want %q", last.Paragraphs, tt.paras)
			}
			if len(warnings) != 1 || !errors.Is(warnings[0], ErrCharset) || !strings.Contains(warnings[0].Error(), tt.warn) {
				t.Errorf("warnings = %v, want one ErrCharset saying %q", warnings, tt.warn)
			}
		})
	}
}
