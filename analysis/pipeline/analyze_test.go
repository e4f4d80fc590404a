package pipeline_test

import (
	"reflect"
	"sync"
	"testing"

	"newsframe/analysis/pipeline"
)

// TestAnalyzeReusesScratch checks that an Analyzer gives every article
// the result a fresh Analyzer gives it, whatever it analysed before (its
// buffers and vocabulary memo are reused between calls) and however many
// goroutines share it.
func TestAnalyzeReusesScratch(t *testing.T) {
	arts := benchCorpus(t)
	if len(arts) > 60 {
		arts = arts[:60]
	}
	want := make([]*pipeline.Article, len(arts))
	for i := range arts {
		want[i] = benchAnalyzer(t).Analyze(&arts[i]) // a new Analyzer each time
	}
	shared := benchAnalyzer(t)
	for i := range arts {
		if got := shared.Analyze(&arts[i]); !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("article %s analysed after %d others differs from a fresh analysis", arts[i].ID, i)
		}
	}
	got := make([]*pipeline.Article, len(arts))
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(arts); i += 3 {
				got[i] = shared.Analyze(&arts[i])
			}
		}()
	}
	wg.Wait()
	for i := range arts {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("article %s analysed concurrently differs from a fresh analysis", arts[i].ID)
		}
	}
}
