package corpus

import "strings"

// relatedLinkSpan bounds the bytes between the start of an inserted
// related-stories link and its closing "MORE".
const relatedLinkSpan = 600

// StripRelatedLinks removes the related-story links that some sites insert
// after a person's name, scraped with the text. The Hill writes "President
// Trump Donald John TrumpGOP senators balk at lengthy impeachment trial
// Warren goes local in race to build 2020 movement MORE’s 2016 campaign":
// after the name in the text, the person's full name glued to the first
// linked headline, more headlines, then "MORE". On the AllSides half
// these headlines formed a topic of their own ("balk, drug pricing, john
// trumpgop"). The span is removed only when all three marks are there: the
// name in the text, repeated as the last word of a full name of up to five
// words, glued to a capital letter ("TrumpGOP"), and the word "MORE" in
// capitals within 600 bytes; ordinary text has never all three.
func StripRelatedLinks(p string) string {
	from := 0
	for {
		k := indexMore(p, from)
		if k < 0 {
			return p
		}
		start, ok := relatedLinkStart(p, max(0, k-relatedLinkSpan), k)
		if !ok {
			from = k + 4
			continue
		}
		end := k + 4
		rest := p[end:]
		head := strings.TrimRight(p[:start], " ")
		switch {
		case rest == "":
		case strings.HasPrefix(rest, " "):
			head += " "
			rest = strings.TrimLeft(rest, " ")
		}
		p = head + rest
		from = len(head)
	}
}

// indexMore returns the index of the next word "MORE" at or after from (a
// whole word in capitals, then anything but a letter), -1 when none.
func indexMore(p string, from int) int {
	for from < len(p) {
		i := strings.Index(p[from:], "MORE")
		if i < 0 {
			return -1
		}
		i += from
		before := i == 0 || p[i-1] == ' '
		after := i+4 == len(p) || !isASCIILetter(p[i+4])
		if before && after {
			return i
		}
		from = i + 4
	}
	return -1
}

// relatedLinkStart finds, in p[lo:hi], a word glued to a capital letter
// ("TrumpGOP": a capitalised word, then a capital) whose first part is the
// surname of a full name of up to three capitalised words that directly
// follows the same surname ("Trump Donald John TrumpGOP", "Mueller Robert
// (Bob) Swan MuellerSpeier"); it returns the start of that full name.
func relatedLinkStart(p string, lo, hi int) (int, bool) {
	for j := lo + 1; j < hi; j++ {
		if !isUpper(p[j]) || !isLower(p[j-1]) {
			continue
		}
		// The glued word starts after the last space before j.
		w := strings.LastIndexByte(p[lo:j], ' ') + 1 + lo
		if w <= lo || !isUpper(p[w]) || j-w < 3 {
			continue
		}
		surname := p[w:j]
		// Back over the full name's first words to the same surname.
		pos := w
		for range 4 {
			prevEnd := pos - 1 // the space before the word at pos
			if prevEnd <= lo {
				break
			}
			prevStart := strings.LastIndexByte(p[lo:prevEnd], ' ') + 1 + lo
			word := p[prevStart:prevEnd]
			if word == surname {
				if pos == w {
					break // the full name has no first name
				}
				return pos, true
			}
			// A first or middle name, or a nickname: "(Bob)".
			if word == "" || !(isUpper(word[0]) || len(word) > 1 && word[0] == '(' && isUpper(word[1])) {
				break
			}
			pos = prevStart
		}
	}
	return 0, false
}

func isUpper(c byte) bool       { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool       { return c >= 'a' && c <= 'z' }
func isASCIILetter(c byte) bool { return isUpper(c) || isLower(c) }
