package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"newsframe/analysis/topics"
)

// TestSources checks that the streaming source yields the documents
// readDocs holds, and that a malformed line is an error naming it.
func TestSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vocab.tsv", "tax\t9\nvote\t7\nborder wall\t3\n")
	write("docs.tsv", "a1\tleft\t2019-01-02\t0:2 2:1\na2\tright\t\t1:3\na3\tcenter\t2020-05-06\t\n")
	vocab, docs, err := readDocs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if vocab.Len() != 3 || vocab.Term(2) != "border wall" {
		t.Errorf("readDocs vocabulary = %q, want tax, vote, border wall", vocab.Terms())
	}
	var streamed []topics.Doc
	err = fileSource(dir)(func(d topics.Doc) bool {
		streamed = append(streamed, topics.Doc{IDs: append([]int32{}, d.IDs...), Counts: append([]float32{}, d.Counts...)})
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []topics.Doc{
		{IDs: []int32{0, 2}, Counts: []float32{2, 1}},
		{IDs: []int32{1}, Counts: []float32{3}},
		{},
	}
	for i := range want {
		if len(want[i].IDs) == 0 {
			continue
		}
		if !reflect.DeepEqual(docs[i], want[i]) || !reflect.DeepEqual(streamed[i], want[i]) {
			t.Errorf("document %d: readDocs %+v, fileSource %+v, want %+v", i, docs[i], streamed[i], want[i])
		}
	}
	if len(docs) != 3 || len(streamed) != 3 || len(docs[2].IDs) != 0 || len(streamed[2].IDs) != 0 {
		t.Errorf("readDocs gave %d documents, fileSource %d; want 3 with the last empty", len(docs), len(streamed))
	}
	write("docs.tsv", "a1\tleft\t\t0:2 x:1\n")
	if err := fileSource(dir)(func(topics.Doc) bool { return true }); err == nil {
		t.Error("fileSource(bad entry): no error")
	}
	if _, _, err := readDocs(dir); err == nil {
		t.Error("readDocs(bad entry): no error")
	}
}
