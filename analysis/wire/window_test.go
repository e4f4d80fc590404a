package wire

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWindowMark(t *testing.T) {
	p := DefaultParams()
	wire := "The senator said on Tuesday that the bill would be brought to a vote before the end of the month despite objections."
	other := "Markets rallied in early trading as investors weighed new figures on inflation and the outlook for interest rates this year."
	w := p.NewWindow()
	a := w.Add(10, "ap", "a1", p.Sign(wire))
	d := w.Add(10, "ap", "a2", p.Sign(other))
	short := w.Add(10, "ap", "a4", p.Sign("Too short."))
	e := w.Add(11, "ap", "a3", p.Sign(other))
	b := w.Add(12, "fox", "f1", p.Sign(wire))
	c := w.Add(30, "nyt", "n1", p.Sign(wire))
	tests := []struct {
		name string
		id   int32
		days int
		want Mark
	}{
		{"shared within window", a, 3, Shared},
		{"shared other side", b, 3, Shared},
		{"outside window", c, 3, 0},
		{"wide window", c, 30, Shared},
		{"same outlet only", d, 3, Repeated},
		{"same outlet other day", e, 3, Repeated},
		{"unsigned", short, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := w.Mark(tt.id, tt.days); got != tt.want {
				t.Errorf("Mark(%d, %d) = %v, want %v", tt.id, tt.days, got, tt.want)
			}
		})
	}
	w.Evict(11)
	if got := w.Mark(b, 3); got != 0 {
		t.Errorf("after evicting day 10, Mark(b) = %v, want 0", got)
	}
	if w.Len() != 3 {
		t.Errorf("Len after evict = %d, want 3", w.Len())
	}
}

// TestWindowEvictCompacts checks that evicted entries are reclaimed and
// marks stay right after the compaction renumbers entries.
func TestWindowEvictCompacts(t *testing.T) {
	p := DefaultParams()
	w := p.NewWindow()
	base := "the committee heard evidence from officials about the programme and its costs over the past decade in region "
	for day := range 3000 {
		w.Add(day, "x", "art"+string(rune('a'+day%26))+strings.Repeat("z", day%7), p.Sign(base+strings.Repeat("w", day%50)))
		w.Evict(day - 5)
	}
	refs := 0
	for b := range w.buckets {
		for _, list := range w.buckets[b] {
			refs += len(list)
		}
	}
	if w.Len() > 10 || refs > len(w.buckets)*(2*w.Len()+1100) {
		t.Errorf("live %d, bucket references %d: eviction does not reclaim", w.Len(), refs)
	}
	id := w.Add(3000, "y", "new", p.Sign(base+strings.Repeat("w", 2999%50)))
	if got := w.Mark(id, 3); got != Shared {
		t.Errorf("Mark after compaction = %v, want Shared", got)
	}
}

// TestWindowGaps measures how far apart in days cross-outlet near-duplicate
// paragraphs are on the AllSides half, the figures behind
// DefaultWindowDays. Boilerplate (a group in which one outlet repeats the
// paragraph more than twice) is left out. It runs only with
// NEWSFRAME_MEASURE=1 (about 40 s).
func TestWindowGaps(t *testing.T) {
	if os.Getenv("NEWSFRAME_MEASURE") == "" {
		t.Skip("set NEWSFRAME_MEASURE=1 to measure")
	}
	f, err := os.Open("../../../shared/corpus/allsides/articles.jsonl.gz")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	var paras []Paragraph
	day := map[string]time.Time{}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var a struct {
			ID, Outlet, Text string
			Published        *string
		}
		if json.Unmarshal(sc.Bytes(), &a) != nil || a.Published == nil {
			continue
		}
		d, err := time.Parse(time.DateOnly, *a.Published)
		if err != nil {
			continue
		}
		day[a.ID] = d
		for i, txt := range strings.Split(a.Text, "\n\n") {
			if s := p.Sign(txt); s != nil {
				paras = append(paras, Paragraph{Article: a.ID, Index: i, Outlet: a.Outlet, Signature: s})
			}
		}
	}
	res, err := p.Group(paras)
	if err != nil {
		t.Fatal(err)
	}
	var gaps []float64
	for _, g := range res.Groups {
		per := map[string]int{}
		for _, a := range g.Paragraphs {
			per[a.Outlet]++
		}
		if len(per) < 2 || slices.ContainsFunc(g.Outlets, func(o string) bool { return per[o] > 2 }) {
			continue
		}
		for _, a := range g.Paragraphs {
			best := -1.0
			for _, b := range g.Paragraphs {
				if b.Outlet != a.Outlet {
					d := day[a.Article].Sub(day[b.Article]).Hours() / 24
					if d < 0 {
						d = -d
					}
					if best < 0 || d < best {
						best = d
					}
				}
			}
			gaps = append(gaps, best)
		}
	}
	for _, w := range []float64{0, 1, 3, 7, 30} {
		n := 0
		for _, g := range gaps {
			if g <= w {
				n++
			}
		}
		t.Logf("%d cross-outlet paragraphs: within %v days %.3f", len(gaps), w, float64(n)/float64(len(gaps)))
	}
}
