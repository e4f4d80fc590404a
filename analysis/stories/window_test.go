package stories

import (
	"slices"
	"testing"
	"time"
)

// placeAll places docs with a Placer (dated) or ClusterUndated (undated)
// and returns each doc's story.
func placeAll(docs []labelled, opt Options) map[string]string {
	var dated, undated []Item
	for _, d := range docs {
		it := Item{ID: d.ID, Outlet: d.Outlet, Published: d.Published}
		for term, n := range d.Terms {
			for range n {
				it.Terms = append(it.Terms, term)
			}
		}
		if d.Published.IsZero() {
			undated = append(undated, it)
		} else {
			dated = append(dated, it)
		}
	}
	slices.SortFunc(dated, CompareItems)
	days := map[int]*DayDF{}
	for _, it := range dated {
		d := DayNumber(it.Published)
		if days[d] == nil {
			days[d] = &DayDF{}
		}
		days[d].AddArticle(it.Terms)
	}
	p := NewPlacer(opt, func(d int) *DayDF { return days[d] })
	of := map[string]string{}
	for _, it := range dated {
		of[it.ID] = p.Place(it).Story
	}
	slices.SortFunc(undated, func(a, b Item) int { return CompareItems(a, b) })
	for i, d := range ClusterUndated(undated, opt) {
		of[undated[i].ID] = d.Story
	}
	return of
}

func scoreWindowed(docs []labelled, opt Options) (ari, f float64, n int) {
	of := placeAll(docs, opt)
	truth := make([]string, len(docs))
	pred := make([]string, len(docs))
	seen := map[string]bool{}
	for i, d := range docs {
		truth[i], pred[i] = d.event, of[d.ID]
		seen[of[d.ID]] = true
	}
	_, _, f = BCubed(truth, pred)
	return AdjustedRand(truth, pred), f, len(seen)
}

func TestWindowBasil(t *testing.T) {
	docs := loadCorpus(t, basilPath)
	undated := slices.Clone(docs)
	for i := range undated {
		undated[i].Published = time.Time{}
	}
	for _, tt := range []struct {
		name         string
		docs         []labelled
		minARI, minF float64
	}{
		{"dated", docs, 0.96, 0.97},
		{"undated", undated, 0.9, 0.95},
	} {
		ari, f, n := scoreWindowed(tt.docs, Options{})
		t.Logf("%s: ARI %.3f B-cubed F1 %.3f, %d stories for 40 events", tt.name, ari, f, n)
		if ari < tt.minARI || f < tt.minF {
			t.Errorf("%s: ARI %.3f F1 %.3f, want at least %.2f %.2f", tt.name, ari, f, tt.minARI, tt.minF)
		}
	}
}
