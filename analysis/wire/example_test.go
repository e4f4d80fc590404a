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

func ExampleParams_NewWindow() {
	p := wire.DefaultParams()
	w := p.NewWindow()
	ap := "Senate Democrats pushed the extension through over Republican objections that it would add $34 billion to the deficit."
	// Day 10: Fox runs the AP paragraph; day 12 HuffPost does; day 30 the
	// NYT quotes it again.
	fox := w.Add(10, "fox", "fox/1", p.Sign(ap))
	hpo := w.Add(12, "hpo", "hpo/7", p.Sign(ap))
	nyt := w.Add(30, "nyt", "nyt/2", p.Sign(ap))
	for _, x := range []struct {
		name string
		id   int32
	}{{"fox/1", fox}, {"hpo/7", hpo}, {"nyt/2", nyt}} {
		fmt.Println(x.name, "shared within 3 days:", w.Mark(x.id, wire.DefaultWindowDays)&wire.Shared != 0)
	}
	// Output:
	// fox/1 shared within 3 days: true
	// hpo/7 shared within 3 days: true
	// nyt/2 shared within 3 days: false
}
