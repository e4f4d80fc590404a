package entities

import (
	"reflect"
	"testing"
)

func TestCounterAdd(t *testing.T) {
	c := Counter{}
	c.Add(Mentions([]string{"President Claudia Sheinbaum spoke. Sheinbaum said no to Donald Trump."}))
	c.Add(Mentions([]string{"Claudia Sheinbaum met Donald Trump. Trump left."}))
	want := Counter{
		"Claudia Sheinbaum": {Mentions: 3, Articles: 2, Person: 1, Aliases: map[string]int{"Sheinbaum": 1}},
		"Donald Trump":      {Mentions: 3, Articles: 2, Person: 1, Aliases: map[string]int{"Trump": 1}},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("counter = %+v, want %+v", c, want)
	}
}

func TestCounterMerge(t *testing.T) {
	a := Counter{"Obama": {Mentions: 2, Articles: 1, Person: 1}}
	b := Counter{
		"Obama":        {Mentions: 1, Articles: 1},
		"Barack Obama": {Mentions: 4, Articles: 1, Person: 1, Aliases: map[string]int{"Obama": 3}},
	}
	a.Merge(b)
	want := Counter{
		"Obama":        {Mentions: 3, Articles: 2, Person: 1},
		"Barack Obama": {Mentions: 4, Articles: 1, Person: 1, Aliases: map[string]int{"Obama": 3}},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("merged = %+v, want %+v", a, want)
	}
	// The merged counter owns its maps.
	a["Barack Obama"].Aliases["Obama"] = 99
	if b["Barack Obama"].Aliases["Obama"] != 3 {
		t.Errorf("Merge shares alias maps with its argument")
	}
}

func TestCounterMergeOrder(t *testing.T) {
	parts := []Counter{{}, {}, {}}
	parts[0].Add(Mentions([]string{"Michael Steele said Mr. Steele erred."}))
	parts[1].Add(Mentions([]string{"Steele spoke to Barack Obama."}))
	parts[2].Add(Mentions([]string{"President Obama replied to the RNC."}))
	ab, ba := Counter{}, Counter{}
	for i := range parts {
		ab.Merge(parts[i])
		ba.Merge(parts[len(parts)-1-i])
	}
	if !reflect.DeepEqual(ab.Top(0), ba.Top(0)) {
		t.Errorf("Top depends on merge order: %+v vs %+v", ab.Top(0), ba.Top(0))
	}
}

func TestTop(t *testing.T) {
	tests := []struct {
		name string
		c    Counter
		n    int
		want []Entity
	}{
		{
			name: "ranked by articles, then mentions, then name",
			c: Counter{
				"Mexico":            {Mentions: 9, Articles: 1},
				"Claudia Sheinbaum": {Mentions: 3, Articles: 2, Person: 2, Aliases: map[string]int{"Sheinbaum": 2}},
				"Donald Trump":      {Mentions: 3, Articles: 2, Person: 1},
			},
			n: 0,
			want: []Entity{
				{Name: "Claudia Sheinbaum", Aliases: []string{"Sheinbaum"}, Person: true, Mentions: 3, Articles: 2},
				{Name: "Donald Trump", Aliases: []string{"Trump"}, Person: true, Mentions: 3, Articles: 2},
				{Name: "Mexico", Mentions: 9, Articles: 1},
			},
		},
		{
			name: "short name folded into the person",
			c: Counter{
				"Obama":        {Mentions: 5, Articles: 2, Person: 2},
				"Barack Obama": {Mentions: 4, Articles: 1, Person: 1, Aliases: map[string]int{"Obama": 3}},
			},
			n: 1,
			want: []Entity{
				{Name: "Barack Obama", Aliases: []string{"Obama"}, Person: true, Mentions: 9, Articles: 3},
			},
		},
		{
			name: "widespread name without person evidence not folded into a rare longer one",
			c: Counter{
				"China":     {Mentions: 40, Articles: 10},
				"Air China": {Mentions: 3, Articles: 1, Person: 1},
			},
			n: 0,
			want: []Entity{
				{Name: "China", Mentions: 40, Articles: 10},
				{Name: "Air China", Aliases: []string{"China"}, Person: true, Mentions: 3, Articles: 1},
			},
		},
		{
			name: "object of a connector not folded",
			c: Counter{
				"United States":                 {Mentions: 4, Articles: 2},
				"Congress of the United States": {Mentions: 1, Articles: 1},
			},
			n: 0,
			want: []Entity{
				{Name: "United States", Mentions: 4, Articles: 2},
				{Name: "Congress of the United States", Mentions: 1, Articles: 1},
			},
		},
		{
			name: "chain folds to the longest name",
			c: Counter{
				"Jealous":               {Mentions: 1, Articles: 1},
				"Todd Jealous":          {Mentions: 2, Articles: 1, Person: 1},
				"Benjamin Todd Jealous": {Mentions: 1, Articles: 1, Person: 1},
			},
			n: 0,
			want: []Entity{
				{Name: "Benjamin Todd Jealous", Aliases: []string{"Todd Jealous", "Jealous"}, Person: true, Mentions: 4, Articles: 3},
			},
		},
		{
			name: "no surname alias and no single-word fold for institutions",
			c: Counter{
				"Committee":                     {Mentions: 1, Articles: 1},
				"Republican National Committee": {Mentions: 2, Articles: 1, Aliases: map[string]int{"National Committee": 1}},
			},
			n: 0,
			want: []Entity{
				{Name: "Republican National Committee", Aliases: []string{"National Committee"}, Mentions: 2, Articles: 1},
				{Name: "Committee", Mentions: 1, Articles: 1},
			},
		},
		{name: "empty", c: Counter{}, n: 5, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.c.Top(tc.n)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Top(%d) = %+v, want %+v", tc.n, got, tc.want)
			}
		})
	}
}
