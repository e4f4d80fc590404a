package entities_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsframe/analysis/entities"
)

// sharedDir returns the project's shared/ directory (beside the repository,
// or $NEWSFRAME_SHARED), or skips the test when it is absent.
func sharedDir(t testing.TB) string {
	dir := os.Getenv("NEWSFRAME_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus", "basil-dev", "articles.jsonl")); err != nil {
		t.Skipf("basil-dev corpus not found under %s (set NEWSFRAME_SHARED): %v", dir, err)
	}
	return dir
}

type basilArticle struct {
	ID           string   `json:"id"`
	EventID      string   `json:"event_id"`
	Text         string   `json:"text"`
	MainEntities []string `json:"main_entities"`
}

func readBasil(t testing.TB, path string) []basilArticle {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []basilArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var a basilArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func fold(s string) string { return strings.ReplaceAll(strings.ToLower(s), "’", "'") }

// hit reports whether the main entity is among the proposals: exactly (the
// proposal's name or an alias equals it, case-folded) or, leniently, when
// one contains the other as whole words ("Obama" for "Barack Obama" or
// "Obama administration").
func hit(main string, props []entities.Entity) (exact, lenient bool) {
	m := " " + fold(main) + " "
	for _, p := range props {
		for _, form := range append([]string{p.Name}, p.Aliases...) {
			f := " " + fold(form) + " "
			if f == m {
				return true, true
			}
			if strings.Contains(m, f) || strings.Contains(f, m) {
				lenient = true
			}
		}
	}
	return false, lenient
}

// TestBasilMainEntities measures how many of each basil-dev article's
// main_entities are among the proposed targets, per article and per event
// (the three outlets' counters merged). Run with -v to see the figures.
func TestBasilMainEntities(t *testing.T) {
	arts := readBasil(t, filepath.Join(sharedDir(t), "corpus", "basil-dev", "articles.jsonl"))
	events := map[string]entities.Counter{}
	perArticle := map[string][]entities.Mention{}
	for _, a := range arts {
		ms := entities.Mentions(strings.Split(a.Text, "\n\n"))
		perArticle[a.ID] = ms
		if events[a.EventID] == nil {
			events[a.EventID] = entities.Counter{}
		}
		events[a.EventID].Add(ms)
	}
	type score struct{ total, exact, lenient, capTotal, capExact, capLenient int }
	// Lenient recall floors for capitalised main entities, a little under
	// the figures measured when this was written (0.793, 0.833, 0.784,
	// 0.883), so a regression fails.
	var floors = map[string]float64{
		"article@5": 0.77, "article@10": 0.81, "event@5": 0.76, "event@10": 0.86,
	}
	for _, n := range []int{5, 10} {
		for _, level := range []string{"article", "event"} {
			var s score
			for _, a := range arts {
				var props []entities.Entity
				if level == "article" {
					c := entities.Counter{}
					c.Add(perArticle[a.ID])
					props = c.Top(n)
				} else {
					props = events[a.EventID].Top(n)
				}
				for _, m := range a.MainEntities {
					ex, le := hit(m, props)
					capital := m != "" && strings.ToUpper(m[:1]) == m[:1]
					s.total++
					if capital {
						s.capTotal++
					}
					if ex {
						s.exact++
						if capital {
							s.capExact++
						}
					}
					if le {
						s.lenient++
						if capital {
							s.capLenient++
						}
					}
				}
			}
			key := fmt.Sprintf("%s@%d", level, n)
			t.Logf("%-10s all %d: exact %.3f lenient %.3f | capitalised %d: exact %.3f lenient %.3f",
				key, s.total, ratio(s.exact, s.total), ratio(s.lenient, s.total),
				s.capTotal, ratio(s.capExact, s.capTotal), ratio(s.capLenient, s.capTotal))
			if got := ratio(s.capLenient, s.capTotal); got < floors[key] {
				t.Errorf("%s lenient recall of capitalised main entities = %.3f, want >= %.2f", key, got, floors[key])
			}
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
