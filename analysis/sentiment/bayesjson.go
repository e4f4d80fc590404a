package sentiment

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// errBayesShape reports JSON that the fast reader of the naive Bayes model
// does not handle; RestoreBayes then decodes it with encoding/json.
var errBayesShape = errors.New("unexpected JSON shape")

// bayesModel is what RestoreBayes needs of cdipaolo/sentiment's model.json:
// the English model's per-word class counts and its class probabilities.
type bayesModel struct {
	// words and counts are the word entries in file order (a word given
	// twice is in twice; the later counts win).
	words         []string
	counts        [][2]uint64
	probabilities []float64
	hasWords      bool // a "words" object was read
}

// readBayesModel reads model.json, {"en": {"words": {"w": {"Count": [n0,
// n1], "Seen": n}, ...}, "probabilities": [p0, p1], ...}, ...}, keeping only
// what bayesModel holds. It reads the bytes once, without reflection: the
// generic decoder takes most of a second on the 4 MB file. Field names
// match as encoding/json matches struct fields (case-insensitively), a key
// given twice keeps its last value, and numbers parse as encoding/json
// parses them (strconv); anything else the file might hold but does not
// today (a word with a class count that is not a plain integer, a count
// list of another length) is errBayesShape, so that the caller can fall
// back to encoding/json rather than guess.
func readBayesModel(b []byte) (*bayesModel, error) {
	r := &jsonReader{b: b}
	m := &bayesModel{}
	found := false
	err := r.object(func(lang string) error {
		if lang != "en" {
			return r.skip()
		}
		found = true
		m.words, m.counts, m.probabilities, m.hasWords = nil, nil, nil, false
		return r.object(func(field string) error {
			switch {
			case strings.EqualFold(field, "words"):
				m.hasWords = true
				return r.words(m)
			case strings.EqualFold(field, "probabilities"):
				p, err := r.floats()
				m.probabilities = p
				return err
			}
			return r.skip()
		})
	})
	if err != nil {
		return nil, err
	}
	r.space()
	if r.i != len(r.b) {
		return nil, errBayesShape
	}
	if !found || !m.hasWords {
		return nil, errBayesShape
	}
	return m, nil
}

// jsonReader reads the JSON subset of model.json.
type jsonReader struct {
	b []byte
	i int
}

func (r *jsonReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
			continue
		}
		return
	}
}

// expect skips white space and the byte c.
func (r *jsonReader) expect(c byte) error {
	r.space()
	if r.i >= len(r.b) || r.b[r.i] != c {
		return errBayesShape
	}
	r.i++
	return nil
}

// peek skips white space and returns the next byte (0 at the end).
func (r *jsonReader) peek() byte {
	r.space()
	if r.i >= len(r.b) {
		return 0
	}
	return r.b[r.i]
}

// str reads a string. Plain strings (no escapes, valid UTF-8) are
// returned as they are; others are decoded by encoding/json, which turns
// escapes into runes and invalid UTF-8 into U+FFFD.
func (r *jsonReader) str() (string, error) {
	if err := r.expect('"'); err != nil {
		return "", err
	}
	start := r.i
	plain := true
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			raw := r.b[start:r.i]
			r.i++
			if plain && utf8.Valid(raw) {
				return string(raw), nil
			}
			var s string
			if err := json.Unmarshal(r.b[start-1:r.i], &s); err != nil {
				return "", errBayesShape
			}
			return s, nil
		case c == '\\':
			plain = false
			r.i += 2
			continue
		case c < 0x20:
			return "", errBayesShape
		}
		r.i++
	}
	return "", errBayesShape
}

// object reads an object, calling field for each key with the reader at
// the key's value; field must read the value.
func (r *jsonReader) object(field func(key string) error) error {
	if err := r.expect('{'); err != nil {
		return err
	}
	if r.peek() == '}' {
		r.i++
		return nil
	}
	for {
		key, err := r.str()
		if err != nil {
			return err
		}
		if err := r.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return nil
		default:
			return errBayesShape
		}
	}
}

// words appends the entries of a "words" object to m.words and m.counts
// (a second "words" object adds to the first, as encoding/json decodes
// into an existing map).
func (r *jsonReader) words(m *bayesModel) error {
	return r.object(func(w string) error {
		var c [2]uint64
		n := -1 // Count entries read; −1 when the word has no Count
		err := r.object(func(field string) error {
			if !strings.EqualFold(field, "count") {
				return r.skip()
			}
			n = 0
			if err := r.expect('['); err != nil {
				return err
			}
			if r.peek() == ']' {
				r.i++
				return nil
			}
			for {
				v, err := r.uint()
				if err != nil {
					return err
				}
				if n < 2 {
					c[n] = v
				}
				n++
				switch r.peek() {
				case ',':
					r.i++
				case ']':
					r.i++
					return nil
				default:
					return errBayesShape
				}
			}
		})
		if err != nil {
			return err
		}
		if n != 2 {
			return errBayesShape
		}
		m.words = append(m.words, w)
		m.counts = append(m.counts, c)
		return nil
	})
}

// uint reads an unsigned decimal integer.
func (r *jsonReader) uint() (uint64, error) {
	r.space()
	start := r.i
	for r.i < len(r.b) && '0' <= r.b[r.i] && r.b[r.i] <= '9' {
		r.i++
	}
	digits := r.b[start:r.i]
	if len(digits) == 0 || len(digits) > 1 && digits[0] == '0' {
		return 0, errBayesShape
	}
	if r.i < len(r.b) {
		switch r.b[r.i] {
		case '.', 'e', 'E':
			return 0, errBayesShape
		}
	}
	v, err := strconv.ParseUint(string(digits), 10, 64)
	if err != nil {
		return 0, errBayesShape
	}
	return v, nil
}

// number returns the bytes of a JSON number.
func (r *jsonReader) number() ([]byte, error) {
	r.space()
	start := r.i
	for r.i < len(r.b) {
		switch c := r.b[r.i]; {
		case '0' <= c && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			r.i++
			continue
		}
		break
	}
	if r.i == start {
		return nil, errBayesShape
	}
	return r.b[start:r.i], nil
}

// floats reads an array of numbers as encoding/json reads []float64.
func (r *jsonReader) floats() ([]float64, error) {
	if err := r.expect('['); err != nil {
		return nil, err
	}
	out := []float64{}
	if r.peek() == ']' {
		r.i++
		return out, nil
	}
	for {
		tok, err := r.number()
		if err != nil {
			return nil, err
		}
		if !json.Valid(tok) {
			return nil, errBayesShape
		}
		v, err := strconv.ParseFloat(string(tok), 64)
		if err != nil {
			return nil, errBayesShape
		}
		out = append(out, v)
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return out, nil
		default:
			return nil, errBayesShape
		}
	}
}

// skip reads any JSON value. Nested values are checked by encoding/json.
func (r *jsonReader) skip() error {
	switch r.peek() {
	case '"':
		_, err := r.str()
		return err
	case '{', '[':
		start := r.i
		depth := 0
		for r.i < len(r.b) {
			switch r.b[r.i] {
			case '"':
				if _, err := r.str(); err != nil {
					return err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			r.i++
			if depth == 0 {
				if !json.Valid(r.b[start:r.i]) {
					return errBayesShape
				}
				return nil
			}
		}
		return errBayesShape
	}
	r.space()
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		r.i++
	}
	if r.i == start || !json.Valid(r.b[start:r.i]) {
		return errBayesShape
	}
	return nil
}
