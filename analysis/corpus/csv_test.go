package corpus

import (
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseColumns(t *testing.T) {
	tests := []struct {
		spec    string
		want    map[string]string
		wantErr bool
	}{
		{"text=body,title=headline,published=date", map[string]string{"text": "body", "title": "headline", "published": "date"}, false},
		{" Text = Body Copy , ", map[string]string{"text": "Body Copy"}, false},
		{"", map[string]string{}, false},
		{"text", nil, true},
		{"text=", nil, true},
		{"words=body", nil, true},
		{"text=a,text=b", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseColumns(tt.spec)
		if (err != nil) != tt.wantErr || (!tt.wantErr && !maps.Equal(got, tt.want)) {
			t.Errorf("ParseColumns(%q) = %v, %v, want %v (error %v)", tt.spec, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestCSVReader(t *testing.T) {
	in := "headline,body,date,Author,section\n" +
		"Mexico rejects intervention,\"First para .\n\nSecond para.\",2024-03-05,Jane Doe,World\n" +
		"\n" +
		"Too few fields,x\n" +
		"Bad \"quote,x,y,z,w\n" +
		"No text,,2024-03-06,,Business\n" +
		"Undated,Body.,someday,,\n"
	cols, err := ParseColumns("text=body,title=headline,published=date")
	if err != nil {
		t.Fatal(err)
	}
	var warnings []*ParseError
	opts := &Options{Columns: cols, Warn: func(e *ParseError) { warnings = append(warnings, e) }}
	r, err := NewCSVReader(Origin{Path: "guardian.csv"}, strings.NewReader(in), opts)
	if err != nil {
		t.Fatal(err)
	}
	var arts []Article
	var errs []string
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			errs = append(errs, pe.Error()+" ["+KindOf(err)+"]")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if len(arts) != 2 {
		t.Fatalf("got %d articles, want 2: %+v", len(arts), arts)
	}
	a := arts[0]
	if a.Title != "Mexico rejects intervention" || a.Author != "Jane Doe" || a.Outlet != "guardian" ||
		a.ID != "guardian/guardian:2" || a.Source != "guardian.csv:2" ||
		!a.Published.Equal(time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)) ||
		!slices.Equal(a.Paragraphs, []string{"First para.", "Second para."}) || a.Meta["section"] != "World" {
		t.Errorf("article 1 = %+v", a)
	}
	if b := arts[1]; b.ID != "guardian/guardian:9" || !b.Published.IsZero() || b.Meta["date"] != "someday" {
		t.Errorf("article 2 = %+v", b)
	}
	wantErrs := []string{
		"guardian.csv:6: 2 fields, the header has 5 [csv]",
		`guardian.csv:7: bare " in non-quoted-field [csv]`,
		"guardian.csv:8: article guardian/guardian:8 has no text [no-text]",
	}
	if !slices.Equal(errs, wantErrs) {
		t.Errorf("errors = %q, want %q", errs, wantErrs)
	}
	if len(warnings) != 1 || warnings[0].Line != 9 || !errors.Is(warnings[0], ErrDate) {
		t.Errorf("warnings = %v, want one ErrDate at line 9", warnings)
	}
}

func TestCSVReaderLongRecord(t *testing.T) {
	in := io.MultiReader(strings.NewReader("id,text\na,One.\nb,\""), &repeatReader{b: 'x', n: 5 << 20},
		strings.NewReader("\"\nc,Three.\n"))
	r, err := NewCSVReader(Origin{Path: "f.csv"}, in, &Options{MaxLine: 1 << 16})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r.Next)
	want := []result{{id: "a", paras: []string{"One."}}, {line: 3, kind: "too-long"}, {id: "c", paras: []string{"Three."}}}
	if !slices.EqualFunc(got, want, func(a, b result) bool { return a.String() == b.String() }) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNewCSVReaderErrors(t *testing.T) {
	tests := []struct {
		name, in, cols string
		err            error
	}{
		{"empty", "", "", ErrEmpty},
		{"binary", "\x00\x01\x02\x03", "", ErrBinary},
		{"mapped column missing", "a,b\n1,2\n", "text=body", ErrCSV},
	}
	r, err := NewCSVReader(Origin{Path: "f.csv"}, strings.NewReader("id,text\n\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); !errors.Is(err, ErrEmpty) {
		t.Errorf("header-only CSV: Next error = %v, want ErrEmpty", err)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("header-only CSV: second Next error = %v, want io.EOF", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, _ := ParseColumns(tt.cols)
			_, err := NewCSVReader(Origin{Path: "f.csv"}, strings.NewReader(tt.in), &Options{Columns: cols})
			if !errors.Is(err, tt.err) {
				t.Errorf("NewCSVReader error = %v, want %v", err, tt.err)
			}
		})
	}
}
