package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"newsframe/analysis/pipeline"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
	"newsframe/reports"
)

// memSource is a pipeline.Source over analysed articles kept in memory,
// passed through Encode and Decode as the state would.
type memSource struct {
	stored []*pipeline.Article // sorted by ID
	// reads counts the paragraph fields each Each call asked for.
	reads []pipeline.Fields
}

func newMemSource(t *testing.T, arts []*pipeline.Article) *memSource {
	t.Helper()
	s := &memSource{}
	for _, a := range arts {
		st, err := a.Encode()
		if err != nil {
			t.Fatal(err)
		}
		d, err := pipeline.Decode(a.ID, a.Outlet, a.Source, a.Hash, st)
		if err != nil {
			t.Fatal(err)
		}
		s.stored = append(s.stored, d)
	}
	slices.SortFunc(s.stored, func(a, b *pipeline.Article) int { return strings.Compare(a.ID, b.ID) })
	return s
}

// only returns a copy of a with the paragraph fields outside need emptied.
func only(a *pipeline.Article, need pipeline.Fields) *pipeline.Article {
	c := *a
	c.Paragraphs = slices.Clone(a.Paragraphs)
	for i := range c.Paragraphs {
		p := &c.Paragraphs[i]
		if need&pipeline.FieldText == 0 {
			p.Text = ""
		}
		if need&pipeline.FieldResults == 0 {
			keep := pipeline.Paragraph{Text: p.Text, Seq: p.Seq, Signature: p.Signature}
			*p = keep
		}
		if need&pipeline.FieldTerms == 0 {
			p.Seq = terms.Seq{}
		}
		if need&pipeline.FieldSignatures == 0 {
			p.Signature = nil
		}
	}
	return &c
}

func (s *memSource) Each(_ context.Context, need pipeline.Fields, fn func(*pipeline.Article) error) error {
	s.reads = append(s.reads, need)
	for _, a := range s.stored {
		if err := fn(only(a, need)); err != nil {
			return err
		}
	}
	return nil
}

func (s *memSource) Articles(_ context.Context, ids []string, fn func(*pipeline.Article) error) error {
	for _, id := range ids {
		i, ok := slices.BinarySearchFunc(s.stored, id, func(a *pipeline.Article, id string) int { return strings.Compare(a.ID, id) })
		if !ok {
			return fmt.Errorf("no article %s", id)
		}
		if err := fn(s.stored[i]); err != nil {
			return err
		}
	}
	return nil
}

// exportsOf writes every export of an aggregation into one buffer.
func exportsOf(t *testing.T, src *memSource, ov *pipeline.Overview, pages []*pipeline.Article) []byte {
	t.Helper()
	var all bytes.Buffer
	var paras, arts bytes.Buffer
	ew := reports.NewExportWriter(&paras, &arts, ov)
	for _, a := range src.stored {
		if err := ew.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := ew.Flush(); err != nil {
		t.Fatal(err)
	}
	all.Write(paras.Bytes())
	all.Write(arts.Bytes())
	outlets := make([]string, len(ov.Outlets))
	for i, o := range ov.Outlets {
		outlets[i] = o.Name
	}
	for _, err := range []error{
		reports.WriteTermsCSV(&all, ov.Totals, outlets, ov.OutletTotals, ov.Phrases),
		reports.WriteCooccurrenceCSV(&all, ov.Cooccur, ov.Window),
		reports.WriteDistinctiveCSV(&all, ov.Distinctive),
		reports.WriteStoriesCSV(&all, ov.Stories),
		reports.WriteTopicsCSV(&all, ov),
		reports.WriteDifferencesCSV(&all, ov.Differences),
		reports.WriteLabelPreferencesCSV(&all, ov.Preferences),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range ov.Outlets {
		fmt.Fprintf(&all, "%s %d %d %d %v %v\n", o.Name, o.Articles, o.Paragraphs, o.Compared, o.Sentiment, terms.Top(o.Counts, ov.Phrases, 30))
	}
	for _, p := range pages {
		fmt.Fprintf(&all, "page %s %d\n", p.ID, len(p.Paragraphs))
	}
	return all.Bytes()
}

// TestAggregateWithPartials checks that aggregating with the stored term
// partials gives what counting them in the first pass gives, that each
// pass reads only the fields it needs, and that pages come with every
// field.
func TestAggregateWithPartials(t *testing.T) {
	arts := analyseSample(t)
	src := newMemSource(t, arts)
	parts := terms.Partials{}
	for _, a := range src.stored {
		for _, p := range a.Paragraphs {
			parts.Add(terms.Key{Outlet: a.Outlet, Day: a.Day()}, p.Seq)
		}
	}
	opt := pipeline.Options{Pages: 5, Window: 5, Wire: wire.DefaultParams()}
	ov1, pages1, err := pipeline.Aggregate(context.Background(), src, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := exportsOf(t, src, ov1, pages1)
	if got, wantReads := src.reads, []pipeline.Fields{pipeline.FieldTerms | pipeline.FieldSignatures, pipeline.FieldResults | pipeline.FieldTerms}; !slices.Equal(got, wantReads) {
		t.Errorf("passes read %v, want %v (no text)", got, wantReads)
	}
	if len(pages1) != 5 || pages1[0].Paragraphs[0].Text == "" {
		t.Fatalf("pages = %d, first without text; want 5 full articles", len(pages1))
	}

	opt.Partials = parts
	ov2, pages2, err := pipeline.Aggregate(context.Background(), src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := exportsOf(t, src, ov2, pages2); !bytes.Equal(got, want) {
		t.Errorf("aggregation with stored partials differs from counting them (%d vs %d bytes of exports)", len(got), len(want))
	}
	if ov1.Shared == 0 {
		t.Log("no wire copy in the sample: the shared-paragraph subtraction went untested")
	}
}

// analyseSample analyses the benchmark corpus (the bundled sample unless
// $NEWSFRAME_BENCH_JSONL names another).
func analyseSample(t *testing.T) []*pipeline.Article {
	t.Helper()
	an := benchAnalyzer(t)
	var out []*pipeline.Article
	for _, a := range benchCorpus(t) {
		out = append(out, an.Analyze(&a))
	}
	return out
}
