package stats

import (
	"fmt"
	"math"
)

// DefaultBins is the bin count of [NewHistogram] when given 0: bins of
// width 0.001 over [-1, 1], so quantiles are exact to 0.001, finer than
// any sentiment difference worth reporting, at 16 kB per histogram.
const DefaultBins = 2000

// Histogram counts values in [-1, 1] in equal-width bins. It is a mergeable
// aggregate: histograms of disjoint data add up to the histogram of their
// union ([Histogram.Merge]) and a changed article's old values can be taken
// out again ([Histogram.Subtract]), so per-outlet box plots can be kept as
// counts in the incremental state.
//
// Bin i covers [−1 + i·w, −1 + (i+1)·w) with w = 2/len(Counts); the last bin
// also holds 1.
type Histogram struct {
	Counts []uint64
}

// NewHistogram returns an empty histogram with bins bins (DefaultBins if
// bins is 0). It panics if bins is negative.
func NewHistogram(bins int) *Histogram {
	if bins < 0 {
		panic("stats: negative bin count")
	}
	if bins == 0 {
		bins = DefaultBins
	}
	return &Histogram{Counts: make([]uint64, bins)}
}

// Width returns the bin width.
func (h *Histogram) Width() float64 { return 2 / float64(len(h.Counts)) }

// Add counts x. Values outside [-1, 1] are clamped to the nearest end
// (scores are defined on that range; rounding can overshoot it); NaN is
// ignored, as a score that could not be computed.
func (h *Histogram) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	h.Counts[h.bin(x)]++
}

func (h *Histogram) bin(x float64) int {
	n := len(h.Counts)
	i := int(math.Floor((x + 1) / 2 * float64(n)))
	return max(0, min(n-1, i))
}

// N returns the number of values counted.
func (h *Histogram) N() uint64 {
	var n uint64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// Merge adds the counts of o to h. It returns an error if the bin counts
// differ.
func (h *Histogram) Merge(o *Histogram) error {
	if len(o.Counts) != len(h.Counts) {
		return fmt.Errorf("merge histogram: %d bins into %d", len(o.Counts), len(h.Counts))
	}
	for i, c := range o.Counts {
		h.Counts[i] += c
	}
	return nil
}

// Subtract removes the counts of o from h, for example a changed article's
// previous scores. It returns an error, leaving h unchanged, if the bin
// counts differ or o holds a count h does not.
func (h *Histogram) Subtract(o *Histogram) error {
	if len(o.Counts) != len(h.Counts) {
		return fmt.Errorf("subtract histogram: %d bins from %d", len(o.Counts), len(h.Counts))
	}
	for i, c := range o.Counts {
		if c > h.Counts[i] {
			return fmt.Errorf("subtract histogram: bin %d holds %d, cannot remove %d", i, h.Counts[i], c)
		}
	}
	for i, c := range o.Counts {
		h.Counts[i] -= c
	}
	return nil
}

// orderStat estimates the k-th smallest value (0-based) by spreading a
// bin's c values evenly inside it, at the centres of c equal sub-intervals;
// the true value lies in the same bin, so the error is below the bin width.
func (h *Histogram) orderStat(k uint64) float64 {
	w := h.Width()
	var before uint64
	for i, c := range h.Counts {
		if k < before+c {
			pos := (float64(k-before) + 0.5) / float64(c)
			return -1 + (float64(i)+pos)*w
		}
		before += c
	}
	return math.NaN()
}

// Quantile returns the p-quantile of the counted values with the type-7
// rule of [QuantileSorted], applied to order statistics estimated within
// their bins: the result is within one bin width of the exact quantile of
// the raw values. It returns NaN for an empty histogram and panics if p is
// outside [0, 1].
func (h *Histogram) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("stats: quantile probability out of [0, 1]")
	}
	n := h.N()
	if n == 0 {
		return math.NaN()
	}
	x := float64(n-1) * p
	k := uint64(x)
	lo := h.orderStat(k)
	if k+1 >= n {
		return lo
	}
	return lo + (x-float64(k))*(h.orderStat(k+1)-lo)
}

// Mean returns the mean of the counted values taking each at its bin
// centre (within half a bin width of the exact mean), NaN if empty.
func (h *Histogram) Mean() float64 {
	w := h.Width()
	var s float64
	var n uint64
	for i, c := range h.Counts {
		s += float64(c) * (-1 + (float64(i)+0.5)*w)
		n += c
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// Box holds the figures of a Tukey box plot (Tukey 1977, Exploratory Data
// Analysis, ISBN 978-0201076165): quartiles, whiskers at the most extreme
// values within 1.5 interquartile ranges of the box (the fences), and the
// number of values beyond the whiskers.
//
// Min, Max and the quartiles are within one bin width of the figures of
// the raw values. Whiskers and Outliers are decided at bin resolution: the
// values of the bin that holds a fence count as inside it.
type Box struct {
	Min, LowWhisker, Q1, Median, Q3, HighWhisker, Max float64
	// N is the number of values; Outliers the number beyond the whiskers.
	N, Outliers uint64
}

// Box returns the box-plot figures of the histogram. All figures are NaN
// when it is empty.
func (h *Histogram) Box() Box {
	n := h.N()
	b := Box{N: n}
	if n == 0 {
		nan := math.NaN()
		b.Min, b.LowWhisker, b.Q1, b.Median, b.Q3, b.HighWhisker, b.Max = nan, nan, nan, nan, nan, nan, nan
		return b
	}
	b.Q1, b.Median, b.Q3 = h.Quantile(0.25), h.Quantile(0.5), h.Quantile(0.75)
	b.Min, b.Max = h.orderStat(0), h.orderStat(n-1)
	iqr := b.Q3 - b.Q1
	lowFence, highFence := b.Q1-1.5*iqr, b.Q3+1.5*iqr
	w := h.Width()

	// Low whisker: the first value of the first non-empty bin whose upper
	// edge passes the fence; the bins before it hold the low outliers.
	var before uint64
	for i, c := range h.Counts {
		if c == 0 {
			continue
		}
		if -1+float64(i+1)*w > lowFence {
			b.LowWhisker = math.Min(math.Max(h.orderStat(before), lowFence), b.Q1)
			break
		}
		before += c
	}
	b.Outliers = before

	// High whisker: the mirror image, from the top.
	var after uint64
	for i := len(h.Counts) - 1; i >= 0; i-- {
		c := h.Counts[i]
		if c == 0 {
			continue
		}
		if -1+float64(i)*w < highFence {
			b.HighWhisker = math.Max(math.Min(h.orderStat(n-1-after), highFence), b.Q3)
			break
		}
		after += c
	}
	b.Outliers += after
	return b
}

// QuantileSorted returns the p-quantile of the sorted values x by linear
// interpolation between order statistics (Hyndman & Fan 1996, type 7, the
// default of R and NumPy); NaN for no values. It panics if p is outside
// [0, 1].
func QuantileSorted(p float64, x []float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("stats: quantile probability out of [0, 1]")
	}
	if len(x) == 0 {
		return math.NaN()
	}
	h := float64(len(x)-1) * p
	i := int(h)
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[i] + (h-float64(i))*(x[i+1]-x[i])
}
