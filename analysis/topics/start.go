package topics

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// start sets f.w to the topics alternating least squares starts from:
// NNDSVD (Boutsidis & Gallopoulos, "SVD based initialization: A head start
// for nonnegative matrix factorization", Pattern Recognition 41(4), 2008,
// doi:10.1016/j.patcog.2007.09.010) of the documents' weight matrix X
// (N×V, one unit row per document), with its zeros filled with the mean
// of X divided by 100 (the "NNDSVDa" variant) so that no weight starts
// stuck at zero.
//
// The truncated SVD is randomized (Halko, Martinsson & Tropp, "Finding
// structure with randomness", SIAM Review 53(2), 2011,
// doi:10.1137/090771806, algorithms 4.3 and 5.1), computed on XᵀX in
// passes over the documents so that nothing of size N is held: a Gaussian
// sketch Y = XᵀXΩ (V×l, l = K + 10), PowerIterations products Y = XᵀXQ
// with Q an orthonormal basis of the previous Y, and a last product for
// the Rayleigh-Ritz step: the eigenvectors of QᵀXᵀXQ (l×l) give the right
// singular vectors v_j = QU_j and the squared singular values σ_j². One
// more pass sums the squares of the positive and negative parts of each
// document's coordinates Xv_j, which NNDSVD needs to choose each vector's
// sign. On the BBC set, two power iterations give the same topics from
// every seed tried; none or one sometimes start in a worse optimum.
func (f *fitter) start() error {
	k, v := f.k, f.v
	l := min(k+oversample, v)
	rng := rand.New(rand.NewPCG(f.opt.Seed, 0x746f70696373))
	q := make([]float64, v*l)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	y := make([]float64, v*l)
	// multiply sets y = XᵀXq.
	multiply := func(kind string) error {
		clear(y)
		err := f.pass(l, false, func(_ *scratch, d Doc, x, out []float64) float64 {
			project(out, q, d, x)
			return 0
		}, func(d Doc, x, p []float64, _ float64, _ bool) {
			for i, id := range d.IDs {
				xv := x[i]
				row := y[int(id)*l : int(id)*l+l]
				for j, a := range p {
					row[j] += xv * a
				}
			}
		})
		f.progress(kind, 0)
		return err
	}
	if err := multiply("sketch"); err != nil {
		return err
	}
	for range f.opt.PowerIterations {
		orthonormalize(q, y, l)
		if err := multiply("power"); err != nil {
			return err
		}
	}
	orthonormalize(q, y, l)
	if err := multiply("ritz"); err != nil {
		return err
	}
	// T = QᵀY = QᵀXᵀXQ, symmetrised.
	t := mat.NewSymDense(l, nil)
	for i := range l {
		for j := i; j < l; j++ {
			var s float64
			for r := range v {
				s += q[r*l+i] * y[r*l+j]
			}
			for r := range v {
				s += q[r*l+j] * y[r*l+i]
			}
			t.SetSym(i, j, s/2)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(t, true) {
		// Cannot happen for a finite symmetric matrix; start from the
		// sketch's basis instead.
		eig = mat.EigenSym{}
	}
	values := eig.Values(nil)
	var vecs mat.Dense
	if len(values) == l {
		eig.VectorsTo(&vecs)
	} else {
		values = make([]float64, l)
		vecs = *mat.NewDense(l, l, nil)
		for i := range l {
			vecs.Set(i, i, 1)
		}
	}
	// Eigenvalues come in ascending order: singular vector j is column
	// l−1−j.
	sv := make([]float64, v*k) // V×K right singular vectors
	sigma := make([]float64, k)
	for j := range k {
		c := l - 1 - j
		sigma[j] = math.Sqrt(max(0, values[c]))
		for r := range v {
			var s float64
			for i := range l {
				s += q[r*l+i] * vecs.At(i, c)
			}
			sv[r*k+j] = s
		}
	}

	// Signs: ‖u_j±‖² from the documents' coordinates Xv_j = σ_j u_j.
	pos, neg := make([]float64, k), make([]float64, k)
	var total float64
	err := f.pass(k, false, func(_ *scratch, d Doc, x, out []float64) float64 {
		project(out, sv, d, x)
		var s float64
		for _, a := range x {
			s += a
		}
		return s
	}, func(_ Doc, _, u []float64, sum float64, _ bool) {
		total += sum
		for j, a := range u {
			if a > 0 {
				pos[j] += a * a
			} else {
				neg[j] += a * a
			}
		}
	})
	f.progress("sign", 0)
	if err != nil {
		return err
	}
	f.w = nndsvd(sv, sigma, pos, neg, v, k)
	fill := total / (float64(f.docs) * float64(v)) / 100
	for i, a := range f.w {
		if a <= 0 {
			f.w[i] = fill
		}
	}
	normalizeColumns(f.w, k)
	return nil
}

// nndsvd returns the NNDSVD start (V×K, term-major) from the right
// singular vectors sv (V×K, term-major), the singular values and the
// summed squares of the positive and negative parts of the left singular
// vectors times σ (so ‖u_j±‖ = √pos_j / σ_j). The first vector is taken in
// absolute value; each other one keeps the part, positive or negative, of
// larger ‖u±‖‖v±‖, scaled by √(σ_j ‖u±‖‖v±‖) / ‖v±‖.
func nndsvd(sv, sigma, pos, neg []float64, v, k int) []float64 {
	w := make([]float64, v*k)
	for j := range k {
		var vp, vn float64
		for r := range v {
			a := sv[r*k+j]
			if a > 0 {
				vp += a * a
			} else {
				vn += a * a
			}
		}
		vp, vn = math.Sqrt(vp), math.Sqrt(vn)
		if j == 0 {
			for r := range v {
				w[r*k] = math.Abs(sv[r*k]) * math.Sqrt(sigma[0])
			}
			continue
		}
		var up, un float64
		if sigma[j] > 0 {
			up, un = math.Sqrt(pos[j])/sigma[j], math.Sqrt(neg[j])/sigma[j]
		}
		mp, mn := up*vp, un*vn
		sign, m, norm := 1.0, mp, vp
		if mn > mp {
			sign, m, norm = -1, mn, vn
		}
		if norm == 0 {
			continue
		}
		scale := math.Sqrt(sigma[j]*m) / norm
		for r := range v {
			if a := sign * sv[r*k+j]; a > 0 {
				w[r*k+j] = a * scale
			}
		}
	}
	return w
}

// orthonormalize sets q to an orthonormal basis of the columns of y (both
// term-major V×l) by modified Gram-Schmidt, run twice for accuracy
// ("twice is enough": Giraud, Langou & Rozložník, Computers & Mathematics
// with Applications 50(7), 2005, doi:10.1016/j.camwa.2005.08.009). A column
// that is (numerically) in the span of the previous ones becomes zero.
func orthonormalize(q, y []float64, l int) {
	v := len(y) / l
	cols := make([][]float64, l)
	for j := range cols {
		c := make([]float64, v)
		for r := range v {
			c[r] = y[r*l+j]
		}
		cols[j] = c
	}
	for j, c := range cols {
		first := norm2(c)
		for range 2 {
			for _, p := range cols[:j] {
				var dot float64
				for r, a := range p {
					dot += a * c[r]
				}
				for r, a := range p {
					c[r] -= dot * a
				}
			}
		}
		n := norm2(c)
		if n <= 1e-10*first || n == 0 {
			clear(c)
			continue
		}
		for r := range c {
			c[r] /= n
		}
	}
	for j, c := range cols {
		for r, a := range c {
			q[r*l+j] = a
		}
	}
}

func norm2(x []float64) float64 {
	var s float64
	for _, a := range x {
		s += a * a
	}
	return math.Sqrt(s)
}
