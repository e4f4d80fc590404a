package stories

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// syntheticCorpus builds n articles over a year from the BBC corpus: each
// BBC article is copied under new dates, with its rarer terms renamed per
// copy so that copies are different stories that still share the common
// vocabulary (long postings lists, as in real news).
func syntheticCorpus(tb testing.TB, n int) []Doc {
	base := loadCorpus(tb, bbcPath)
	df := make(map[string]int)
	for _, d := range base {
		for t := range d.Terms {
			df[t]++
		}
	}
	var common []string
	for t, c := range df {
		if c >= 20 {
			common = append(common, t)
		}
	}
	slices.Sort(common)
	isCommon := make(map[string]bool, len(common))
	for _, t := range common {
		isCommon[t] = true
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]Doc, 0, n)
	for i := 0; len(docs) < n; i++ {
		b := base[i%len(base)]
		copyNo := i / len(base)
		terms := make(map[string]int, len(b.Terms))
		for t, c := range b.Terms {
			if !isCommon[t] {
				t = fmt.Sprintf("%s%d", t, copyNo)
			}
			terms[t] = c
		}
		docs = append(docs, Doc{
			ID:        fmt.Sprintf("%s/%d", b.ID, copyNo),
			Outlet:    []string{"fox", "nyt", "hpo", "bbc", "ap"}[rng.IntN(5)],
			Published: start.Add(time.Duration(rng.IntN(365*24)) * time.Hour),
			Title:     b.Title,
			Terms:     terms,
		})
	}
	return docs
}

func BenchmarkCluster(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		docs := syntheticCorpus(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var stories []Story
			for b.Loop() {
				stories = Cluster(docs, Options{})
			}
			b.ReportMetric(float64(len(stories)), "stories")
		})
	}
}
