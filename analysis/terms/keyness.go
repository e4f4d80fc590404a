package terms

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Rest is the Versus value of a row that compares a group with all other
// groups pooled.
const Rest = "(rest)"

// Keyness is one row of [Distinctive]: how much more (z > 0) or less
// (z < 0) Group uses Term than Versus does.
type Keyness struct {
	Group, Versus, Term string
	// Count is the term's TF in Group; VersusCount in Versus.
	Count, VersusCount int64
	// Delta is the log-odds ratio with the prior, Z = Delta / its
	// standard deviation (see [LogOdds]).
	Delta, Z float64
}

// KeynessOptions set the prior and the size of the output of [Distinctive].
type KeynessOptions struct {
	// PriorSize is α0, the total pseudo-count of the prior; each term
	// gets α_w = α0 · y_w(bg) / n(bg). 0 means α0 = n(bg): the background
	// counts themselves are the pseudo-counts (α_w = y_w(bg)), the
	// informative prior as it is usually applied. A smaller α0 shrinks
	// less.
	PriorSize float64
	// MinCount drops terms whose TF in the two sides together is below it
	// (default 3): they cannot be distinctive and only lengthen the output.
	MinCount int64
	// Limit keeps, per (group, versus), only the Limit rows of highest z;
	// 0 keeps every row.
	Limit int
	// NoPairs leaves out the pairwise rows (group vs each other group) and
	// keeps the group-vs-rest rows.
	NoPairs bool
}

// DefaultKeynessMinCount is the default KeynessOptions.MinCount.
const DefaultKeynessMinCount = 3

// Distinctive compares groups (outlets, say) by the log-odds ratio with an
// informative Dirichlet prior of Monroe, Colaresi & Quinn, "Fightin' Words:
// Lexical Feature Selection and Evaluation for Identifying the Content of
// Political Conflict", Political Analysis 16(4), 2008,
// doi:10.1093/pan/mpn018 (see [LogOdds]). It returns a row for every term
// (each word of background, and each phrase) of each group against the
// rest of the groups pooled (Versus = [Rest]) and, unless opt.NoPairs,
// against every other group. The prior comes from background: the pooled
// corpus, or a given pool such as one story's counts; terms absent from
// the background get no prior mass and are left out. n in the formulas is
// a side's content-token total (Counts.Tokens), for phrases too.
//
// Rows are sorted by Group, Versus, Z (highest first), then Term.
func Distinctive(groups map[string]*Counts, background *Counts, phrases []Phrase, opt KeynessOptions) []Keyness {
	if opt.MinCount <= 0 {
		opt.MinCount = DefaultKeynessMinCount
	}
	nbg := float64(background.Tokens)
	if nbg <= 0 {
		return nil
	}
	a0 := opt.PriorSize
	if a0 <= 0 {
		a0 = nbg
	}
	background.init()
	// The vocabulary and its prior. id is the word's id or the pair's key
	// in the background's dictionary, for groups that share it.
	type term struct {
		name  string
		pair  Pair
		isPh  bool
		id    uint64
		alpha float64
	}
	var vocab []term
	for id := range background.words {
		if n := background.words[id].Count; n.TF > 0 {
			vocab = append(vocab, term{name: background.name(int32(id)), id: uint64(id), alpha: a0 * float64(n.TF) / nbg})
		}
	}
	for _, p := range phrases {
		a, okA := background.dict.ids[p.A]
		b, okB := background.dict.ids[p.B]
		if !okA || !okB {
			continue
		}
		key := pairKey(a, b)
		if n := background.pairs[key]; n.TF > 0 {
			vocab = append(vocab, term{name: p.String(), pair: p.Pair, isPh: true, id: key, alpha: a0 * float64(n.TF) / nbg})
		}
	}
	slices.SortFunc(vocab, func(a, b term) int { return strings.Compare(a.name, b.name) })

	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	slices.Sort(names)
	// y[g][t]: TF of term t in group g; n[g]: tokens of group g.
	y := make([][]int64, len(names))
	total := make([]int64, len(vocab))
	ntot := int64(0)
	n := make([]int64, len(names))
	for gi, g := range names {
		c := groups[g]
		c.init()
		shared := c.dict == background.dict
		y[gi] = make([]int64, len(vocab))
		for ti, t := range vocab {
			var k Count
			switch {
			case shared && t.isPh:
				k = c.pairs[t.id]
			case shared:
				k = c.word(int32(t.id))
			case t.isPh:
				k = c.Pair(t.pair)
			default:
				k = c.Word(t.name)
			}
			y[gi][ti] = k.TF
			total[ti] += k.TF
		}
		n[gi] = c.Tokens
		ntot += c.Tokens
	}

	// The blocks to compute: each group against the rest, then against
	// every other group, in the order of the output.
	type block struct {
		group, versus string
		yi, yj        []int64
		ni, nj        int64
	}
	var blocks []block
	for gi, g := range names {
		if len(names) > 1 {
			rest := make([]int64, len(vocab))
			for ti := range vocab {
				rest[ti] = total[ti] - y[gi][ti]
			}
			blocks = append(blocks, block{g, Rest, y[gi], rest, n[gi], ntot - n[gi]})
		}
		if opt.NoPairs {
			continue
		}
		for gj, h := range names {
			if gj != gi {
				blocks = append(blocks, block{g, h, y[gi], y[gj], n[gi], n[gj]})
			}
		}
	}
	// A row is built only for the terms a block keeps: with Limit, the
	// Limit highest z (ties by term, which is vocabulary order).
	type cand struct {
		z, d float64
		ti   int32
	}
	order := func(a, b cand) int {
		if c := cmp.Compare(b.z, a.z); c != 0 {
			return c
		}
		return cmp.Compare(a.ti, b.ti)
	}
	rows := make([][]Keyness, len(blocks))
	compute := func(bi int, cands []cand) []cand {
		bl := blocks[bi]
		cands = cands[:0]
		for ti, t := range vocab {
			if bl.yi[ti]+bl.yj[ti] < opt.MinCount {
				continue
			}
			d, z := LogOdds(float64(bl.yi[ti]), float64(bl.ni), float64(bl.yj[ti]), float64(bl.nj), t.alpha, a0)
			if math.IsNaN(z) || math.IsInf(z, 0) {
				continue
			}
			cands = append(cands, cand{z, d, int32(ti)})
		}
		keep := cands
		if opt.Limit > 0 && len(keep) > opt.Limit {
			selectFirst(keep, opt.Limit, order)
			keep = keep[:opt.Limit]
		}
		slices.SortFunc(keep, order)
		out := make([]Keyness, len(keep))
		for i, c := range keep {
			out[i] = Keyness{Group: bl.group, Versus: bl.versus, Term: vocab[c.ti].name,
				Count: bl.yi[c.ti], VersusCount: bl.yj[c.ti], Delta: c.d, Z: c.z}
		}
		rows[bi] = out
		return cands
	}
	// Blocks are independent: they run on all CPUs when there is enough
	// work, each writing its own slot of rows.
	workers := min(len(blocks), runtime.GOMAXPROCS(0))
	if len(vocab)*len(blocks) < 1<<16 {
		workers = 1
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			var cands []cand
			for bi := range next {
				cands = compute(bi, cands)
			}
		})
	}
	for bi := range blocks {
		next <- bi
	}
	close(next)
	wg.Wait()
	var out []Keyness
	for _, r := range rows {
		out = append(out, r...)
	}
	// Each (group, versus) block is sorted; order the blocks.
	slices.SortStableFunc(out, func(a, b Keyness) int {
		return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(a.Versus, b.Versus))
	})
	return out
}

// LogOdds returns the log-odds ratio δ of a term between sides i and j with
// an informative Dirichlet prior, and its z-score (Monroe, Colaresi & Quinn
// 2008, doi:10.1093/pan/mpn018):
//
//	δ = ln((y_i + α_w) / (n_i + α_0 − y_i − α_w)) − ln((y_j + α_w) / (n_j + α_0 − y_j − α_w))
//	σ² ≈ 1/(y_i + α_w) + 1/(y_j + α_w)
//	z = δ / σ
//
// with y the term's counts, n the sides' totals, α_w the term's prior
// pseudo-count and α_0 the prior's total. It returns NaN when a logarithm
// is undefined (α_w <= 0 with a zero count, or a side's other mass <= 0).
func LogOdds(yi, ni, yj, nj, aw, a0 float64) (delta, z float64) {
	oi := ni + a0 - yi - aw
	oj := nj + a0 - yj - aw
	if yi+aw <= 0 || yj+aw <= 0 || oi <= 0 || oj <= 0 {
		return math.NaN(), math.NaN()
	}
	delta = math.Log((yi+aw)/oi) - math.Log((yj+aw)/oj)
	return delta, delta / math.Sqrt(1/(yi+aw)+1/(yj+aw))
}

// selectFirst reorders xs so that its first k elements are the k smallest
// under cmp, in no particular order (Hoare's quickselect with a
// median-of-three pivot; expected linear time).
func selectFirst[T any](xs []T, k int, cmp func(a, b T) int) {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		// Median of three to the middle.
		if cmp(xs[mid], xs[lo]) < 0 {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if cmp(xs[hi], xs[lo]) < 0 {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if cmp(xs[hi], xs[mid]) < 0 {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for cmp(xs[i], pivot) < 0 {
				i++
			}
			for cmp(pivot, xs[j]) < 0 {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		// xs[lo..j] <= pivot <= xs[i..hi]
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}
