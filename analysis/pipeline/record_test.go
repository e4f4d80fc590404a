package pipeline

import (
	"maps"
	"slices"
	"testing"

	"newsframe/analysis/entities"
	"newsframe/analysis/stance"
	"newsframe/analysis/terms"
	"newsframe/analysis/text"
)

// TestCountLabels checks the indexed label count against counting each
// variant over the paragraph, as the label pairs list them (a variant
// listed twice counts twice).
func TestCountLabels(t *testing.T) {
	pairs, err := terms.ParseLabelPairs([]byte("climate change, climate crisis | global warming\ntax cut | tax relief\n"), text.Stopwords{})
	if err != nil {
		t.Fatal(err)
	}
	pairs = append(pairs, pairs[0])
	seq := func(words ...string) terms.Seq {
		s := terms.Seq{Terms: words, Len: int32(len(words))}
		for i := range words {
			s.Pos = append(s.Pos, int32(i))
		}
		return s
	}
	gapped := seq("climate", "change")
	gapped.Pos[1], gapped.Len = 2, 3
	tests := []struct {
		name string
		seq  terms.Seq
	}{
		{"phrase and word", seq("climate", "change", "global", "warming", "tax", "cut")},
		{"phrase repeated", seq("climate", "crisis", "climate", "crisis")},
		{"words not adjacent", gapped},
		{"nothing", seq("weather", "report")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ag := &aggregator{opt: Options{LabelPairs: pairs}, labelTF: map[labelKey]int64{}}
			rec := &record{outlet: "bbc"}
			ag.countLabels(rec, tt.seq, 1)
			want := map[labelKey]int64{}
			for _, lp := range pairs {
				for _, l := range []terms.Label{lp.A, lp.B} {
					for _, v := range l.Variants {
						n := int64(0)
						if p, ok := terms.SplitPhrase(v); ok {
							for i, w := range tt.seq.Terms {
								if w == p.A && tt.seq.Adjacent(i) && tt.seq.Terms[i+1] == p.B {
									n++
								}
							}
						} else {
							for _, w := range tt.seq.Terms {
								if w == v {
									n++
								}
							}
						}
						if n > 0 {
							want[labelKey{"bbc", "", v}] += n
						}
					}
				}
			}
			if !maps.Equal(ag.labelTF, want) {
				t.Errorf("label counts = %v, want %v", ag.labelTF, want)
			}
			ag.countLabels(rec, tt.seq, -1)
			if len(ag.labelTF) != 0 {
				t.Errorf("after taking the paragraph out: %v, want none", ag.labelTF)
			}
		})
	}
}

// TestRecordEntities checks that a record keeps its article's entities
// through encoding and decoding.
func TestRecordEntities(t *testing.T) {
	tests := []struct {
		name string
		ents entities.Counter
	}{
		{"none", nil},
		{"several", entities.Counter{
			"Donald Trump": {Mentions: 3, Articles: 1, Person: 1, Aliases: map[string]int{"Trump": 2}},
			"NBC":          {Mentions: 1, Articles: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecord(&Article{ID: "a/1", Outlet: "bbc", Entities: tt.ents, Paragraphs: make([]Paragraph, 2)}, nil)
			d, err := decodeRecord("a/1", appendRecord(nil, r), map[string]string{}, nil)
			if err != nil {
				t.Fatalf("decodeRecord: %v", err)
			}
			got, err := d.entities()
			if err != nil {
				t.Fatalf("entities: %v", err)
			}
			if len(got) != len(tt.ents) {
				t.Fatalf("got %d entities, want %d", len(got), len(tt.ents))
			}
			for name, want := range tt.ents {
				g := got[name]
				if g.Mentions != want.Mentions || g.Articles != want.Articles || g.Person != want.Person || !maps.Equal(g.Aliases, want.Aliases) {
					t.Errorf("%s = %+v, want %+v", name, g, want)
				}
			}
			if len(d.paras) != 2 {
				t.Errorf("got %d paragraphs, want 2", len(d.paras))
			}
		})
	}
}

// TestRecordParagraphs checks that each paragraph's stance, speakers and
// candidate counts, kept in the record's shared arrays, come back as they
// went in, through encoding and decoding too.
func TestRecordParagraphs(t *testing.T) {
	type para struct {
		stance   []stanceRec
		speakers []string
		cand     []candCount
	}
	tests := []struct {
		name  string
		paras []para
	}{
		{"no paragraphs", nil},
		{"empty paragraphs", []para{{}, {}}},
		{"mixed", []para{
			{stance: []stanceRec{{"Iraq", -0.5, true}, {"America", 0.25, false}}, speakers: []string{"Blair"}, cand: []candCount{{1, 2}, {7, 1}}},
			{},
			{speakers: []string{"Bush", "Blair"}},
			{stance: []stanceRec{{"Iraq", 0.5, false}}, cand: []candCount{{3, 4}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Article{ID: "a/1", Outlet: "bbc", Paragraphs: make([]Paragraph, len(tt.paras))}
			var cand []candCount
			var ends []uint32
			for i, p := range tt.paras {
				for _, s := range p.stance {
					a.Paragraphs[i].Stance = append(a.Paragraphs[i].Stance, stance.Result{Target: s.target, Score: s.score, Quoted: s.quoted})
				}
				// An unattributed quotation has no speaker entry.
				a.Paragraphs[i].Quotes = append(a.Paragraphs[i].Quotes, QuoteSpan{})
				for _, s := range p.speakers {
					a.Paragraphs[i].Quotes = append(a.Paragraphs[i].Quotes, QuoteSpan{Speaker: s})
				}
				cand = append(cand, p.cand...)
				ends = append(ends, uint32(len(cand)))
			}
			r := newRecord(a, map[string]string{})
			r.setCand(cand, ends)
			enc := appendRecord(nil, r)
			d, err := decodeRecord("a/1", enc, map[string]string{}, &recordScratch{})
			if err != nil {
				t.Fatalf("decodeRecord: %v", err)
			}
			if again := appendRecord(nil, d); !slices.Equal(again, enc) {
				t.Errorf("re-encoded record differs: got %x, want %x", again, enc)
			}
			for _, x := range []*record{r, d} {
				if len(x.paras) != len(tt.paras) {
					t.Fatalf("got %d paragraphs, want %d", len(x.paras), len(tt.paras))
				}
				for i, want := range tt.paras {
					if got := x.stanceOf(i); !slices.Equal(got, want.stance) {
						t.Errorf("paragraph %d: stance got %v, want %v", i, got, want.stance)
					}
					if got := x.speakersOf(i); !slices.Equal(got, want.speakers) {
						t.Errorf("paragraph %d: speakers got %v, want %v", i, got, want.speakers)
					}
					if got := x.candOf(i); !slices.Equal(got, want.cand) {
						t.Errorf("paragraph %d: candidates got %v, want %v", i, got, want.cand)
					}
				}
			}
		})
	}
}
