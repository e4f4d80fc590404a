package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"newsframe/analysis/aggregate"
	"newsframe/analysis/article"
	"newsframe/analysis/terms"
	"newsframe/cmd/internal/resultdir"
	"newsframe/cmd/internal/results"
	"newsframe/cmd/newsframe/internal/catalog"
)

// verifySummaries recounts every summary from the rows in the result store
// and compares it with what the catalog holds: the stored summaries must
// be exactly the sum of the stored articles' contributions, whatever
// sequence of runs, changes and kills led there. It returns the first
// difference.
func verifySummaries(ctx context.Context, cat *catalog.Store, store *results.Store, derive *article.Deriver, agg *aggregate.Settings) error {
	r := cat.Read(ctx)
	delta := aggregate.NewDelta(agg)
	totals := terms.NewCounts()
	var chunks []catalog.Chunk
	if err := r.Chunks(func(c catalog.Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
		return err
	}
	articles := 0
	for _, c := range chunks {
		ars, err := store.ReadArticles(c.Articles)
		if err != nil {
			return err
		}
		prs, err := store.ReadParagraphs(c.Paragraphs)
		if err != nil {
			return err
		}
		pi := 0
		for i := range ars {
			a := ars[i]
			st := &aggregate.Stored{Article: a}
			for pi < len(prs) && prs[pi].ArticleID == a.ArticleID {
				st.Paragraphs = append(st.Paragraphs, prs[pi])
				s := derive.Seq(prs[pi].Text)
				st.Seqs = append(st.Seqs, s)
				totals.Add(s)
				pi++
			}
			if a.Published != nil {
				t := a.Published.UTC()
				st.Article.Published = &t
			}
			delta.Add(st, 1)
			articles++
		}
	}
	if n, err := r.Counts(); err != nil {
		return err
	} else if n != articles {
		return fmt.Errorf("catalog lists %d articles, the result store holds %d", n, articles)
	}
	check := func(name string, want []byte) error {
		got, err := r.Summary(name)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			return fmt.Errorf("summary %q: stored %d bytes differ from the %d recounted from the rows", name, len(got), len(want))
		}
		return nil
	}
	stored := map[string]bool{}
	if err := r.Summaries(cellPrefix, func(name string, _ []byte) error { stored[name] = true; return nil }); err != nil {
		return err
	}
	for _, c := range slices.SortedFunc(maps.Keys(delta.Plus.Cells), func(a, b aggregate.Cell) int { return compareStrings(a.Key(), b.Key()) }) {
		b, err := delta.Plus.Cells[c].AppendBinary(nil)
		if err != nil {
			return err
		}
		if err := check(cellPrefix+c.Key(), b); err != nil {
			return err
		}
		delete(stored, cellPrefix+c.Key())
		ct := delta.Plus.Terms[c]
		tb, err := ct.AppendBinary(nil)
		if err != nil {
			return err
		}
		if err := check(termsPrefix+c.Key(), tb); err != nil {
			return err
		}
	}
	if len(stored) > 0 {
		return fmt.Errorf("catalog holds summaries of cells without articles: %v", slices.Sorted(maps.Keys(stored)))
	}
	tb, err := totals.AppendBinary(nil)
	if err != nil {
		return err
	}
	if err := check(summaryTotals, tb); err != nil {
		return err
	}
	shared := terms.NewCounts()
	for _, c := range sortedCells(delta.Plus.Terms) {
		shared.Merge(delta.Plus.Terms[c].Shared)
	}
	sb, err := shared.AppendBinary(nil)
	if err != nil {
		return err
	}
	if err := check(summaryShared, sb); err != nil {
		return err
	}
	ents := map[string]aggregate.EntityTotal{}
	for n, t := range delta.Plus.Entities {
		ents[n] = *t
	}
	if err := check(summaryEntities, resultdir.EncodeEntities(ents)); err != nil {
		return err
	}
	days := 0
	err = r.Days(func(day, cell string, data []byte) error {
		days++
		want := delta.Plus.Days[aggregate.DayCell{Day: day, Cell: aggregate.CellOf(cell)}]
		if want == nil {
			return fmt.Errorf("day summary %s %q has no article", day, cell)
		}
		b, err := want.AppendBinary(nil)
		if err != nil {
			return err
		}
		if !bytes.Equal(b, data) {
			return fmt.Errorf("day summary %s %q differs from the rows", day, cell)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if days != len(delta.Plus.Days) {
		return fmt.Errorf("%d day summaries stored, %d recounted", days, len(delta.Plus.Days))
	}
	return nil
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
