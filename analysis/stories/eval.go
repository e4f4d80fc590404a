package stories

import "fmt"

// AdjustedRand returns the adjusted Rand index of two partitions of the
// same items, given as one label per item (truth[i] and pred[i] label item
// i): 1 for identical partitions, about 0 for a random one, negative when
// worse than chance (Hubert & Arabie 1985, doi:10.1007/BF01908075). With
// n_ij the contingency counts, a_i and b_j its row and column sums and
// C(x) = x(x−1)/2,
//
//	index    = Σ C(n_ij)
//	expected = Σ C(a_i) · Σ C(b_j) / C(n)
//	max      = (Σ C(a_i) + Σ C(b_j)) / 2
//	ARI      = (index − expected) / (max − expected)
//
// When max = expected (both partitions all singletons, or both one
// cluster) it returns 1. It panics if the lengths differ.
func AdjustedRand(truth, pred []string) float64 {
	cells, rows, cols := contingency(truth, pred)
	// Integer sums: exact, so map order cannot change the result.
	c2 := func(x int) int64 { return int64(x) * int64(x-1) / 2 }
	var index, sumA, sumB int64
	for _, v := range cells {
		index += c2(v)
	}
	for _, v := range rows {
		sumA += c2(v)
	}
	for _, v := range cols {
		sumB += c2(v)
	}
	n := c2(len(truth))
	if n == 0 {
		return 1
	}
	expected := float64(sumA) * float64(sumB) / float64(n)
	maxIndex := float64(sumA+sumB) / 2
	if maxIndex == expected {
		return 1
	}
	return (float64(index) - expected) / (maxIndex - expected)
}

// BCubed returns the B-cubed precision, recall and F1 of a predicted
// partition against the truth, one label per item as in [AdjustedRand]
// (Bagga & Baldwin 1998; Amigó, Gonzalo, Artiles & Verdejo 2009,
// doi:10.1007/s10791-008-9066-8). For item i with predicted cluster P(i)
// and true class T(i),
//
//	precision(i) = |P(i) ∩ T(i)| / |P(i)|
//	recall(i)    = |P(i) ∩ T(i)| / |T(i)|
//
// averaged over items; F1 is their harmonic mean. Empty input gives 1, 1,
// 1. It panics if the lengths differ.
func BCubed(truth, pred []string) (precision, recall, f1 float64) {
	cells, rows, cols := contingency(truth, pred)
	if len(truth) == 0 {
		return 1, 1, 1
	}
	for i := range truth {
		both := float64(cells[[2]string{truth[i], pred[i]}])
		precision += both / float64(cols[pred[i]])
		recall += both / float64(rows[truth[i]])
	}
	n := float64(len(truth))
	precision /= n
	recall /= n
	f1 = 2 * precision * recall / (precision + recall)
	return precision, recall, f1
}

func contingency(truth, pred []string) (cells map[[2]string]int, rows, cols map[string]int) {
	if len(truth) != len(pred) {
		panic(fmt.Sprintf("stories: %d true labels, %d predicted", len(truth), len(pred)))
	}
	cells = make(map[[2]string]int)
	rows = make(map[string]int)
	cols = make(map[string]int)
	for i := range truth {
		cells[[2]string{truth[i], pred[i]}]++
		rows[truth[i]]++
		cols[pred[i]]++
	}
	return cells, rows, cols
}
