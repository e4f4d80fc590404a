// Package stats puts uncertainty on outlet comparisons: mergeable moments
// of per-article values with t-intervals and Welch tests between groups,
// Benjamini–Hochberg control of the false discovery rate over a family of
// tests, time buckets chosen from a date range, and quantiles and box-plot
// figures from a mergeable histogram of counts.
//
// # Outlet comparisons: what is computed
//
// The unit of evidence is the article. Paragraphs of one article share a
// writer, a topic and a day, so they are not independent observations;
// counting them as such is what made most outlet differences "significant"
// on a corpus dealt to outlets at random. Each article contributes one
// value (for a score, the mean over its paragraphs that have one), and a
// group of articles (an outlet, a group of outlets, "other outlets") is
// summarised by [Moments]: the number of articles, the sum and the sum of
// squares of their values, in exact fixed-point integers, so summaries are
// merged across runs and corrected for removed articles without drift.
//
// The text a report can quote:
//
//	Each outlet's figure is the mean over its articles of the article's
//	mean paragraph score (each article counts once), with a 95% Student
//	t-interval over articles. Two outlets are compared with Welch's
//	unequal-variance t-test on article means (two-sided, Welch–Satterthwaite
//	degrees of freedom); an outlet is compared with all other articles the
//	same way. No test is made when either side has fewer than 10 articles
//	(--min-articles). The p-values of the tests shown together are adjusted
//	by the Benjamini–Hochberg procedure, and a difference is marked when its
//	adjusted p-value (q) is at most 0.05, which keeps the expected share of
//	false discoveries among the marked differences at 5% or less.
//
// [TTest.Interval] gives the interval (Student 1908,
// doi:10.1093/biomet/6.1.1), [TTest.Compare] and [TTest.CompareRest] the
// test (Welch 1947, doi:10.1093/biomet/34.1-2.28; Satterthwaite 1946,
// doi:10.2307/3002019) and [AdjustFamily] the adjustment (Benjamini &
// Hochberg 1995, doi:10.1111/j.2517-6161.1995.tb02031.x).
//
// # How well it works (measured)
//
// Simulated corpora in which paragraph scores have an article effect
// (intra-article correlation ρ) and 5 to 43 paragraphs an article (see
// simulation_test.go) give, with the settings above:
//
//   - no true difference, 2 to 12 outlets of 3 to 200 articles, all pairs or
//     each outlet against the rest, normal or skewed bounded scores: some
//     difference is marked in 3.5–5.5% of 1,000 corpora per setting
//     (TestNullFamilyDiscoveries);
//   - the 95% intervals of a mean and of a difference cover the truth in
//     94.7–96.4% of 1,000 simulations with 10, 30 or 100 articles a side
//     (TestCoverage).
//
// Power for a difference of 0.3 standard deviations of paragraph scores
// between two groups of 30 articles (TestPower; TestPowerTable, 20,000
// simulations a cell, ±0.003):
//
//	ρ      5–30 paragraphs   9–43 paragraphs
//	0.08   0.843             0.902
//	0.10   0.803             0.859
//	0.12   0.758             0.812
//	0.20   0.611             0.646
//
// ρ measured on newsframe's paragraph sentiment (one-way ANOVA ICC(1),
// within outlets): 0.08 on basil-dev (120 articles, 15 paragraphs on
// average) and 0.12 on 3,000 AllSides articles (every sixth line; median 20
// paragraphs, 10th–90th percentile 9–43). On those two corpora the power is
// 0.81–0.84; with shorter articles or a stronger article effect it is
// lower, as the table shows.
//
// Read as 0.3 standard deviations of the per-article values themselves, the
// same difference is found by this test only 21% of the time with 30
// articles a side (TestPowerArticleLevel; the normal approximation
// Φ(0.3·√15 − 1.96) gives 0.21 too), and no level-0.05 test does much
// better: 80% power for such a difference needs about 175 articles a side.
//
// # Fixed point and determinism
//
// [Moments] keeps values to 2^-32 and accepts |x| < 2^31
// ([MomentsResolution], [MaxMomentsValue]); its sums are 128- and 192-bit
// integers, so the same articles give bit-identical summaries and figures
// in any order and split into any runs, and its binary form is canonical.
//
// # Conventions
//
// Functions leave their inputs unchanged; methods with a pointer receiver
// write it. A mean over no article is NaN; results with too little data
// carry a TooFew mark so that a report can show them greyed out rather than
// hide them.
package stats
