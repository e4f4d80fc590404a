package topics

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
)

var stop = text.NewStopwords("the", "and", "a")

// twoClusters: alpha/beta/gamma always together, delta/epsilon/zeta
// always together, one paragraph bridging gamma and delta, and paragraphs
// of omega alone.
func twoClusters() []string {
	var p []string
	for i := 0; i < 5; i++ {
		p = append(p, "alpha beta gamma", "delta epsilon zeta")
	}
	p = append(p, "alpha beta", "alpha beta", "beta gamma", "beta gamma", "delta zeta", "delta zeta", "epsilon zeta")
	p = append(p, "gamma delta")
	for i := 0; i < 10; i++ {
		p = append(p, "omega")
	}
	return p
}

func build(t testing.TB, paras []string, vocab []string, window int) (*terms.Cooccur, *terms.Counts) {
	t.Helper()
	ex := terms.NewExtractor(stop)
	co, err := terms.NewCooccur(vocab, window)
	if err != nil {
		t.Fatal(err)
	}
	c := terms.NewCounts()
	for _, p := range paras {
		s := ex.Extract(p)
		co.Add(s)
		c.Add(s)
	}
	return co, c
}

var clusterVocab = []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "omega"}

func TestFindTwoClusters(t *testing.T) {
	co, c := build(t, twoClusters(), clusterVocab, 0)
	m, err := Find(co, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Topics) != 2 {
		t.Fatalf("Find: %d topics %+v, want 2", len(m.Topics), m.Topics)
	}
	var sets [][]string
	for i, tp := range m.Topics {
		if tp.ID != i {
			t.Errorf("topic %d has ID %d", i, tp.ID)
		}
		if want := strings.Join(tp.Terms[:3], ", "); tp.Label != want {
			t.Errorf("topic %d label %q, want %q", i, tp.Label, want)
		}
		s := slices.Clone(tp.Terms)
		slices.Sort(s)
		sets = append(sets, s)
	}
	slices.SortFunc(sets, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	if want := [][]string{{"alpha", "beta", "gamma"}, {"delta", "epsilon", "zeta"}}; !reflect.DeepEqual(sets, want) {
		t.Errorf("topics = %q, want %q", sets, want)
	}
	// Topics are ordered by total TF: alpha/beta/gamma has 5·3+8 = 23,
	// delta/epsilon/zeta 5·3+6 = 21 (the bridge adds one to each).
	if m.Topics[0].TF != 24 || m.Topics[1].TF != 22 {
		t.Errorf("topic TF = %d, %d, want 24, 22", m.Topics[0].TF, m.Topics[1].TF)
	}
	if _, ok := m.Of("omega"); ok {
		t.Errorf("omega has a topic; it co-occurs with nothing")
	}
	if id, ok := m.Of("zeta"); !ok || !slices.Contains(m.Topics[id].Terms, "zeta") {
		t.Errorf("Of(zeta) = %d, %v", id, ok)
	}
	// Central terms first: beta is tied to alpha (7) and gamma (7).
	if m.Topics[0].Terms[0] != "beta" {
		t.Errorf("first term of topic 0 = %q, want beta", m.Topics[0].Terms[0])
	}
	if m.Edges != 6 || m.Nodes != 7 {
		t.Errorf("graph: %d nodes %d edges, want 7, 6", m.Nodes, m.Edges)
	}

	// Q agrees with gonum's on the same graph built independently.
	g := simple.NewWeightedUndirectedGraph(0, 0)
	npmi := co.NPMI()
	counts := co.Matrix()
	for i := range clusterVocab {
		g.AddNode(simple.Node(i))
	}
	for i := range clusterVocab {
		for j := i + 1; j < len(clusterVocab); j++ {
			if counts.At(i, j) >= DefaultMinCount && npmi.At(i, j) > DefaultMinNPMI {
				g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(i), T: simple.Node(j), W: npmi.At(i, j)})
			}
		}
	}
	idx := map[string]int64{}
	for i, v := range clusterVocab {
		idx[v] = int64(i)
	}
	var comms [][]graph.Node
	for _, tp := range m.Topics {
		var c []graph.Node
		for _, term := range tp.Terms {
			c = append(c, simple.Node(idx[term]))
		}
		comms = append(comms, c)
	}
	comms = append(comms, []graph.Node{simple.Node(idx["omega"])})
	if want := community.Q(g, comms, 1); math.Abs(m.Q-want) > 1e-4 || m.Q <= 0.3 {
		t.Errorf("Q = %v, want %v (and clearly positive)", m.Q, want)
	}
}

func TestFindOptions(t *testing.T) {
	co, c := build(t, twoClusters(), clusterVocab, 0)
	tests := []struct {
		name   string
		opt    Options
		topics int
		label  int // terms in the first label
	}{
		{"defaults", Options{}, 2, 3},
		{"min size above topic size", Options{MinSize: 4}, 0, 0},
		{"threshold above every NPMI", Options{MinNPMI: 0.999}, 0, 0},
		{"min count above every pair", Options{MinCount: 100}, 0, 0},
		{"short labels", Options{LabelTerms: 1}, 2, 1},
		{"all edges", Options{Neighbors: -1}, 2, 3},
		{"bridge counts", Options{MinCount: 1, MinNPMI: -0.5}, 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Find(co, c, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Topics) != tt.topics {
				t.Fatalf("%d topics, want %d: %+v", len(m.Topics), tt.topics, m.Topics)
			}
			if tt.topics > 0 {
				if n := len(strings.Split(m.Topics[0].Label, ", ")); n != tt.label {
					t.Errorf("label %q has %d terms, want %d", m.Topics[0].Label, n, tt.label)
				}
			}
			if m.Edges == 0 && m.Q != 0 {
				t.Errorf("no edges but Q = %v", m.Q)
			}
		})
	}
	if _, err := Find(nil, c, Options{}); err == nil {
		t.Errorf("Find(nil co) error = nil")
	}
	if _, err := Find(co, nil, Options{}); err == nil {
		t.Errorf("Find(nil counts) error = nil")
	}
}

func TestShares(t *testing.T) {
	co, c := build(t, twoClusters(), clusterVocab, 0)
	m, err := Find(co, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ex := terms.NewExtractor(stop)
	count := func(paras ...string) *terms.Counts {
		k := terms.NewCounts()
		for _, p := range paras {
			k.Add(ex.Extract(p))
		}
		return k
	}
	a, _ := m.Of("alpha")
	d, _ := m.Of("delta")
	groups := map[string]*terms.Counts{
		"only-a": count("alpha beta", "gamma"),
		"mixed":  count("alpha beta gamma delta", "omega omega"),
		"none":   count("omega"),
	}
	got := m.Shares(groups)
	want := map[string][2]int64{ // group → counts of topic a, topic d
		"only-a": {3, 0},
		"mixed":  {3, 1},
		"none":   {0, 0},
	}
	if len(got) != 6 {
		t.Fatalf("Shares: %d rows, want 6", len(got))
	}
	if !slices.IsSortedFunc(got, func(x, y Share) int {
		if x.Group != y.Group {
			return strings.Compare(x.Group, y.Group)
		}
		return x.Topic - y.Topic
	}) {
		t.Errorf("Shares not sorted by group, topic")
	}
	for _, s := range got {
		w := want[s.Group]
		wc := w[0]
		if s.Topic == d {
			wc = w[1]
		}
		total := w[0] + w[1]
		wantShare := 0.0
		if total > 0 {
			wantShare = float64(wc) / float64(total)
		}
		if s.Count != wc || s.Total != total || math.Abs(s.Share-wantShare) > 1e-12 {
			t.Errorf("Share(%s, topic %d) = %+v, want count %d total %d share %v", s.Group, s.Topic, s, wc, total, wantShare)
		}
	}
	if c := m.Counts(groups["mixed"]); c[a] != 3 || c[d] != 1 {
		t.Errorf("Counts(mixed) = %v, want topic %d: 3, topic %d: 1", c, a, d)
	}
}

// TestFindDeterministic runs Find many times, on accumulators built from
// the paragraphs in different orders and merged from shards: every result
// must be identical.
func TestFindDeterministic(t *testing.T) {
	paras := twoClusters()
	// A denser graph: add paragraphs mixing terms so that Louvain has
	// choices to make.
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 200; i++ {
		var words []string
		for j := 0; j < 4; j++ {
			words = append(words, clusterVocab[r.IntN(len(clusterVocab))])
		}
		paras = append(paras, strings.Join(words, ", "))
	}
	first, c := build(t, paras, clusterVocab, 0)
	want, err := Find(first, c, Options{MinNPMI: -1, MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		shuffled := slices.Clone(paras)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		half := len(shuffled) / 2
		co1, c1 := build(t, shuffled[:half], clusterVocab, 0)
		co2, c2 := build(t, shuffled[half:], clusterVocab, 0)
		if err := co1.Merge(co2); err != nil {
			t.Fatal(err)
		}
		c1.Merge(c2)
		got, err := Find(co1, c1, Options{MinNPMI: -1, MinCount: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: topics %+v Q %v, want %+v Q %v", i, got.Topics, got.Q, want.Topics, want.Q)
		}
	}
}
