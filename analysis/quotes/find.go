package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is the part of a quotation that lies in one paragraph.
type Segment struct {
	Paragraph int
	// Start and End are byte offsets of the quoted words in the paragraph,
	// quotation marks excluded: paragraph[Start:End] is the quoted text.
	Start, End int
	// MarkStart and MarkEnd widen [Start, End) to include the opening and
	// closing marks that are present (a continued or unclosed segment has
	// none on that side).
	MarkStart, MarkEnd int
}

// Quote is one direct quotation, possibly running over several paragraphs.
type Quote struct {
	// First and Last are the indexes of its first and last paragraph.
	First, Last int
	// Segments holds one segment per paragraph, in order.
	Segments []Segment
	// Text is the quoted words, segments joined by "\n".
	Text string
	// Closed is set when a closing mark ends the quotation; an unclosed
	// one runs to the end of its last paragraph.
	Closed bool
	// Speaker is the canonical name of who is quoted ("Michael Steele"),
	// a description ("officials") when no name is given, or "" when
	// unknown. Verb is the speech verb that attributes it ("said",
	// "according to"). Find leaves both empty; Analyze fills them.
	Speaker string
	Verb    string
	// Nominal is set when Speaker is a description, not a name.
	Nominal bool
}

// Find returns the direct quotations in an article's paragraphs, in order.
//
// Double quotation marks may be curly (“ ”) or straight ("); a straight
// mark opens when it touches the next word and follows a space, the start
// of the paragraph or an opening bracket, and closes when it touches the
// previous word; otherwise it toggles. Mixed pairs (“...") are accepted. A
// mark that closes nothing is ignored, and a doubled opening mark (""We)
// counts once. Single marks (‘ ’ and ') quote only when an opening mark
// before a letter is later closed in the same paragraph, so apostrophes
// ("Trump’s", "’90s", "don't") never open a quotation; inside a double
// quotation they nest without ending it.
//
// News convention for quotations over several paragraphs is followed: a
// quotation left open at the end of a paragraph continues when the next
// paragraph starts with an opening double mark; otherwise it ends, unclosed,
// at the end of its paragraph. The title of a programme or publication in
// quotation marks ('he told "Today."', 'on the "Today" show') is no
// quotation (see namesATitle); scare quotes are. The time is linear in the
// length of the text.
func Find(paragraphs []string) []Quote {
	var f finder
	for pi, p := range paragraphs {
		f.paragraph(pi, p)
	}
	f.endUnclosed()
	kept := f.quotes[:0]
	for _, q := range f.quotes {
		if !namesATitle(paragraphs, q) {
			kept = append(kept, q)
		}
	}
	return kept
}

// titleBefore and titleAfter are the words around a quoted title that
// mark it as the name of a programme or publication rather than speech:
// 'he told "Today."', 'on the "Today" show'.
var (
	titleBefore = map[string]bool{"told": true, "tells": true, "on": true}
	// titleJoiners may stand in lower case inside a title ("Meet the Press").
	titleJoiners = map[string]bool{"the": true, "of": true, "and": true, "a": true, "for": true, "in": true, "on": true, "at": true, "to": true}
	titleAfter   = map[string]bool{"show": true, "programme": true, "program": true, "newspaper": true,
		"magazine": true, "podcast": true, "series": true, "column": true}
)

// namesATitle reports whether q, closed and within one paragraph, quotes
// one to four capitalised words ("Today", "Meet the Press") right after
// a word of titleBefore or right before one of titleAfter: the title of a
// programme or publication, which news writes in quotation marks, not
// something said. It reads at most five words of the quotation and one
// word on each side of it (a word longer than maxTitleContext bytes is
// none of the listed ones), so that Find stays linear in the length of the
// text however many quotations a paragraph holds.
func namesATitle(paragraphs []string, q Quote) bool {
	if !q.Closed || q.First != q.Last || len(q.Segments) != 1 {
		return false
	}
	sg := q.Segments[0]
	p := paragraphs[sg.Paragraph]
	n := 0
	for w := range strings.FieldsSeq(strings.TrimRight(p[sg.Start:sg.End], ".,")) {
		if n++; n > 4 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (n == 1 || !titleJoiners[w]) || strings.ContainsAny(w, ",;:!?") {
			return false
		}
	}
	if n == 0 {
		return false
	}
	if before, ok := wordBefore(p, sg.MarkStart); ok && titleBefore[strings.ToLower(before)] {
		return true
	}
	after, ok := wordAfter(p, sg.MarkEnd)
	return ok && titleAfter[strings.ToLower(strings.Trim(after, ".,;:"))]
}

// maxTitleContext bounds the bytes of the word read on either side of a
// quoted title: longer than any word of titleBefore or titleAfter, even
// with the punctuation trimmed from it.
const maxTitleContext = 32

// wordBefore returns the last white-space separated word of p[:i] (the
// last of strings.Fields(p[:i])); ok is false when there is none or it is
// longer than maxTitleContext bytes.
func wordBefore(p string, i int) (string, bool) {
	end := len(strings.TrimRightFunc(p[:i], unicode.IsSpace))
	start := end
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(p[:start])
		if unicode.IsSpace(r) {
			break
		}
		if start -= size; end-start > maxTitleContext {
			return "", false
		}
	}
	return p[start:end], start < end
}

// wordAfter returns the first white-space separated word of p[i:] (the
// first of strings.Fields(p[i:])); ok is false when there is none or it is
// longer than maxTitleContext bytes.
func wordAfter(p string, i int) (string, bool) {
	start := len(p) - len(strings.TrimLeftFunc(p[i:], unicode.IsSpace))
	end := start
	for end < len(p) {
		r, size := utf8.DecodeRuneInString(p[end:])
		if unicode.IsSpace(r) {
			break
		}
		if end += size; end-start > maxTitleContext {
			return "", false
		}
	}
	return p[start:end], start < end
}

// finder is the state of the mark scanner across paragraphs.
type finder struct {
	quotes []Quote
	open   bool // a top-level quotation is open
	double bool // ... with a double mark (else a single one, tentative)
	cur    Quote
	// segStart and markStart are where the open segment starts in the
	// current paragraph.
	segStart, markStart int
	// nested holds the marks opened inside the quotation (true: double).
	nested []bool
	// afterOpener is the offset just past the last opening double mark, to
	// recognise a doubled mark.
	afterOpener int
	// pending is set when the open quotation ended its paragraph without a
	// closing mark and may continue in the next one.
	pending bool
	// texts are the texts of the open quotation's segments.
	texts []string
}

func (f *finder) paragraph(pi int, p string) {
	start := 0
	if f.pending {
		f.pending = false
		i := firstNonSpace(p)
		if r, size := utf8.DecodeRuneInString(p[i:]); (r == '“' || r == '"') && i+size < len(p) {
			// Continued quotation: a new segment after the opening mark.
			f.nested = f.nested[:0]
			f.segStart, f.markStart = i+size, i
			f.afterOpener = i + size
			start = i + size
		} else {
			f.finish(false)
		}
	}
	for i := start; i < len(p); {
		if c := p[i]; c < utf8.RuneSelf && c != '"' && c != '\'' {
			i++ // no quotation mark
			continue
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		switch r {
		case '“':
			f.openDouble(pi, i, size)
		case '”':
			f.closeDouble(pi, p, i, size)
		case '"':
			canOpen, canClose := flanks(p, i, size)
			switch {
			case canOpen && !canClose:
				f.openDouble(pi, i, size)
			case canClose && !canOpen:
				f.closeDouble(pi, p, i, size)
			case f.open && (f.double || len(f.nested) > 0):
				f.closeDouble(pi, p, i, size)
			default:
				f.openDouble(pi, i, size)
			}
		case '‘', '’', '\'':
			canOpen, canClose := flanks(p, i, size)
			nextLetter := false
			if i+size < len(p) {
				n, _ := utf8.DecodeRuneInString(p[i+size:])
				nextLetter = unicode.IsLetter(n)
			}
			switch {
			case canOpen && nextLetter && r != '’':
				f.openSingle(pi, i, size)
			case canClose && r != '‘':
				f.closeSingle(pi, p, i, size)
			}
		}
		i += size
	}
	if !f.open {
		return
	}
	if !f.double {
		// A single mark that nothing closed was an apostrophe.
		f.open = false
		f.nested = f.nested[:0]
		return
	}
	end := len(p)
	for end > f.segStart {
		r, size := utf8.DecodeLastRuneInString(p[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	f.addSegment(pi, p, f.segStart, end, f.markStart, end)
	f.pending = true
}

func (f *finder) openDouble(pi, i, size int) {
	switch {
	case !f.open:
		f.begin(pi, i, size, true)
	case !f.double && len(f.nested) == 0:
		// A tentative single quotation gives way to a double one.
		f.begin(pi, i, size, true)
	case i == f.afterOpener:
		// A doubled opening mark: ""We.
		if f.segStart == i {
			f.segStart = i + size
		}
	default:
		f.nested = append(f.nested, true)
	}
	f.afterOpener = i + size
}

func (f *finder) closeDouble(pi int, p string, i, size int) {
	if !f.open {
		return // a stray closing mark
	}
	for len(f.nested) > 0 && !f.nested[len(f.nested)-1] {
		f.nested = f.nested[:len(f.nested)-1] // an unclosed single mark inside
	}
	if len(f.nested) > 0 {
		f.nested = f.nested[:len(f.nested)-1]
		return
	}
	// Closes the top-level quotation, even a single-mark one ('...").
	f.addSegment(pi, p, f.segStart, i, f.markStart, i+size)
	f.finish(true)
}

func (f *finder) openSingle(pi, i, size int) {
	if !f.open {
		f.begin(pi, i, size, false)
		return
	}
	f.nested = append(f.nested, false)
}

func (f *finder) closeSingle(pi int, p string, i, size int) {
	if !f.open {
		return
	}
	if n := len(f.nested); n > 0 {
		if !f.nested[n-1] {
			f.nested = f.nested[:n-1]
		}
		return
	}
	if f.double {
		return // an apostrophe inside a double quotation: "voters’ rights"
	}
	if countLetters(p[f.segStart:i]) < 2 {
		// 'n' in "rock 'n' roll" quotes nothing.
		f.open = false
		f.nested = f.nested[:0]
		return
	}
	f.addSegment(pi, p, f.segStart, i, f.markStart, i+size)
	f.finish(true)
}

func (f *finder) begin(pi, i, size int, double bool) {
	f.open, f.double = true, double
	f.cur = Quote{First: pi}
	f.texts = f.texts[:0]
	f.segStart, f.markStart = i+size, i
	f.nested = f.nested[:0]
}

func (f *finder) addSegment(pi int, p string, start, end, markStart, markEnd int) {
	// The segments' texts are joined once, in finish: appending to Text
	// here would copy a quotation over many paragraphs once per paragraph.
	f.texts = append(f.texts, p[start:end])
	f.cur.Segments = append(f.cur.Segments, Segment{Paragraph: pi, Start: start, End: end,
		MarkStart: markStart, MarkEnd: markEnd})
	f.cur.Last = pi
}

// finish records the open quotation unless it quotes nothing.
func (f *finder) finish(closed bool) {
	f.open, f.pending = false, false
	f.nested = f.nested[:0]
	q := f.cur
	f.cur = Quote{}
	if len(f.texts) == 1 {
		q.Text = f.texts[0]
	} else {
		q.Text = strings.Join(f.texts, "\n")
	}
	f.texts = f.texts[:0]
	if strings.TrimSpace(q.Text) == "" {
		return
	}
	q.Closed = closed
	f.quotes = append(f.quotes, q)
}

// endUnclosed ends a quotation left open at the end of the previous
// paragraph.
func (f *finder) endUnclosed() {
	if f.pending {
		f.finish(false)
	}
}

// flanks reports whether the mark p[i:i+size] can open a quotation (it
// touches the next word and follows a space, the start, a bracket, a dash
// or another mark) and whether it can close one (it touches the previous
// character and is followed by a space, the end or punctuation).
func flanks(p string, i, size int) (canOpen, canClose bool) {
	var prev, next rune = -1, -1
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(p[:i])
	}
	if j := i + size; j < len(p) {
		next, _ = utf8.DecodeRuneInString(p[j:])
	}
	prevBoundary := prev < 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/“‘\"'«", prev)
	nextBoundary := next < 0 || unicode.IsSpace(next) || strings.ContainsRune(".,;:!?)]}—–-”’\"'…»", next)
	canOpen = next >= 0 && !unicode.IsSpace(next) && prevBoundary
	canClose = prev >= 0 && !unicode.IsSpace(prev) && nextBoundary
	return canOpen, canClose
}

func firstNonSpace(p string) int {
	for i, r := range p {
		if !unicode.IsSpace(r) {
			return i
		}
	}
	return len(p)
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
