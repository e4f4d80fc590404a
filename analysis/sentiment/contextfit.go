package sentiment

import (
	"fmt"
	"math"
	"slices"
)

// ContextRow is one training mention of the target model: its dense
// features (TargetFeatures), its hashed context features (bucket indices,
// a bucket listed twice counts twice) and its label (0 negative, 1
// neutral, 2 positive).
type ContextRow struct {
	Dense  []float64
	Hashed []uint32
	Label  int
}

// FitContext fits the target model's multinomial logistic regression,
// neutral as the reference class, to rows: the dense weights w₋, w₊ and
// biases of a Multinomial over the features names, plus two weights per
// hashed bucket. It minimises the mean negative log-likelihood plus
// λd/2·(‖w₋‖² + ‖w₊‖²) on the dense weights and λh/2 times the same on the
// hashed ones (biases are not penalised), by L-BFGS (Nocedal 1980,
// doi:10.1090/S0025-5718-1980-0572855-7; see minimizeLBFGS) from all
// parameters 0. Buckets no row uses keep weight 0. The fit is
// deterministic: the same rows in the same order give the same bits.
func FitContext(names []string, rows []ContextRow, lambdaDense, lambdaHashed float64) (*ContextModel, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("fit context model: no rows")
	}
	d := len(names)
	// Compact the buckets the rows use, in increasing order.
	var used []uint32
	for i, r := range rows {
		if len(r.Dense) != d {
			return nil, fmt.Errorf("fit context model: row %d has %d dense features, want %d", i, len(r.Dense), d)
		}
		if r.Label < 0 || r.Label > 2 {
			return nil, fmt.Errorf("fit context model: row %d has label %d, want 0, 1 or 2", i, r.Label)
		}
		used = append(used, r.Hashed...)
	}
	slices.Sort(used)
	used = slices.Compact(used)
	index := make(map[uint32]int32, len(used))
	for i, b := range used {
		index[b] = int32(i)
	}
	compact := make([][]int32, len(rows))
	for i, r := range rows {
		c := make([]int32, len(r.Hashed))
		for k, b := range r.Hashed {
			c[k] = index[b]
		}
		compact[i] = c
	}
	// Parameters: w₋ (d), b₋, w₊ (d), b₊, then (h₋, h₊) per used bucket.
	off := 2 * (d + 1)
	np := off + 2*len(used)
	n := float64(len(rows))
	f := func(p, grad []float64) float64 {
		if grad != nil {
			clear(grad)
		}
		loss := 0.0
		for i, r := range rows {
			eNeg, ePos := p[d], p[2*d+1]
			for k, v := range r.Dense {
				eNeg += p[k] * v
				ePos += p[d+1+k] * v
			}
			for _, c := range compact[i] {
				eNeg += p[off+2*int(c)]
				ePos += p[off+2*int(c)+1]
			}
			pr := softmax3(eNeg, ePos)
			loss -= math.Log(math.Max(pr[r.Label], 1e-300))
			if grad == nil {
				continue
			}
			gNeg, gPos := pr[0]/n, pr[2]/n
			switch r.Label {
			case 0:
				gNeg -= 1 / n
			case 2:
				gPos -= 1 / n
			}
			for k, v := range r.Dense {
				grad[k] += gNeg * v
				grad[d+1+k] += gPos * v
			}
			grad[d] += gNeg
			grad[2*d+1] += gPos
			for _, c := range compact[i] {
				grad[off+2*int(c)] += gNeg
				grad[off+2*int(c)+1] += gPos
			}
		}
		loss /= n
		for k := 0; k < d; k++ {
			for _, j := range [2]int{k, d + 1 + k} {
				loss += lambdaDense / 2 * p[j] * p[j]
				if grad != nil {
					grad[j] += lambdaDense * p[j]
				}
			}
		}
		for j := off; j < np; j++ {
			loss += lambdaHashed / 2 * p[j] * p[j]
			if grad != nil {
				grad[j] += lambdaHashed * p[j]
			}
		}
		return loss
	}
	p, err := minimizeLBFGS(f, make([]float64, np), contextTolerance, 5000)
	if err != nil {
		return nil, fmt.Errorf("fit context model: %w", err)
	}
	m := &ContextModel{
		Dense: Multinomial{
			Features: append([]string(nil), names...),
			Negative: append([]float64(nil), p[:d]...),
			Positive: append([]float64(nil), p[d+1:2*d+1]...),
			Bias:     [2]float64{p[d], p[2*d+1]},
		},
		Hashed: make(Hashed, 2<<ContextBits),
	}
	for i, b := range used {
		m.Hashed[2*b] = float32(p[off+2*i])
		m.Hashed[2*b+1] = float32(p[off+2*i+1])
	}
	return m, nil
}

// ContextModel is the target model: a multinomial logistic regression
// over the dense target features (TargetFeatures) and the hashed context
// features of a mention (words and bigrams by side of and distance from
// the mention, its clause, negation scope and quotation). See
// Prepared.TargetProbs.
type ContextModel struct {
	// Dense holds the weights of the dense features and the biases.
	Dense Multinomial
	// Hashed holds the weights of the hashed features.
	Hashed Hashed
}

// Scores returns η₋ and η₊ of a mention with dense features x and hashed
// features feats.
func (m *ContextModel) Scores(x []float64, feats []uint32) (eNeg, ePos float64) {
	eNeg, ePos = m.Dense.Bias[0], m.Dense.Bias[1]
	for i, v := range x {
		eNeg += m.Dense.Negative[i] * v
		ePos += m.Dense.Positive[i] * v
	}
	h := m.Hashed
	for _, b := range feats {
		eNeg += float64(h[2*b])
		ePos += float64(h[2*b+1])
	}
	return eNeg, ePos
}

// Probs returns P(negative), P(neutral), P(positive).
func (m *ContextModel) Probs(x []float64, feats []uint32) [3]float64 {
	return softmax3(m.Scores(x, feats))
}

// contextTolerance is the largest gradient entry at which FitContext
// stops: about 1e-4 of the weights' scale, so that the rounding of the
// weights to float32 (Hashed) is coarser than what is left to fit.
const contextTolerance = 1e-6
