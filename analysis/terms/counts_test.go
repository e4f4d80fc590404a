package terms

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"newsframe/analysis/text"
)

func seqOf(p string) Seq { return Extract(p, text.Words(p), testStop) }

func countsOf(paras ...string) *Counts {
	c := NewCounts()
	for _, p := range paras {
		c.Add(seqOf(p))
	}
	return c
}

func TestCountsAdd(t *testing.T) {
	c := countsOf(
		"Military intervention, military threats and military intervention.",
		"No military intervention.",
		"",
	)
	if c.Paragraphs != 3 || c.Tokens != 9 {
		t.Errorf("Paragraphs, Tokens = %d, %d, want 3, 9", c.Paragraphs, c.Tokens)
	}
	words := []struct {
		term string
		want Count
	}{
		{"military", Count{TF: 4, DF: 2}},
		{"intervention", Count{TF: 3, DF: 2}},
		{"threats", Count{TF: 1, DF: 1}},
		{"no", Count{TF: 1, DF: 1}},
		{"and", Count{}},
		{"military intervention", Count{TF: 3, DF: 2}},
		{"military threats", Count{TF: 1, DF: 1}},
		{"intervention military", Count{}}, // across a comma
		{"no military", Count{TF: 1, DF: 1}},
	}
	for _, w := range words {
		if got := c.Term(w.term); got != w.want {
			t.Errorf("Term(%q) = %+v, want %+v", w.term, got, w.want)
		}
	}
	if c.NumWords() != 4 || c.NumPairs() != 3 {
		t.Errorf("NumWords, NumPairs = %d, %d, want 4, 3", c.NumWords(), c.NumPairs())
	}
	var sum int64
	for _, w := range c.Words() {
		sum += w.TF
	}
	if sum != c.Tokens {
		t.Errorf("sum of word TF = %d, want Tokens = %d", sum, c.Tokens)
	}
	if got := c.Words(); !slices.IsSortedFunc(got, func(a, b TermCount) int { return compareStrings(a.Term, b.Term) }) {
		t.Errorf("Words() not sorted: %v", got)
	}
	if got := c.Pairs(); len(got) != 3 || got[0].Pair != (Pair{"military", "intervention"}) {
		t.Errorf("Pairs() = %v, want 3 pairs starting with military intervention", got)
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestCountsDoNotKeepParagraphText(t *testing.T) {
	// Extract's terms point into the paragraph; the keys of Counts must be
	// copies, or every counted paragraph would stay in memory.
	p := strings.Repeat("x", 1000) + " military intervention"
	s := Extract(p, text.Words(p), testStop)
	c := NewCounts()
	c.Add(s)
	lo := uintptr(unsafe.Pointer(unsafe.StringData(p)))
	hi := lo + uintptr(len(p))
	inside := func(k string) bool {
		d := uintptr(unsafe.Pointer(unsafe.StringData(k)))
		return d >= lo && d < hi
	}
	for k := range c.dict.ids {
		if inside(k) {
			t.Errorf("word or pair key %q points into the paragraph", k)
		}
	}
	for _, k := range c.dict.names {
		if inside(k) {
			t.Errorf("word or pair name %q points into the paragraph", k)
		}
	}
	if !inside(s.Terms[1]) {
		t.Fatalf("test premise: Extract terms should share the paragraph's memory")
	}
}

func TestSplitPhrase(t *testing.T) {
	tests := []struct {
		in   string
		want Pair
		ok   bool
	}{
		{"estate tax", Pair{"estate", "tax"}, true},
		{"pro-life", Pair{}, false},
		{"a b c", Pair{}, false},
		{" tax", Pair{}, false},
		{"", Pair{}, false},
	}
	for _, tt := range tests {
		got, ok := SplitPhrase(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SplitPhrase(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

var mergeCorpus = []string{
	"The United States is intensifying aggressive demands to deploy American military personnel inside Mexico.",
	"The Mexican government has issued a firm rejection of any foreign military intervention.",
	"President Claudia Sheinbaum stated that such action is not necessary.",
	"Military intervention would fragment cartels, spark brutal internal wars.",
	"Cooperation, yes; subordination and intervention, no.",
	"",
	"President Claudia Sheinbaum rejected military intervention again.",
}

func TestMergeEqualsUnion(t *testing.T) {
	whole := countsOf(mergeCorpus...)
	for split := 0; split <= len(mergeCorpus); split++ {
		a := countsOf(mergeCorpus[:split]...)
		b := countsOf(mergeCorpus[split:]...)
		a.Merge(b)
		if !a.Equal(whole) {
			t.Errorf("split %d: counts(a).Merge(counts(b)) != counts(a ∪ b)", split)
		}
		// Merging the other way round gives the same.
		b.Merge(countsOf(mergeCorpus[:split]...))
		if !b.Equal(whole) {
			t.Errorf("split %d: counts(b).Merge(counts(a)) != counts(a ∪ b)", split)
		}
	}
}

func TestSub(t *testing.T) {
	whole := countsOf(mergeCorpus...)
	for split := 0; split <= len(mergeCorpus); split++ {
		a := countsOf(mergeCorpus[:split]...)
		b := countsOf(mergeCorpus[split:]...)
		got := whole.Clone()
		if err := got.Sub(b); err != nil {
			t.Fatalf("split %d: Sub error = %v", split, err)
		}
		if !got.Equal(a) {
			t.Errorf("split %d: counts(a ∪ b) − counts(b) != counts(a)", split)
		}
	}
	// Subtracting what was never added fails and changes nothing.
	c := countsOf("military intervention")
	before := c.Clone()
	tests := []struct {
		name string
		o    *Counts
	}{
		{"unknown word", countsOf("cartels")},
		{"too many", countsOf("military intervention", "military intervention")},
		{"unknown pair", countsOf("intervention military")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := c.Sub(tt.o); err == nil {
				t.Errorf("Sub error = nil, want an error")
			}
			if !c.Equal(before) {
				t.Errorf("failed Sub changed the counts")
			}
		})
	}
}

func TestCountsBinary(t *testing.T) {
	c := countsOf(mergeCorpus...)
	b, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Counts
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatalf("UnmarshalBinary error = %v", err)
	}
	if !got.Equal(c) {
		t.Errorf("round trip changed the counts")
	}
	// The same counts built in another order encode to the same bytes.
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 10; i++ {
		paras := slices.Clone(mergeCorpus)
		r.Shuffle(len(paras), func(i, j int) { paras[i], paras[j] = paras[j], paras[i] })
		b2, _ := countsOf(paras...).MarshalBinary()
		if !bytes.Equal(b2, b) {
			t.Fatalf("shuffle %d: encoding differs", i)
		}
	}
	// Decoded counts keep counting.
	got.Add(seqOf("military intervention"))
	c.Add(seqOf("military intervention"))
	if !got.Equal(c) {
		t.Errorf("decoded counts diverge after Add")
	}
	empty, _ := NewCounts().MarshalBinary()
	var e Counts
	if err := e.UnmarshalBinary(empty); err != nil || !e.Equal(NewCounts()) {
		t.Errorf("empty round trip: err %v, equal %v", err, e.Equal(NewCounts()))
	}
}

func TestCountsBinaryErrors(t *testing.T) {
	good, _ := countsOf("military intervention, military threats").MarshalBinary()
	unsorted := []byte{countsVersion, 2, 2, 2, 0, 1, 'b', 1, 1, 0, 1, 'a', 1, 1, 0}
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"wrong version", append([]byte{7}, good[1:]...)},
		{"truncated", good[:len(good)-2]},
		{"trailing", append(slices.Clone(good), 1)},
		{"unsorted words", unsorted},
		{"prefix longer than previous", []byte{countsVersion, 1, 1, 1, 5, 1, 'a', 1, 1, 0}},
		{"DF above TF", []byte{countsVersion, 1, 2, 1, 0, 1, 'a', 1, 2, 0}},
		{"zero DF", []byte{countsVersion, 1, 1, 1, 0, 1, 'a', 1, 0, 0}},
		{"DF above paragraphs", []byte{countsVersion, 3, 1, 1, 0, 1, 'a', 3, 2, 0}},
		{"tokens not the sum of TF", []byte{countsVersion, 5, 1, 1, 0, 1, 'a', 1, 1, 0}},
		{"empty word", []byte{countsVersion, 1, 1, 1, 0, 0, 1, 1, 0}},
		{"overlong varint", []byte{countsVersion, 0x80, 0, 0, 0, 0}},
		// "ab" then "ac" must share the prefix "a": a shorter shared
		// prefix decodes to the same words but does not re-encode alike.
		{"word prefix not maximal", []byte{countsVersion, 2, 1, 2, 0, 2, 'a', 'b', 1, 1, 0, 2, 'a', 'c', 1, 1, 0}},
		{"pair prefix not maximal", []byte{countsVersion, 0, 1, 0, 2, 0, 2, 'a', 'b', 1, 'x', 1, 1, 0, 2, 'a', 'c', 1, 'x', 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Counts
			if err := c.UnmarshalBinary(tt.in); !errors.Is(err, ErrCorrupt) {
				t.Errorf("UnmarshalBinary(%x) error = %v, want ErrCorrupt", tt.in, err)
			}
		})
	}
}

// FuzzCountsBinary checks that decoding never panics and that what decodes
// re-encodes to the same bytes (the encoding is canonical).
func FuzzCountsBinary(f *testing.F) {
	good, _ := countsOf(mergeCorpus...).MarshalBinary()
	f.Add(good)
	f.Add([]byte{countsVersion, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Counts
		if c.UnmarshalBinary(b) != nil {
			return
		}
		again, _ := c.MarshalBinary()
		if !bytes.Equal(again, b) {
			t.Fatalf("decode(%x) re-encodes to %x", b, again)
		}
	})
}

func TestPartials(t *testing.T) {
	p := make(Partials)
	p.Add(Key{"nyt", "2010-07-02"}, seqOf("military intervention"))
	p.Add(Key{"fox", ""}, seqOf("illegal aliens"))
	p.Add(Key{"fox", "2010-07-03"}, seqOf("military threats"))
	p.Add(Key{"nyt", "2010-07-02"}, seqOf("military"))

	if got, want := p.Keys(), []Key{{"fox", ""}, {"fox", "2010-07-03"}, {"nyt", "2010-07-02"}}; !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, want %v", got, want)
	}
	tot := p.Total()
	if tot.Paragraphs != 4 || tot.Word("military").TF != 3 || tot.Word("military").DF != 3 {
		t.Errorf("Total: paragraphs %d, military %+v, want 4, {3 3}", tot.Paragraphs, tot.Word("military"))
	}
	by := p.Group(ByOutlet)
	if len(by) != 2 || by["fox"].Paragraphs != 2 || by["nyt"].Word("military").TF != 2 {
		t.Errorf("Group(ByOutlet) = fox %d paragraphs, nyt military %+v", by["fox"].Paragraphs, by["nyt"].Word("military"))
	}
	dated := p.Group(func(k Key) (string, bool) { return k.Outlet, k.Day != "" })
	if dated["fox"].Paragraphs != 1 {
		t.Errorf("Group without undated: fox paragraphs = %d, want 1", dated["fox"].Paragraphs)
	}

	// Merge then Sub restores; a key left empty disappears.
	q := make(Partials)
	q.Add(Key{"hpo", "2010-07-02"}, seqOf("death tax"))
	q.Add(Key{"nyt", "2010-07-02"}, seqOf("estate tax"))
	before := make(Partials)
	before.Merge(p)
	p.Merge(q)
	if len(p) != 4 {
		t.Errorf("after Merge: %d keys, want 4", len(p))
	}
	if err := p.Sub(q); err != nil {
		t.Fatalf("Sub error = %v", err)
	}
	if len(p) != len(before) {
		t.Errorf("after Sub: %d keys, want %d", len(p), len(before))
	}
	for k, c := range before {
		if !p[k].Equal(c) {
			t.Errorf("after Sub: partial %v differs", k)
		}
	}
	// A failing Sub changes nothing, not even keys sorted before the
	// failing one.
	bad := make(Partials)
	bad.Add(Key{"fox", ""}, seqOf("illegal aliens"))
	bad.Add(Key{"zzz", ""}, seqOf("unknown"))
	if err := p.Sub(bad); err == nil || !strings.Contains(err.Error(), `"zzz"`) {
		t.Errorf("Sub of unknown key: error = %v, want one naming zzz", err)
	}
	if _, ok := p[Key{"fox", ""}]; !ok || len(p) != len(before) {
		t.Errorf("failed Sub changed the partials")
	}
	if err := p.Sub(q); err == nil {
		t.Errorf("second Sub error = nil, want an error")
	}
}

// TestCountsAddAfterSub checks DF after counts were taken out: the
// paragraph numbering that DF relies on must not repeat.
func TestCountsAddAfterSub(t *testing.T) {
	c := countsOf("military intervention", "military aid")
	if err := c.Sub(countsOf("military aid")); err != nil {
		t.Fatal(err)
	}
	c.Add(seqOf("military threats"))
	c.Add(seqOf("military military"))
	want := countsOf("military intervention", "military threats", "military military")
	if !c.Equal(want) {
		t.Errorf("after Sub and Add: military %+v, want %+v", c.Word("military"), want.Word("military"))
	}
	var d Counts
	b, _ := c.MarshalBinary()
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	d.Add(seqOf("military"))
	want.Add(seqOf("military"))
	if !d.Equal(want) {
		t.Errorf("after decode and Add: military %+v, want %+v", d.Word("military"), want.Word("military"))
	}
}

func TestRestrict(t *testing.T) {
	c := countsOf("Military intervention, military threats and military intervention.", "No military intervention.")
	keep := []Pair{{"military", "intervention"}, {"no", "such"}, {"absent", "pair"}}
	r := c.Restrict(keep)
	if r.Tokens != c.Tokens || r.Paragraphs != c.Paragraphs || !slices.Equal(r.Words(), c.Words()) {
		t.Errorf("Restrict changed the words or totals: %+v", r)
	}
	if got := r.Pairs(); len(got) != 1 || got[0].Pair != keep[0] || got[0].Count != c.Pair(keep[0]) {
		t.Errorf("Restrict pairs = %v, want only %v %v", got, keep[0], c.Pair(keep[0]))
	}
	// The copy is independent of c.
	r.Add(seqOf("military intervention"))
	if c.Pair(keep[0]) == r.Pair(keep[0]) {
		t.Errorf("adding to the restricted copy changed the original")
	}
}

func TestKeepPairs(t *testing.T) {
	tests := []struct {
		name string
		keep []Pair
	}{
		{"one held, two absent", []Pair{{"military", "intervention"}, {"no", "such"}, {"absent", "pair"}}},
		{"none", nil},
		{"all held", []Pair{{"military", "intervention"}, {"military", "threats"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := countsOf("Military intervention, military threats and military intervention.", "No military intervention.")
			want := c.Restrict(tt.keep)
			c.KeepPairs(tt.keep)
			if !c.Equal(want) {
				t.Errorf("got words %v pairs %v, want words %v pairs %v", c.Words(), c.Pairs(), want.Words(), want.Pairs())
			}
			if c.NumPairs() > len(tt.keep) {
				t.Errorf("got %d pairs, want at most %d", c.NumPairs(), len(tt.keep))
			}
		})
	}
}

// TestMergeKeepsSharedDict checks that counts made on a shared dictionary
// keep it when they merge other counts, even while it is empty: outlets'
// counts must stay on the aggregation's dictionary.
func TestMergeKeepsSharedDict(t *testing.T) {
	tests := []struct {
		name  string
		into  func(d *Dict) *Counts
		wantD bool // into keeps d
	}{
		{"shared empty dictionary", NewCountsIn, true},
		{"own empty dictionary", func(*Dict) *Counts { return NewCounts() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDict()
			c := tt.into(d)
			o := NewCounts()
			o.Add(Seq{Terms: []string{"tax", "cut"}, Pos: []int32{0, 1}, Len: 2})
			c.Merge(o)
			if got := c.Dict() == d; got != tt.wantD {
				t.Errorf("keeps the shared dictionary = %v, want %v", got, tt.wantD)
			}
			if got := c.Word("tax").TF; got != 1 {
				t.Errorf("TF(tax) = %d, want 1", got)
			}
			if got := c.Paragraphs; got != 1 {
				t.Errorf("Paragraphs = %d, want 1", got)
			}
		})
	}
}
