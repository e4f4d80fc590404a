package quotes

import (
	"math/rand/v2"
	"testing"
)

// TestFlattenMatchesScan checks that the flattened reported regions At
// searches give, at every offset, the region a scan of the list finds (the
// last one covering the offset), for random lists of nested and
// overlapping regions.
func TestFlattenMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		n := 1 + rng.IntN(30)
		rs := make([]region, n)
		for i := range rs {
			s := rng.IntN(100)
			rs[i] = region{start: s, end: s + rng.IntN(40), index: 100 + i}
		}
		flat := flatten(rs)
		for i := 1; i < len(flat); i++ {
			if flat[i].start < flat[i-1].end {
				t.Fatalf("trial %d: flatten(%v) = %v, regions overlap", trial, rs, flat)
			}
		}
		for off := -1; off < 150; off++ {
			want := -1
			for _, r := range rs {
				if r.start <= off && off < r.end {
					want = r.index
				}
			}
			got := -1
			for _, r := range flat {
				if r.start <= off && off < r.end {
					got = r.index
				}
			}
			if got != want {
				t.Fatalf("trial %d: flatten(%v) at %d = %d, want %d", trial, rs, off, got, want)
			}
		}
	}
}
