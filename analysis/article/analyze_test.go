package article_test

import (
	"reflect"
	"slices"
	"sync"
	"testing"

	"newsframe/analysis/article"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
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
	want := make([]*article.Result, len(arts))
	for i := range arts {
		want[i] = benchAnalyzer(t).Analyze(&arts[i]) // a new Analyzer each time
	}
	shared := benchAnalyzer(t)
	for i := range arts {
		if got := shared.Analyze(&arts[i]); !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("article %s analysed after %d others differs from a fresh analysis", arts[i].ID, i)
		}
	}
	got := make([]*article.Result, len(arts))
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

// TestAnalyzeMatchesParts checks that the per-paragraph results Analyze
// computes from its shared tokens and buffers are those the packages give
// for the paragraph's text alone: term sequences (terms.Extract), wire
// signatures (wire.Params.Sign) and word counts, so that both can be
// recomputed later from stored text.
func TestAnalyzeMatchesParts(t *testing.T) {
	arts := benchCorpus(t)
	an := benchAnalyzer(t)
	wp := wire.DefaultParams()
	for i := range arts {
		res := an.Analyze(&arts[i])
		for pi, p := range arts[i].Paragraphs {
			par := res.Paragraphs[pi]
			toks := text.Words(p)
			if want := terms.Extract(p, toks, stopwords); !reflect.DeepEqual(par.Seq, want) {
				t.Fatalf("article %s paragraph %d: Seq = %v, want terms.Extract = %v", arts[i].ID, pi, par.Seq, want)
			}
			if want := wp.Sign(p); !slices.Equal(par.Signature, want) || (par.Signature == nil) != (want == nil) {
				t.Fatalf("article %s paragraph %d: Signature differs from wire.Params.Sign", arts[i].ID, pi)
			}
			if par.Words != len(toks) {
				t.Fatalf("article %s paragraph %d: Words = %d, want %d", arts[i].ID, pi, par.Words, len(toks))
			}
		}
	}
}
