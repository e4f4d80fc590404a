package reports

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// segment is a run of paragraph text with the same marks. The template
// escapes Text, Title and After; Class is one of our own class names.
// After is a label shown right after the text: the speaker of a quote
// that ends here.
type segment struct {
	Text, Class, Title string
	After              string
}

// mark is a span of a paragraph to highlight; after, when set, is shown
// as a label at byte offset at (its end, or just past a closing quotation
// mark that follows it).
type mark struct {
	start, end int
	class      string
	title      string
	after      string
	at         int
}

// closingQuotes are the marks a quote span may stop just short of; a
// speaker label goes after them, not inside the quotation.
var closingQuotes = []string{"\"", "”", "’", "'", "»"}

// labelAt returns where a label for the span text[:end] goes: end, or
// past a closing quotation mark right after it.
func labelAt(text string, end int) int {
	if end < 0 || end > len(text) {
		return end
	}
	for _, q := range closingQuotes {
		if strings.HasPrefix(text[end:], q) {
			return end + len(q)
		}
	}
	return end
}

// validSpan reports whether s[start:end] is a non-empty slice on rune
// boundaries. Marks that are not are dropped: a page must never split a
// multi-byte rune or index out of range because a cue was computed on
// other text.
func validSpan(s string, start, end int) bool {
	if start < 0 || end > len(s) || start >= end {
		return false
	}
	if !utf8.RuneStart(s[start]) {
		return false
	}
	return end == len(s) || utf8.RuneStart(s[end])
}

// paragraphMarks collects the marks of a paragraph: sentiment cues
// (positive or negative by the sign of their weight), stance cues per
// target, and quoted spans with their speaker.
func paragraphMarks(p *Paragraph) []mark {
	var out []mark
	for _, q := range p.Quotes {
		title := "quote"
		if q.Speaker != "" {
			title = "quote: " + q.Speaker
		}
		out = append(out, mark{q.Start, q.End, "quoted", title, q.Speaker, labelAt(p.Text, q.End)})
	}
	for _, c := range p.Cues {
		class := "cue-pos"
		if c.Weight < 0 {
			class = "cue-neg"
		}
		out = append(out, mark{start: c.Start, end: c.End, class: class, title: fmt.Sprintf("sentiment cue %s", plus(c.Weight))})
	}
	for _, st := range p.Stances {
		for _, c := range st.Cues {
			out = append(out, mark{start: c.Start, end: c.End, class: "cue-stance", title: fmt.Sprintf("stance toward %s: %s (%s)", st.Target, st.Label, plus(c.Weight))})
		}
	}
	return out
}

// highlight splits text at every mark boundary and gives each piece the
// classes and titles of the marks covering it, so overlapping marks (a
// cue inside a quote) need no nesting. Invalid marks are skipped. A
// mark's after label goes on the piece ending at its at offset (or at
// its end when at is not a valid position past it). Adjacent pieces with
// the same marks are merged.
func highlight(text string, marks []mark) []segment {
	var valid []mark
	cuts := []int{0, len(text)}
	for _, m := range marks {
		if validSpan(text, m.start, m.end) {
			if m.at < m.end || m.at > len(text) || m.at < len(text) && !utf8.RuneStart(text[m.at]) {
				m.at = m.end
			}
			valid = append(valid, m)
			cuts = append(cuts, m.start, m.end, m.at)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		lo, hi := cuts[i], cuts[i+1]
		var classes, titles, after []string
		for _, m := range valid {
			if m.start <= lo && hi <= m.end {
				if !slices.Contains(classes, m.class) {
					classes = append(classes, m.class)
				}
				titles = append(titles, m.title)
			}
			if hi == m.at && m.after != "" && !slices.Contains(after, m.after) {
				after = append(after, m.after)
			}
		}
		seg := segment{Text: text[lo:hi], Class: strings.Join(classes, " "), Title: strings.Join(titles, "; "), After: strings.Join(after, ", ")}
		if n := len(out); n > 0 && out[n-1].Class == seg.Class && out[n-1].Title == seg.Title && out[n-1].After == "" {
			out[n-1].Text += seg.Text
			out[n-1].After = seg.After
			continue
		}
		out = append(out, seg)
	}
	return out
}
