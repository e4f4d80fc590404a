package sentiment_test

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

// sampleParagraphs reads the paragraphs of the bundled sample corpus.
func sampleParagraphs(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("../../data/sample/basil-dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

type targetProbs struct {
	probs [3]float64
	cues  []sentiment.Cue
}

// TestPreparedReuse checks that one Prepared reused over a stream of
// paragraphs (as the pipeline reuses it; five passes over the sample, so
// that it sets up its lookup memo) scores every paragraph, and every
// sentence's first word as a target, exactly as a fresh one does,
// whichever is asked first.
func TestPreparedReuse(t *testing.T) {
	m := model(t)
	var paras []string
	for range 5 {
		paras = append(paras, sampleParagraphs(t)...)
	}
	var reused *sentiment.Prepared
	for i, p := range paras {
		toks, sents := text.Words(p), text.Sentences(p)
		reused = m.Prepare(reused, p, toks, sents)
		targetsFirst := i%2 == 1 // the sentence analyses are cached either way round
		var gotTargets []targetProbs
		scoreTargets := func() {
			for _, sp := range sents {
				if lo, hi := sentiment.TokenRange(toks, sp); hi > lo {
					pr, cues := reused.TargetProbs(lo, hi, lo, lo+1)
					gotTargets = append(gotTargets, targetProbs{pr, cues})
				}
			}
		}
		if targetsFirst {
			scoreTargets()
		}
		got := reused.Paragraph()
		if !targetsFirst {
			scoreTargets()
		}
		if want := m.Paragraph(p, toks, sents); !reflect.DeepEqual(got, want) {
			t.Fatalf("paragraph %d: reused Prepared gives %+v, want %+v", i, got, want)
		}
		k := 0
		for _, sp := range sents {
			if lo, hi := sentiment.TokenRange(toks, sp); hi > lo {
				pr, cues := m.TargetProbs(p, toks, lo, hi, lo, lo+1)
				if want := (targetProbs{pr, cues}); !reflect.DeepEqual(gotTargets[k], want) {
					t.Fatalf("paragraph %d, target %q: reused Prepared gives %+v, want %+v", i, toks[lo].Text, gotTargets[k], want)
				}
				k++
			}
		}
	}
}

func TestPreparedText(t *testing.T) {
	m := model(t)
	s := "Critics said the plan failed."
	toks, sents := text.Words(s), text.Sentences(s)
	p := m.Prepare(nil, s, toks, sents)
	gs, gt, gsp := p.Text()
	if gs != s || len(gt) != len(toks) || len(gsp) != len(sents) || p.Model() != m {
		t.Errorf("Text() = %q, %d tokens, %d sentences, want %q, %d, %d", gs, len(gt), len(gsp), s, len(toks), len(sents))
	}
}
