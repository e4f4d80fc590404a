package sentiment

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"reflect"
	"testing"

	"newsframe/analysis/text"
)

// libraryShape decodes model.json as the library does (encoding/json into
// structs and maps) and keeps what readBayesModel keeps: the reference.
func libraryShape(b []byte) (counts map[string][2]uint64, probabilities []float64, err error) {
	var models map[string]*struct {
		Words         map[string]bayesWord `json:"words"`
		Probabilities []float64            `json:"probabilities"`
	}
	if err := json.Unmarshal(b, &models); err != nil {
		return nil, nil, err
	}
	en := models["en"]
	if en == nil {
		return nil, nil, errors.New("no en")
	}
	counts = map[string][2]uint64{}
	for w, c := range en.Words {
		if len(c.Count) != 2 {
			return nil, nil, errors.New("count length")
		}
		counts[w] = [2]uint64{c.Count[0], c.Count[1]}
	}
	return counts, en.Probabilities, nil
}

func TestReadBayesModel(t *testing.T) {
	for _, tc := range []struct {
		name string
		json string
		// shapeErr is set when the fast reader must give up (RestoreBayes
		// then uses the library).
		shapeErr bool
	}{
		{name: "plain", json: `{"en":{"words":{"bad":{"Count":[9,1],"Seen":10},"good":{"Count":[1,9],"Seen":10}},"count":[5,5],"probabilities":[0.5,0.5],"document_count":10}}`},
		{name: "white space and field order", json: " {\n \"en\" : { \"probabilities\" : [ 0.25 , 0.75 ] , \"words\" : { \"a\" : { \"Seen\" : 3 , \"Count\" : [ 1 , 2 ] } } } }\n"},
		{name: "fields match without case", json: `{"en":{"WORDS":{"a":{"count":[1,2]}},"Probabilities":[0.5,0.5]}}`},
		{name: "other languages skipped", json: `{"fr":{"words":{"x":{"Count":[1,1]}},"tokenizer":{"SplitOn":" "}},"en":{"words":{"a":{"Count":[3,4]}},"probabilities":[0.4,0.6]}}`},
		{name: "escaped key", json: `{"en":{"words":{"caf\u00e9":{"Count":[1,2]},"x\"y":{"Count":[0,0]}},"probabilities":[0.5,0.5]}}`},
		{name: "invalid UTF-8 key", json: "{\"en\":{\"words\":{\"a\xffb\":{\"Count\":[1,2]}},\"probabilities\":[0.5,0.5]}}"},
		{name: "word given twice keeps the last", json: `{"en":{"words":{"a":{"Count":[1,2]},"a":{"Count":[7,8]}},"probabilities":[0.5,0.5]}}`},
		{name: "words given twice are merged", json: `{"en":{"words":{"a":{"Count":[1,2]}},"words":{"b":{"Count":[3,4]},"a":{"Count":[5,6]}},"probabilities":[0.5,0.5]}}`},
		{name: "exponent probabilities", json: `{"en":{"words":{},"probabilities":[5e-1,0.5E0]}}`},
		{name: "three class counts", json: `{"en":{"words":{"a":{"Count":[1,2,3]}},"probabilities":[0.5,0.5]}}`, shapeErr: true},
		{name: "fractional count", json: `{"en":{"words":{"a":{"Count":[1.5,2]}},"probabilities":[0.5,0.5]}}`, shapeErr: true},
		{name: "no count", json: `{"en":{"words":{"a":{"Seen":2}},"probabilities":[0.5,0.5]}}`, shapeErr: true},
		{name: "no words", json: `{"en":{"probabilities":[0.5,0.5]}}`, shapeErr: true},
		{name: "no English model", json: `{"fr":{"words":{}}}`, shapeErr: true},
		{name: "trailing garbage", json: `{"en":{"words":{},"probabilities":[0.5,0.5]}} x`, shapeErr: true},
		{name: "truncated", json: `{"en":{"words":{"a":{"Count":[1,`, shapeErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := readBayesModel([]byte(tc.json))
			if tc.shapeErr {
				if !errors.Is(err, errBayesShape) {
					t.Fatalf("readBayesModel = %v, want errBayesShape", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("readBayesModel: %v", err)
			}
			wantCounts, wantProbs, err := libraryShape([]byte(tc.json))
			if err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			got := map[string][2]uint64{}
			for i, w := range m.words {
				got[w] = m.counts[i]
			}
			if !reflect.DeepEqual(got, wantCounts) {
				t.Errorf("counts = %v, want %v", got, wantCounts)
			}
			if !reflect.DeepEqual(m.probabilities, wantProbs) {
				t.Errorf("probabilities = %v, want %v", m.probabilities, wantProbs)
			}
		})
	}
}

// TestRestoreBayesMatchesLibrary checks the fast reader against the
// library's own decoding of its model: the same table, bit for bit.
func TestRestoreBayesMatchesLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes the library's model twice")
	}
	fast, err := RestoreBayes()
	if err != nil {
		t.Fatal(err)
	}
	slow, err := restoreBayesLibrary()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("RestoreBayes differs from the library's decoding: %d and %d words", fast.Len(), slow.Len())
	}
}

func TestNewBayesOrder(t *testing.T) {
	b, err := NewBayes(map[string][2]uint64{"rare": {1, 0}, "the": {50, 50}, "bad": {9, 1}, "good": {1, 9}}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"the", "bad", "good", "rare"}; !reflect.DeepEqual(b.words, want) {
		t.Errorf("words by count = %v, want %v", b.words, want)
	}
	if r, ok := b.Ratio("good"); !ok || r != math.Log(10.0/2.0) {
		t.Errorf("Ratio(good) = %v, %v, want %v", r, ok, math.Log(5))
	}
	dup, err := newBayes([]string{"b", "a", "b"}, [][2]uint64{{1, 1}, {2, 2}, {9, 0}}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := dup.Ratio("b"); r != math.Log(1.0/10.0) || dup.Len() != 2 {
		t.Errorf("a word listed twice: Ratio(b) = %v with %d words, want %v with 2", r, dup.Len(), math.Log(0.1))
	}
}

// TestMemo checks that the lookup memo answers as the vocabulary does,
// over more words than it has slots (so slots are overwritten), words too
// long for it, and words the vocabulary lacks.
func TestMemo(t *testing.T) {
	m, err := Load(os.DirFS("../../data"))
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"don't", "u.s.", "2004", "zzqxv", "nicolás", "counterrevolutionaries", "a", "£600m"}
	words = append(words, m.nb.words[:min(len(m.nb.words), 3*memoSlots)]...)
	words = append(words, m.lexOnlyKeys...)
	var c memo
	c.reset(m)
	for round := range 2 {
		for _, w := range words {
			r, lex := c.lookup(w)
			wr, wlex, _ := m.lookup(w)
			if lex != wlex || !(r == wr || r != r && wr != wr) {
				t.Fatalf("round %d: memo lookup(%q) = %v, %d, want %v, %d", round, w, r, lex, wr, wlex)
			}
		}
	}
	if c.slots == nil {
		t.Errorf("memo never allocated after %d lookups", 2*len(words))
	}
}

func TestAppendQuoted(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		want    []bool
	}{
		{"none", "Prices rose again.", []bool{false, false, false}},
		{"straight", `He said "we won" today.`, []bool{false, false, true, true, false}},
		{"curly", "He said “we won” today.", []bool{false, false, true, true, false}},
		{"opened in an earlier sentence", "“We won. They lost", []bool{true, true, true, true}},
		{"unbalanced close", "We won” today", []bool{false, false, false}},
		{"apostrophes are not quotes", "Smith’s team didn't win", []bool{false, false, false, false}},
		{"truncated mark", "a b\xe2\x80", []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toks := text.Words(tc.s)
			if got := appendQuoted(nil, tc.s, toks); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("appendQuoted(%q) = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}
