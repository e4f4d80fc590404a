package sentiment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Ordinal is a fitted proportional-odds (ordinal logistic) regression over
// the three ordered labels negative < neutral < positive (McCullagh 1980,
// "Regression models for ordinal data", doi:10.1111/j.2517-6161.1980.tb01109.x).
// A feature vector x has the latent score z = w·x and
//
//	P(y ≤ negative) = σ(θ₁ − z)
//	P(y ≤ neutral)  = σ(θ₂ − z),  θ₁ < θ₂
//
// with σ the logistic function. Its polarity score is
//
//	score(z) = P(positive|z) − P(negative|z) = 1 − σ(θ₂ − z) − σ(θ₁ − z)
//
// which lies in (-1, 1) and increases with z. Label thresholds are the
// scores at which the most probable label changes.
type Ordinal struct {
	// Features names the entries of x, in order.
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
	// Cuts are θ₁ and θ₂.
	Cuts [2]float64 `json:"cuts"`
	// Thresholds are the scores below which the label is negative and
	// above which it is positive; they are derived from Cuts by Fit.
	Thresholds Thresholds `json:"thresholds"`
}

// Thresholds split the score range into the three labels: score <
// Negative is negative, score > Positive is positive, the rest neutral.
type Thresholds struct {
	Negative float64 `json:"negative"`
	Positive float64 `json:"positive"`
}

// Latent returns z = w·x. x must have len(o.Weights) entries.
func (o *Ordinal) Latent(x []float64) float64 {
	z := 0.0
	for i, w := range o.Weights {
		z += w * x[i]
	}
	return z
}

// Probs returns P(negative), P(neutral), P(positive) at latent z.
func (o *Ordinal) Probs(z float64) [3]float64 {
	a, b := Logistic(o.Cuts[0]-z), Logistic(o.Cuts[1]-z)
	return [3]float64{a, b - a, 1 - b}
}

// Score returns P(positive) − P(negative) at latent z, in (-1, 1).
func (o *Ordinal) Score(z float64) float64 {
	p := o.Probs(z)
	return p[2] - p[0]
}

// Label returns the label of a score under o's thresholds.
func (o *Ordinal) Label(score float64) Label {
	return o.Thresholds.Label(score)
}

// Label returns negative below t.Negative, positive above t.Positive and
// neutral otherwise.
func (t Thresholds) Label(score float64) Label {
	switch {
	case score < t.Negative:
		return Negative
	case score > t.Positive:
		return Positive
	}
	return Neutral
}

// FitOrdinal fits an Ordinal to rows x with labels y (0 negative, 1
// neutral, 2 positive) by minimising the mean negative log-likelihood plus
// an L2 penalty λ/2·‖w‖² on the weights (not the cuts). The problem is
// convex; it is solved by Newton's method with the exact Hessian (gonum
// mat Cholesky) and step halving, from w = 0, θ = (-0.5, 0.5). The fit is
// deterministic: the same rows in the same order give the same bits.
func FitOrdinal(names []string, x [][]float64, y []int, lambda float64) (*Ordinal, error) {
	if len(x) == 0 || len(x) != len(y) {
		return nil, fmt.Errorf("fit ordinal: %d rows and %d labels", len(x), len(y))
	}
	d := len(names)
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("fit ordinal: row %d has %d features, want %d", i, len(row), d)
		}
		if y[i] < 0 || y[i] > 2 {
			return nil, fmt.Errorf("fit ordinal: row %d has label %d, want 0, 1 or 2", i, y[i])
		}
	}
	m := d + 2 // w, θ₁, θ₂
	p := make([]float64, m)
	p[d], p[d+1] = -0.5, 0.5
	grad := make([]float64, m)
	hess := mat.NewSymDense(m, nil)
	loss := ordinalLoss(p, grad, hess, x, y, lambda)
	step := make([]float64, m)
	trial := make([]float64, m)
	for iter := 0; ; iter++ {
		if maxAbs(grad) < 1e-10 {
			break
		}
		if iter == 100 {
			if maxAbs(grad) < 1e-8 {
				break // converged as far as rounding lets it
			}
			return nil, fmt.Errorf("fit ordinal: no convergence after %d Newton steps (gradient %g)", iter, maxAbs(grad))
		}
		var chol mat.Cholesky
		if ok := chol.Factorize(hess); !ok {
			return nil, fmt.Errorf("fit ordinal: Hessian not positive definite at step %d", iter)
		}
		var dir mat.VecDense
		if err := chol.SolveVecTo(&dir, mat.NewVecDense(m, grad)); err != nil {
			return nil, fmt.Errorf("fit ordinal: step %d: %w", iter, err)
		}
		for i := range step {
			step[i] = -dir.AtVec(i)
		}
		improved := false
		for t := 1.0; t > 1e-10; t /= 2 {
			for i := range p {
				trial[i] = p[i] + t*step[i]
			}
			if trial[d] >= trial[d+1] {
				continue
			}
			if l := ordinalLoss(trial, nil, nil, x, y, lambda); l <= loss {
				improved = true
				break
			}
		}
		if !improved {
			break // at the optimum to machine precision
		}
		copy(p, trial)
		loss = ordinalLoss(p, grad, hess, x, y, lambda)
	}
	o := &Ordinal{
		Features: append([]string(nil), names...),
		Weights:  append([]float64(nil), p[:d]...),
		Cuts:     [2]float64{p[d], p[d+1]},
	}
	o.Thresholds = o.ArgmaxThresholds()
	return o, nil
}

// ordinalLoss returns the mean negative log-likelihood plus the penalty at
// parameters p = (w, θ₁, θ₂). When grad and hess are not nil it writes the
// gradient and the Hessian. With a = θ₁ − z and b = θ₂ − z, a row's
// log-likelihood ℓ is log σ(a), log(σ(b) − σ(a)) or log(1 − σ(b)); its
// derivatives in (a, b) are chained through ∂a/∂w = ∂b/∂w = −x.
func ordinalLoss(p, grad []float64, hess *mat.SymDense, x [][]float64, y []int, lambda float64) float64 {
	m := len(p)
	d := m - 2
	t1, t2 := p[d], p[d+1]
	if grad != nil {
		for i := range grad {
			grad[i] = 0
		}
	}
	var h []float64 // dense m×m accumulator
	if hess != nil {
		h = make([]float64, m*m)
	}
	n := float64(len(x))
	ja := make([]float64, m)
	jb := make([]float64, m)
	loss := 0.0
	for i, row := range x {
		z := 0.0
		for j := 0; j < d; j++ {
			z += p[j] * row[j]
		}
		a, b := t1-z, t2-z
		sa, sb := Logistic(a), Logistic(b)
		ga, gb := sa*(1-sa), sb*(1-sb)
		var la, lb, laa, lbb, lab float64
		switch y[i] {
		case 0:
			loss -= logSigmoid(a)
			la, laa = 1-sa, -ga
		case 2:
			loss -= logSigmoid(-b)
			lb, lbb = -sb, -gb
		default:
			// D = σ(b) − σ(a) = σ(b)·σ(-a)·(1 − e^(a−b)), computed without cancellation.
			diff := -math.Expm1(a - b)
			loss -= logSigmoid(b) + logSigmoid(-a) + math.Log(math.Max(diff, 1e-300))
			dd := math.Max(sb*(1-sa)*diff, 1e-300)
			la, lb = -ga/dd, gb/dd
			laa = -ga*(1-2*sa)/dd - la*la
			lbb = gb*(1-2*sb)/dd - lb*lb
			lab = ga * gb / (dd * dd)
		}
		if grad == nil {
			continue
		}
		for j := 0; j < d; j++ {
			ja[j], jb[j] = -row[j], -row[j]
		}
		ja[d], ja[d+1], jb[d], jb[d+1] = 1, 0, 0, 1
		for j := 0; j < m; j++ {
			grad[j] -= (la*ja[j] + lb*jb[j]) / n
		}
		if h == nil {
			continue
		}
		for j := 0; j < m; j++ {
			for k := j; k < m; k++ {
				h[j*m+k] -= (laa*ja[j]*ja[k] + lbb*jb[j]*jb[k] + lab*(ja[j]*jb[k]+jb[j]*ja[k])) / n
			}
		}
	}
	loss /= n
	for j := 0; j < d; j++ {
		loss += lambda / 2 * p[j] * p[j]
		if grad != nil {
			grad[j] += lambda * p[j]
		}
		if h != nil {
			h[j*m+j] += lambda
		}
	}
	if hess != nil {
		for j := 0; j < m; j++ {
			for k := j; k < m; k++ {
				hess.SetSym(j, k, h[j*m+k])
			}
		}
	}
	return loss
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// logSigmoid returns log σ(x) without overflow.
func logSigmoid(x float64) float64 {
	if x >= 0 {
		return -math.Log1p(math.Exp(-x))
	}
	return x - math.Log1p(math.Exp(x))
}

// ArgmaxThresholds returns the scores at which the most probable label
// changes, found by bisection on z (the label probabilities are monotone
// or unimodal in z). When neutral is never the most probable label, both
// thresholds are the score where negative and positive tie.
func (o *Ordinal) ArgmaxThresholds() Thresholds {
	best := func(z float64) int {
		p := o.Probs(z)
		k := 0
		for i := 1; i < 3; i++ {
			if p[i] > p[k] {
				k = i
			}
		}
		return k
	}
	// Smallest z at which the argmax is at least k.
	edge := func(k int) float64 {
		lo, hi := -50.0, 50.0
		for range 200 {
			mid := (lo + hi) / 2
			if best(mid) >= k {
				hi = mid
			} else {
				lo = mid
			}
		}
		return hi
	}
	zNeu, zPos := edge(1), edge(2)
	return Thresholds{Negative: round6(o.Score(zNeu)), Positive: round6(o.Score(zPos))}
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
