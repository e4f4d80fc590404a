package wire_test

import (
	"fmt"
	"strings"

	"newsframe/analysis/wire"
)

const apCopy = "WASHINGTON (AP) — The Senate on Tuesday passed a bill that would extend " +
	"unemployment benefits for another six months, sending the measure to the House, where " +
	"leaders said they expected a vote before the end of the week. The bill would cost about " +
	"$34 billion and would not be offset by cuts elsewhere in the budget."

func ExampleParams_Sign() {
	p := wire.DefaultParams()
	a := p.Sign(apCopy)
	// HuffPost ran the same copy with one word changed: the exact Jaccard
	// similarity of the shingle sets is 0.82, and the estimate has a
	// standard error of about 0.035.
	b := p.Sign(strings.Replace(apCopy, "the measure", "the bill", 1))
	fmt.Println(len(a), "values")
	fmt.Printf("similarity %.2f\n", wire.Similarity(a, b))
	fmt.Println(p.Sign("Read more.") == nil)
	// Output:
	// 120 values
	// similarity 0.78
	// true
}

func ExampleParams_Group() {
	p := wire.DefaultParams()
	paras := []wire.Paragraph{
		{Article: "fox/1", Index: 3, Outlet: "fox", Signature: p.Sign(apCopy)},
		{Article: "hpo/7", Index: 0, Outlet: "hpo", Signature: p.Sign(apCopy)},
		{Article: "nyt/2", Index: 5, Outlet: "nyt", Signature: p.Sign(
			"Senate Democrats pushed the extension through over Republican objections " +
				"that it would add $34 billion to the deficit.")},
	}
	res, err := p.Group(paras)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, m := range res.Marks {
		fmt.Println(paras[i].Article, "shared:", m&wire.Shared != 0)
	}
	fmt.Println(res.Groups[0].Outlets)
	// Output:
	// fox/1 shared: true
	// hpo/7 shared: true
	// nyt/2 shared: false
	// [fox hpo]
}

// catalog is the Example's record of live paragraphs, by number.
type catalog map[uint32]wire.Signed

func (c catalog) Ref(pn uint32) (wire.Ref, bool) { s, ok := c[pn]; return s.Ref, ok }

func (c catalog) Signatures(pns []uint32) ([]wire.Signature, error) {
	out := make([]wire.Signature, len(pns))
	for i, pn := range pns {
		out[i] = c[pn].Signature
	}
	return out, nil
}

func ExampleParams_NewIndex() {
	p := wire.DefaultParams()
	ix, err := p.NewIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	live := catalog{}
	add := func(pn uint32, article, outlet, text string) wire.Signed {
		s := wire.Signed{PN: pn, Ref: wire.Ref{Article: article, Outlet: outlet}, Signature: p.Sign(text)}
		live[pn] = s
		return s
	}
	// Night 1: Fox runs the AP paragraph.
	ix.Update([]wire.Signed{add(1, "fox/1", "fox", apCopy)}, live)
	fmt.Println(len(ix.Groups()), "groups")
	// Night 2: HuffPost runs it too; only the new paragraph is looked up.
	ix.Update([]wire.Signed{add(2, "hpo/7", "hpo", apCopy)}, live)
	g := ix.Groups()[0]
	fmt.Println(g.Outlets, g.Marks()[0]&wire.Shared != 0)
	// Night 3: Fox's article is gone; the group goes with it.
	delete(live, 1)
	ix.Update(nil, live)
	fmt.Println(len(ix.Groups()), "groups")
	// Output:
	// 0 groups
	// [fox hpo] true
	// 0 groups
}
