package terms

import (
	"testing"
)

func TestDictBinary(t *testing.T) {
	d := NewDict()
	for _, w := range []string{"tax", "estate", "tax", "über", "council"} {
		d.ID(w)
	}
	if d.Len() != 4 {
		t.Fatalf("Len = %d, want 4", d.Len())
	}
	b, err := d.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var back Dict
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := range d.Len() {
		if got, want := back.Name(int32(i)), d.Name(int32(i)); got != want {
			t.Errorf("Name(%d) = %q, want %q", i, got, want)
		}
		if id, ok := back.Lookup(d.Name(int32(i))); !ok || id != int32(i) {
			t.Errorf("Lookup(%q) = %d, %v, want %d", d.Name(int32(i)), id, ok, i)
		}
	}
	tests := []struct {
		name string
		blob []byte
	}{
		{"empty", nil},
		{"version", []byte{9, 0}},
		{"truncated", b[:len(b)-1]},
		{"trailing", append(append([]byte(nil), b...), 0)},
		{"duplicate", []byte{dictVersion, 2, 1, 'a', 1, 'a'}},
		{"empty term", []byte{dictVersion, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x Dict
			if err := x.UnmarshalBinary(tt.blob); err == nil {
				t.Errorf("UnmarshalBinary(%q) = nil, want an error", tt.blob)
			}
		})
	}
}

// TestCountsInDict checks Counts sharing one dictionary against Counts
// with their own: the same figures from Merge, Sub and Equal, and an
// AppendIDs round trip.
func TestCountsInDict(t *testing.T) {
	paras := []string{
		"The estate tax vote split the council.",
		"Critics of the estate tax warned the council again.",
		"Military intervention was not on the council's agenda.",
		"",
	}
	d := NewDict()
	d.ID("unrelated") // ids need not start with these words
	shared := make([]*Counts, len(paras))
	own := make([]*Counts, len(paras))
	for i, p := range paras {
		shared[i] = NewCountsIn(d)
		shared[i].Add(seqOf(p))
		own[i] = countsOf(p)
		if !shared[i].Equal(own[i]) || !own[i].Equal(shared[i]) {
			t.Fatalf("paragraph %d: counts in a shared dictionary differ from their own", i)
		}
	}
	total := NewCountsIn(d)
	want := NewCounts()
	for i := range paras {
		total.Merge(shared[i])
		want.Merge(own[i])
	}
	if !total.Equal(want) {
		t.Fatal("merged counts in a shared dictionary differ")
	}
	if err := total.Sub(shared[1]); err != nil {
		t.Fatal(err)
	}
	if err := want.Sub(own[1]); err != nil {
		t.Fatal(err)
	}
	if !total.Equal(want) {
		t.Fatal("after Sub, counts in a shared dictionary differ")
	}
	if err := total.Sub(shared[1]); err == nil {
		t.Error("subtracting the same paragraph twice gave no error")
	}

	blob := total.AppendIDs(nil)
	var back Counts
	if err := back.UnmarshalIDs(d, blob); err != nil {
		t.Fatal(err)
	}
	if !back.Equal(total) {
		t.Error("AppendIDs/UnmarshalIDs changed the counts")
	}
	if again := back.AppendIDs(nil); string(again) != string(blob) {
		t.Error("re-encoding gave other bytes")
	}
	// Binary (strings) encodings agree too.
	b1, _ := total.MarshalBinary()
	b2, _ := want.MarshalBinary()
	if string(b1) != string(b2) {
		t.Error("MarshalBinary of counts in a shared dictionary differs from their own")
	}
	for cut := 0; cut < len(blob); cut++ {
		if err := back.UnmarshalIDs(d, blob[:cut]); err == nil {
			t.Errorf("UnmarshalIDs accepted %d of %d bytes", cut, len(blob))
		}
	}
	if err := back.UnmarshalIDs(NewDict(), blob); err == nil {
		t.Error("UnmarshalIDs accepted ids outside the dictionary")
	}
}
