package aggregate

import (
	"strings"
	"unicode"
)

// OwnNames are the terms by which a key (an outlet, a group, the pool of
// other outlets) names itself: the words of its outlets' names, two
// adjacent words of a name ("fox news" for "Fox News (Online News)"),
// terms whose letters spell one of its sites' host names without the
// top-level domain ("fox news" for foxnews.com, "huffington post" for
// huffingtonpost.com), and words of three letters or more that begin or
// end such a host name ("huffington", "times" of nytimes.com). An outlet
// that names itself is not framing anything, so keyness and topics leave
// these terms out of the key's own rows.
type OwnNames struct {
	terms  map[string]bool
	labels []string
}

// NewOwnNames collects the own names of outlets with the given sites.
func NewOwnNames(outlets []string, hosts map[string]int64) *OwnNames {
	o := &OwnNames{terms: map[string]bool{}}
	for _, outlet := range outlets {
		name := nameWords(outlet)
		for i, w := range name {
			o.terms[w] = true
			if i+1 < len(name) {
				o.terms[w+" "+name[i+1]] = true
			}
		}
	}
	for h := range hosts {
		parts := strings.Split(h, ".")
		o.labels = append(o.labels, parts[:max(1, len(parts)-1)]...)
	}
	return o
}

// Has reports whether term is one of the own names.
func (o *OwnNames) Has(term string) bool {
	if o.terms[term] {
		return true
	}
	letters := lettersOf(term)
	if letters == "" {
		return false
	}
	word := !strings.Contains(term, " ")
	for _, label := range o.labels {
		if label == letters {
			return true
		}
		if word && len(letters) >= 3 && len(letters) < len(label) &&
			(strings.HasPrefix(label, letters) || strings.HasSuffix(label, letters)) {
			return true
		}
	}
	return false
}

// OwnName reports whether term names outlet itself (see OwnNames).
func OwnName(term, outlet string, hosts map[string]int64) bool {
	return NewOwnNames([]string{outlet}, hosts).Has(term)
}

// nameWords are an outlet name's words, folded as terms are (lower case,
// letters and digits).
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
}

func lettersOf(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
