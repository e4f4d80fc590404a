package aggregate

import (
	"strings"
	"unicode"
)

// OwnName reports whether term names the outlet itself: a word of the
// outlet's name, two adjacent words of it ("fox news" for "Fox News
// (Online News)"), or a term whose letters spell one of the outlet's host
// names without its top-level domain ("fox news" for foxnews.com,
// "huffington post" for huffingtonpost.com). An outlet that names itself
// is not framing anything, so keyness and topics leave such terms out.
func OwnName(term, outlet string, hosts map[string]int64) bool {
	name := nameWords(outlet)
	for i, w := range name {
		if term == w {
			return true
		}
		if i+1 < len(name) && term == w+" "+name[i+1] {
			return true
		}
	}
	letters := lettersOf(term)
	if letters == "" {
		return false
	}
	word := !strings.Contains(term, " ")
	for h := range hosts {
		labels := strings.Split(h, ".")
		for _, label := range labels[:max(1, len(labels)-1)] {
			if label == letters {
				return true
			}
			// A word that begins or ends a site's name: "huffington"
			// and "post" of huffingtonpost.com, "times" of nytimes.com.
			if word && len(letters) >= 3 && len(letters) < len(label) &&
				(strings.HasPrefix(label, letters) || strings.HasSuffix(label, letters)) {
				return true
			}
		}
	}
	return false
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
