package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/codec"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/resultdir"
	"newsframe/cmd/newsframe/internal/catalog"
)

// Catalog names of the corpus-level summaries.
const (
	// The names a Beam result directory uses too (resultdir), so that its
	// blobs go into a catalog as they are.
	summaryTotals   = resultdir.SummaryTotals
	summaryCooc     = resultdir.SummaryCooc
	summaryWindow   = resultdir.SummaryWindow
	summaryEntities = resultdir.SummaryEntities
	summaryShared   = resultdir.SummaryShared
	cellPrefix      = resultdir.CellPrefix
	termsPrefix     = resultdir.TermsPrefix
	// settingAnalysis and settingSummaries fingerprint what the rows and
	// the summaries were computed under.
	settingAnalysis  = "analysis"
	settingSummaries = "summaries"
)

// update runs a run's data flow up to the commit: scan and map, the
// removal guard, the corpus totals and co-occurrence candidates, the
// sweep, and one transaction with everything.
func (u *updater) update(ctx context.Context) error {
	u.setup()
	defer u.spill.Close()
	r := u.cat.Read(ctx)
	var err error
	if u.stored, err = r.Counts(); err != nil {
		return err
	}
	if u.run, err = u.cat.ReserveRun(ctx); err != nil {
		return err
	}
	if err := u.sweepOrphans(ctx); err != nil {
		return err
	}

	jobs := make(chan job, 4*u.workers)
	scanErr := make(chan error, 1)
	mapCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		err := u.scan(mapCtx, jobs)
		if err != nil {
			cancel()
		}
		scanErr <- err
	}()
	added, err := u.analyse(mapCtx, jobs)
	if serr := <-scanErr; serr != nil {
		return serr
	}
	if err != nil {
		return err
	}
	if c := u.counts; c.New+c.Changed+c.Unchanged+c.Rescored == 0 {
		return fmt.Errorf("%w: %d files listed, none yielded an article; nothing was changed and no report published. Check that the corpus is mounted and readable", errNoArticles, len(u.files))
	}
	if err := u.removalGuard(); err != nil {
		return err
	}

	// The corpus totals, and from them phrases and candidates.
	u.totals = terms.NewCounts()
	if b, err := r.Summary(summaryTotals); err != nil {
		return err
	} else if b != nil {
		if err := u.totals.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("summary %s: %w", summaryTotals, err)
		}
	}
	u.totals.Merge(added)
	if err := u.subtractGone(ctx); err != nil {
		return fmt.Errorf("corpus totals: %w", err)
	}
	if err := u.chooseCooc(ctx); err != nil {
		return err
	}
	if !u.cooc.recount && u.cooc.cooc != nil {
		dc, _ := terms.NewCooccur(u.cooc.cooc.Vocab(), 0)
		var dw *terms.Cooccur
		if u.cooc.window != nil {
			dw, _ = terms.NewCooccur(u.cooc.window.Vocab(), u.opt.Window)
		}
		u.delta.SetCooccur(dc, dw)
	}

	if err := u.planTopics(ctx); err != nil {
		return err
	}

	next, err := u.newDocs()
	if err != nil {
		return err
	}
	// The sweep writes article rows and day frequencies into the run's
	// transaction as it goes (memory does not hold them); reads of the
	// stored state go to the read connections, which see the catalog as
	// it was before the run until the commit.
	if u.tx, err = u.cat.Begin(ctx); err != nil {
		return err
	}
	defer u.tx.Rollback()
	u.sweep = &aggregate.Sweep{Src: u, Out: u, Delta: u.delta, Stories: u.opt.Stories, WireParams: u.opt.Wire}
	if u.topics.model != nil || u.topics.clear {
		u.sweep.Topics = u.inferTopics
	}
	err = u.sweep.Run(aggregate.Change{Gone: u.gone, NewDays: u.newDays, New: next, All: u.topics.all})
	if werr := u.waitWrites(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	if u.cooc.recount {
		if err := u.recountCooc(ctx); err != nil {
			return err
		}
	}
	writeHeapProfile(os.Getenv("NEWSFRAME_HEAPPROFILE"), u.log)
	if err := u.store.Sync(); err != nil {
		return err
	}
	return u.commit(ctx)
}

// writeHeapProfile writes a heap profile to path (nothing when path is
// empty): taken after the sweep, when the run holds the most.
func writeHeapProfile(path string, log *slog.Logger) {
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		log.Warn("heap profile", "err", err)
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		log.Warn("heap profile", "err", err)
	}
}

// sweepOrphans removes result files that no catalog row names: those a
// killed run wrote before its commit.
func (u *updater) sweepOrphans(ctx context.Context) error {
	keep := map[string]bool{}
	err := u.cat.Read(ctx).Chunks(func(c catalog.Chunk) error {
		for _, f := range c.Files() {
			keep[f] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	n, err := u.store.Sweep(keep)
	if n > 0 {
		u.log.Warn("removed result files left by an interrupted run", "files", n)
	}
	return err
}

// chooseCooc picks the co-occurrence candidates: the stored ones while
// they hold the top terms, else the top candidates of the new totals,
// which must then be counted over every stored paragraph again.
func (u *updater) chooseCooc(ctx context.Context) error {
	u.cooc = &coocState{}
	phrases := terms.Phrases(u.totals, u.opt.Phrases)
	top := terms.Top(u.totals, phrases, u.opt.TopTerms)
	r := u.cat.Read(ctx)
	b, err := r.Summary(summaryCooc)
	if err != nil {
		return err
	}
	if b != nil {
		c := &terms.Cooccur{}
		if err := c.UnmarshalBinary(b); err != nil {
			return fmt.Errorf("summary %s: %w", summaryCooc, err)
		}
		covered := true
		for _, t := range top {
			if !c.Has(t.Term) {
				covered = false
				break
			}
		}
		wb, err := r.Summary(summaryWindow)
		if err != nil {
			return err
		}
		haveWindow := wb != nil
		if covered && haveWindow == (u.opt.Window > 0) {
			u.cooc.cooc = c
			if haveWindow {
				u.cooc.window = &terms.Cooccur{}
				if err := u.cooc.window.UnmarshalBinary(wb); err != nil {
					return fmt.Errorf("summary %s: %w", summaryWindow, err)
				}
				if u.cooc.window.Window() != u.opt.Window {
					u.cooc.window = nil
					covered = false
				}
			}
			if covered {
				return nil
			}
		}
	}
	cands := terms.TermsOf(terms.Top(u.totals, phrases, max(4*u.opt.TopTerms, 500)))
	if len(cands) == 0 {
		return nil
	}
	var err2 error
	if u.cooc.cooc, err2 = terms.NewCooccur(cands, 0); err2 != nil {
		return err2
	}
	if u.opt.Window > 0 {
		if u.cooc.window, err2 = terms.NewCooccur(cands, u.opt.Window); err2 != nil {
			return err2
		}
	}
	// With nothing stored (the first run, or a rebuild), the sweep counts
	// every paragraph anyway.
	u.cooc.recount = u.stored > 0
	if !u.cooc.recount {
		u.cooc.cooc, _ = terms.NewCooccur(cands, 0)
	}
	return nil
}

// recountCooc counts the candidates over every paragraph of the store as
// it stands after the sweep.
func (u *updater) recountCooc(ctx context.Context) error {
	u.log.Info("co-occurrence candidates changed; counting every paragraph again")
	written := map[[2]string]catalog.Chunk{}
	for _, c := range u.chunks {
		written[[2]string{c.Day, c.Name}] = c
	}
	deleted := map[[2]string]bool{}
	for _, k := range u.delChunks {
		deleted[k] = true
	}
	var files []string
	err := u.cat.Read(ctx).Chunks(func(c catalog.Chunk) error {
		k := [2]string{c.Day, c.Name}
		if _, ok := written[k]; !ok && !deleted[k] {
			files = append(files, c.Paragraphs)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range u.chunks {
		files = append(files, c.Paragraphs)
	}
	for _, f := range files {
		paras, err := u.store.ReadParagraphs(f)
		if err != nil {
			return err
		}
		for _, p := range paras {
			s := u.derive.Seq(p.Text)
			u.cooc.cooc.Add(s)
			if u.cooc.window != nil {
				u.cooc.window.Add(s)
			}
		}
	}
	return nil
}

// commit writes the run's changes to the catalog in one transaction and
// then unlinks the result files it replaced.
func (u *updater) commit(ctx context.Context) error {
	tx := u.tx
	for _, f := range u.read {
		if err := tx.PutFile(catalog.File{Path: f.Name, Size: f.Size, ModTime: f.ModTime}); err != nil {
			return err
		}
		if err := tx.SetBadInputs(f.Name, u.badByFile[f.Name]); err != nil {
			return err
		}
	}
	for _, name := range u.vanished {
		if err := tx.DeleteFile(name); err != nil {
			return err
		}
	}
	// The files the run replaces: those of chunks rewritten or deleted.
	var superseded []string
	for _, k := range u.delChunks {
		c, err := u.cat.Read(ctx).Chunk(k[0], k[1])
		if err != nil {
			return err
		}
		if c != nil {
			superseded = append(superseded, c.Files()...)
		}
		if err := tx.DeleteChunk(k[0], k[1]); err != nil {
			return err
		}
	}
	for _, c := range u.chunks {
		old, err := u.cat.Read(ctx).Chunk(c.Day, c.Name)
		if err != nil {
			return err
		}
		if old != nil && old.Articles != c.Articles {
			superseded = append(superseded, old.Files()...)
		}
		if err := tx.PutChunk(c); err != nil {
			return err
		}
	}
	if err := u.commitSummaries(tx); err != nil {
		return err
	}
	if err := u.commitStories(tx); err != nil {
		return err
	}
	if err := u.commitTopics(tx); err != nil {
		return err
	}
	if err := tx.SetSetting(settingAnalysis, u.analysis); err != nil {
		return err
	}
	if err := tx.SetSetting(settingSummaries, u.agg.Fingerprint()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := u.store.Remove(superseded); err != nil {
		u.log.Warn("could not remove replaced result files", "err", err)
	}
	return nil
}

// commitSummaries merges the delta into the stored summaries: the
// additions are merged, the removals unmerged (which fails if the stored
// summaries do not hold them: summaries and rows disagree).
func (u *updater) commitSummaries(tx *catalog.Tx) error {
	d := u.delta
	cells := map[aggregate.Cell]bool{}
	for _, side := range []*aggregate.Side{d.Plus, d.Minus} {
		for c := range side.Cells {
			cells[c] = true
		}
	}
	for _, c := range sortedCells(cells) {
		name := cellPrefix + c.Key()
		s := aggregate.NewCellSummary()
		if err := loadSummary(tx, name, s); err != nil {
			return err
		}
		if x := d.Plus.Cells[c]; x != nil {
			s.Merge(x)
		}
		if x := d.Minus.Cells[c]; x != nil {
			if err := s.Unmerge(x); err != nil {
				return fmt.Errorf("summary %q: %w", name, err)
			}
		}
		if err := putSummary(tx, name, s, s.Empty()); err != nil {
			return err
		}
		tname := termsPrefix + c.Key()
		t := aggregate.NewCellTerms()
		if err := loadSummary(tx, tname, t); err != nil {
			return err
		}
		if p := d.Plus.Terms[c]; p != nil {
			t.Compared.Merge(p.Compared)
			t.Shared.Merge(p.Shared)
		}
		if m := d.Minus.Terms[c]; m != nil {
			if err := t.Compared.Sub(m.Compared); err != nil {
				return fmt.Errorf("summary %s: %w", tname, err)
			}
			if err := t.Shared.Sub(m.Shared); err != nil {
				return fmt.Errorf("summary %s: %w", tname, err)
			}
		}
		if err := putSummary(tx, tname, t, s.Empty()); err != nil {
			return err
		}
	}
	days := map[aggregate.DayCell]bool{}
	for _, side := range []*aggregate.Side{d.Plus, d.Minus} {
		for k := range side.Days {
			days[k] = true
		}
	}
	keys := slices.SortedFunc(maps.Keys(days), func(a, b aggregate.DayCell) int {
		return cmp.Or(strings.Compare(a.Day, b.Day), strings.Compare(a.Cell.Key(), b.Cell.Key()))
	})
	for _, k := range keys {
		s := aggregate.NewDaySummary()
		b, err := tx.Day(k.Day, k.Cell.Key())
		if err != nil {
			return err
		}
		if b != nil {
			if err := s.UnmarshalBinary(b); err != nil {
				return fmt.Errorf("day summary %s %s: %w", k.Day, k.Cell.Outlet, err)
			}
		}
		if x := d.Plus.Days[k]; x != nil {
			s.Merge(x)
		}
		if x := d.Minus.Days[k]; x != nil {
			if err := s.Unmerge(x); err != nil {
				return fmt.Errorf("day summary %s %s: %w", k.Day, k.Cell.Outlet, err)
			}
		}
		var data []byte
		if !s.Empty() {
			if data, err = s.AppendBinary(nil); err != nil {
				return err
			}
		}
		if err := tx.PutDay(k.Day, k.Cell.Key(), data); err != nil {
			return err
		}
	}
	shared := terms.NewCounts()
	if err := loadSummary(tx, summaryShared, shared); err != nil {
		return err
	}
	for _, c := range sortedCells(d.Plus.Terms) {
		shared.Merge(d.Plus.Terms[c].Shared)
	}
	for _, c := range sortedCells(d.Minus.Terms) {
		if err := shared.Sub(d.Minus.Terms[c].Shared); err != nil {
			return fmt.Errorf("summary %s: %w", summaryShared, err)
		}
	}
	if err := putSummary(tx, summaryShared, shared, false); err != nil {
		return err
	}
	ents, err := loadEntities(tx)
	if err != nil {
		return err
	}
	for _, side := range []struct {
		m    map[string]*aggregate.EntityTotal
		sign int64
	}{{d.Plus.Entities, 1}, {d.Minus.Entities, -1}} {
		for name, t := range side.m {
			x := ents[name]
			x.Mentions += side.sign * t.Mentions
			x.Articles += side.sign * t.Articles
			x.Person += side.sign * t.Person
			if x.Mentions < 0 || x.Articles < 0 || x.Person < 0 {
				return fmt.Errorf("summary %s: %q below zero: summaries and rows disagree", summaryEntities, name)
			}
			if x == (aggregate.EntityTotal{}) {
				delete(ents, name)
			} else {
				ents[name] = x
			}
		}
	}
	if err := tx.PutSummary(summaryEntities, resultdir.EncodeEntities(ents)); err != nil {
		return err
	}
	if err := putSummary(tx, summaryTotals, u.totals, false); err != nil {
		return err
	}
	if u.cooc.cooc != nil {
		c, w := u.cooc.cooc, u.cooc.window
		if !u.cooc.recount && d.Cooc != nil {
			if u.stored == 0 {
				// First run: the delta holds every count.
				c, w = d.Cooc, d.Window
				u.cooc.cooc, u.cooc.window = c, w
			} else {
				if err := c.Merge(d.Cooc); err != nil {
					return err
				}
				if w != nil && d.Window != nil {
					if err := w.Merge(d.Window); err != nil {
						return err
					}
				}
			}
		}
		if err := putSummary(tx, summaryCooc, c, false); err != nil {
			return err
		}
		if w == nil {
			if err := tx.PutSummary(summaryWindow, nil); err != nil {
				return err
			}
		} else if err := putSummary(tx, summaryWindow, w, false); err != nil {
			return err
		}
	}
	return nil
}

type binaryCodec interface {
	AppendBinary([]byte) ([]byte, error)
	UnmarshalBinary([]byte) error
}

func loadSummary(tx *catalog.Tx, name string, v binaryCodec) error {
	b, err := tx.Summary(name)
	if err != nil || b == nil {
		return err
	}
	if err := v.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("summary %q: %w", name, err)
	}
	return nil
}

func putSummary(tx *catalog.Tx, name string, v binaryCodec, empty bool) error {
	if empty {
		return tx.PutSummary(name, nil)
	}
	b, err := v.AppendBinary(nil)
	if err != nil {
		return err
	}
	return tx.PutSummary(name, b)
}

func sortedCells[V any](m map[aggregate.Cell]V) []aggregate.Cell {
	return slices.SortedFunc(maps.Keys(m), func(a, b aggregate.Cell) int { return strings.Compare(a.Key(), b.Key()) })
}

func decodeEntities(b []byte) (map[string]aggregate.EntityTotal, error) {
	m := map[string]aggregate.EntityTotal{}
	if len(b) == 0 {
		return m, nil
	}
	if b[0] != 1 {
		return nil, codec.ErrCorrupt
	}
	d := codec.Decoder{B: b[1:]}
	n := d.Count(len(d.B))
	prev := ""
	for i := 0; i < n && d.Err() == nil; i++ {
		name := d.String()
		if i > 0 && name <= prev {
			d.Fail("entities out of order")
		}
		m[name] = aggregate.EntityTotal{Mentions: d.Varint(), Articles: d.Varint(), Person: d.Varint()}
		prev = name
	}
	return m, d.Finish()
}

func loadEntities(r interface {
	Summary(string) ([]byte, error)
}) (map[string]aggregate.EntityTotal, error) {
	b, err := r.Summary(summaryEntities)
	if err != nil {
		return nil, err
	}
	m, err := decodeEntities(b)
	if err != nil {
		return nil, fmt.Errorf("summary %s: %w", summaryEntities, err)
	}
	return m, nil
}

// commitStories recomputes the stories the run touched from their members
// in the catalog (which the transaction has brought up to date).
func (u *updater) commitStories(tx *catalog.Tx) error {
	for _, id := range slices.Sorted(maps.Keys(u.delta.Stories)) {
		members, err := tx.StoryArticles(id)
		if err != nil {
			return err
		}
		if len(members) == 0 {
			if err := tx.DeleteStory(id); err != nil {
				return err
			}
			continue
		}
		s := storyOf(id, members)
		s.Run = u.run
		if err := tx.PutStory(s); err != nil {
			return err
		}
	}
	return nil
}

// storyLabelTerms is the number of terms in a story's label.
const storyLabelTerms = 5

// storyOf computes a story's row from its members (ordered by
// publication, undated last): dates, counts, the first member's title and
// a label of the terms most members share (ties by term), filled from the
// first member's own most frequent terms.
func storyOf(id string, members []catalog.Article) *catalog.Story {
	s := &catalog.Story{ID: id, Articles: len(members), Title: members[0].Title}
	outlets := map[string]bool{}
	count := map[string]int{}
	for _, m := range members {
		outlets[m.Outlet] = true
		if !m.Published.IsZero() {
			if s.First.IsZero() || m.Published.Before(s.First) {
				s.First = m.Published
			}
			if m.Published.After(s.Last) {
				s.Last = m.Published
			}
		}
		for _, t := range strings.Split(m.Terms, ",") {
			if t != "" {
				count[t]++
			}
		}
	}
	s.Outlets = len(outlets)
	var shared []string
	for t, n := range count {
		if n >= 2 {
			shared = append(shared, t)
		}
	}
	slices.SortFunc(shared, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), strings.Compare(a, b)) })
	label := shared[:min(len(shared), storyLabelTerms)]
	for _, t := range strings.Split(members[0].Terms, ",") {
		if len(label) >= storyLabelTerms {
			break
		}
		if t != "" && !slices.Contains(label, t) {
			label = append(label, t)
		}
	}
	s.Label = strings.Join(label, ", ")
	return s
}
