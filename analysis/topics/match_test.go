package topics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteAssign returns the least total cost over all injective assignments
// of rows to columns.
func bruteAssign(cost [][]float64) float64 {
	n, m := len(cost), len(cost[0])
	best := math.Inf(1)
	used := make([]bool, m)
	var rec func(i int, sum float64)
	rec = func(i int, sum float64) {
		if i == n {
			best = min(best, sum)
			return
		}
		for j := range m {
			if !used[j] {
				used[j] = true
				rec(i+1, sum+cost[i][j])
				used[j] = false
			}
		}
	}
	rec(0, 0)
	return best
}

func TestAssign(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + rng.IntN(6)
		m := n + rng.IntN(3)
		cost := make([][]float64, n)
		for i := range cost {
			cost[i] = make([]float64, m)
			for j := range cost[i] {
				// Small integers make ties, the hard case.
				cost[i][j] = float64(rng.IntN(5)) - 2
			}
		}
		col, err := Assign(cost)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		seen := map[int]bool{}
		for i, j := range col {
			if seen[j] || j < 0 || j >= m {
				t.Fatalf("trial %d: Assign = %v, not an injection into %d columns", trial, col, m)
			}
			seen[j] = true
			sum += cost[i][j]
		}
		if want := bruteAssign(cost); math.Abs(sum-want) > 1e-9 {
			t.Fatalf("trial %d: Assign(%v) = %v costing %v, want %v", trial, cost, col, sum, want)
		}
	}
}

func TestAssignErrors(t *testing.T) {
	tests := []struct {
		name string
		cost [][]float64
	}{
		{"more rows", [][]float64{{1}, {2}}},
		{"ragged", [][]float64{{1, 2}, {3}}},
		{"nan", [][]float64{{math.NaN(), 1}}},
		{"inf", [][]float64{{math.Inf(1), 1}}},
	}
	for _, tt := range tests {
		if _, err := Assign(tt.cost); err == nil {
			t.Errorf("Assign(%s): no error", tt.name)
		}
	}
	if col, err := Assign(nil); col != nil || err != nil {
		t.Errorf("Assign(nil) = %v, %v, want nil, nil", col, err)
	}
}

func TestAlign(t *testing.T) {
	vocab, docs, _ := planted(4, 10, 400, 9)
	old, err := Fit(DocsSource(docs), vocab, FitOptions{K: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// A refit on other documents of the same kind, numbered its own way:
	// shuffle its topics, then align.
	_, docs2, _ := planted(4, 10, 400, 10)
	m, err := Fit(DocsSource(docs2), vocab, FitOptions{K: 4, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	shuffled := m.permute([]int{2, 0, 3, 1}, m.Info())
	aligned, cont, err := shuffled.Align(old)
	if err != nil {
		t.Fatal(err)
	}
	for k := range aligned.K() {
		if cont[k].Old != k || cont[k].Similarity < 0.9 {
			t.Errorf("topic %d continues %+v, want old topic %d with similarity ≥ 0.9", k, cont[k], k)
		}
		if a, o := aligned.Top(k, 1)[0].Term[:2], old.Top(k, 1)[0].Term[:2]; a != o {
			t.Errorf("aligned topic %d is about %s, old topic %d about %s", k, a, k, o)
		}
	}

	// More topics than before: the first four continue the old ones.
	m5, err := Fit(DocsSource(docs2), vocab, FitOptions{K: 5, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	a5, cont5, err := m5.Align(old)
	if err != nil {
		t.Fatal(err)
	}
	if a5.K() != 5 || cont5[4].Old != -1 || slices.ContainsFunc(cont5[:4], func(c Continuity) bool { return c.Old < 0 }) {
		t.Errorf("Align(5 onto 4) continuity = %+v, want old 0-3 then -1", cont5)
	}
	// Fewer: every topic continues a distinct old one, in old order.
	m3, err := Fit(DocsSource(docs2), vocab, FitOptions{K: 3, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, cont3, err := m3.Align(old)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(cont3); i++ {
		if cont3[i].Old <= cont3[i-1].Old {
			t.Errorf("Align(3 onto 4) continuity = %+v, want increasing old numbers", cont3)
		}
	}
}
