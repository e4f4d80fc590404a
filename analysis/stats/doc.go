// Package stats puts uncertainty on outlet comparisons: cluster-bootstrap
// intervals for means, bootstrap and permutation tests for differences
// between two groups, Benjamini–Hochberg control of the false discovery
// rate over a family of tests, time buckets chosen from a date range, and
// quantiles and box-plot figures from a mergeable histogram of counts.
//
// # Units and observations
//
// Outlet-level means in newsframe are means over paragraphs, but paragraphs
// of one article are not independent: they share a writer, a topic and a
// day. Every function here therefore works on [Unit] values, one per
// article, each holding the sum and the count of its observations. A mean
// is the ratio of the summed sums to the summed counts (the paragraph-level
// mean), and the bootstrap resamples whole units (a cluster bootstrap;
// Davison & Hinkley 1997, Bootstrap Methods and their Application, ISBN
// 978-0521574716, section 3.8).
//
// # Determinism
//
// Random draws come from math/rand/v2's PCG generator seeded from a name
// the caller gives (for example "sentiment/fox"), through SHA-256, and
// bounded draws use Lemire's multiply-shift on the raw 64-bit outputs, so
// the same name and input give the same interval on every run and every Go
// version. Units are sorted before resampling, so the order in which the
// caller lists them does not matter either.
//
// # Conventions
//
// Functions leave their inputs unchanged. A mean over no observation is
// NaN; results with too little data are still computed and carry a TooFew
// mark so that a report can show them greyed out rather than hide them.
package stats
