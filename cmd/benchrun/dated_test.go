package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeDatedSource writes a small gzipped source in the AllSides form
// (extra fields, Python-style separators): dates from 2007 and 2012-2020
// (so the span is 14 years), a leap day, some articles undated.
func writeDatedSource(t *testing.T, n int) (string, []string) {
	t.Helper()
	var buf bytes.Buffer
	var lines []string
	for i := range n {
		pub := "null"
		switch {
		case i == 0:
			pub = `"2007-03-04"`
		case i == 1:
			pub = `"2012-02-29"`
		case i%7 == 3:
			// undated
		default:
			pub = fmt.Sprintf(`"%d-%02d-%02d"`, 2012+i%9, 1+i%12, 1+i%28)
		}
		line := fmt.Sprintf(`{"id": "art%03d", "outlet": "outlet %d", "published": %s, "title": "T %d", "url": null, "text": "Para one of %d.\n\nPara two.", "bias": "left", "authors": "A, B", "outlet_url": "x"}`,
			i, i%5, pub, i, i)
		lines = append(lines, line)
		buf.WriteString(line + "\n")
	}
	path := filepath.Join(t.TempDir(), "articles.jsonl.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, lines
}

// builtArticle is one article read back from a built corpus.
type builtArticle struct {
	line   string
	fields map[string]any
	file   string
}

func readBuilt(t *testing.T, dirs ...string) []builtArticle {
	t.Helper()
	var out []builtArticle
	for _, d := range dirs {
		names, _ := filepath.Glob(filepath.Join(d, "*.jsonl.gz"))
		for _, n := range names {
			err := eachLine(n, 0, func(_ int, line []byte) (bool, error) {
				var m map[string]any
				if err := json.Unmarshal(line, &m); err != nil {
					return false, err
				}
				out = append(out, builtArticle{line: string(line), fields: m, file: filepath.Base(n)})
				return true, nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

func TestBuildDatedX4(t *testing.T) {
	path, lines := writeDatedSource(t, 60)
	src, err := readDatedSource(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	base, added := t.TempDir(), t.TempDir()
	l, err := buildDated(src, 4, 5, base, added)
	if err != nil {
		t.Fatal(err)
	}
	if l.Step != 20 {
		t.Errorf("step = %d years, want 20 (dates span 2007-2020)", l.Step)
	}
	wantNew := 12 // 5% of 4 × 60
	if l.New.Articles != wantNew || l.Base.Articles != 4*60-wantNew {
		t.Errorf("base %d, new %d articles; want %d, %d", l.Base.Articles, l.New.Articles, 4*60-wantNew, wantNew)
	}
	if l.Base.FileBytes >= l.Base.JSONBytes {
		t.Errorf("base: %d bytes on disk, %d JSON; want gzipped", l.Base.FileBytes, l.Base.JSONBytes)
	}

	arts := readBuilt(t, base, added)
	if len(arts) != 4*60 {
		t.Fatalf("%d articles written, want %d", len(arts), 4*60)
	}
	bySource := map[string]string{}
	for _, line := range lines {
		var m map[string]any
		json.Unmarshal([]byte(line), &m)
		bySource[m["id"].(string)] = line
	}
	ids := map[string]bool{}
	days := map[string]int{} // day -> copy
	var jsonBytes int64
	var newestBase, oldestNew time.Time
	for _, a := range arts {
		jsonBytes += int64(len(a.line)) + 1
		id := a.fields["id"].(string)
		if ids[id] {
			t.Errorf("duplicate id %s", id)
		}
		ids[id] = true
		srcID, k := id, 0
		if i := strings.LastIndex(id, "-c"); i >= 0 {
			srcID = id[:i]
			fmt.Sscanf(id[i+2:], "%d", &k)
		}
		srcLine, ok := bySource[srcID]
		if !ok || (k == 0) != (srcID == id) {
			t.Fatalf("id %s: not the id of a source article with a copy suffix", id)
		}
		if k == 0 && a.line != srcLine {
			t.Errorf("copy 0 of %s changed:\n%s\nwant\n%s", id, a.line, srcLine)
		}
		var s map[string]any
		json.Unmarshal([]byte(srcLine), &s)
		for key, v := range s {
			if key != "id" && key != "published" && fmt.Sprint(a.fields[key]) != fmt.Sprint(v) {
				t.Errorf("%s: %s = %v, want %v as in the source", id, key, a.fields[key], v)
			}
		}
		if s["published"] == nil {
			if a.fields["published"] != nil {
				t.Errorf("%s: undated source got published %v", id, a.fields["published"])
			}
			continue
		}
		srcDate, _ := time.Parse("2006-01-02", s["published"].(string))
		got, err := time.Parse("2006-01-02", a.fields["published"].(string))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if want := srcDate.AddDate(20*k, 0, 0); !got.Equal(want) {
			t.Errorf("%s: published %s, want %s (%s + %d years)", id, got.Format(time.DateOnly), want.Format(time.DateOnly), s["published"], 20*k)
		}
		day := got.Format(time.DateOnly)
		if c, seen := days[day]; seen && c != k {
			t.Errorf("day %s in copies %d and %d", day, c, k)
		}
		days[day] = k
		if a.file == "new.jsonl.gz" {
			if oldestNew.IsZero() || got.Before(oldestNew) {
				oldestNew = got
			}
		} else if got.After(newestBase) {
			newestBase = got
		}
		if want := fmt.Sprintf("copy-%d.jsonl.gz", k); a.file != want && a.file != "new.jsonl.gz" {
			t.Errorf("%s in %s, want %s", id, a.file, want)
		}
	}
	if jsonBytes != l.Base.JSONBytes+l.New.JSONBytes {
		t.Errorf("counted %d JSON bytes, read %d", l.Base.JSONBytes+l.New.JSONBytes, jsonBytes)
	}
	// The added articles are the newest: none in the base is later.
	if oldestNew.Before(newestBase) {
		t.Errorf("an added article (%s) is older than one of the base (%s)", oldestNew.Format(time.DateOnly), newestBase.Format(time.DateOnly))
	}
	// Copies are years apart: the latest day of a copy is well before the
	// earliest of the next.
	for k := range 3 {
		var last, first time.Time
		for d, c := range days {
			t, _ := time.Parse(time.DateOnly, d)
			if c == k && t.After(last) {
				last = t
			}
			if c == k+1 && (first.IsZero() || t.Before(first)) {
				first = t
			}
		}
		if first.Sub(last) < 365*24*time.Hour {
			t.Errorf("copy %d ends %s, copy %d starts %s: less than a year apart", k, last.Format(time.DateOnly), k+1, first.Format(time.DateOnly))
		}
	}
}

func TestBuildDatedX1Limit(t *testing.T) {
	path, lines := writeDatedSource(t, 300)
	src, err := readDatedSource(path, 200)
	if err != nil {
		t.Fatal(err)
	}
	base, added := t.TempDir(), t.TempDir()
	l, err := buildDated(src, 1, 1, base, added)
	if err != nil {
		t.Fatal(err)
	}
	if l.Base.Articles != 198 || l.New.Articles != 2 {
		t.Errorf("base %d, new %d; want 198, 2 (1%% of the first 200)", l.Base.Articles, l.New.Articles)
	}
	// As it is: the lines of base and new are the source's first 200.
	var got []string
	for _, a := range readBuilt(t, base, added) {
		got = append(got, a.line)
	}
	want := slices.Clone(lines[:200])
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Error("allsides x1: the corpus written is not the source's lines as they are")
	}
}

func TestNewest(t *testing.T) {
	d := func(s string) sourceRecord {
		tm, _ := time.Parse(time.DateOnly, s)
		return sourceRecord{Date: tm, Dated: true, Published: s}
	}
	recs := []sourceRecord{d("2019-01-01"), d("2020-05-05"), {}, d("2020-05-05"), d("2018-12-31"), {}}
	for i := range recs {
		recs[i].ID = fmt.Sprintf("a%d", i)
	}
	tests := []struct {
		name         string
		copies, step int
		n            int
		want         []articleRef
	}{
		{"latest first, ties by id", 1, 10, 3, []articleRef{{0, 3}, {0, 1}, {0, 0}}},
		{"undated after every dated one", 1, 10, 6, []articleRef{{0, 3}, {0, 1}, {0, 0}, {0, 4}, {0, 5}, {0, 2}}},
		{"the latest copy first", 2, 10, 5, []articleRef{{1, 3}, {1, 1}, {1, 0}, {1, 4}, {0, 3}}},
		{"no more than there are", 1, 10, 9, []articleRef{{0, 3}, {0, 1}, {0, 0}, {0, 4}, {0, 5}, {0, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newest(recs, tt.copies, tt.step, tt.n); !slices.Equal(got, tt.want) {
				t.Errorf("newest(%d copies, %d) = %v, want %v", tt.copies, tt.n, got, tt.want)
			}
		})
	}
}

func TestShiftStep(t *testing.T) {
	tests := []struct {
		years []int
		want  int
	}{
		{[]int{2012, 2020}, 10},
		{[]int{2011, 2020}, 10},
		{[]int{2010, 2020}, 20},
		{[]int{2007, 2012, 2020}, 20},
		{[]int{2020}, 10},
		{nil, 10},
	}
	for _, tt := range tests {
		var recs []sourceRecord
		for _, y := range tt.years {
			recs = append(recs, sourceRecord{Date: time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC), Dated: true})
		}
		recs = append(recs, sourceRecord{}) // undated: no part of the span
		if got := shiftStep(recs); got != tt.want {
			t.Errorf("shiftStep(%v) = %d, want %d", tt.years, got, tt.want)
		}
	}
}

func TestCopyLine(t *testing.T) {
	tests := []struct {
		name, line string
		rec        sourceRecord
		k          int
		want       string
		err        bool
	}{
		{"copy 0 as it is", `{"id": "x", "published": "2019-07-11"}`, rec("x", "2019-07-11"), 0,
			`{"id": "x", "published": "2019-07-11"}`, false},
		{"spaces and other fields kept", `{"id": "x",  "outlet": "O", "published" :  "2019-07-11", "text": "a \"b\""}`, rec("x", "2019-07-11"), 2,
			`{"id": "x-c2",  "outlet": "O", "published" :  "2039-07-11", "text": "a \"b\""}`, false},
		{"undated stays null", `{"id":"x","published":null,"t":1}`, rec("x", ""), 1,
			`{"id":"x-c1","published":null,"t":1}`, false},
		{"time of day kept", `{"published":"2019-07-11T10:00:00Z","id":"x"}`, rec("x", "2019-07-11T10:00:00Z"), 3,
			`{"published":"2049-07-11T10:00:00Z","id":"x-c3"}`, false},
		{"leap day", `{"id":"x","published":"2012-02-29"}`, rec("x", "2012-02-29"), 1,
			`{"id":"x-c1","published":"2022-03-01"}`, false},
		{"no id", `{"published":"2019-07-11"}`, rec("x", "2019-07-11"), 1, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := copyLine([]byte(tt.line), tt.rec, tt.k, 10)
			if (err != nil) != tt.err || (!tt.err && string(got) != tt.want) {
				t.Errorf("copyLine(%q, %d) = %q, %v; want %q (error: %v)", tt.line, tt.k, got, err, tt.want, tt.err)
			}
		})
	}
}

func rec(id, published string) sourceRecord {
	r := sourceRecord{ID: id, Published: published}
	if published != "" {
		t, _, err := parseDate(published)
		if err != nil {
			panic(err)
		}
		r.Date, r.Dated = t, true
	}
	return r
}
