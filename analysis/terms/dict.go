package terms

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Dict gives every term it has seen a dense id, in order of first sight.
// Ids never change and terms are never removed, so [Counts] made with
// [NewCountsIn] on one Dict share its ids: merging them, subtracting them
// or comparing their pairs needs no translation, and they can be stored
// without their strings ([Counts.AppendIDs]). The aggregation keeps one Dict
// for the whole corpus in its state.
//
// A Dict is not safe for concurrent use.
type Dict struct {
	ids   map[string]int32
	names []string
}

// NewDict returns an empty dictionary.
func NewDict() *Dict { return &Dict{ids: make(map[string]int32)} }

// Len returns the number of terms.
func (d *Dict) Len() int { return len(d.names) }

// Name returns the term with id.
func (d *Dict) Name(id int32) string { return d.names[id] }

// Lookup returns the id of term, false when d has not seen it.
func (d *Dict) Lookup(term string) (int32, bool) {
	id, ok := d.ids[term]
	return id, ok
}

// ID returns the id of term, giving it the next one (with a copy of the
// string, which usually points into paragraph text) if it has none.
func (d *Dict) ID(term string) int32 {
	if id, ok := d.ids[term]; ok {
		return id
	}
	id := int32(len(d.names))
	term = strings.Clone(term)
	d.ids[term] = id
	d.names = append(d.names, term)
	return id
}

// dictVersion is the first byte of an encoded Dict.
const dictVersion = 1

// AppendBinary appends d to b: a version byte, the number of terms, then
// each term in id order as uvarint length and bytes.
func (d *Dict) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, dictVersion)
	b = binary.AppendUvarint(b, uint64(len(d.names)))
	for _, s := range d.names {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b, nil
}

// UnmarshalBinary replaces d with the dictionary AppendBinary encoded; a
// duplicate or empty term is an error.
func (d *Dict) UnmarshalBinary(b []byte) error {
	dec := decoder{b: b}
	if v := dec.byte(); v != dictVersion {
		return fmt.Errorf("terms: decode dictionary: version %d: %w", v, ErrCorrupt)
	}
	n := dec.count()
	nd := &Dict{ids: make(map[string]int32, n), names: make([]string, 0, n)}
	for i := 0; i < n && dec.err == nil; i++ {
		s := string(dec.bytes())
		if _, dup := nd.ids[s]; dup || s == "" {
			dec.fail()
			break
		}
		nd.ids[s] = int32(len(nd.names))
		nd.names = append(nd.names, s)
	}
	if dec.err == nil && len(dec.b) != 0 {
		dec.fail()
	}
	if dec.err != nil {
		return fmt.Errorf("terms: decode dictionary at byte %d: %w", dec.off, dec.err)
	}
	*d = *nd
	return nil
}
