package topics

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
)

// FitOptions are the parameters of [Fit]. Zero fields take the defaults.
type FitOptions struct {
	// K is the number of topics (default DefaultK of the number of
	// documents).
	K int
	// Seed seeds the random start (PCG); the default 0 is a valid, fixed
	// seed.
	Seed uint64
	// Workers is the number of goroutines that infer documents (default
	// GOMAXPROCS). The result does not depend on it.
	Workers int
	// MaxPasses bounds the passes of alternating least squares after the
	// start (default DefaultMaxPasses).
	MaxPasses int
	// Tol stops the fit when a pass lowers the mean residual by less than
	// this fraction (default DefaultTol).
	Tol float64
	// PowerIterations is the number of power iterations of the randomized
	// SVD that gives the start (default DefaultPowerIterations; negative
	// means none).
	PowerIterations int
	// Progress, if not nil, is called after each pass with its number,
	// its kind ("df", "sketch", "power", "ritz", "sign", "als", "final")
	// and, for "als" and "final", the mean residual.
	Progress func(pass int, kind string, residual float64)
}

// Defaults of FitOptions.
const (
	// DefaultMaxPasses: on the development corpora the residual settles
	// (changes by less than DefaultTol) in 8-15 passes.
	DefaultMaxPasses       = 30
	DefaultTol             = 1e-4
	DefaultPowerIterations = 2
	// oversample is the number of extra dimensions of the randomized SVD
	// (Halko, Martinsson & Tropp 2011 recommend 5-10).
	oversample = 10
)

func (o *FitOptions) defaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxPasses <= 0 {
		o.MaxPasses = DefaultMaxPasses
	}
	if o.Tol <= 0 {
		o.Tol = DefaultTol
	}
	if o.PowerIterations == 0 {
		o.PowerIterations = DefaultPowerIterations
	}
	o.PowerIterations = max(0, o.PowerIterations)
}

// ErrNoDocuments is returned by [Fit] when the source has no document with
// a vocabulary term.
var ErrNoDocuments = errors.New("topics: no document has a vocabulary term")

// Fit fits a topic model of opt.K topics to the documents of src, whose
// ids number the terms of vocab. It reads src several times (see the
// package documentation for the passes), holding O(K·V) numbers and a few
// chunks of documents, never the corpus. The same documents in the same
// order and the same options give the same model, bytes for bytes,
// whatever opt.Workers.
func Fit(src Source, vocab *Vocab, opt FitOptions) (*DocModel, error) {
	if vocab == nil || vocab.Len() == 0 {
		return nil, fmt.Errorf("topics: fit: empty vocabulary")
	}
	opt.defaults()
	f := &fitter{src: src, opt: opt, v: vocab.Len(), terms: vocab.Terms()}
	if err := f.countDF(); err != nil {
		return nil, err
	}
	if f.nonEmpty == 0 {
		return nil, ErrNoDocuments
	}
	f.k = opt.K
	if f.k <= 0 {
		f.k = DefaultK(f.docs)
	}
	if f.k > f.v {
		return nil, fmt.Errorf("topics: fit: %d topics but %d terms", f.k, f.v)
	}
	if err := f.start(); err != nil {
		return nil, err
	}
	if err := f.als(); err != nil {
		return nil, err
	}
	return f.finish()
}

// fitter holds the state of one fit.
type fitter struct {
	src    Source
	opt    FitOptions
	v, k   int
	terms  []string
	idf    []float32
	passes int
	// docs counts the source's documents, nonEmpty those with weight.
	docs, nonEmpty int64
	// w is the current V×K topic matrix (term-major).
	w []float64
}

func (f *fitter) progress(kind string, r float64) {
	f.passes++
	if f.opt.Progress != nil {
		f.opt.Progress(f.passes, kind, r)
	}
}

// countDF reads the source once for document frequencies and sets the
// inverse document frequencies, as scikit-learn's TfidfTransformer does
// (smooth_idf):
//
//	idf_v = ln((1 + N) / (1 + df_v)) + 1
//
// with N the number of documents.
func (f *fitter) countDF() error {
	df := make([]int64, f.v)
	var bad error
	err := f.src(func(d Doc) bool {
		if err := d.Validate(f.v); err != nil {
			bad = fmt.Errorf("topics: fit: document %d: %w", f.docs, err)
			return false
		}
		f.docs++
		if len(d.IDs) > 0 {
			f.nonEmpty++
		}
		for _, id := range d.IDs {
			df[id]++
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("topics: fit: %w", err)
	}
	if bad != nil {
		return bad
	}
	f.idf = make([]float32, f.v)
	for v, n := range df {
		f.idf[v] = float32(math.Log(float64(1+f.docs)/float64(1+n)) + 1)
	}
	f.progress("df", 0)
	return nil
}

// pass runs one pass in which each worker computes width numbers per
// document with fn (given the document, its weights and the output) and
// fold adds them up in source order. Held-out documents (see heldOut) are
// skipped unless withHeld is set; fold is told which they are.
func (f *fitter) pass(width int, withHeld bool, fn func(s *scratch, d Doc, x, out []float64) float64,
	fold func(d Doc, x, out []float64, res float64, held bool)) error {
	idf := f.idf
	skip := func(c *chunk, i int) bool {
		return c.empty[i] || !withHeld && f.heldOut(c.seq*chunkSize+i)
	}
	err := runPass(f.src, f.opt.Workers, func() *scratch { return newScratch(f.k, width) },
		func(s *scratch, c *chunk) {
			c.weigh(idf)
			n := c.len()
			c.out = slices.Grow(c.out[:0], n*width)[:n*width]
			c.res = slices.Grow(c.res[:0], n)[:n]
			for i := range n {
				if skip(c, i) {
					continue
				}
				d, x := c.doc(i)
				c.res[i] = fn(s, d, x, c.out[i*width:(i+1)*width])
			}
		},
		func(c *chunk) error {
			for i := range c.len() {
				if skip(c, i) {
					continue
				}
				d, x := c.doc(i)
				fold(d, x, c.out[i*width:(i+1)*width], c.res[i], f.heldOut(c.seq*chunkSize+i))
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("topics: fit: pass %d: %w", f.passes+1, err)
	}
	return nil
}

// Held-out documents: when the source has at least minHoldOut documents,
// every holdOutEvery-th one (by position) is left out of the fit, and its
// residual measured with the final model. Documents a model was not
// fitted on fit it a little worse than its training documents, by an
// amount that grows with K/N (0.003 for the AllSides half at K = 50, 0.014
// for the BBC set at K = 17); the held-out residual is the baseline that
// new documents are compared with ([DocModel.Drifted]).
const (
	holdOutEvery = 20
	minHoldOut   = 200
)

// heldOut reports whether the document at position i is held out.
func (f *fitter) heldOut(i int) bool {
	return f.docs >= minHoldOut && i%holdOutEvery == holdOutEvery-1
}

// scratch is one worker's buffers.
type scratch struct {
	b, grad []float64
}

func newScratch(k, width int) *scratch {
	return &scratch{b: make([]float64, max(k, width)), grad: make([]float64, max(k, width))}
}

// project sets out = Mᵀx for the document's entries (ids d.IDs, weights
// x), M a term-major V×len(out) matrix. Rows are taken four at a time so
// that each output is loaded and stored once per four terms: the loop is
// bound by memory traffic, not arithmetic. The order of additions is
// fixed, so results are the same on every run.
func project[F float32 | float64](out []float64, m []F, d Doc, x []float64) {
	n := len(out)
	clear(out)
	ids := d.IDs
	i := 0
	for ; i+4 <= len(ids); i += 4 {
		x0, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		r0 := m[int(ids[i])*n : int(ids[i])*n+n]
		r1 := m[int(ids[i+1])*n : int(ids[i+1])*n+n]
		r2 := m[int(ids[i+2])*n : int(ids[i+2])*n+n]
		r3 := m[int(ids[i+3])*n : int(ids[i+3])*n+n]
		for j := range out {
			out[j] += x0*float64(r0[j]) + x1*float64(r1[j]) + x2*float64(r2[j]) + x3*float64(r3[j])
		}
	}
	for ; i < len(ids); i++ {
		xv := x[i]
		row := m[int(ids[i])*n : int(ids[i])*n+n]
		for j := range out {
			out[j] += xv * float64(row[j])
		}
	}
}

// als runs alternating non-negative least squares from f.w: each pass
// infers every document's weights h with the current topics (the
// extrapolated ones, see below) while summing Stats, then updates the
// topics from the sums ([DocModel.Update]'s step). It stops when a pass
// lowers the mean residual by less than opt.Tol (relative) or after
// opt.MaxPasses passes.
//
// The topics are extrapolated between passes, W_y = W_n + β (W_n − W_{n−1}),
// with β adapted as in Ang & Gillis, "Accelerating nonnegative matrix
// factorization algorithms using extrapolation", Neural Computation 31(2),
// 2019, doi:10.1162/neco_a_01157: β starts at 0.5 and grows by γ = 1.05
// while the residual falls, its cap by γ̄ = 1.01 up to 1; when the
// residual rises, the pass is redone from W_n, the cap becomes β and β
// shrinks by η = 1.5. On the AllSides half this reaches in 10 passes the
// residual plain alternation reaches in 20.
func (f *fitter) als() error {
	k := f.k
	st := newStats(k, f.v)
	y := slices.Clone(f.w)    // the point the next pass infers at
	prev := slices.Clone(f.w) // W_{n-1}
	var g []float64
	beta, betaMax := 0.5, 1.0
	const gamma, gammaBar, eta = 1.05, 1.01, 1.5
	lastErr := math.Inf(1)
	for done := 0; done < f.opt.MaxPasses; done++ {
		g = gram(g, y, k)
		st.clear()
		err := f.pass(k, false, func(s *scratch, d Doc, x, h []float64) float64 {
			project(s.b[:k], y, d, x)
			return solveNNLS(h, g, s.b[:k], s.grad[:k])
		}, func(d Doc, x, h []float64, r float64, _ bool) {
			st.addDoc(d.IDs, x, h, r)
		})
		if err != nil {
			return err
		}
		meanErr := st.Residual / float64(max(1, st.Docs))
		f.progress("als", meanErr)
		if meanErr > lastErr && beta > 0 {
			// The extrapolated point is worse: go back to W_n.
			copy(y, f.w)
			betaMax = beta
			beta /= eta
			continue
		}
		improved := lastErr - meanErr
		lastErr = meanErr
		copy(prev, f.w)
		copy(f.w, y)
		updateTopics(f.w, st.hh, st.xh, k, f.opt.Workers)
		normalizeColumns(f.w, k)
		for i, wn := range f.w {
			y[i] = max(0, wn+beta*(wn-prev[i]))
		}
		beta = min(betaMax, gamma*beta)
		betaMax = min(1, gammaBar*betaMax)
		if improved < f.opt.Tol*meanErr {
			break
		}
	}
	return nil
}

// normalizeColumns scales each column of the term-major V×K matrix w to
// unit L2 norm (a zero column stays zero).
func normalizeColumns(w []float64, k int) {
	norm := make([]float64, k)
	for v := 0; v < len(w); v += k {
		for t, x := range w[v : v+k] {
			norm[t] += x * x
		}
	}
	for t := range norm {
		if norm[t] > 0 {
			norm[t] = 1 / math.Sqrt(norm[t])
		}
	}
	for v := 0; v < len(w); v += k {
		row := w[v : v+k]
		for t := range row {
			row[t] *= norm[t]
		}
	}
}

// finish rounds the topics to float32, makes the model, and reads the
// source once more for the training residual and the topics' prevalence;
// topics are then numbered by prevalence, largest first (ties by number).
func (f *fitter) finish() (*DocModel, error) {
	w32 := make([]float32, len(f.w))
	for i, x := range f.w {
		w32[i] = float32(x)
	}
	m, err := newModel(f.terms, f.idf, w32, f.k, FitInfo{})
	if err != nil {
		return nil, err
	}
	st := m.NewStats()
	var held Drift
	k := f.k
	err = f.pass(k, true, func(s *scratch, d Doc, x, h []float64) float64 {
		project(s.b[:k], m.w, d, x)
		return solveNNLS(h, m.gram, s.b[:k], s.grad[:k])
	}, func(d Doc, x, h []float64, r float64, isHeld bool) {
		if isHeld {
			held.Add(&Inference{Residual: r})
			return
		}
		st.addDoc(d.IDs, x, h, r)
	})
	if err != nil {
		return nil, err
	}
	info := FitInfo{Docs: f.docs, Empty: f.docs - f.nonEmpty, Seed: f.opt.Seed, HeldOut: held.Docs, HeldOutResidual: held.Mean()}
	info.Residual, info.Prevalence = st.summary()
	f.progress("final", info.Residual)
	info.Passes = f.passes
	order := make([]int, k)
	for t := range order {
		order[t] = t
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(info.Prevalence[b], info.Prevalence[a])
	})
	return m.permute(order, info), nil
}

// permute returns m with its topics reordered: topic i of the result is
// topic order[i] of m. The FitInfo becomes info with its prevalence
// reordered the same way.
func (m *DocModel) permute(order []int, info FitInfo) *DocModel {
	k := m.k
	w := make([]float32, len(m.w))
	for v := 0; v < len(w); v += k {
		for i, t := range order {
			w[v+i] = m.w[v+t]
		}
	}
	if info.Prevalence != nil {
		p := make([]float64, k)
		for i, t := range order {
			p[i] = info.Prevalence[t]
		}
		info.Prevalence = p
	}
	out, err := newModel(m.terms, m.idf, w, k, info)
	if err != nil {
		panic(fmt.Sprintf("topics: permute: %v", err)) // a permutation of a valid model is valid
	}
	return out
}
