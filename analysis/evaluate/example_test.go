package evaluate_test

import (
	"fmt"

	"newsframe/analysis/evaluate"
)

func ExampleEvaluate() {
	pairs := []evaluate.Pair{
		{Gold: "negative", Pred: "negative", Score: -0.6},
		{Gold: "negative", Pred: "neutral", Score: -0.1},
		{Gold: "neutral", Pred: "neutral", Score: 0.05},
		{Gold: "positive", Pred: "positive", Score: 0.4},
	}
	r, err := evaluate.Evaluate(pairs, evaluate.Options{BootstrapRounds: 200, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("accuracy %.2f, macro-F1 %.2f, alpha %.2f\n", r.Accuracy, r.MacroF1, r.AlphaNominal)
	// Output:
	// accuracy 0.75, macro-F1 0.78, alpha 0.67
}

func ExampleAlphaNominal() {
	a := []string{"0", "1", "0", "0", "0", "0", "0", "0", "1", "0"}
	b := []string{"1", "1", "1", "0", "0", "1", "0", "0", "0", "0"}
	fmt.Printf("%.3f\n", evaluate.AlphaNominal(a, b))
	// Output:
	// 0.095
}

func ExampleHeldOut() {
	fmt.Println(evaluate.HeldOut("allsides_1000_401_25_Reality Leigh Winner_0_6"))
	// Output:
	// false
}

func ExampleEntityTarget() {
	t := evaluate.EntityTarget("Michael_Steele")
	fmt.Println(t.Name, t.Kind, t.Aliases)
	// Output:
	// Michael Steele person [Steele]
}

func ExampleHeldOutEvent() {
	fmt.Println(evaluate.HeldOutEvent("2b95d2cf-e979-4f9c-ae27-9a5370934f23"))
	// Output:
	// false
}
