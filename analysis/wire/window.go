package wire

import "slices"

// # Windowed detection
//
// Syndicated copy runs within days of its first appearance, so a
// paragraph is compared only with the paragraphs published within a
// window of days around it (a [Window] of DefaultWindowDays either side),
// never with the whole corpus: memory holds the signatures of the window,
// and a nightly run looks again only at the days around the articles that
// changed. A paragraph is Shared when a near-duplicate (estimated Jaccard
// similarity at least Threshold) appears in another outlet's article in
// the window, and Repeated when near-duplicates appear only in other
// articles of its own outlet (boilerplate). Unlike [Params.Group], this is
// pairwise, not transitive, so that what one paragraph is marked depends
// only on the paragraphs of its window.

// DefaultWindowDays is how many days before and after a paragraph's own
// day its near-duplicates are looked for. On the AllSides half (18,661
// articles, 2012-2020), of the 849 paragraphs that have a near-duplicate
// in another outlet outside boilerplate (groups where no outlet repeats
// the paragraph more than twice), 40% lie on the same day as it, 70%
// within 1 day, 74% within 3, 78% within 7 and 82% within 30; the rest
// are months or years apart — the same statement quoted again, standing
// text of one publisher under two outlet names — which is not syndicated
// copy (TestWindowGaps, with NEWSFRAME_MEASURE=1). Boilerplate itself
// (copyright lines, newsletter prompts) repeats across months and is
// matched by the boilerplate list instead.
const DefaultWindowDays = 3

// Window indexes the signatures of the paragraphs of a span of days,
// added in order of days. It is not safe for concurrent use.
type Window struct {
	p Params
	// entries holds the entries numbered base, base+1, ...: eviction
	// drops a prefix, so an entry keeps its number while it lives.
	entries []windowEntry
	base    int32
	// buckets[b] maps the hash of band b of a signature to the entries
	// that have it, in the order added.
	buckets []map[uint64][]int32
	// stale counts bucket entries left pointing before base.
	stale int
}

type windowEntry struct {
	day     int
	outlet  string
	article string
	sig     Signature
}

// NewWindow returns an empty window index. It panics if p is invalid.
func (p Params) NewWindow() *Window {
	if err := p.Validate(); err != nil {
		panic(err)
	}
	w := &Window{p: p, buckets: make([]map[uint64][]int32, p.Bands)}
	for b := range w.buckets {
		w.buckets[b] = map[uint64][]int32{}
	}
	return w
}

// Add indexes one signed paragraph of an article of outlet published on
// day (any day numbering; undated batches use one day). Unsigned (nil)
// signatures are ignored. It returns the entry's number, -1 if ignored.
func (w *Window) Add(day int, outlet, article string, sig Signature) int32 {
	if sig == nil || len(sig) != w.p.Hashes() {
		return -1
	}
	id := w.base + int32(len(w.entries))
	w.entries = append(w.entries, windowEntry{day: day, outlet: outlet, article: article, sig: sig})
	for b := range w.buckets {
		h := w.bandHash(sig, b)
		w.buckets[b][h] = append(w.buckets[b][h], id)
	}
	return id
}

func (w *Window) bandHash(sig Signature, b int) uint64 {
	return sigHash(sig[b*w.p.Rows : (b+1)*w.p.Rows])
}

// Mark classifies the paragraph of entry id against the entries of other
// articles whose day lies within days of its own: Shared if one of
// another outlet is a near-duplicate, else Repeated if one of its own
// outlet is, else 0. Candidates share a band of the signature; each is
// kept if the estimated similarity reaches the threshold.
func (w *Window) Mark(id int32, days int) Mark {
	if id < w.base || int(id-w.base) >= len(w.entries) {
		return 0
	}
	e := &w.entries[id-w.base]
	var best Mark
	for b := range w.buckets {
		for _, o := range w.buckets[b][w.bandHash(e.sig, b)] {
			if o < w.base {
				continue
			}
			x := &w.entries[o-w.base]
			if o == id || x.article == e.article || x.day < e.day-days || x.day > e.day+days {
				continue
			}
			if x.outlet == e.outlet && best == Repeated {
				continue
			}
			if Similarity(e.sig, x.sig) < w.p.Threshold {
				continue
			}
			if x.outlet != e.outlet {
				return Shared
			}
			best = Repeated
		}
	}
	return best
}

// Evict drops the entries of days before day (a prefix, since days come
// in order). The buckets' references to them are dropped once they
// outnumber the live entries.
func (w *Window) Evict(day int) {
	k := 0
	for k < len(w.entries) && w.entries[k].day < day {
		k++
	}
	if k == 0 {
		return
	}
	w.entries = append(w.entries[:0:0], w.entries[k:]...)
	w.base += int32(k)
	w.stale += k
	if w.stale <= len(w.entries)+1024 {
		return
	}
	for b := range w.buckets {
		for h, list := range w.buckets[b] {
			list = slices.DeleteFunc(list, func(o int32) bool { return o < w.base })
			if len(list) == 0 {
				delete(w.buckets[b], h)
			} else {
				w.buckets[b][h] = list
			}
		}
	}
	w.stale = 0
}

// Len returns the number of live entries.
func (w *Window) Len() int { return len(w.entries) }
