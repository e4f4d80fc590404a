package pipeline

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"

	"newsframe/analysis/entities"
	"newsframe/analysis/stories"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
)

// chooseCandidates picks the co-occurrence candidates, the top C terms of
// the corpus totals, and counts them: totals nil means at the start of a
// rebuild (the totals come from Options.Partials, or a first pass over the
// terms, and the articles are counted as they are read); otherwise every
// article is read again to count them, and the records' candidate counts
// are redone.
func (ag *aggregator) chooseCandidates(totals *terms.Counts) error {
	opt := ag.opt
	recount := totals != nil
	if totals == nil {
		var parts terms.Partials
		if opt.Partials != nil {
			var err error
			if parts, err = opt.Partials(); err != nil {
				return err
			}
			// The outlets' term counts are the sums of their
			// partials: merging them costs a pass over each day's
			// vocabulary where adding every paragraph again hashed
			// every token (a tenth of a rebuild's CPU time on the
			// 20 MB benchmark corpus).
			for _, k := range parts.Keys() {
				ot := ag.outletTerms[k.Outlet]
				if ot == nil {
					ot = terms.NewCountsIn(ag.dict)
					ag.outletTerms[k.Outlet] = ot
				}
				ot.Merge(parts[k])
			}
			ag.termsFromPartials = true
		} else {
			parts = terms.Partials{}
			err := ag.src.Each(ag.ctx, FieldTerms, func(a *Article) error {
				for _, p := range a.Paragraphs {
					parts.Add(terms.Key{Outlet: a.Outlet, Day: a.Day()}, p.Seq)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("aggregate: %w", err)
			}
		}
		totals = parts.Total()
	}
	cands := terms.TermsOf(terms.Top(totals, terms.Phrases(totals, opt.Phrases), opt.candidates()))
	ag.cooc, ag.window = nil, nil
	if len(cands) > 0 {
		var err error
		if ag.cooc, err = terms.NewCooccur(cands, 0); err != nil {
			return fmt.Errorf("aggregate: %w", err)
		}
		if opt.Window > 0 {
			if ag.window, err = terms.NewCooccur(cands, opt.Window); err != nil {
				return fmt.Errorf("aggregate: %w", err)
			}
		}
	}
	ag.indexCandidates()
	if !recount {
		return nil
	}
	err := ag.src.Each(ag.ctx, FieldTerms, func(a *Article) error {
		for _, s := range a.Paragraphs {
			if ag.cooc != nil {
				ag.cooc.Add(s.Seq)
				if ag.window != nil {
					ag.window.Add(s.Seq)
				}
			}
		}
		if rec := ag.recs[a.ID]; rec != nil {
			ag.countCandidates(rec, func(i int) (terms.Seq, bool) {
				if i < len(a.Paragraphs) {
					return a.Paragraphs[i].Seq, true
				}
				return terms.Seq{}, false
			})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("aggregate: recount candidates: %w", err)
	}
	return nil
}

// settleTerms sums the outlets' term counts into the corpus totals, finds
// the phrases and the top K terms, and recounts the candidates if the top
// K left them.
func (ag *aggregator) settleTerms() error {
	for name, c := range ag.outletTerms {
		if c.Paragraphs == 0 && c.NumWords() == 0 && c.NumPairs() == 0 {
			delete(ag.outletTerms, name)
		}
	}
	ag.totals = terms.NewCountsIn(ag.dict)
	for _, name := range sortedKeys(ag.outletTerms) {
		ag.totals.Merge(ag.outletTerms[name])
	}
	ag.phrases = terms.Phrases(ag.totals, ag.opt.Phrases)
	ag.top = terms.Top(ag.totals, ag.phrases, ag.opt.TopTerms)
	covered := ag.cooc != nil
	for _, t := range ag.top {
		if !covered || !ag.cooc.Has(t.Term) {
			covered = false
			break
		}
	}
	if covered || len(ag.top) == 0 {
		return nil
	}
	return ag.chooseCandidates(ag.totals)
}

// freezeTerms encodes the outlets' term counts for the state, now that
// they are final, and then keeps of them and of the corpus totals the
// words and the phrases only: once the phrases and candidates are chosen,
// nothing reads the other word pairs (the exports, comparisons, keyness
// and topics look up words and phrases), and their maps were the largest
// part of the assembly's heap (at 100 MB of text, 87 MB of the 373 MB
// live at its peak, before the exports' Restrict copies).
func (ag *aggregator) freezeTerms() {
	phrases := make([]terms.Pair, len(ag.phrases))
	for i, p := range ag.phrases {
		phrases[i] = p.Pair
	}
	ag.termBlobs = make(map[string][]byte, len(ag.outletTerms))
	for name, c := range ag.outletTerms {
		ag.termBlobs[name] = c.AppendIDs(nil)
		c.KeepPairs(phrases)
	}
	if ag.totals != nil {
		ag.totals.KeepPairs(phrases)
	}
}

// catalog is the wire index's view of the records: paragraph numbers to
// articles, and signatures read from the state.
type catalog struct {
	ag    *aggregator
	bases []uint32  // pnBase of each record, sorted
	recs  []*record // the record of each base
}

func newCatalog(ag *aggregator) *catalog {
	c := &catalog{ag: ag}
	var list []*record
	for _, r := range ag.recs {
		if len(r.paras) > 0 {
			list = append(list, r)
		}
	}
	slices.SortFunc(list, func(a, b *record) int { return cmp.Compare(a.pnBase, b.pnBase) })
	c.recs = list
	c.bases = make([]uint32, len(list))
	for i, r := range list {
		c.bases[i] = r.pnBase
	}
	return c
}

// find returns the article and paragraph index of pn, false when gone.
// The wire index asks for every paragraph it holds when it compacts:
// a binary search without a closure, and the record at hand.
func (c *catalog) find(pn uint32) (*record, int, bool) {
	lo, hi := 0, len(c.bases)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.bases[m] > pn {
			hi = m
		} else {
			lo = m + 1
		}
	}
	i := lo - 1
	if i < 0 {
		return nil, 0, false
	}
	r := c.recs[i]
	k := int(pn - c.bases[i])
	if k >= len(r.paras) {
		return nil, 0, false
	}
	return r, k, true
}

func (c *catalog) Ref(pn uint32) (wire.Ref, bool) {
	r, k, ok := c.find(pn)
	if !ok || !r.paras[k].signed {
		return wire.Ref{}, false
	}
	return wire.Ref{Article: r.id, Index: k, Outlet: r.outlet}, true
}

func (c *catalog) Signatures(pns []uint32) ([]wire.Signature, error) {
	out := make([]wire.Signature, len(pns))
	want := map[string][]int{} // article → positions in pns
	var ids []string
	for i, pn := range pns {
		r, k, ok := c.find(pn)
		if !ok {
			return nil, fmt.Errorf("aggregate: paragraph %d is gone", pn)
		}
		if f := c.ag.fresh[r.id]; f != nil && f.sigs != nil {
			out[i] = f.sigs[k]
			continue
		}
		if want[r.id] == nil {
			ids = append(ids, r.id)
		}
		want[r.id] = append(want[r.id], i)
	}
	sort.Strings(ids)
	err := c.ag.src.Articles(c.ag.ctx, ids, FieldSignatures, func(a *Article) error {
		r := c.ag.recs[a.ID]
		for _, i := range want[a.ID] {
			k := int(pns[i] - r.pnBase)
			if k < len(a.Paragraphs) {
				out[i] = a.Paragraphs[k].Signature
			}
		}
		return nil
	})
	return out, err
}

// wireChunk is the number of paragraphs a rebuild hands the wire index
// at a time: 16384 signatures are about 8 MB, and each Update also walks
// the groups found so far, so much smaller chunks cost time.
const wireChunk = 16384

// sharedOf returns the paragraph numbers of groups spanning outlets.
func sharedOf(ix *wire.Index, pns func(g int) []uint32) map[uint32]bool {
	out := map[uint32]bool{}
	for gi, g := range ix.Groups() {
		if len(g.Outlets) > 1 {
			for _, pn := range pns(gi) {
				out[pn] = true
			}
		}
	}
	return out
}

// updateWire adds the new paragraphs' signatures to the wire-copy index,
// takes out the retired ones, and brings the term counts of each outlet's
// shared paragraphs up to date.
func (ag *aggregator) updateWire() error {
	// Once the blobs are out and the groups known, nothing reads the
	// index (its buckets: 8 bytes per paragraph and band) or the shared
	// sets again: let them go before the assembly.
	defer func() { ag.wix, ag.oldShared, ag.shared = nil, nil, nil }()
	ag.oldShared = sharedOf(ag.wix, ag.wix.PNs)
	var added []wire.Signed
	cat := newCatalog(ag)
	if ag.rebuild {
		// Every article is fresh, and apply left the signatures out.
		// They go to the index in chunks as the scan reads them: all
		// at once (480 bytes a paragraph, 91 MB at 100 MB of text) they
		// set the aggregation's live-heap peak before the assembly
		// (431 MiB; 379 MiB in chunks). A chunk's candidates among the
		// paragraphs of earlier chunks are read back through the
		// catalog (Source.Articles, during Each); the groups are the
		// same, as successive Updates keep them.
		n := 0
		for _, r := range cat.recs {
			n += len(r.paras)
		}
		ag.wix.Reserve(n)
		update := func() error {
			slices.SortFunc(added, func(a, b wire.Signed) int { return cmp.Compare(a.PN, b.PN) })
			err := ag.wix.Update(added, cat)
			clear(added) // drop the signatures before the next chunk
			added = added[:0]
			return err
		}
		err := ag.src.Each(ag.ctx, FieldSignatures, func(a *Article) error {
			r := ag.recs[a.ID]
			if r == nil {
				return nil
			}
			for i := range r.paras {
				var sig wire.Signature
				if i < len(a.Paragraphs) {
					sig = a.Paragraphs[i].Signature
				}
				r.paras[i].signed = sig != nil
				if sig != nil {
					added = append(added, wire.Signed{PN: r.pnBase + uint32(i), Ref: wire.Ref{Article: a.ID, Index: i, Outlet: r.outlet}, Signature: sig})
				}
			}
			if len(added) >= wireChunk {
				return update()
			}
			return nil
		})
		if err == nil {
			err = update()
		}
		if err != nil {
			return fmt.Errorf("aggregate: wire: %w", err)
		}
	} else {
		for id, f := range ag.fresh {
			r := ag.recs[id]
			for i, sig := range f.sigs {
				if sig != nil {
					added = append(added, wire.Signed{PN: r.pnBase + uint32(i), Ref: wire.Ref{Article: id, Index: i, Outlet: r.outlet}, Signature: sig})
				}
			}
		}
		slices.SortFunc(added, func(a, b wire.Signed) int { return cmp.Compare(a.PN, b.PN) })
		if err := ag.wix.Update(added, cat); err != nil {
			return fmt.Errorf("aggregate: wire: %w", err)
		}
	}
	for name, b := range ag.wix.Parts(cat) {
		ag.blobs["wire/"+name] = b
	}
	for _, f := range ag.fresh {
		f.sigs = nil // the index has what it needs
	}
	ag.groups = ag.wix.Groups()
	ag.shared = sharedOf(ag.wix, ag.wix.PNs)
	if ag.opt.IncludeShared {
		return nil
	}
	// Paragraphs that stopped or started being shared: their terms leave
	// or join their outlet's shared counts.
	retiredAt := map[uint32][2]any{} // pn → retired article, index
	for _, r := range ag.retired {
		for i := range r.rec.paras {
			retiredAt[r.rec.pnBase+uint32(i)] = [2]any{r, i}
		}
	}
	// Additions are made at once; subtractions wait until they are all
	// made, so that a subtraction never meets counts that another
	// paragraph's addition has yet to make. (Holding the additions
	// instead held the terms of every shared paragraph at once: in a
	// rebuild over much wire copy, most of the corpus.) The counts do
	// not depend on the order in which paragraphs are added.
	type change struct {
		outlet string
		seq    terms.Seq
	}
	var subs []change
	shared := func(outlet string) *terms.Counts {
		st := ag.sharedTerms[outlet]
		if st == nil {
			st = terms.NewCountsIn(ag.dict)
			ag.sharedTerms[outlet] = st
		}
		ag.dirtyOutlets[outlet] = true
		return st
	}
	apply := func(outlet string, seq terms.Seq, sign int) {
		if sign > 0 {
			shared(outlet).Add(seq)
		} else {
			subs = append(subs, change{outlet, seq})
		}
	}
	read := map[string][]int{} // article → paragraphs to add or take out
	signOf := map[uint32]int{}
	for pn := range ag.oldShared {
		if !ag.shared[pn] {
			signOf[pn] = -1
		}
	}
	for pn := range ag.shared {
		if !ag.oldShared[pn] {
			signOf[pn] = 1
		}
	}
	for pn, sign := range signOf {
		if x, ok := retiredAt[pn]; ok {
			r, i := x[0].(*retired), x[1].(int)
			apply(r.rec.outlet, r.seqs[i], sign)
			continue
		}
		r, k, ok := cat.find(pn)
		if !ok {
			return fmt.Errorf("aggregate: wire: shared paragraph %d is gone", pn)
		}
		if f := ag.fresh[r.id]; f != nil && f.seqs != nil {
			apply(r.outlet, f.seqs[k], sign)
			continue
		}
		read[r.id] = append(read[r.id], k)
	}
	ids := sortedKeys(read)
	readTerms := func(a *Article) error {
		r, ks := ag.recs[a.ID], read[a.ID]
		for _, k := range ks {
			if k < len(a.Paragraphs) {
				apply(r.outlet, a.Paragraphs[k].Seq, signOf[r.pnBase+uint32(k)])
			}
		}
		return nil
	}
	var err error
	if 4*len(ids) > len(ag.recs) {
		// Much of the corpus (a rebuild over a corpus full of wire
		// copy): one pass in ID order costs less than a lookup per
		// article.
		err = ag.src.Each(ag.ctx, FieldTerms, func(a *Article) error {
			if _, ok := read[a.ID]; !ok {
				return nil
			}
			return readTerms(a)
		})
	} else {
		err = ag.src.Articles(ag.ctx, ids, FieldTerms, readTerms)
	}
	if err != nil {
		return fmt.Errorf("aggregate: wire: %w", err)
	}
	for _, ch := range subs {
		c := terms.NewCounts()
		c.Add(ch.seq)
		if err := shared(ch.outlet).Sub(c); err != nil {
			return fmt.Errorf("aggregate: shared counts of %s: %w", ch.outlet, err)
		}
	}
	for name, c := range ag.sharedTerms {
		if c.Paragraphs == 0 && c.NumWords() == 0 && c.NumPairs() == 0 {
			delete(ag.sharedTerms, name)
		}
	}
	return nil
}

// updateStories places the new and changed articles in stories.
func (ag *aggregator) updateStories(retired []stories.Retired) error {
	ch := stories.Change{Fresh: ag.storyFresh, Retired: retired, Names: ag.dict,
		Load: func(ids []string) (map[string]stories.Placement, error) {
			sort.Strings(ids)
			out := map[string]stories.Placement{}
			err := ag.src.Placements(ag.ctx, ids, func(id string, b []byte) error {
				var p stories.Placement
				if err := p.UnmarshalBinary(b); err != nil {
					return fmt.Errorf("aggregate: placement of %s: %w", id, err)
				}
				out[id] = p
				return nil
			})
			return out, err
		}}
	for _, id := range ag.sortedIDs() {
		r := ag.recs[id]
		ch.Articles = append(ch.Articles, stories.Article{ID: id, Outlet: r.outlet, Title: r.title, Published: r.published,
			Seed: r.seed, Similarity: r.sim, Label: r.label})
	}
	if ch.Fresh == nil {
		ch.Fresh = map[string]stories.Placement{}
	}
	out, err := ag.opt.Stories.Update(&ag.freq, ch)
	if err != nil {
		return fmt.Errorf("aggregate: stories: %w", err)
	}
	// Each placement is encoded in a buffer, then copied at its size: a
	// rebuild holds every article's until the state is written (28 MB on
	// a 100 MB corpus), and growing each by appending left a fifth more
	// unused.
	var buf []byte
	for id, p := range out.Placed {
		r := ag.recs[id]
		r.seed, r.sim = p.Seed, p.Similarity
		var err error
		if buf, err = p.Placement.AppendBinary(buf[:0]); err != nil {
			return fmt.Errorf("aggregate: placement of %s: %w", id, err)
		}
		ag.placed[id] = bytes.Clone(buf)
	}
	for seed, label := range out.Labels {
		ag.recs[seed].label = label
	}
	for id, r := range ag.recs {
		if r.seed != id {
			r.label = nil
		}
	}
	ag.storyList = out.Stories
	ag.storyFresh = nil
	return nil
}

// update returns what the run changes in the state.
func (ag *aggregator) update() (*Update, error) {
	up := &Update{Rebuild: ag.rebuild, Blobs: ag.blobs, Placements: ag.placed,
		Deleted: ag.deleted, Done: ag.pending}
	// The closure holds the records and what was stored, not the
	// aggregator: the rest of it is garbage once Aggregate returns.
	recs, stored, ids := ag.recs, ag.stored, ag.sortedIDs()
	up.records = func(fn func(id string, record []byte) error) error {
		for _, id := range ids {
			b := appendRecord(nil, recs[id])
			if old, ok := stored[id]; ok && old == digestRecord(b) {
				continue
			}
			if err := fn(id, b); err != nil {
				return err
			}
		}
		return nil
	}
	b := ag.blobs
	b["params"] = []byte(ag.params)
	var err error
	if b["dict"], err = ag.dict.AppendBinary(nil); err != nil {
		return nil, err
	}
	outlets := map[string]bool{}
	for name := range ag.outletTerms {
		outlets[name] = true
	}
	for name := range ag.sharedTerms {
		outlets[name] = true
	}
	list := encoder{}
	names := sortedKeys(outlets)
	list.uvarint(uint64(len(names)))
	for _, name := range names {
		list.str(name)
		if !ag.dirtyOutlets[name] && !ag.rebuild {
			continue
		}
		// The outlet's counts were encoded by freezeTerms, before their
		// pairs other than phrases went.
		b["terms/"+name] = ag.termBlobs[name]
		if c := ag.sharedTerms[name]; c != nil {
			b["shared/"+name] = c.AppendIDs(nil)
		} else {
			b["shared/"+name] = nil
		}
	}
	for _, name := range ag.oldOutlets {
		if !outlets[name] {
			b["terms/"+name], b["shared/"+name] = nil, nil
		}
	}
	b["outlets"] = list.b
	for name, c := range map[string]*terms.Cooccur{"cooc": ag.cooc, "cooc/window": ag.window} {
		if c == nil {
			b[name] = nil
			continue
		}
		if b[name], err = c.AppendBinary(nil); err != nil {
			return nil, fmt.Errorf("aggregate: %s: %w", name, err)
		}
	}
	b["entities"] = ag.encodeEntities()
	lab := encoder{}
	keys := make([]labelKey, 0, len(ag.labelTF))
	for k := range ag.labelTF {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y labelKey) int {
		if x.outlet != y.outlet {
			return compareStrings(x.outlet, y.outlet)
		}
		if x.day != y.day {
			return compareStrings(x.day, y.day)
		}
		return compareStrings(x.variant, y.variant)
	})
	lab.uvarint(uint64(len(keys)))
	for _, k := range keys {
		lab.str(k.outlet)
		lab.str(k.day)
		lab.str(k.variant)
		lab.varint(int(ag.labelTF[k]))
	}
	b["labels"] = lab.b
	if b["stories"], err = ag.freq.AppendBinary(nil); err != nil {
		return nil, err
	}
	b["wire/next"] = binary.LittleEndian.AppendUint32(nil, ag.nextPN)
	if err := ag.cells.blobs(b); err != nil {
		return nil, err
	}
	return up, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// encodeEntities encodes the entity counts and the outlets naming each:
// the counter as in a record, then the (entity, outlet) article counts.
func (ag *aggregator) encodeEntities() []byte {
	e := encoder{}
	e.uvarint(uint64(len(ag.ents)))
	for _, name := range sortedKeys(ag.ents) {
		t := ag.ents[name]
		e.str(name)
		e.varint(t.Mentions)
		e.varint(t.Articles)
		e.varint(t.Person)
		e.intMap(t.Aliases)
	}
	keys := make([][2]string, 0, len(ag.entOutlets))
	for k := range ag.entOutlets {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return compareStrings(a[0], b[0])
		}
		return compareStrings(a[1], b[1])
	})
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k[0])
		e.str(k[1])
		e.varint(ag.entOutlets[k])
	}
	return e.b
}

func (ag *aggregator) decodeEntities(b []byte) error {
	d := decoder{b: b}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		name := d.str()
		ag.ents[name] = entities.Tally{Mentions: d.varint(), Articles: d.varint(), Person: d.varint(), Aliases: d.intMap()}
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		k := [2]string{d.str(), d.str()}
		ag.entOutlets[k] = d.varint()
	}
	if d.err != nil || len(d.b) != 0 {
		return fmt.Errorf("aggregate: entities: %w", errCodec)
	}
	return nil
}
