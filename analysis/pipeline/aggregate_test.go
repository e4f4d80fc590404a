package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"newsframe/analysis/corpus"
	"newsframe/analysis/pipeline"
	"newsframe/analysis/terms"
	"newsframe/analysis/wire"
	"newsframe/reports"
)

// memSource is a pipeline.Source over analysed articles kept in memory,
// passed through Encode and Decode as the state would, with the
// aggregates an Update leaves and the pending changes an ingest records.
type memSource struct {
	articles   map[string]*pipeline.Article
	blobs      map[string][]byte
	records    map[string][]byte
	placements map[string][]byte
	pending    map[string][]byte // id → retired (nil: none)
	isPending  map[string]bool
	// read counts the articles read with their paragraphs.
	read int
}

func newMemSource() *memSource {
	return &memSource{articles: map[string]*pipeline.Article{}, blobs: map[string][]byte{}, records: map[string][]byte{},
		placements: map[string][]byte{}, pending: map[string][]byte{}, isPending: map[string]bool{}}
}

// put stores an article (new or changed) as an ingest does: the first
// change since the last aggregation retires the aggregated version.
func (s *memSource) put(t testing.TB, a *pipeline.Article) {
	t.Helper()
	s.retire(t, a.ID)
	st, err := pipeline.Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	d, err := pipeline.Decode(a.ID, a.Outlet, a.Source, a.Hash, st)
	if err != nil {
		t.Fatal(err)
	}
	s.articles[a.ID] = d
}

// remove deletes an article as an ingest does.
func (s *memSource) remove(t testing.TB, id string) {
	t.Helper()
	s.retire(t, id)
	delete(s.articles, id)
}

func (s *memSource) retire(t testing.TB, id string) {
	t.Helper()
	if s.isPending[id] {
		return
	}
	s.isPending[id] = true
	rec, ok := s.records[id]
	if !ok {
		s.pending[id] = nil
		return
	}
	var seqs [][]byte
	for _, p := range s.articles[id].Paragraphs {
		b, err := p.Seq.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, b)
	}
	s.pending[id] = pipeline.Retire(rec, s.placements[id], seqs)
}

// commit stores an Update as the state does.
func (s *memSource) commit(up *pipeline.Update) {
	if up.Rebuild {
		clear(s.blobs)
		clear(s.records)
		clear(s.placements)
		clear(s.pending)
		clear(s.isPending)
	}
	for k, v := range up.Blobs {
		if v == nil {
			delete(s.blobs, k)
		} else {
			s.blobs[k] = v
		}
	}
	up.EachRecord(func(k string, v []byte) error {
		s.records[k] = v
		return nil
	})
	for k, v := range up.Placements {
		s.placements[k] = v
	}
	for _, id := range up.Deleted {
		delete(s.records, id)
		delete(s.placements, id)
	}
	for _, id := range up.Done {
		delete(s.pending, id)
		delete(s.isPending, id)
	}
}

func (s *memSource) ids() []string {
	ids := make([]string, 0, len(s.articles))
	for id := range s.articles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
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

func (s *memSource) Blob(_ context.Context, name string) ([]byte, error) { return s.blobs[name], nil }

func (s *memSource) Records(_ context.Context, fn func(string, []byte) error) error {
	ids := make([]string, 0, len(s.records))
	for id := range s.records {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := fn(id, s.records[id]); err != nil {
			return err
		}
	}
	return nil
}

func (s *memSource) Pending(_ context.Context, fn func(string, []byte) error) error {
	ids := make([]string, 0, len(s.pending))
	for id := range s.pending {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := fn(id, s.pending[id]); err != nil {
			return err
		}
	}
	return nil
}

func (s *memSource) Articles(_ context.Context, ids []string, need pipeline.Fields, fn func(*pipeline.Article) error) error {
	for _, id := range ids {
		a, ok := s.articles[id]
		if !ok {
			continue
		}
		s.read++
		if err := fn(only(a, need)); err != nil {
			return err
		}
	}
	return nil
}

func (s *memSource) Each(ctx context.Context, need pipeline.Fields, fn func(*pipeline.Article) error) error {
	return s.Articles(ctx, s.ids(), need, fn)
}

func (s *memSource) Placements(_ context.Context, ids []string, fn func(string, []byte) error) error {
	for _, id := range ids {
		if b, ok := s.placements[id]; ok {
			if err := fn(id, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// aggregate runs Aggregate over s, commits its Update and returns every
// export it gives.
func aggregate(t *testing.T, s *memSource, opt pipeline.Options) ([]byte, *pipeline.Overview) {
	t.Helper()
	ov, pages, up, err := pipeline.Aggregate(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	s.commit(up)
	return exportsOf(t, s, ov, pages), ov
}

// exportsOf writes every export of an aggregation into one buffer.
func exportsOf(t *testing.T, src *memSource, ov *pipeline.Overview, pages []*pipeline.Article) []byte {
	t.Helper()
	var all bytes.Buffer
	var paras, arts bytes.Buffer
	ew := reports.NewExportWriter(&paras, &arts, ov)
	for _, id := range src.ids() {
		if err := ew.Add(src.articles[id]); err != nil {
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
		fmt.Fprintf(&all, "%s %d %d %d %d %v %v %v %v %v\n", o.Name, o.Articles, o.Paragraphs, o.Compared, o.Shared, o.Sentiment,
			o.OwnVoice, o.QuoteShare, terms.Top(o.Counts, ov.Phrases, 30), o.Stance)
		fmt.Fprintf(&all, "%v %v %v %v %v\n", o.TopicShares, o.SentimentTime, o.StanceTime, o.Speakers, o.Box)
	}
	for _, st := range ov.Stories {
		fmt.Fprintf(&all, "story %s %v\n", st.ID, st.Outlets)
	}
	fmt.Fprintf(&all, "%d %d %d %d %v %v %v %v\n", ov.Articles, ov.Paragraphs, ov.Shared, ov.Repeated, ov.Targets, ov.Buckets, ov.Histogram, ov.Wire.Groups)
	for _, p := range pages {
		fmt.Fprintf(&all, "page %s %d\n", p.ID, len(p.Paragraphs))
	}
	return all.Bytes()
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

// variant analyses a changed copy of a: its text edited, or the same text
// under another ID and outlet (wire copy).
func variant(t *testing.T, a corpus.Article, id, outlet, edit string) *pipeline.Article {
	t.Helper()
	a.ID = id
	if outlet != "" {
		a.Outlet = outlet
	}
	if edit != "" {
		a.Paragraphs = append(slices.Clone(a.Paragraphs), edit)
	}
	return benchAnalyzer(t).Analyze(&a)
}

// TestAggregateIncremental builds the sample corpus in random steps
// (articles added, changed, removed, copied into another outlet as wire
// copy) and checks after each step that the exports equal those of a
// clean aggregation of the same articles, and that an aggregation with
// nothing pending gives them again.
func TestAggregateIncremental(t *testing.T) {
	raw := benchCorpus(t)
	arts := analyseSample(t)
	opt := pipeline.Options{Pages: 5, Window: 5, Wire: wire.DefaultParams(), TopTerms: 40,
		LabelPairs: mustLabelPairs(t)}
	for _, includeShared := range []bool{false, true} {
		opt.IncludeShared = includeShared
		rng := rand.New(rand.NewPCG(11, 12))
		inc := newMemSource()
		order := rng.Perm(len(arts))
		in := map[string]bool{}
		for step := 0; step < 12; step++ {
			// Add a batch.
			for k := 0; k < 6 && len(order) > 0; k++ {
				inc.put(t, arts[order[0]])
				in[arts[order[0]].ID] = true
				order = order[1:]
			}
			// Change, copy or remove a few of those in.
			for _, i := range rng.Perm(len(arts))[:4] {
				a := arts[i]
				if !in[a.ID] {
					continue
				}
				switch rng.IntN(4) {
				case 0:
					inc.put(t, variant(t, raw[i], a.ID, "", fmt.Sprintf("A correction was added on night %d by the desk.", step)))
				case 1:
					// Wire copy: the article run by another outlet.
					inc.put(t, variant(t, raw[i], "copy/"+a.ID, "wire-outlet", ""))
					in["copy/"+a.ID] = true
				case 2:
					inc.remove(t, a.ID)
					delete(in, a.ID)
				case 3:
					inc.put(t, a) // unchanged content stored again
				}
			}
			got, ov := aggregate(t, inc, opt)
			clean := newMemSource()
			for _, id := range inc.ids() {
				clean.put(t, inc.articles[id])
			}
			want, _ := aggregate(t, clean, opt)
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("shared %v, step %d: incremental exports differ from a clean aggregation at byte %d:\n%q\nvs\n%q",
					includeShared, step, i, got[max(0, i-200):min(len(got), i+200)], want[max(0, i-200):min(len(want), i+200)])
			}
			again, _ := aggregate(t, inc, opt)
			if !bytes.Equal(again, got) {
				t.Fatalf("shared %v, step %d: a second aggregation with nothing pending differs", includeShared, step)
			}
			if step == 11 && ov.Shared == 0 && !includeShared {
				t.Error("no paragraph was shared: the wire-copy path went untested")
			}
		}
	}
}

// TestAggregateReadsLittle checks that a run with one new article reads
// that article's paragraphs and few others.
func TestAggregateReadsLittle(t *testing.T) {
	raw := benchCorpus(t)
	arts := analyseSample(t)
	opt := pipeline.Options{Pages: 3, StoryPages: 1, Wire: wire.DefaultParams()}
	s := newMemSource()
	for _, a := range arts {
		s.put(t, a)
	}
	aggregate(t, s, opt)
	s.read = 0
	s.put(t, variant(t, raw[0], "zz/new", "", ""))
	aggregate(t, s, opt)
	// The new article, the pages (3) and the members of the one story
	// given details, read for their term counts.
	if s.read > 3+1+6 {
		t.Errorf("one new article: %d articles read with their paragraphs", s.read)
	}
	t.Logf("one new article of %d: %d articles read", len(arts)+1, s.read)
}

func mustLabelPairs(t *testing.T) []terms.LabelPair {
	t.Helper()
	pairs, err := terms.ParseLabelPairs([]byte("climate change, climate crisis | global warming\ntax cut | tax relief\n"), stopwords)
	if err != nil {
		t.Fatal(err)
	}
	return pairs
}

var _ = strings.Compare
