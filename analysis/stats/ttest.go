package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// DefaultLevel is the confidence level of intervals.
const DefaultLevel = 0.95

// DefaultMinArticles is the number of articles a group needs, on each side,
// before [TTest] tests it: with fewer, a t-test on article means has little
// power and leans on normality it cannot check, and a comparison decided
// by a handful of articles is not evidence about an outlet.
const DefaultMinArticles = 10

// TTest holds the settings of t-intervals and Welch tests on per-article
// values summarised by [Moments]. The zero value uses the defaults.
type TTest struct {
	// Level is the confidence level of intervals, in (0, 1); 0 means
	// DefaultLevel (0.95).
	Level float64
	// MinArticles is the number of articles each side needs to be tested;
	// 0 means DefaultMinArticles. Values below 2 count as 2, the fewest
	// with a variance.
	MinArticles int
}

func (t TTest) level() float64 {
	if t.Level > 0 && t.Level < 1 {
		return t.Level
	}
	return DefaultLevel
}

func (t TTest) minArticles() int {
	switch {
	case t.MinArticles == 0:
		return DefaultMinArticles
	case t.MinArticles < 2:
		return 2
	}
	return t.MinArticles
}

// Estimate is a group's mean of per-article values with its t-interval.
type Estimate struct {
	// Mean is the mean over articles (each article weighs the same); NaN
	// when there is no article.
	Mean float64
	// Lo and Hi bound the t-interval at the test's level; NaN when
	// TooFew.
	Lo, Hi float64
	// SD is the sample standard deviation of the per-article values; NaN
	// with fewer than two articles.
	SD float64
	// N is the number of articles.
	N int
	// TooFew is set when N < MinArticles: the mean is shown, no interval
	// and no test.
	TooFew bool
}

// Interval returns the mean of m's values with the Student t-interval
//
//	mean ± t(n−1, (1+Level)/2) · s / √n
//
// (Student 1908, doi:10.1093/biomet/6.1.1), s the sample standard
// deviation over articles. The interval is NaN when the group has fewer
// than MinArticles articles.
func (t TTest) Interval(m Moments) Estimate {
	e := Estimate{Mean: m.Mean(), Lo: math.NaN(), Hi: math.NaN(), SD: m.SD(), N: m.N()}
	e.TooFew = e.N < t.minArticles()
	if e.TooFew {
		return e
	}
	se := e.SD / math.Sqrt(float64(e.N))
	h := tQuantile(float64(e.N-1), (1+t.level())/2) * se
	e.Lo, e.Hi = e.Mean-h, e.Mean+h
	return e
}

// Comparison is Welch's test of the difference between two groups' means of
// per-article values.
type Comparison struct {
	// NX and NY are the numbers of articles of the two groups X and Y
	// (their own means and intervals are [TTest.Interval]'s: a page with
	// many pairs computes them once per group).
	NX, NY int
	// Diff is the mean of X minus the mean of Y.
	Diff float64
	// Lo and Hi bound Diff's Welch interval, Diff ± t(DF, (1+Level)/2)·SE;
	// SE is the standard error of Diff; T = Diff / SE; DF the
	// Welch–Satterthwaite degrees of freedom; P the two-sided p-value. All
	// are NaN when TooFew.
	Lo, Hi, SE, T, DF, P float64
	// Q is P adjusted by Benjamini–Hochberg over the family of tests it
	// is shown with ([AdjustFamily]); NaN until then, and when TooFew.
	Q float64
	// TooFew is set when either group has fewer than MinArticles
	// articles: no test is made.
	TooFew bool
}

// Compare tests the difference of the mean per-article values of x and y
// with Welch's unequal-variance t-test (Welch 1947,
// doi:10.1093/biomet/34.1-2.28), two-sided:
//
//	SE² = s²x/nx + s²y/ny,  T = (x̄ − ȳ) / SE,
//	DF  = SE⁴ / ((s²x/nx)²/(nx−1) + (s²y/ny)²/(ny−1))
//
// (Satterthwaite 1946, doi:10.2307/3002019), P = 2·P(T_DF > |T|). When
// both groups are constant (SE = 0) DF is nx+ny−2 and P is 1 if the means
// are equal, 0 otherwise. Nothing is tested when either group has fewer
// than MinArticles articles (TooFew).
func (t TTest) Compare(x, y Moments) Comparison {
	c := Comparison{NX: x.N(), NY: y.N(), Diff: x.Mean() - y.Mean()}
	c.Lo, c.Hi, c.SE, c.T, c.DF, c.P, c.Q = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	c.TooFew = c.NX < t.minArticles() || c.NY < t.minArticles()
	if c.TooFew {
		return c
	}
	nx, ny := float64(c.NX), float64(c.NY)
	vx, vy := x.Var()/nx, y.Var()/ny
	c.SE = math.Sqrt(vx + vy)
	if c.SE == 0 {
		c.DF = nx + ny - 2
		c.Lo, c.Hi = c.Diff, c.Diff
		if c.Diff == 0 {
			c.T, c.P = 0, 1
		} else {
			c.T, c.P = math.Copysign(math.Inf(1), c.Diff), 0
		}
		return c
	}
	c.T = c.Diff / c.SE
	c.DF = (vx + vy) * (vx + vy) / (vx*vx/(nx-1) + vy*vy/(ny-1))
	c.P = math.Min(1, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: c.DF}.Survival(math.Abs(c.T)))
	h := tQuantile(c.DF, (1+t.level())/2) * c.SE
	c.Lo, c.Hi = c.Diff-h, c.Diff+h
	return c
}

// CompareRest compares a group with everything else in total, which must
// include it (an outlet against all other articles, or against the "other
// outlets" pool): it is [TTest.Compare] of group and total − group. It
// returns an error wrapping [ErrNotAdded] when group is not part of total.
func (t TTest) CompareRest(group, total Moments) (Comparison, error) {
	rest := total
	if err := rest.Unmerge(group); err != nil {
		return Comparison{}, fmt.Errorf("compare with the rest: %w", err)
	}
	return t.Compare(group, rest), nil
}

// AdjustFamily sets the Q of each comparison: its P adjusted by
// Benjamini–Hochberg ([AdjustBH]) over the comparisons that were tested.
// Pass exactly the family a page shows (for example one figure's outlet
// pairs): a discovery is a comparison with Q ≤ the false discovery rate,
// 0.05 in newsframe's reports.
func AdjustFamily(cs []Comparison) {
	p := make([]float64, len(cs))
	for i, c := range cs {
		p[i] = c.P
		if c.TooFew {
			p[i] = math.NaN()
		}
	}
	for i, q := range AdjustBH(p) {
		cs[i].Q = q
	}
}

// tQuantile returns the p-quantile of Student's t with df degrees of
// freedom.
func tQuantile(df, p float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}
