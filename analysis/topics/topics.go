package topics

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"newsframe/analysis/terms"
)

// Options are the parameters of [Find]. Zero fields take the defaults.
type Options struct {
	// MinNPMI is the NPMI an edge must exceed (default 0.1: clearly more
	// co-occurrence than independence, which is 0). A negative value
	// means 0: modularity needs positive weights, so pairs seen together
	// less than chance never form edges.
	MinNPMI float64
	// MinCount is the least number of documents in which the two terms
	// co-occur (default 3): NPMI of a pair seen once or twice is noise.
	MinCount float64
	// Resolution is the modularity resolution γ (default 1); higher values
	// give more, smaller topics.
	Resolution float64
	// Seed seeds the Louvain method's node shuffling (PCG); the default 0
	// is a valid, fixed seed.
	Seed uint64
	// MinSize is the least number of terms in a topic (default 2); smaller
	// communities leave their terms without a topic.
	MinSize int
	// LabelTerms is the number of terms in a topic label (default 3).
	LabelTerms int
	// Neighbors keeps, for each term, only its edges to the Neighbors
	// terms of highest NPMI (an edge stays when either end keeps it);
	// default 10, negative keeps every edge above the thresholds. Without
	// it, frequent general words ("time", "people") tie everything
	// together; on the BBC corpus (top 200 terms, paragraphs) 10
	// neighbours give six topics close to its five sections.
	Neighbors int
}

// Defaults of Options.
const (
	DefaultMinNPMI    = 0.1
	DefaultMinCount   = 3
	DefaultResolution = 1
	DefaultMinSize    = 2
	DefaultLabelTerms = 3
	DefaultNeighbors  = 10
)

func (o *Options) defaults() {
	switch {
	case o.MinNPMI == 0:
		o.MinNPMI = DefaultMinNPMI
	case o.MinNPMI < 0:
		o.MinNPMI = 0
	}
	if o.MinCount <= 0 {
		o.MinCount = DefaultMinCount
	}
	if o.Resolution <= 0 {
		o.Resolution = DefaultResolution
	}
	if o.MinSize <= 0 {
		o.MinSize = DefaultMinSize
	}
	if o.LabelTerms <= 0 {
		o.LabelTerms = DefaultLabelTerms
	}
	if o.Neighbors == 0 {
		o.Neighbors = DefaultNeighbors
	}
}

// Topic is a community of terms.
type Topic struct {
	// ID is the topic's index in Model.Topics.
	ID int
	// Label is the topic's first LabelTerms terms joined by ", ".
	Label string
	// Terms are the topic's terms, most central first: by the summed
	// weight of their edges to other terms of the topic, ties by term.
	Terms []string
	// TF is the total frequency of the terms in the counts given to Find.
	TF int64
}

// Model is the result of [Find].
type Model struct {
	Topics []Topic
	// Q is the modularity of the partition of the graph (all communities,
	// the small ones too); 0 when the graph has no edge.
	Q float64
	// Nodes and Edges give the size of the graph.
	Nodes, Edges int
	of           map[string]int
}

// Find returns the topics of the co-occurrence counts co (see the package
// documentation for the method). tf, the merged counts the vocabulary was
// chosen from, gives each topic's TF, which orders the topics. It returns
// an error for a nil co or tf.
func Find(co *terms.Cooccur, tf *terms.Counts, opt Options) (*Model, error) {
	if co == nil || tf == nil {
		return nil, fmt.Errorf("topics: nil co-occurrence or counts")
	}
	opt.defaults()
	vocab := co.Vocab()
	counts := co.Matrix()
	npmi := terms.NPMI(nil, counts, co.Docs())

	g := orderedGraph{simple.NewWeightedUndirectedGraph(0, 0)}
	for i := range vocab {
		g.AddNode(simple.Node(i))
	}
	keep := func(i, j int) bool {
		v := npmi.At(i, j)
		return i != j && counts.At(i, j) >= opt.MinCount && v > opt.MinNPMI
	}
	var near [][]bool
	if opt.Neighbors > 0 {
		near = make([][]bool, len(vocab))
		for i := range vocab {
			near[i] = make([]bool, len(vocab))
			var cand []int
			for j := range vocab {
				if keep(i, j) {
					cand = append(cand, j)
				}
			}
			slices.SortFunc(cand, func(a, b int) int {
				return cmp.Or(cmp.Compare(npmi.At(i, b), npmi.At(i, a)), cmp.Compare(a, b))
			})
			for _, j := range cand[:min(opt.Neighbors, len(cand))] {
				near[i][j] = true
			}
		}
	}
	edges := 0
	for i := range vocab {
		for j := i + 1; j < len(vocab); j++ {
			if !keep(i, j) || near != nil && !near[i][j] && !near[j][i] {
				continue
			}
			v := npmi.At(i, j)
			// Dyadic weights: sums are exact in any order.
			w := math.Round(v*(1<<16)) / (1 << 16)
			if w <= 0 {
				continue
			}
			g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(i), T: simple.Node(j), W: w})
			edges++
		}
	}
	m := &Model{Nodes: len(vocab), Edges: edges, of: make(map[string]int)}
	if edges == 0 {
		return m, nil
	}
	reduced := community.Modularize(g, opt.Resolution, rand.NewPCG(opt.Seed, 0x6e657773))
	comms := reduced.Communities()
	m.Q = community.Q(g, comms, opt.Resolution)

	for _, c := range comms {
		if len(c) < opt.MinSize {
			continue
		}
		// Rank members by their weight of edges inside the topic: central
		// terms label it better than merely frequent ones.
		strength := make(map[int64]float64, len(c))
		for _, u := range c {
			for _, v := range c {
				if w, ok := g.Weight(u.ID(), v.ID()); ok && u.ID() != v.ID() {
					strength[u.ID()] += w
				}
			}
		}
		slices.SortFunc(c, func(a, b graph.Node) int {
			return cmp.Or(cmp.Compare(strength[b.ID()], strength[a.ID()]),
				strings.Compare(vocab[a.ID()], vocab[b.ID()]))
		})
		t := Topic{}
		for _, n := range c {
			term := vocab[n.ID()]
			t.Terms = append(t.Terms, term)
			t.TF += tf.Term(term).TF
		}
		t.Label = strings.Join(t.Terms[:min(opt.LabelTerms, len(t.Terms))], ", ")
		m.Topics = append(m.Topics, t)
	}
	slices.SortFunc(m.Topics, func(a, b Topic) int {
		return cmp.Or(cmp.Compare(b.TF, a.TF), strings.Compare(a.Label, b.Label))
	})
	for i := range m.Topics {
		m.Topics[i].ID = i
		for _, term := range m.Topics[i].Terms {
			m.of[term] = i
		}
	}
	return m, nil
}

// Of returns the topic of a term, or false if the term has none.
func (m *Model) Of(term string) (int, bool) {
	id, ok := m.of[term]
	return id, ok
}

// Counts returns, for each topic, the summed frequency of its terms in c.
func (m *Model) Counts(c *terms.Counts) []int64 {
	out := make([]int64, len(m.Topics))
	for i, t := range m.Topics {
		for _, term := range t.Terms {
			out[i] += c.Term(term).TF
		}
	}
	return out
}

// Share is one group's use of one topic.
type Share struct {
	Group string
	Topic int
	// Count is the topic's count in the group, Total the group's count
	// over all topics; Share = Count / Total (0 when Total is 0).
	Count, Total int64
	Share        float64
}

// Shares returns the topic shares of each group (outlets, or outlet and
// period keys from terms.Partials.Group), sorted by group, then topic.
func (m *Model) Shares(groups map[string]*terms.Counts) []Share {
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	slices.Sort(names)
	var out []Share
	for _, g := range names {
		counts := m.Counts(groups[g])
		var total int64
		for _, n := range counts {
			total += n
		}
		for i, n := range counts {
			s := Share{Group: g, Topic: i, Count: n, Total: total}
			if total > 0 {
				s.Share = float64(n) / float64(total)
			}
			out = append(out, s)
		}
	}
	return out
}

// orderedGraph lists nodes and neighbours in id order, so that Louvain's
// sums and tie-breaks do not depend on map iteration order.
type orderedGraph struct {
	*simple.WeightedUndirectedGraph
}

func (g orderedGraph) Nodes() graph.Nodes {
	return sortedNodes(g.WeightedUndirectedGraph.Nodes())
}

func (g orderedGraph) From(id int64) graph.Nodes {
	return sortedNodes(g.WeightedUndirectedGraph.From(id))
}

func sortedNodes(it graph.Nodes) graph.Nodes {
	nodes := graph.NodesOf(it)
	slices.SortFunc(nodes, func(a, b graph.Node) int { return cmp.Compare(a.ID(), b.ID()) })
	return iterator.NewOrderedNodes(nodes)
}
