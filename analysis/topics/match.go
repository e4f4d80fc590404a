package topics

import (
	"fmt"
	"math"
	"slices"
)

// Assign solves the assignment problem: given an n×m cost matrix with
// n ≤ m, it returns col, where row i is assigned column col[i], all
// distinct, so that Σ cost[i][col[i]] is least. Costs must be finite. It
// is the Hungarian method (Kuhn, "The Hungarian method for the assignment
// problem", Naval Research Logistics Quarterly 2, 1955,
// doi:10.1002/nav.3800020109; Munkres, J. SIAM 5(1), 1957,
// doi:10.1137/0105003) in its O(n²m) form with dual potentials and
// shortest augmenting paths (Edmonds & Karp, J. ACM 19(2), 1972,
// doi:10.1145/321694.321699): one augmentation per row, each O(nm). Ties
// are broken towards lower column numbers, so the result is deterministic.
func Assign(cost [][]float64) ([]int, error) {
	n := len(cost)
	if n == 0 {
		return nil, nil
	}
	m := len(cost[0])
	if n > m {
		return nil, fmt.Errorf("topics: assign: %d rows but %d columns", n, m)
	}
	for i, row := range cost {
		if len(row) != m {
			return nil, fmt.Errorf("topics: assign: row %d has %d columns, want %d", i, len(row), m)
		}
		for _, c := range row {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return nil, fmt.Errorf("topics: assign: cost %v in row %d", c, i)
			}
		}
	}
	// 1-based, as in the classic statement: p[j] is the row matched to
	// column j (0: none), u and v the potentials, way[j] the previous
	// column on the augmenting path.
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	p := make([]int, m+1)
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := p[j0]
			delta, j1 := math.Inf(1), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	col := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			col[p[j]-1] = j - 1
		}
	}
	return col, nil
}

// Continuity says what an aligned topic continues.
type Continuity struct {
	// Old is the number of the old topic it continues, −1 for none.
	Old int
	// Similarity is the cosine similarity of the two topics' term
	// vectors (terms matched by their text), in [0, 1]; 0 for a new
	// topic. Below about 0.5 the "same" topic has changed a lot.
	Similarity float64
}

// Align returns m with its topics renumbered to continue those of an
// older model (a refit keeps the numbers a history of topic shares uses),
// and what each continues. Topics are matched one to one by [Assign] on
// the cost 1 − cosine similarity of their term vectors, over the union of
// the two vocabularies (a term missing from one weighs 0 there), so the
// total similarity of the matched pairs is largest.
//
// When m has at least as many topics as old, topic i of the result
// continues old topic i for every i < old.K(), and the others follow,
// most prevalent first. When m has fewer, every topic continues some old
// topic, and the topics are ordered by that old number. The FitInfo's
// prevalences are reordered with the topics.
func (m *DocModel) Align(old *DocModel) (*DocModel, []Continuity, error) {
	sim := similarity(m, old)
	kn, ko := m.k, old.k
	order := make([]int, 0, kn)
	cont := make([]Continuity, 0, kn)
	if kn >= ko {
		cost := make([][]float64, ko)
		for i := range cost {
			cost[i] = make([]float64, kn)
			for t := range kn {
				cost[i][t] = 1 - sim[t][i]
			}
		}
		col, err := Assign(cost)
		if err != nil {
			return nil, nil, err
		}
		taken := make([]bool, kn)
		for i, t := range col {
			order = append(order, t)
			cont = append(cont, Continuity{Old: i, Similarity: sim[t][i]})
			taken[t] = true
		}
		var rest []int
		for t := range kn {
			if !taken[t] {
				rest = append(rest, t)
			}
		}
		prev := m.info.Prevalence
		slices.SortStableFunc(rest, func(a, b int) int {
			if len(prev) == kn {
				if prev[a] != prev[b] {
					if prev[a] > prev[b] {
						return -1
					}
					return 1
				}
			}
			return a - b
		})
		for _, t := range rest {
			order = append(order, t)
			cont = append(cont, Continuity{Old: -1})
		}
	} else {
		cost := make([][]float64, kn)
		for t := range cost {
			cost[t] = make([]float64, ko)
			for i := range ko {
				cost[t][i] = 1 - sim[t][i]
			}
		}
		col, err := Assign(cost)
		if err != nil {
			return nil, nil, err
		}
		for t := range kn {
			order = append(order, t)
		}
		slices.SortFunc(order, func(a, b int) int { return col[a] - col[b] })
		for _, t := range order {
			cont = append(cont, Continuity{Old: col[t], Similarity: sim[t][col[t]]})
		}
	}
	return m.permute(order, m.Info()), cont, nil
}

// similarity returns sim[t][i], the cosine similarity of m's topic t and
// old's topic i (both unit vectors, so the dot product over shared terms).
func similarity(m, old *DocModel) [][]float64 {
	oldID := make(map[string]int, old.V())
	for v, term := range old.terms {
		oldID[term] = v
	}
	sim := make([][]float64, m.k)
	for t := range sim {
		sim[t] = make([]float64, old.k)
	}
	for v, term := range m.terms {
		o, ok := oldID[term]
		if !ok {
			continue
		}
		row := m.w[v*m.k : v*m.k+m.k]
		orow := old.w[o*old.k : o*old.k+old.k]
		for t, a := range row {
			if a == 0 {
				continue
			}
			for i, b := range orow {
				sim[t][i] += float64(a) * float64(b)
			}
		}
	}
	for t := range sim {
		for i := range sim[t] {
			sim[t][i] = min(1, max(0, sim[t][i]))
		}
	}
	return sim
}
