package terms

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestLogOdds(t *testing.T) {
	tests := []struct {
		name                   string
		yi, ni, yj, nj, aw, a0 float64
		delta, z               float64
	}{
		// δ = ln(34/1066) − ln(14/1086); z = δ / √(1/34 + 1/14).
		{"hand example", 30, 1000, 10, 1000, 4, 100, 0.9058910907689932, 2.8527180245604034},
		{"equal use", 10, 500, 10, 500, 2, 50, 0, 0},
		{"unused on one side", 0, 100, 5, 100, 1, 10,
			math.Log(1.0/109) - math.Log(6.0/104), (math.Log(1.0/109) - math.Log(6.0/104)) / math.Sqrt(1+1.0/6)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, z := LogOdds(tt.yi, tt.ni, tt.yj, tt.nj, tt.aw, tt.a0)
			if math.Abs(d-tt.delta) > 1e-12 || math.Abs(z-tt.z) > 1e-12 {
				t.Errorf("LogOdds = %v, %v, want %v, %v", d, z, tt.delta, tt.z)
			}
			// Swapping the sides negates both.
			d2, z2 := LogOdds(tt.yj, tt.nj, tt.yi, tt.ni, tt.aw, tt.a0)
			if math.Abs(d2+d) > 1e-12 || math.Abs(z2+z) > 1e-12 {
				t.Errorf("LogOdds swapped = %v, %v, want %v, %v", d2, z2, -d, -z)
			}
		})
	}
	if d, z := LogOdds(0, 10, 0, 10, 0, 10); !math.IsNaN(d) || !math.IsNaN(z) {
		t.Errorf("LogOdds with no prior and no counts = %v, %v, want NaN", d, z)
	}
}

func keynessGroups() map[string]*Counts {
	return map[string]*Counts{
		"fox": countsOf("illegal aliens crossed the border", "illegal aliens again", "border security"),
		"nyt": countsOf("undocumented immigrants crossed the border", "undocumented immigrants", "border security"),
		"hpo": countsOf("undocumented immigrants and border security", "border security"),
	}
}

func TestDistinctive(t *testing.T) {
	groups := keynessGroups()
	bg := NewCounts()
	for _, c := range groups {
		bg.Merge(c)
	}
	phrases := []Phrase{{Pair: Pair{"illegal", "aliens"}}, {Pair: Pair{"undocumented", "immigrants"}}}
	rows := Distinctive(groups, bg, phrases, KeynessOptions{MinCount: 1})

	// Sorted by group, versus, z descending, term.
	if !slices.IsSortedFunc(rows, func(a, b Keyness) int {
		return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(a.Versus, b.Versus), cmp.Compare(b.Z, a.Z), strings.Compare(a.Term, b.Term))
	}) {
		t.Errorf("rows not sorted")
	}
	find := func(g, v, term string) (Keyness, bool) {
		for _, r := range rows {
			if r.Group == g && r.Versus == v && r.Term == term {
				return r, true
			}
		}
		return Keyness{}, false
	}
	// Every group is compared with the rest and with each other group.
	var blocks []string
	for _, r := range rows {
		if b := r.Group + "/" + r.Versus; len(blocks) == 0 || blocks[len(blocks)-1] != b {
			blocks = append(blocks, b)
		}
	}
	want := []string{"fox/(rest)", "fox/hpo", "fox/nyt", "hpo/(rest)", "hpo/fox", "hpo/nyt", "nyt/(rest)", "nyt/fox", "nyt/hpo"}
	if !slices.Equal(blocks, want) {
		t.Errorf("blocks = %q, want %q", blocks, want)
	}
	// fox's most distinctive terms against the rest are its label.
	var foxTop []string
	for _, r := range rows {
		if r.Group == "fox" && r.Versus == Rest && len(foxTop) < 3 {
			foxTop = append(foxTop, r.Term)
		}
	}
	if !slices.Contains(foxTop, "illegal aliens") {
		t.Errorf("fox top terms vs rest = %q, want \"illegal aliens\" among them", foxTop)
	}
	// A row's z is LogOdds of its counts with α_w = y_bg (α0 = n_bg).
	r, ok := find("fox", "nyt", "illegal aliens")
	if !ok {
		t.Fatalf("no row fox/nyt/illegal aliens")
	}
	n := func(g string) float64 { return float64(groups[g].Tokens) }
	_, wantZ := LogOdds(2, n("fox"), 0, n("nyt"), 2, float64(bg.Tokens))
	if r.Count != 2 || r.VersusCount != 0 || math.Abs(r.Z-wantZ) > 1e-12 {
		t.Errorf("fox/nyt/illegal aliens = %+v, want count 2, versus 0, z %v", r, wantZ)
	}
	// The rest pools the other groups.
	r, _ = find("fox", Rest, "border")
	_, wantZ = LogOdds(2, n("fox"), 4, n("nyt")+n("hpo"), 6, float64(bg.Tokens))
	if r.VersusCount != 4 || math.Abs(r.Z-wantZ) > 1e-12 {
		t.Errorf("fox/(rest)/border = %+v, want versus 4, z %v", r, wantZ)
	}
	// Pairwise rows are antisymmetric.
	for _, r := range rows {
		if r.Versus == Rest {
			continue
		}
		s, ok := find(r.Versus, r.Group, r.Term)
		if !ok || math.Abs(s.Z+r.Z) > 1e-12 || s.Count != r.VersusCount {
			t.Errorf("%s vs %s %q: z %v, reverse %v (found %v)", r.Group, r.Versus, r.Term, r.Z, s.Z, ok)
		}
	}
}

func TestDistinctiveOptions(t *testing.T) {
	groups := keynessGroups()
	bg := NewCounts()
	for _, c := range groups {
		bg.Merge(c)
	}
	tests := []struct {
		name  string
		opt   KeynessOptions
		check func([]Keyness) string
	}{
		{"limit", KeynessOptions{MinCount: 1, Limit: 2}, func(rows []Keyness) string {
			per := map[string]int{}
			for _, r := range rows {
				per[r.Group+"/"+r.Versus]++
			}
			for b, n := range per {
				if n > 2 {
					return b + " has more than 2 rows"
				}
			}
			return ""
		}},
		{"no pairs", KeynessOptions{MinCount: 1, NoPairs: true}, func(rows []Keyness) string {
			for _, r := range rows {
				if r.Versus != Rest {
					return "pairwise row " + r.Group + "/" + r.Versus
				}
			}
			return ""
		}},
		{"min count", KeynessOptions{MinCount: 4}, func(rows []Keyness) string {
			for _, r := range rows {
				if r.Count+r.VersusCount < 4 {
					return "row below MinCount: " + r.Term
				}
			}
			if len(rows) == 0 {
				return "no rows"
			}
			return ""
		}},
		{"prior size", KeynessOptions{MinCount: 1, PriorSize: 10}, func(rows []Keyness) string {
			for _, r := range rows {
				if r.Group == "fox" && r.Versus == "nyt" && r.Term == "aliens" {
					_, z := LogOdds(2, float64(groups["fox"].Tokens), 0, float64(groups["nyt"].Tokens),
						10*2/float64(bg.Tokens), 10)
					if math.Abs(z-r.Z) > 1e-12 {
						return "z does not use PriorSize"
					}
					return ""
				}
			}
			return "no fox/nyt/aliens row"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := tt.check(Distinctive(groups, bg, nil, tt.opt)); msg != "" {
				t.Error(msg)
			}
		})
	}
	// Terms absent from the background are left out; one group has no rest.
	only := map[string]*Counts{"fox": countsOf("illegal aliens")}
	if rows := Distinctive(only, countsOf("border"), nil, KeynessOptions{MinCount: 1}); len(rows) != 0 {
		t.Errorf("one group, disjoint background: %d rows, want 0", len(rows))
	}
	if rows := Distinctive(groups, NewCounts(), nil, KeynessOptions{}); rows != nil {
		t.Errorf("empty background: %d rows, want none", len(rows))
	}
}

func TestSelectFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 60 {
		for _, span := range []int{2, 5, 1000} {
			xs := make([]int, n)
			for i := range xs {
				xs[i] = rng.IntN(span)
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			for k := 1; k <= n; k++ {
				got := slices.Clone(xs)
				selectFirst(got, k, func(a, b int) int { return a - b })
				slices.Sort(got[:k])
				if !slices.Equal(got[:k], want[:k]) {
					t.Fatalf("selectFirst(%v, %d): first %d = %v, want %v", xs, k, k, got[:k], want[:k])
				}
			}
		}
	}
}
