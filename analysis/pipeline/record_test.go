package pipeline

import (
	"maps"
	"testing"

	"newsframe/analysis/entities"
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
			r := newRecord(&Article{ID: "a/1", Outlet: "bbc", Entities: tt.ents, Paragraphs: make([]Paragraph, 2)})
			d, err := decodeRecord("a/1", appendRecord(nil, r), map[string]string{})
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
