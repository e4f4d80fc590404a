package evaluate

import "hash/fnv"

// HeldOut reports whether a row with the given key belongs to the
// held-out fifth that calibration never fits on:
//
//	HeldOut(key) = FNV-1a-64(key) mod 5 == 0
//
// The key is a row's "sentence_id" when it has one, else its "id"
// (Gold.SplitKey): NewsMTSC lists some sentences once per target, and
// keying by sentence keeps all rows of a sentence on the same side.
func HeldOut(key string) bool {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()%5 == 0
}
