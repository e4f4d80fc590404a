package topics

import (
	"fmt"
	"slices"
	"sync"
)

// Stats are the sufficient statistics of one update of the topics, summed
// over documents: with h the weights a model infers for a document and x
// its unit vector,
//
//	HH = Σ h hᵀ  (K×K)    XH = Σ x hᵀ  (V×K)
//
// plus the number of documents, the summed residual and the summed topic
// proportions. Sums are what a map step can emit per article and a combine
// step add up: Stats merge by addition ([Stats.Merge]) and come apart by
// subtraction ([Stats.Sub]); [DocModel.Update] turns merged stats into the
// next model. Memory is O(K·V), whatever the number of documents.
//
// Sums of floats depend on the order of addition in the last bits: add
// documents and merge stats in a fixed order (as [Fit] does) for results
// that are the same bytes every time.
type Stats struct {
	k, v int
	// Docs counts the documents added, Empty those without any vocabulary
	// term (which add nothing else).
	Docs, Empty int64
	// Residual is Σ ‖x − Wh‖² over the non-empty documents.
	Residual float64
	// Proportions[t] is Σ θ_t over the documents.
	Proportions []float64
	hh          []float64
	xh          []float64
}

// NewStats returns empty stats for m's shape.
func (m *DocModel) NewStats() *Stats { return newStats(m.k, m.V()) }

func newStats(k, v int) *Stats {
	return &Stats{k: k, v: v, Proportions: make([]float64, k), hh: make([]float64, k*k), xh: make([]float64, v*k)}
}

func (s *Stats) clear() {
	s.Docs, s.Empty, s.Residual = 0, 0, 0
	clear(s.Proportions)
	clear(s.hh)
	clear(s.xh)
}

// Add infers document d with in (whose model must have s's shape) and adds
// it to the sums; it returns the inference, valid until in's next use.
func (s *Stats) Add(in *Inferrer, d Doc) *Inference {
	if in.m.k != s.k || in.m.V() != s.v {
		panic(fmt.Sprintf("topics: stats of K=%d, V=%d given a model of K=%d, V=%d", s.k, s.v, in.m.k, in.m.V()))
	}
	in.Infer(&in.last, d)
	if in.last.Empty {
		s.Docs++
		s.Empty++
		return &in.last
	}
	s.addDoc(d.IDs, in.x, in.last.Weights, in.last.Residual)
	return &in.last
}

// addDoc adds a non-empty document: its term ids, weights x (unit length)
// and inferred topic weights h with residual r. A document uses few
// topics, so only h's non-zero entries are visited: O(nnz·s + s²) for s
// of them.
func (s *Stats) addDoc(ids []int32, x, h []float64, r float64) {
	k := s.k
	s.Docs++
	s.Residual += r
	var sum float64
	var nzBuf [64]int32
	nz := nzBuf[:0]
	for t, a := range h {
		if a != 0 {
			sum += a
			nz = append(nz, int32(t))
		}
	}
	if sum <= 0 {
		return
	}
	for _, t := range nz {
		a := h[t]
		s.Proportions[t] += a / sum
		row := s.hh[int(t)*k : int(t)*k+k]
		for _, j := range nz {
			row[j] += a * h[j]
		}
	}
	for i, id := range ids {
		xv := x[i]
		row := s.xh[int(id)*k : int(id)*k+k]
		for _, t := range nz {
			row[t] += xv * h[t]
		}
	}
}

// Merge adds o's sums to s. Both must have the same shape.
func (s *Stats) Merge(o *Stats) error { return s.combine(o, 1) }

// Sub subtracts o's sums from s (o's documents removed). Both must have
// the same shape, and o must not hold more documents than s.
func (s *Stats) Sub(o *Stats) error {
	if o.Docs > s.Docs || o.Empty > s.Empty {
		return fmt.Errorf("topics: stats: cannot remove %d documents from %d", o.Docs, s.Docs)
	}
	return s.combine(o, -1)
}

func (s *Stats) combine(o *Stats, sign float64) error {
	if s.k != o.k || s.v != o.v {
		return fmt.Errorf("topics: stats of K=%d, V=%d and K=%d, V=%d do not combine", s.k, s.v, o.k, o.v)
	}
	n := int64(sign)
	s.Docs += n * o.Docs
	s.Empty += n * o.Empty
	s.Residual += sign * o.Residual
	for i, x := range o.Proportions {
		s.Proportions[i] += sign * x
	}
	for i, x := range o.hh {
		s.hh[i] += sign * x
	}
	for i, x := range o.xh {
		s.xh[i] += sign * x
	}
	return nil
}

// Update returns the model that the sums s, gathered with m, lead to: one
// step of alternating non-negative least squares. With HH and XH fixed,
// each term's row w_v of the topic matrix solves
//
//	min_{w ≥ 0} ½ wᵀ HH w − XH_vᵀ w
//
// the exact minimiser of Σ ‖x − Wh‖² over W given the h of the documents;
// it is approached by updateSweeps sweeps of coordinate descent from m's
// row (the HALS update of Cichocki & Phan, "Fast local algorithms for
// large scale nonnegative matrix and tensor factorizations", IEICE Trans.
// Fundamentals E92-A(3), 2009, doi:10.1587/transfun.E92.A.708). Topics are
// then scaled to unit length. The new model's FitInfo gives s's document
// counts, mean residual and prevalence (those of m's topics).
func (m *DocModel) Update(s *Stats) (*DocModel, error) {
	if s.k != m.k || s.v != m.V() {
		return nil, fmt.Errorf("topics: update: stats of K=%d, V=%d for a model of K=%d, V=%d", s.k, s.v, m.k, m.V())
	}
	w := make([]float64, len(m.w))
	for i, x := range m.w {
		w[i] = float64(x)
	}
	updateTopics(w, s.hh, s.xh, m.k, 1)
	normalizeColumns(w, m.k)
	w32 := make([]float32, len(w))
	for i, x := range w {
		w32[i] = float32(x)
	}
	info := FitInfo{Docs: s.Docs, Empty: s.Empty, Passes: m.info.Passes + 1, Seed: m.info.Seed}
	info.Residual, info.Prevalence = s.summary()
	return newModel(slices.Clone(m.terms), slices.Clone(m.idf), w32, m.k, info)
}

// summary returns the mean residual and the prevalence of each topic.
func (s *Stats) summary() (float64, []float64) {
	prev := make([]float64, s.k)
	n := s.Docs - s.Empty
	if n <= 0 {
		return 0, prev
	}
	var sum float64
	for _, p := range s.Proportions {
		sum += p
	}
	for t, p := range s.Proportions {
		if sum > 0 {
			prev[t] = p / sum
		}
	}
	return s.Residual / float64(n), prev
}

// updateSweeps is the number of coordinate-descent sweeps per term in an
// update of the topics.
const updateSweeps = 3

// updateTopics runs updateSweeps sweeps of coordinate descent on each row
// of the term-major V×K matrix w (see [DocModel.Update]), rows split among
// workers: each row is independent, so the result does not depend on the
// split. A topic no document uses (HH_tt = 0) keeps its weights.
func updateTopics(w, hh, xh []float64, k, workers int) {
	v := len(w) / k
	workers = max(1, min(workers, v/256+1))
	var wg sync.WaitGroup
	for p := range workers {
		lo, hi := v*p/workers, v*(p+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			grad := make([]float64, k)
			for r := lo; r < hi; r++ {
				row := w[r*k : r*k+k]
				b := xh[r*k : r*k+k]
				// grad = b − HH·row
				for t := range k {
					g := b[t]
					for j, x := range row {
						g -= hh[t*k+j] * x
					}
					grad[t] = g
				}
				for range updateSweeps {
					for t := range k {
						htt := hh[t*k+t]
						if htt <= 0 {
							continue
						}
						nw := max(0, row[t]+grad[t]/htt)
						delta := nw - row[t]
						if delta == 0 {
							continue
						}
						row[t] = nw
						for j, h := range hh[t*k : t*k+k] {
							grad[j] -= delta * h
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}
