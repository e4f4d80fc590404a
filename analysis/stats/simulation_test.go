package stats

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// The simulations below check that the outlet comparisons hold their size,
// find real differences and cover the truth, on scores drawn like newsframe's
// paragraph scores. An article has m paragraphs, m uniform in a range, and
// paragraph j of article i of a group with true mean μ scores
//
//	y_ij = μ + u_i + e_ij,   u_i ~ N(0, ρ),   e_ij ~ N(0, 1 − ρ)
//
// so paragraph scores have SD 1 and the intra-article correlation is ρ.
// The per-article value the tests see is the article's mean paragraph
// score. The two realistic settings come from newsframe's own paragraph
// sentiment (one-way ANOVA ICC(1) within outlets; see doc.go): AllSides,
// ρ = 0.12 with 9 to 43 paragraphs (its 10th and 90th percentiles), and
// basil-dev, ρ = 0.08 with 5 to 30.
var (
	allSidesLike = paragraphModel{icc: 0.12, minParagraphs: 9, maxParagraphs: 43}
	basilLike    = paragraphModel{icc: 0.08, minParagraphs: 5, maxParagraphs: 30}
	// skewedLike has sentiment-like scores and a stronger article effect.
	skewedLike = paragraphModel{icc: 0.3, minParagraphs: 5, maxParagraphs: 30, skewed: true}
)

// paragraphModel draws articles under the model above.
type paragraphModel struct {
	icc                          float64
	minParagraphs, maxParagraphs int
	// skewed replaces the normal paragraph scores by sentiment-like ones:
	// 60% of paragraphs score exactly 0 (no cue), the others tanh of the
	// normal score, so scores are bounded, tied and skewed.
	skewed bool
}

// article returns one article's mean paragraph score for a group whose
// normal-model mean is mu.
func (pm paragraphModel) article(r *rand.Rand, mu float64) float64 {
	m := pm.minParagraphs + r.IntN(pm.maxParagraphs-pm.minParagraphs+1)
	u := math.Sqrt(pm.icc) * r.NormFloat64()
	sd := math.Sqrt(1 - pm.icc)
	var s float64
	for range m {
		y := mu + u + sd*r.NormFloat64()
		if pm.skewed {
			if r.Float64() < 0.6 {
				y = 0
			} else {
				y = math.Tanh(y)
			}
		}
		s += y
	}
	return s / float64(m)
}

// group returns the Moments of n articles of a group with mean mu.
func (pm paragraphModel) group(r *rand.Rand, n int, mu float64) Moments {
	var m Moments
	for range n {
		m.Add(pm.article(r, mu))
	}
	return m
}

// anyDiscovery reports whether Benjamini–Hochberg at 0.05 rejects any
// comparison of the family.
func anyDiscovery(cs []Comparison) bool {
	AdjustFamily(cs)
	for _, c := range cs {
		if c.Q <= 0.05 {
			return true
		}
	}
	return false
}

// pairwise returns the family of all pairs of groups.
func pairwise(tt TTest, groups []Moments) []Comparison {
	var cs []Comparison
	for i := range groups {
		for j := i + 1; j < len(groups); j++ {
			cs = append(cs, tt.Compare(groups[i], groups[j]))
		}
	}
	return cs
}

// versusRest returns the family of each group against all the others.
func versusRest(t *testing.T, tt TTest, groups []Moments) []Comparison {
	var total Moments
	for _, g := range groups {
		total.Merge(g)
	}
	var cs []Comparison
	for _, g := range groups {
		c, err := tt.CompareRest(g, total)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

// TestNullFamilyDiscoveries: with no difference between outlets, the share
// of simulated corpora where Benjamini–Hochberg at 0.05 finds anything is
// at most 6% (under the complete null BH controls that share at 5%).
func TestNullFamilyDiscoveries(t *testing.T) {
	const sims = 1000
	// sizes lists the outlets' article counts; outlets below the minimum
	// are part of the corpus but not tested.
	settings := []struct {
		name   string
		sizes  []int
		model  paragraphModel
		family string // "pairs" or "rest"
	}{
		{"2 outlets of 30", []int{30, 30}, allSidesLike, "pairs"},
		{"5 outlets of 30", []int{30, 30, 30, 30, 30}, allSidesLike, "pairs"},
		{"12 outlets, 3 to 200 articles", []int{200, 120, 80, 60, 45, 30, 20, 15, 12, 10, 5, 3}, allSidesLike, "pairs"},
		{"12 outlets against the rest", []int{200, 120, 80, 60, 45, 30, 20, 15, 12, 10, 5, 3}, allSidesLike, "rest"},
		{"6 outlets of 10, skewed scores", []int{10, 10, 10, 10, 10, 10}, skewedLike, "pairs"},
		{"4 outlets of 12-40, skewed, against the rest", []int{40, 25, 12, 12}, skewedLike, "rest"},
	}
	for si, s := range settings {
		t.Run(s.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(si)))
			hits := 0
			for range sims {
				groups := make([]Moments, len(s.sizes))
				for i, n := range s.sizes {
					groups[i] = s.model.group(r, n, 0.2)
				}
				var cs []Comparison
				if s.family == "pairs" {
					cs = pairwise(TTest{}, groups)
				} else {
					cs = versusRest(t, TTest{}, groups)
				}
				if anyDiscovery(cs) {
					hits++
				}
			}
			share := float64(hits) / sims
			t.Logf("any discovery in %d of %d null simulations (%.1f%%)", hits, sims, 100*share)
			if share > 0.06 {
				t.Errorf("any discovery in %.1f%% of null simulations, want at most 6%%", 100*share)
			}
		})
	}
}

// TestPower: a difference of 0.3 SD of paragraph scores between two outlets
// of 30 articles is found at least 80% of the time, in both realistic
// settings.
func TestPower(t *testing.T) {
	settings := []struct {
		name     string
		model    paragraphModel
		n, sims  int
		min, max float64
	}{
		// The true power here is close to 0.80, so the estimate needs
		// many simulations: ±0.003.
		{"AllSides-like, 30 articles a side", allSidesLike, 30, 20000, 0.80, 0.83},
		{"basil-dev-like, 30 articles a side", basilLike, 30, 2000, 0.80, 0.87},
		{"AllSides-like, 60 articles a side", allSidesLike, 60, 1000, 0.97, 1},
	}
	for si, s := range settings {
		t.Run(s.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(2, uint64(si)))
			found := 0
			for range s.sims {
				if anyDiscovery([]Comparison{TTest{}.Compare(s.model.group(r, s.n, 0.3), s.model.group(r, s.n, 0))}) {
					found++
				}
			}
			power := float64(found) / float64(s.sims)
			t.Logf("0.3 SD found in %d of %d simulations (power %.3f)", found, s.sims, power)
			if power < s.min || power > s.max {
				t.Errorf("power %.3f, want in [%.2f, %.2f]", power, s.min, s.max)
			}
		})
	}
}

// TestPowerTable reproduces the power table of doc.go (20,000 simulations
// a cell, about a minute): NEWSFRAME_POWER_TABLE=1 go test -run
// TestPowerTable -v ./analysis/stats/. Each figure must be within 0.01 of
// the table's.
func TestPowerTable(t *testing.T) {
	if os.Getenv("NEWSFRAME_POWER_TABLE") == "" {
		t.Skip("set NEWSFRAME_POWER_TABLE=1 to run")
	}
	table := []struct {
		icc      float64
		min, max int
		power    float64
	}{
		{0.08, 5, 30, 0.843}, {0.08, 9, 43, 0.902},
		{0.10, 5, 30, 0.803}, {0.10, 9, 43, 0.859},
		{0.12, 5, 30, 0.758}, {0.12, 9, 43, 0.812},
		{0.20, 5, 30, 0.611}, {0.20, 9, 43, 0.646},
	}
	const sims = 20000
	for i, row := range table {
		pm := paragraphModel{icc: row.icc, minParagraphs: row.min, maxParagraphs: row.max}
		r := rand.New(rand.NewPCG(5, uint64(i)))
		found := 0
		for range sims {
			if (TTest{}).Compare(pm.group(r, 30, 0.3), pm.group(r, 30, 0)).P <= 0.05 {
				found++
			}
		}
		p := float64(found) / sims
		t.Logf("ρ %.2f, %d-%d paragraphs: power %.3f ± %.3f", row.icc, row.min, row.max, p, math.Sqrt(p*(1-p)/sims))
		if math.Abs(p-row.power) > 0.01 {
			t.Errorf("ρ %.2f, %d-%d paragraphs: power %.3f, table says %.3f", row.icc, row.min, row.max, p, row.power)
		}
	}
}

// TestPowerArticleLevel measures the figure doc.go quotes: a difference of
// 0.3 SD of the per-article values themselves, 30 articles a side, is found
// only about a fifth of the time by any level-0.05 test.
func TestPowerArticleLevel(t *testing.T) {
	const sims = 2000
	r := rand.New(rand.NewPCG(3, 0))
	found := 0
	for range sims {
		var x, y Moments
		for range 30 {
			x.Add(0.3 + r.NormFloat64())
			y.Add(r.NormFloat64())
		}
		if (TTest{}).Compare(x, y).P <= 0.05 {
			found++
		}
	}
	power := float64(found) / sims
	t.Logf("0.3 SD of article values found in %d of %d simulations (power %.3f)", found, sims, power)
	if power < 0.17 || power > 0.25 {
		t.Errorf("article-level power %.3f, want about 0.21 (noncentral t)", power)
	}
}

// TestCoverage: 95% intervals of a group's mean and of a difference cover
// the true value 92–97% of the time.
func TestCoverage(t *testing.T) {
	const sims = 1000
	settings := []struct {
		name  string
		n     int
		model paragraphModel
	}{
		{"30 a side", 30, allSidesLike},
		{"30 a side, skewed scores", 30, skewedLike},
		{"10 a side", 10, allSidesLike},
		{"100 a side", 100, allSidesLike},
	}
	for si, s := range settings {
		t.Run(s.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(4, uint64(si)))
			// The true mean of the per-article values: 0.3 in the normal
			// model; for skewed scores, estimated from 200,000 articles.
			truth := 0.3
			if s.model.skewed {
				var big Moments
				for range 200000 {
					big.Add(s.model.article(r, 0.3))
				}
				truth = big.Mean()
			}
			meanIn, diffIn := 0, 0
			for range sims {
				x, y := s.model.group(r, s.n, 0.3), s.model.group(r, s.n, 0.3)
				if e := (TTest{}).Interval(x); e.Lo <= truth && truth <= e.Hi {
					meanIn++
				}
				if c := (TTest{}).Compare(x, y); c.Lo <= 0 && 0 <= c.Hi {
					diffIn++
				}
			}
			for _, f := range []struct {
				what string
				in   int
			}{{"mean", meanIn}, {"difference", diffIn}} {
				cover := float64(f.in) / sims
				t.Logf("%s: interval covers the truth in %d of %d simulations (%.1f%%)", f.what, f.in, sims, 100*cover)
				if cover < 0.92 || cover > 0.97 {
					t.Errorf("%s: coverage %.1f%%, want 92–97%%", f.what, 100*cover)
				}
			}
		})
	}
}
