package quotes

import "unicode/utf8"

// Summary counts an article's text and quotations. Every field is a sum, so
// the summary of an outlet (or corpus) is the Merge of its articles'; the
// share of text quoted is QuotedChars / Chars of the merged summary.
type Summary struct {
	// Articles is the number of articles summed (1 for one article).
	Articles int
	// Bytes and Chars measure the paragraphs' text (UTF-8 bytes and
	// characters, i.e. runes); QuotedBytes and QuotedChars the quoted words
	// within them, quotation marks excluded.
	Bytes, Chars             int
	QuotedBytes, QuotedChars int
	// Quotes is the number of quotations; Attributed the number with a
	// speaker (named or described).
	Quotes, Attributed int
	// Speakers counts quotations per speaker, names and descriptions
	// alike; "most quoted" is the largest count.
	Speakers map[string]int
}

// Summary returns the counts of the analysed article.
func (a *Analysis) Summary() Summary {
	s := a.summary
	s.Speakers = make(map[string]int, len(a.summary.Speakers))
	for k, v := range a.summary.Speakers {
		s.Speakers[k] = v
	}
	return s
}

func (a *Analysis) summarize(paragraphs []string) {
	s := Summary{Articles: 1, Speakers: map[string]int{}}
	for _, p := range paragraphs {
		s.Bytes += len(p)
		s.Chars += utf8.RuneCountInString(p)
	}
	for _, q := range a.Quotes {
		s.Quotes++
		for _, seg := range q.Segments {
			s.QuotedBytes += seg.End - seg.Start
			s.QuotedChars += utf8.RuneCountInString(paragraphs[seg.Paragraph][seg.Start:seg.End])
		}
		if q.Speaker != "" {
			s.Attributed++
			s.Speakers[q.Speaker]++
		}
	}
	a.summary = s
}

// Merge adds the counts of o to s; o is left unchanged.
func (s *Summary) Merge(o Summary) {
	s.Articles += o.Articles
	s.Bytes += o.Bytes
	s.Chars += o.Chars
	s.QuotedBytes += o.QuotedBytes
	s.QuotedChars += o.QuotedChars
	s.Quotes += o.Quotes
	s.Attributed += o.Attributed
	if len(o.Speakers) > 0 && s.Speakers == nil {
		s.Speakers = make(map[string]int, len(o.Speakers))
	}
	for k, v := range o.Speakers {
		s.Speakers[k] += v
	}
}

// QuotedShare returns QuotedChars / Chars, the share of text that is
// quoted, in [0, 1]; 0 when there is no text.
func (s Summary) QuotedShare() float64 {
	if s.Chars == 0 {
		return 0
	}
	return float64(s.QuotedChars) / float64(s.Chars)
}
