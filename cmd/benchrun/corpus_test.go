package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testArticles() []sourceArticle {
	var arts []sourceArticle
	for i, text := range []string{
		"Quarterly profits at the media giant jumped sharply.\n\nThe firm, which is now one of the biggest investors in search, benefited from sales of connections and higher advert sales.",
		"Shares in the airline rose after it said passenger numbers were up.\n\nAnalysts said the results were better than expected, and the outlook was steady for the coming year.",
	} {
		arts = append(arts, sourceArticle{ID: "bbc-" + string(rune('a'+i)), Outlet: "bbc", Title: "Title", Text: text})
	}
	return arts
}

func TestReplicate(t *testing.T) {
	arts := testArticles()
	r := newReplicator(arts, 3)
	dir := t.TempDir()
	l, err := r.replicate(dir, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if l.Copies < 2 || l.Articles != l.Copies*len(arts) || l.Bytes < 1000 {
		t.Fatalf("layout = %+v, want at least 1000 bytes in whole copies", l)
	}
	ids := map[string]bool{}
	outlets := map[string]bool{}
	changed, words := 0, 0
	for k := range l.Copies {
		b, err := os.ReadFile(filepath.Join(dir, "copy-00"+string(rune('0'+k))+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var a sourceArticle
			if err := json.Unmarshal([]byte(line), &a); err != nil {
				t.Fatal(err)
			}
			if ids[a.ID] {
				t.Errorf("duplicate id %s", a.ID)
			}
			ids[a.ID] = true
			outlets[a.Outlet] = true
			if k == 0 && a.Text != arts[i].Text {
				t.Errorf("copy 0 changed the text of %s", a.ID)
			}
			if strings.Count(a.Text, "\n\n") != strings.Count(arts[i].Text, "\n\n") {
				t.Errorf("%s: paragraph breaks changed", a.ID)
			}
			if k > 0 {
				got, want := strings.Fields(a.Text), strings.Fields(arts[i].Text)
				if len(got) != len(want) {
					t.Fatalf("%s: %d words, want %d", a.ID, len(got), len(want))
				}
				for j := range got {
					words++
					if got[j] != want[j] {
						changed++
						if core, _, _ := splitWord(want[j]); !isLowerWord(core) {
							t.Errorf("%s: %q replaced; only lower-case words may be", a.ID, want[j])
						}
					}
				}
			}
		}
	}
	if len(outlets) != min(3, l.Copies) {
		t.Errorf("%d outlets, want %d", len(outlets), min(3, l.Copies))
	}
	if changed == 0 || changed > words/3 {
		t.Errorf("%d of %d words replaced, want about one in %d", changed, words, mutateOneIn)
	}

	// The same input gives the same corpus.
	again := t.TempDir()
	if _, err := r.replicate(again, 1000); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "copy-001.jsonl"))
	b, _ := os.ReadFile(filepath.Join(again, "copy-001.jsonl"))
	if !bytes.Equal(a, b) {
		t.Error("replication is not deterministic")
	}

	n, size, err := r.addNew(l, 25, t.TempDir())
	if want := min(len(arts), (l.Articles+2)/4); err != nil || n != want || size == 0 {
		t.Errorf("addNew(25%%) = %d articles, %d bytes, %v; want %d articles", n, size, err, want)
	}
}
