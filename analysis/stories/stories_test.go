package stories

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// bag turns "a b b c" into term counts.
func bag(s string) map[string]int {
	m := make(map[string]int)
	for _, w := range strings.Fields(s) {
		m[w]++
	}
	return m
}

// handCorpus: a steel-tariff story (NYT first, Fox a day later), a flood
// story (Fox and HuffPost), a later tariff article beyond the window, an
// AP article on another subject that makes "ap" active in the period, and
// filler articles that give the shared words a realistic IDF.
func handCorpus() []Doc {
	return []Doc{
		{ID: "nyt/1", Outlet: "nyt", Published: day("2026-03-02"), Title: "Tariffs on steel", Terms: bag("tariff tariff steel imports president canada mexico trade")},
		{ID: "fox/1", Outlet: "fox", Published: day("2026-03-03"), Title: "Steel duties", Terms: bag("tariff steel steel imports president canada trade jobs")},
		{ID: "fox/2", Outlet: "fox", Published: day("2026-03-02"), Title: "River floods town", Terms: bag("flood river river rain evacuation town mayor")},
		{ID: "hpo/1", Outlet: "hpo", Published: day("2026-03-03"), Title: "Flooding", Terms: bag("flood flood river rain evacuation mayor shelters")},
		{ID: "ap/1", Outlet: "ap", Published: day("2026-03-01"), Title: "Election", Terms: bag("election ballots governor turnout")},
		{ID: "nyt/2", Outlet: "nyt", Published: day("2026-03-20"), Title: "Tariffs again", Terms: bag("tariff steel imports president canada trade")},
		{ID: "nyt/3", Outlet: "nyt", Published: day("2026-04-20"), Title: "Budget", Terms: bag("budget senate vote")},
		{ID: "fox/3", Outlet: "fox", Published: day("2026-05-20"), Title: "Baseball", Terms: bag("baseball season opener")},
	}
}

func storyWith(t *testing.T, stories []Story, id string) Story {
	t.Helper()
	for _, s := range stories {
		for _, a := range s.Articles {
			if a.ID == id {
				return s
			}
		}
	}
	t.Fatalf("no story holds %s", id)
	return Story{}
}

func memberIDs(s Story) []string {
	var ids []string
	for _, a := range s.Articles {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestClusterHand(t *testing.T) {
	stories := Cluster(handCorpus(), Options{})
	if len(stories) != 6 {
		t.Errorf("%d stories, want 6", len(stories))
	}
	tests := []struct {
		name     string
		article  string
		members  []string
		coverage []Coverage
		missing  []string
		title    string
	}{
		{
			name: "tariffs", article: "nyt/1", members: []string{"nyt/1", "fox/1"},
			coverage: []Coverage{
				{Outlet: "fox", Articles: 1, First: day("2026-03-03"), Lag: 24 * time.Hour, HasLag: true},
				{Outlet: "nyt", Articles: 1, First: day("2026-03-02"), Lag: 0, HasLag: true},
			},
			// HuffPost and AP published within three days of the story.
			missing: []string{"ap", "hpo"}, title: "Tariffs on steel",
		},
		{
			name: "floods", article: "hpo/1", members: []string{"fox/2", "hpo/1"},
			coverage: []Coverage{
				{Outlet: "fox", Articles: 1, First: day("2026-03-02"), Lag: 0, HasLag: true},
				{Outlet: "hpo", Articles: 1, First: day("2026-03-03"), Lag: 24 * time.Hour, HasLag: true},
			},
			missing: []string{"ap", "nyt"}, title: "River floods town",
		},
		{
			// Same words, but 17 days after the last tariff article: a
			// new story, and nobody else published near it.
			name: "tariffs later", article: "nyt/2", members: []string{"nyt/2"},
			coverage: []Coverage{{Outlet: "nyt", Articles: 1, First: day("2026-03-20"), HasLag: true}},
			missing:  nil, title: "Tariffs again",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storyWith(t, stories, tt.article)
			if got := memberIDs(s); !slices.Equal(got, tt.members) {
				t.Errorf("members = %v, want %v", got, tt.members)
			}
			if !reflect.DeepEqual(s.Coverage, tt.coverage) {
				t.Errorf("Coverage = %+v, want %+v", s.Coverage, tt.coverage)
			}
			if !slices.Equal(s.Missing, tt.missing) {
				t.Errorf("Missing = %v, want %v", s.Missing, tt.missing)
			}
			if s.Title != tt.title {
				t.Errorf("Title = %q, want %q", s.Title, tt.title)
			}
			if s.Seed != tt.members[0] || s.ID != storyID(tt.members[0]) {
				t.Errorf("Seed, ID = %q, %q, want %q, %q", s.Seed, s.ID, tt.members[0], storyID(tt.members[0]))
			}
		})
	}
	floods := storyWith(t, stories, "fox/2")
	if !slices.Contains(floods.Terms, "river") || !slices.Contains(floods.Terms, "flood") {
		t.Errorf("flood story Terms = %v, want river and flood among them", floods.Terms)
	}
	// Sorted by First, then Seed.
	for i := 1; i < len(stories); i++ {
		a, b := stories[i-1], stories[i]
		if a.First.After(b.First) || a.First.Equal(b.First) && a.Seed > b.Seed {
			t.Errorf("stories %s (%v) and %s (%v) out of order", a.Seed, a.First, b.Seed, b.First)
		}
	}
}

func TestClusterOptions(t *testing.T) {
	tests := []struct {
		name    string
		opt     Options
		article string
		want    []string
	}{
		{"wide window joins the later tariff article", Options{Window: 30 * 24 * time.Hour}, "nyt/2", []string{"nyt/1", "fox/1", "nyt/2"}},
		{"high threshold splits", Options{Threshold: 0.9}, "fox/1", []string{"fox/1"}},
		{"one-hour window splits a day apart", Options{Window: time.Hour}, "fox/1", []string{"fox/1"}},
		{"low threshold keeps disjoint stories apart", Options{Threshold: 0.01}, "hpo/1", []string{"fox/2", "hpo/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storyWith(t, Cluster(handCorpus(), tt.opt), tt.article)
			if got := memberIDs(s); !slices.Equal(got, tt.want) {
				t.Errorf("members = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClusterUndated(t *testing.T) {
	docs := handCorpus()
	docs = append(docs,
		Doc{ID: "bbc/1", Outlet: "bbc", Title: "Steel", Terms: bag("tariff steel imports canada trade")},
		Doc{ID: "bbc/2", Outlet: "bbc", Title: "Cricket", Terms: bag("cricket test match")},
		Doc{ID: "bbc/3", Outlet: "bbc", Title: "Cricket again", Terms: bag("cricket test match wicket")},
	)
	tests := []struct {
		name    string
		policy  UndatedPolicy
		article string
		want    []string
	}{
		// Undated articles are clustered among themselves, in batches:
		// never with a dated story, whose time they cannot be placed in.
		{"stays out of dated stories", JoinBySimilarity, "bbc/1", []string{"bbc/1"}},
		{"undated articles cluster together", JoinBySimilarity, "bbc/3", []string{"bbc/2", "bbc/3"}},
		{"singletons", Singletons, "bbc/1", []string{"bbc/1"}},
		{"singletons stay apart", Singletons, "bbc/3", []string{"bbc/3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stories := Cluster(docs, Options{Undated: tt.policy})
			s := storyWith(t, stories, tt.article)
			if got := memberIDs(s); !slices.Equal(got, tt.want) {
				t.Errorf("members = %v, want %v", got, tt.want)
			}
		})
	}
	stories := Cluster(docs, Options{})
	cricket := storyWith(t, stories, "bbc/2")
	if !cricket.First.IsZero() || cricket.Coverage[0].HasLag {
		t.Errorf("undated story: First = %v, HasLag = %v, want zero, false", cricket.First, cricket.Coverage[0].HasLag)
	}
	// No dates: no telling who was publishing then, so no outlet is said
	// to have left it out.
	if len(cricket.Missing) != 0 {
		t.Errorf("undated story Missing = %v, want none", cricket.Missing)
	}
	if last := stories[len(stories)-1]; !last.First.IsZero() {
		t.Errorf("last story First = %v, want an undated story last", last.First)
	}
	tariffs := storyWith(t, stories, "bbc/1")
	for _, c := range tariffs.Coverage {
		if c.Outlet == "bbc" && c.HasLag {
			t.Errorf("undated outlet coverage %+v has a lag", c)
		}
	}
}

func TestClusterEdgeCases(t *testing.T) {
	if got := Cluster(nil, Options{}); got != nil {
		t.Errorf("Cluster(nil) = %v, want nil", got)
	}
	// Articles without terms (none, or only counts of zero or less) stay
	// alone; the others chain through "news" and "zero".
	docs := []Doc{
		{ID: "a", Outlet: "x", Published: day("2026-01-01")},
		{ID: "b", Outlet: "x", Published: day("2026-01-01"), Terms: map[string]int{"neg": -2, "none": 0}},
		{ID: "c", Outlet: "y", Published: day("2026-01-01"), Terms: bag("news news")},
		{ID: "d", Outlet: "y", Published: day("2026-01-01"), Terms: bag("news zero"), Title: "t"},
		{ID: "e", Outlet: "y", Published: day("2026-01-01"), Terms: bag("zero")},
	}
	stories := Cluster(docs, Options{})
	var got [][]string
	for _, s := range stories {
		got = append(got, memberIDs(s))
	}
	want := [][]string{{"a"}, {"b"}, {"c", "d", "e"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stories %v, want %v", got, want)
	}
}

// TestStableID checks that a story keeps its ID when unrelated articles or
// later articles are added.
func TestStableID(t *testing.T) {
	before := storyWith(t, Cluster(handCorpus(), Options{}), "nyt/1").ID
	docs := append(handCorpus(),
		Doc{ID: "hpo/9", Outlet: "hpo", Published: day("2026-03-04"), Terms: bag("tariff steel imports canada trade president")},
		Doc{ID: "ap/9", Outlet: "ap", Published: day("2026-03-02"), Terms: bag("earthquake magnitude coast")},
	)
	s := storyWith(t, Cluster(docs, Options{}), "nyt/1")
	if s.ID != before {
		t.Errorf("ID = %s after adding articles, want %s", s.ID, before)
	}
	if !slices.Contains(memberIDs(s), "hpo/9") {
		t.Errorf("members = %v, want hpo/9 joined", memberIDs(s))
	}
}

func TestClusterOrderIndependent(t *testing.T) {
	docs := handCorpus()
	for i := range 30 {
		docs = append(docs, Doc{
			ID: fmt.Sprintf("w/%02d", i), Outlet: "wire", Published: day("2026-03-02").Add(time.Duration(i%4) * 24 * time.Hour),
			Terms: bag(fmt.Sprintf("storm%d wind rain coast town%d mayor", i%3, i%5)),
		})
	}
	want := Cluster(docs, Options{})
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 5 {
		shuffled := slices.Clone(docs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := Cluster(shuffled, Options{}); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: shuffled input gave different stories", trial)
		}
	}
}

func TestAssignments(t *testing.T) {
	stories := Cluster(handCorpus(), Options{})
	m := Assignments(stories)
	if len(m) != len(handCorpus()) {
		t.Errorf("%d assignments, want %d", len(m), len(handCorpus()))
	}
	if m["nyt/1"] != m["fox/1"] || m["nyt/1"] == m["fox/2"] {
		t.Errorf("Assignments = %v: want nyt/1 with fox/1 and apart from fox/2", m)
	}
}
