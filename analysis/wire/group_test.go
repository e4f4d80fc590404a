package wire

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var otherParas = []string{
	`Mr. Steele, chairman of the Republican National Committee, drew fierce criticism on Friday ` +
		`after declaring at a fund-raiser that the war in Afghanistan was one of the president's choosing.`,
	`The storm knocked out power to more than 200,000 homes across three counties, and officials ` +
		`said it could take until the weekend to restore service to the hardest-hit areas.`,
	`Shares of the company fell 12 percent in early trading after it cut its forecast for the year, ` +
		`citing weaker demand in Europe and the rising cost of raw materials.`,
}

type para struct {
	article, outlet, text string
}

func group(t *testing.T, in []para) (Result, []Paragraph) {
	t.Helper()
	p := DefaultParams()
	paras := make([]Paragraph, len(in))
	for i, x := range in {
		paras[i] = Paragraph{Article: x.article, Index: i, Outlet: x.outlet, Signature: p.Sign(x.text)}
	}
	res, err := p.Group(paras)
	if err != nil {
		t.Fatal(err)
	}
	return res, paras
}

func TestGroup(t *testing.T) {
	tests := []struct {
		name       string
		in         []para
		wantMarks  []Mark
		wantGroups int
	}{
		{
			name:      "wire copy in two outlets",
			in:        []para{{"fox/1", "fox", wirePara}, {"hpo/1", "hpo", wirePara}, {"nyt/1", "nyt", otherParas[0]}},
			wantMarks: []Mark{Shared, Shared, 0}, wantGroups: 1,
		},
		{
			name:      "lightly edited copy",
			in:        []para{{"fox/1", "fox", wirePara}, {"hpo/1", "hpo", edit(wirePara, 20)}},
			wantMarks: []Mark{Shared, Shared}, wantGroups: 1,
		},
		{
			name:      "same outlet only",
			in:        []para{{"fox/1", "fox", wirePara}, {"fox/2", "fox", wirePara}, {"hpo/1", "hpo", otherParas[1]}},
			wantMarks: []Mark{Repeated, Repeated, 0}, wantGroups: 1,
		},
		{
			name: "shared and repeated",
			in: []para{
				{"fox/1", "fox", wirePara}, {"fox/2", "fox", wirePara},
				{"hpo/1", "hpo", wirePara}, {"nyt/1", "nyt", otherParas[2]},
			},
			wantMarks: []Mark{Shared | Repeated, Shared | Repeated, Shared, 0}, wantGroups: 1,
		},
		{
			name:      "different paragraphs",
			in:        []para{{"fox/1", "fox", otherParas[0]}, {"hpo/1", "hpo", otherParas[1]}, {"nyt/1", "nyt", otherParas[2]}},
			wantMarks: []Mark{0, 0, 0}, wantGroups: 0,
		},
		{
			name:      "short paragraphs never marked",
			in:        []para{{"fox/1", "fox", "Read more on our website."}, {"hpo/1", "hpo", "Read more on our website."}},
			wantMarks: []Mark{0, 0}, wantGroups: 0,
		},
		{
			name:      "rewrite is not shared",
			in:        []para{{"fox/1", "fox", wirePara}, {"hpo/1", "hpo", edit(wirePara, 3, 10, 17, 24, 31, 38, 45, 52)}},
			wantMarks: []Mark{0, 0}, wantGroups: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := group(t, tt.in)
			if !slices.Equal(res.Marks, tt.wantMarks) {
				t.Errorf("Marks = %v, want %v", res.Marks, tt.wantMarks)
			}
			if len(res.Groups) != tt.wantGroups {
				t.Errorf("%d groups, want %d: %+v", len(res.Groups), tt.wantGroups, res.Groups)
			}
		})
	}
}

func TestGroupContents(t *testing.T) {
	res, _ := group(t, []para{
		{"nyt/9", "nyt", otherParas[0]}, {"hpo/1", "hpo", wirePara}, {"fox/2", "fox", wirePara}, {"fox/1", "fox", wirePara},
	})
	want := []Group{{
		Paragraphs: []Ref{{"fox/1", 3, "fox"}, {"fox/2", 2, "fox"}, {"hpo/1", 1, "hpo"}},
		Outlets:    []string{"fox", "hpo"},
	}}
	if fmt.Sprint(res.Groups) != fmt.Sprint(want) {
		t.Errorf("Groups = %+v, want %+v", res.Groups, want)
	}
}

func TestGroupOrderIndependent(t *testing.T) {
	p := DefaultParams()
	var paras []Paragraph
	texts := append([]string{wirePara, edit(wirePara, 5), edit(wirePara, 40)}, otherParas...)
	for i := range 60 {
		txt := texts[i%len(texts)]
		paras = append(paras, Paragraph{
			Article: fmt.Sprintf("a%02d", i/3), Index: i % 3, Outlet: []string{"fox", "nyt", "hpo", "fox"}[i%4],
			Signature: p.Sign(txt),
		})
	}
	a, err := p.Group(paras)
	if err != nil {
		t.Fatal(err)
	}
	marks := func(r Result, ps []Paragraph) map[string]Mark {
		m := make(map[string]Mark)
		for i, x := range ps {
			m[fmt.Sprintf("%s#%d", x.Article, x.Index)] = r.Marks[i]
		}
		return m
	}
	shuffled := slices.Clone(paras)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b, err := p.Group(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(a.Groups) != fmt.Sprint(b.Groups) {
		t.Errorf("shuffled input: Groups = %v, want %v", b.Groups, a.Groups)
	}
	if fmt.Sprint(marks(a, paras)) != fmt.Sprint(marks(b, shuffled)) {
		t.Errorf("shuffled input: marks differ")
	}
	if len(a.Groups) == 0 {
		t.Error("no group found")
	}
}

func TestGroupBadSignature(t *testing.T) {
	p := DefaultParams()
	_, err := p.Group([]Paragraph{{Article: "fox/1", Index: 4, Outlet: "fox", Signature: make(Signature, 7)}})
	if err == nil || !strings.Contains(err.Error(), "fox/1#4") {
		t.Errorf("Group(7-value signature) error = %v, want one naming fox/1#4", err)
	}
}
