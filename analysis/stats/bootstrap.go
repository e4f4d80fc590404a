package stats

import (
	"cmp"
	"math"
	"runtime"
	"slices"
)

// Unit is one resampling unit, typically an article: the sum of its
// observations (for example paragraph sentiment scores) and how many there
// are. A unit with Count 0 carries no observation and is ignored.
type Unit struct {
	Sum   float64
	Count int
}

// Interval is a mean with its bootstrap confidence interval and the data
// behind it.
type Interval struct {
	// Mean is ΣSum / ΣCount over the units: the observation-level mean.
	// It is NaN when there is no observation.
	Mean float64
	// Lo and Hi bound the percentile bootstrap interval at the requested
	// level. They equal Mean when there is a single unit and are NaN when
	// there is none.
	Lo, Hi float64
	// Units is the number of units with at least one observation; Obs is
	// the number of observations (ΣCount).
	Units, Obs int
	// TooFew is set when Units < the bootstrap's MinUnits: the interval is
	// computed but should not be trusted, and reports mark the cell.
	TooFew bool
}

// Difference compares the means of two groups X and Y.
type Difference struct {
	// Diff is X.Mean − Y.Mean; Lo and Hi bound its bootstrap interval
	// (groups resampled independently).
	Diff, Lo, Hi float64
	// P is the two-sided permutation p-value of Diff: units are shuffled
	// between the groups, and
	//
	//	P = (1 + #{|d*| ≥ |Diff|}) / (B + 1)
	//
	// which is never 0 (Phipson & Smyth 2010, doi:10.2202/1544-6115.1585).
	// It is NaN when either group has no observation.
	P float64
	// X and Y are the two groups' own intervals.
	X, Y Interval
	// TooFew is set when either group has too few units.
	TooFew bool
}

// Defaults for [Bootstrap]'s zero fields.
const (
	// DefaultResamples is the number of bootstrap resamples B; 1000 is
	// the usual minimum for percentile intervals at 95% (Efron &
	// Tibshirani 1993, An Introduction to the Bootstrap, ISBN
	// 978-0412042317, section 13.3).
	DefaultResamples = 1000
	// DefaultMinUnits is the minimum number of units below which a result
	// is marked TooFew: with fewer than 10 clusters the percentile
	// bootstrap is known to under-cover (Cameron, Gelbach & Miller 2008,
	// doi:10.1162/rest.90.3.414).
	DefaultMinUnits = 10
)

// Bootstrap holds the settings of bootstrap intervals and tests. The zero
// value uses the defaults above.
type Bootstrap struct {
	// Resamples is B, the number of resamples (and of permutations for
	// p-values); 0 means DefaultResamples.
	Resamples int
	// Level is the confidence level in (0, 1); 0 means DefaultLevel.
	Level float64
	// MinUnits is the TooFew threshold; 0 means DefaultMinUnits.
	MinUnits int
}

func (b Bootstrap) resamples() int {
	if b.Resamples > 0 {
		return b.Resamples
	}
	return DefaultResamples
}

func (b Bootstrap) level() float64 {
	if b.Level > 0 && b.Level < 1 {
		return b.Level
	}
	return DefaultLevel
}

func (b Bootstrap) minUnits() int {
	if b.MinUnits > 0 {
		return b.MinUnits
	}
	return DefaultMinUnits
}

// trivial marks an interval TooFew when it has fewer than the minimum
// units, and settles the cases without resampling: no unit (no bounds) and
// one unit (Lo = Hi = Mean). done reports whether iv is final.
func (b Bootstrap) trivial(iv Interval) (_ Interval, done bool) {
	iv.TooFew = iv.Units < b.minUnits()
	switch iv.Units {
	case 0:
		return iv, true
	case 1:
		iv.Lo, iv.Hi = iv.Mean, iv.Mean
		return iv, true
	}
	return iv, false
}

// Mean returns the observation-level mean of units with a percentile
// cluster-bootstrap interval: B times, len(units) units are drawn with
// replacement and the ratio of their summed sums to their summed counts is
// recorded; Lo and Hi are the (1−Level)/2 and (1+Level)/2 quantiles of
// those B means (type-7 interpolation, [QuantileSorted]).
//
// name seeds the generator: the same name and units give the same result,
// whatever the order of units. Mean panics if a unit has a negative count.
func (b Bootstrap) Mean(name string, units []Unit) Interval {
	u := prepare(units)
	iv, done := b.trivial(summarize(u))
	if done {
		return iv
	}
	means := make([]float64, b.resamples())
	resampleMeans(means, newPCG(name), u, 0, uint64(len(u)))
	iv.Lo, iv.Hi = b.bounds(means)
	return iv
}

// Diff compares two groups of units: the difference of their means with a
// bootstrap interval (each group resampled on its own), and a two-sided
// permutation p-value for the null hypothesis that units of both groups
// are exchangeable. name seeds the generator as in [Bootstrap.Mean].
func (b Bootstrap) Diff(name string, x, y []Unit) Difference {
	var d Difference
	ux, uy := prepare(x), prepare(y)
	B := b.resamples()
	// The permutation test is one sequential shuffle; it runs beside the
	// resampling when both are large enough to be worth a goroutine.
	var p float64
	done := make(chan struct{})
	permute := func() {
		defer close(done)
		if len(ux) == 0 || len(uy) == 0 {
			p = math.NaN()
			return
		}
		xm, ym := summarize(ux), summarize(uy)
		p = permutationP(name, ux, uy, math.Abs(xm.Mean-ym.Mean), B)
	}
	if (len(ux)+len(uy))*B >= 1<<18 && runtime.GOMAXPROCS(0) > 1 {
		go permute()
	} else {
		permute()
	}

	d.X = b.Mean(name+"/x", x)
	d.Y = b.Mean(name+"/y", y)
	d.TooFew = d.X.TooFew || d.Y.TooFew
	d.Diff = d.X.Mean - d.Y.Mean
	if d.X.Units == 0 || d.Y.Units == 0 {
		<-done
		d.Lo, d.Hi, d.P = math.NaN(), math.NaN(), math.NaN()
		return d
	}

	// Resample i draws len(ux) units of X, then len(uy) of Y, from one
	// stream.
	seed := newPCG(name + "/diff")
	stride := uint64(len(ux) + len(uy))
	diffs := make([]float64, B)
	ys := make([]float64, B)
	resampleMeans(diffs, seed, ux, 0, stride)
	resampleMeans(ys, seed, uy, uint64(len(ux)), stride)
	for i := range diffs {
		diffs[i] -= ys[i]
	}
	d.Lo, d.Hi = b.bounds(diffs)
	<-done
	d.P = p
	return d
}

// permutationP returns the permutation p-value of Diff: the pooled units
// are shuffled B times and split at len(ux).
func permutationP(name string, ux, uy []Unit, observed float64, B int) float64 {
	pool := append(slices.Clone(ux), uy...)
	total := summarize(pool)
	totalSum := total.Mean * float64(total.Obs)
	// A tolerance keeps permutations that reproduce the observed split
	// from being missed by rounding.
	tol := 1e-12 * math.Max(1, observed)
	rng := newPCG(name + "/permutation")
	extreme := 0
	for range B {
		for i := len(pool) - 1; i > 0; i-- {
			j := rng.draw(i + 1)
			pool[i], pool[j] = pool[j], pool[i]
		}
		var s float64
		var c int
		for _, u := range pool[:len(ux)] {
			s += u.Sum
			c += u.Count
		}
		mx := s / float64(c)
		my := (totalSum - s) / float64(total.Obs-c)
		if math.Abs(mx-my) >= observed-tol {
			extreme++
		}
	}
	return float64(1+extreme) / float64(B+1)
}

// bounds returns the two-sided percentile bounds of vals (sorted in place).
func (b Bootstrap) bounds(vals []float64) (lo, hi float64) {
	slices.Sort(vals)
	alpha := 1 - b.level()
	return QuantileSorted(alpha/2, vals), QuantileSorted(1-alpha/2, vals)
}

// prepare drops units without observations and sorts the rest, so that
// resampling does not depend on the caller's order.
func prepare(units []Unit) []Unit {
	u := make([]Unit, 0, len(units))
	for _, x := range units {
		if x.Count < 0 {
			panic("stats: negative count")
		}
		if x.Count > 0 {
			u = append(u, x)
		}
	}
	slices.SortFunc(u, func(a, b Unit) int {
		return cmp.Or(cmp.Compare(a.Sum, b.Sum), cmp.Compare(a.Count, b.Count))
	})
	return u
}

func summarize(u []Unit) Interval {
	iv := Interval{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Units: len(u)}
	var s float64
	for _, x := range u {
		s += x.Sum
		iv.Obs += x.Count
	}
	if iv.Obs > 0 {
		iv.Mean = s / float64(iv.Obs)
	}
	return iv
}

// QuantileSorted returns the p-quantile of the sorted values x by linear
// interpolation between order statistics (Hyndman & Fan 1996 type 7, R's
// default, doi:10.1080/00031305.1996.10473566):
//
//	h = (n−1)·p,  Q(p) = x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])
//
// It returns NaN for an empty slice and panics if p is outside [0, 1].
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
