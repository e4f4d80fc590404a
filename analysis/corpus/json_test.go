package corpus

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestJSONReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []result
	}{
		{
			name: "one object",
			in:   `{"title": "T", "text": "One.\n\nTwo."}`,
			want: []result{{id: "o/o/a", paras: []string{"One.", "Two."}}},
		},
		{
			name: "array, ids from the line an object starts on",
			in:   "[\n  {\"id\": \"x\", \"text\": \"One.\"},\n  {\"text\": \"Two.\"},\n\n  {\"text\": [\"Three.\", \"Four.\"]}\n]\n",
			want: []result{{id: "x", paras: []string{"One."}}, {id: "o/o/a:3", paras: []string{"Two."}},
				{id: "o/o/a:5", paras: []string{"Three.", "Four."}}},
		},
		{
			name: "bad elements are reported and skipped",
			in:   "[{\"text\": \"One.\"},\n 7,\n {\"title\": \"no text\"},\n {\"text\": \"Four.\"}]",
			want: []result{{id: "o/o/a:1", paras: []string{"One."}}, {line: 2, kind: "json"}, {line: 3, kind: "no-text"},
				{id: "o/o/a:4", paras: []string{"Four."}}},
		},
		{
			name: "malformed array keeps what came before",
			in:   "[{\"text\": \"One.\"},\n {\"text\": \"Two.\"\n {\"text\": \"Three.\"}]",
			want: []result{{id: "o/o/a:1", paras: []string{"One."}}, {line: 3, kind: "json"}},
		},
		{
			name: "unclosed array",
			in:   "[{\"text\": \"One.\"},\n",
			want: []result{{id: "o/o/a:1", paras: []string{"One."}}, {line: 2, kind: "json"}},
		},
		{
			name: "data after the array",
			in:   "[{\"text\": \"One.\"}]\n{\"text\": \"Two.\"}",
			want: []result{{id: "o/o/a:1", paras: []string{"One."}}, {line: 2, kind: "json"}},
		},
		{name: "empty array", in: " [ ] ", want: []result{{line: 0, kind: "empty"}}},
		{name: "scalar", in: "\n\"text\"", want: []result{{line: 2, kind: "json"}}},
		{name: "malformed object", in: "{\"text\":\n \"x\",,}", want: []result{{line: 2, kind: "json"}}},
		{name: "object without text", in: `{"title": "T"}`, want: []result{{line: 0, kind: "no-text"}}},
		{name: "empty", in: " \n ", want: []result{{line: 0, kind: "empty"}}},
		{name: "binary", in: "\x00\x01{}", want: []result{{line: 0, kind: "binary"}}},
		{name: "too large", in: `{"text": "` + strings.Repeat("x", 100) + `"}`, max: 50, want: []result{{line: 0, kind: "too-long"}}},
		{name: "byte order mark", in: "\xEF\xBB\xBF[{\"text\": \"One.\"}]", want: []result{{id: "o/o/a:1", paras: []string{"One."}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewJSONReader(Origin{Path: "o/a.json"}, strings.NewReader(tt.in), &Options{MaxText: tt.max})
			got := readAll(t, r.Next)
			if !slices.EqualFunc(got, tt.want, func(a, b result) bool { return a.String() == b.String() }) {
				t.Errorf("NewJSONReader(%q): got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestJSONReaderFieldsAndCharset(t *testing.T) {
	in := "[{\"id\": 12345678901234567891, \"outlet\": \"nyt\", \"published\": \"2010-07-02\", \"text\": \"caf\xe9 d\xe9j\xe0 vu.\", \"event\": \"e1\"}]"
	var warnings []*ParseError
	r := NewJSONReader(Origin{Path: "f.json", Name: "corpus/f.json"}, strings.NewReader(in),
		&Options{Warn: func(e *ParseError) { warnings = append(warnings, e) }})
	a, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "12345678901234567891" || a.Outlet != "nyt" || a.Day() != "2010-07-02" || a.Meta["event"] != "e1" ||
		a.Source != "corpus/f.json:1" || !slices.Equal(a.Paragraphs, []string{"café déjà vu."}) {
		t.Errorf("article = %+v", a)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], ErrCharset) {
		t.Errorf("warnings = %v, want one ErrCharset", warnings)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("second Next() = %v, want io.EOF", err)
	}
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"id":"a","author":["x",{"name":"y"}],"published":1700000000,"text":["p1","p2"]}`))
	f.Add([]byte("[\n{\"text\":\"a\\n\\nb\",\"published\":\"March 5, 2024\"},\n7,\n{\"text\":"))
	f.Add([]byte("\xEF\xBB\xBF[{\"text\":\"caf\xe9\"}] x"))
	f.Add([]byte(`[[[[{}]]]]`))
	bp := defaultBoilerplate(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewJSONReader(Origin{Path: "o/f.json"}, bytes.NewReader(in), &Options{Boilerplate: bp, Warn: func(*ParseError) {}})
		limit := bytes.Count(in, []byte(",")) + 3
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("more than %d results from %d commas", limit, limit-3)
			}
			a, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || KindOf(err) == "" {
					t.Fatalf("error %v is not a classified ParseError", err)
				}
				continue
			}
			checkArticle(t, a)
		}
	})
}
