package stories

import (
	"strings"
	"testing"

	"newsframe/analysis/terms"
)

// countsOf counts a text whose words are all content terms, one paragraph.
func countsOf(s string) *terms.Counts {
	words := strings.Fields(s)
	seq := terms.Seq{Terms: words, Pos: make([]int32, len(words)), Len: int32(len(words))}
	for i := range seq.Pos {
		seq.Pos[i] = int32(i)
	}
	c := terms.NewCounts()
	c.Add(seq)
	return c
}

func TestFraming(t *testing.T) {
	story := Story{Articles: []Member{
		{ID: "fox/1", Outlet: "fox"}, {ID: "fox/2", Outlet: "fox"}, {ID: "nyt/1", Outlet: "nyt"}, {ID: "hpo/1", Outlet: "hpo"},
	}}
	counts := map[string]*terms.Counts{
		"fox/1": countsOf("border crisis illegal aliens border crisis wall migrants"),
		"fox/2": countsOf("illegal aliens crisis border wall"),
		"nyt/1": countsOf("border migrants asylum undocumented immigrants asylum migrants"),
		"hpo/1": countsOf("migrants asylum undocumented immigrants border families"),
	}
	rows := Framing(story, counts, nil, terms.KeynessOptions{MinCount: 1, NoPairs: true})
	if len(rows) == 0 {
		t.Fatal("Framing returned no rows")
	}
	top := make(map[string]string) // outlet → its highest-z term
	for _, r := range rows {
		if r.Versus != terms.Rest {
			t.Errorf("row %+v: Versus = %q, want %q with NoPairs", r, r.Versus, terms.Rest)
		}
		if _, ok := top[r.Group]; !ok {
			top[r.Group] = r.Term // rows come sorted by z within a group
		}
	}
	tests := []struct {
		outlet string
		want   []string
	}{
		{"fox", []string{"aliens", "crisis", "illegal", "wall"}},
		{"nyt", []string{"asylum"}},
	}
	for _, tt := range tests {
		t.Run(tt.outlet, func(t *testing.T) {
			got, ok := top[tt.outlet]
			if !ok {
				t.Fatalf("no rows for %s", tt.outlet)
			}
			found := false
			for _, w := range tt.want {
				found = found || got == w
			}
			if !found {
				t.Errorf("top term of %s = %q, want one of %v", tt.outlet, got, tt.want)
			}
		})
	}
}

func TestFramingSingleOutlet(t *testing.T) {
	story := Story{Articles: []Member{{ID: "fox/1", Outlet: "fox"}, {ID: "nyt/1", Outlet: "nyt"}}}
	// nyt/1 has no counts: only one outlet is left.
	if rows := Framing(story, map[string]*terms.Counts{"fox/1": countsOf("border wall")}, nil, terms.KeynessOptions{}); rows != nil {
		t.Errorf("Framing with one outlet = %v, want nil", rows)
	}
}
