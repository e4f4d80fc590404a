package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Proportion is a share of articles, hits out of N, with its Wilson score
// interval [Lo, Hi] at the TTest's level (Wilson, "Probable inference, the
// law of succession, and statistical inference", JASA 22, 1927,
// doi:10.1080/01621459.1927.10502953): unlike the normal approximation it
// stays inside [0, 1] and covers near its level for small N and shares
// near 0, where topic shares lie. Share is NaN and the interval NaN when
// N is 0; TooFew marks fewer than MinArticles articles.
type Proportion struct {
	Share, Lo, Hi float64
	Hits, N       int
	TooFew        bool
}

// Proportion returns the share hits/n with its Wilson interval:
//
//	(p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)
func (t TTest) Proportion(hits, n int) Proportion {
	p := Proportion{Hits: hits, N: n, TooFew: n < t.minArticles()}
	p.Share, p.Lo, p.Hi = math.NaN(), math.NaN(), math.NaN()
	if n <= 0 {
		return p
	}
	p.Lo, p.Hi = wilson(hits, n, t.level())
	p.Share = float64(hits) / float64(n)
	return p
}

func wilson(hits, n int, level float64) (lo, hi float64) {
	z := distuv.UnitNormal.Quantile((1 + level) / 2)
	nf := float64(n)
	p := float64(hits) / nf
	den := 1 + z*z/nf
	mid := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	lo, hi = math.Max(0, mid-half), math.Min(1, mid+half)
	// Exactly at the bounds when nothing or everything is a hit (the
	// formula leaves a rounding error there).
	if hits == 0 {
		lo = 0
	}
	if hits == n {
		hi = 1
	}
	return lo, hi
}

// CompareProportions tests whether two groups' shares of articles differ:
// Diff is x's share minus y's, [Lo, Hi] Newcombe's hybrid score interval
// of the difference (Newcombe, "Interval estimation for the difference
// between independent proportions", Statistics in Medicine 17, 1998,
// doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I,
// method 10), and P the two-sided p-value of Fisher's exact test
// (FisherExact), which holds its size at any group size: it never rejects
// more often than its level under the null. SE, T and DF are NaN (the
// test has none). Nothing is tested when either group has fewer than
// MinArticles articles (TooFew).
func (t TTest) CompareProportions(xHits, nx, yHits, ny int) Comparison {
	c := Comparison{NX: nx, NY: ny}
	c.Diff, c.Lo, c.Hi, c.SE, c.T, c.DF, c.P, c.Q = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if nx > 0 && ny > 0 {
		px, py := float64(xHits)/float64(nx), float64(yHits)/float64(ny)
		c.Diff = px - py
		lx, ux := wilson(xHits, nx, t.level())
		ly, uy := wilson(yHits, ny, t.level())
		c.Lo = c.Diff - math.Sqrt((px-lx)*(px-lx)+(uy-py)*(uy-py))
		c.Hi = c.Diff + math.Sqrt((ux-px)*(ux-px)+(py-ly)*(py-ly))
	}
	c.TooFew = nx < t.minArticles() || ny < t.minArticles()
	if c.TooFew {
		return c
	}
	c.P = FisherExact(xHits, nx-xHits, yHits, ny-yHits)
	return c
}

// FisherExact returns the two-sided p-value of Fisher's exact test of
// the 2×2 table [[a, b], [c, d]] (rows: two groups; columns: hits and
// misses): the probability, given the margins, of a table at most as
// probable as the one observed (the usual two-sided rule, as R's
// fisher.test), summed over the hypergeometric distribution of a. Counts
// must not be negative.
func FisherExact(a, b, c, d int) float64 {
	n1, hits, total := a+b, a+c, a+b+c+d
	if n1 == 0 || hits == 0 || n1 == total || hits == total {
		return 1
	}
	lo, hi := max(0, n1-(total-hits)), min(n1, hits)
	logP := func(x int) float64 {
		return lchoose(hits, x) + lchoose(total-hits, n1-x) - lchoose(total, n1)
	}
	obs := logP(a)
	// Tables within a relative 1e-7 of the observed probability count as
	// equally probable (R uses the same tolerance).
	limit := obs + math.Log1p(1e-7)
	p := 0.0
	for x := lo; x <= hi; x++ {
		if lp := logP(x); lp <= limit {
			p += math.Exp(lp)
		}
	}
	return math.Min(1, p)
}

// lchoose returns ln C(n, k).
func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
