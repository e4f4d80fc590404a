package aggregate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"newsframe/analysis/terms"
)

// topicSummaries makes summaries of outlets whose articles have topic
// proportions drawn by draw(outlet, topic), sparsely as the delta adds
// them (zeros not added).
func topicSummaries(sizes []int, k int, draw func(o, t int) float64) *Summaries {
	s := &Summaries{Cells: map[Cell]*CellSummary{}, Totals: terms.NewCounts(),
		Terms: func(Cell) (*CellTerms, error) { return nil, nil }}
	for o, n := range sizes {
		cs := NewCellSummary()
		cs.Articles, cs.TopicDocs = int64(n), int64(n)
		cs.Topics = make([]Moments, k)
		for range n {
			for t := range k {
				if x := draw(o, t); x > 0 {
					cs.Topics[t].Add(x)
					if x >= AboutShare {
						addAbout(&cs.TopicAbout, t)
					}
				}
			}
		}
		s.Cells[Cell{Outlet: fmt.Sprintf("outlet %02d", o)}] = cs
	}
	return s
}

// newsShare draws a topic proportion as news articles have them: most
// articles have none of a given topic, a few much of it (a skewed,
// zero-inflated distribution, the hard case for a t-test).
func newsShare(rng *rand.Rand, p float64) float64 {
	if rng.Float64() >= p {
		return 0
	}
	u := rng.Float64()
	return u * u
}

func TestOverviewTopics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Outlet 0 covers topic 1 far more than the others; outlet 3 has
	// five articles, too few to test.
	s := topicSummaries([]int{60, 60, 60, 5}, 3, func(o, tp int) float64 {
		if o == 0 && tp == 1 {
			return 0.5 + 0.5*rng.Float64()
		}
		return newsShare(rng, 0.3)
	})
	ov, err := Build(s, OverviewOptions{Topics: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Topics) != 3 || ov.Topics[0].N != 185 {
		t.Fatalf("corpus topics = %+v, want 3 over 185 articles", ov.Topics)
	}
	tested := 0
	for _, k := range ov.Keys {
		if len(k.Topics) != 3 {
			t.Fatalf("key %s: %d topic shares, want 3", k.Name, len(k.Topics))
		}
		for _, ts := range k.Topics {
			if ts.About.N+ts.RestAbout.N != 185 || ts.Share.N != ts.About.N {
				t.Errorf("%s topic %d: %d (%d) + %d articles, want 185", k.Name, ts.Topic, ts.About.N, ts.Share.N, ts.RestAbout.N)
			}
			if ts.Test.Tested {
				tested++
			}
			// Outlet 0 covers topic 1 more than the rest; the other
			// outlets, whose rest includes outlet 0, less.
			want := ts.Topic == 1 && k.Name != "outlet 03"
			if ts.Test.Significant != want {
				t.Errorf("%s topic %d: significant = %v (p adj %.3g), want %v", k.Name, ts.Topic, ts.Test.Significant, ts.Test.PAdjusted, want)
			}
			if k.Name == "outlet 03" && ts.Test.Tested {
				t.Errorf("%s topic %d: tested with 5 articles", k.Name, ts.Topic)
			}
		}
	}
	if tested != 9 || ov.TopicTests != 9 {
		t.Errorf("tests run: %d (TopicTests %d), want 9 (3 keys × 3 topics)", tested, ov.TopicTests)
	}
}

// TestOverviewTopicsNull checks that the topic tests hold their size on
// skewed, zero-inflated shares (where t-tests do not: on the mean proportions,
// Welch's test found a difference in 99.8% of 400 such corpora, Student's
// pooled one in 12.8%; Fisher's test on articles about the topic in 2.2%): outlets drawn from one distribution, 12
// outlets and 10 topics (120 tests a corpus), Benjamini–Hochberg over
// them; the share of simulated corpora with any discovery must stay at
// most 6% (the family's level is 5%).
func TestOverviewTopicsNull(t *testing.T) {
	sims := 200
	if testing.Short() {
		sims = 100
	}
	rng := rand.New(rand.NewPCG(7, 11))
	sizes := []int{30, 30, 30, 30, 40, 40, 50, 60, 80, 120, 12, 15}
	any := 0
	for range sims {
		s := topicSummaries(sizes, 10, func(_, tp int) float64 { return newsShare(rng, 0.1+0.04*float64(tp)) })
		ov, err := Build(s, OverviewOptions{Topics: 10})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, k := range ov.Keys {
			for _, ts := range k.Topics {
				found = found || ts.Test.Significant
			}
		}
		if found {
			any++
		}
	}
	share := float64(any) / float64(sims)
	t.Logf("any discovery in %d of %d null corpora (%.1f%%)", any, sims, 100*share)
	if share > 0.06 {
		t.Errorf("any discovery in %.1f%% of null corpora, want at most 6%%", 100*share)
	}
	if math.IsNaN(share) {
		t.Fatal("no simulations")
	}
}
