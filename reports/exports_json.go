package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"newsframe/analysis/sentiment"
	"newsframe/analysis/stance"
)

// The JSON-lines exports are written by hand-rolled appenders that give
// the bytes encoding/json gives (an Encoder with SetEscapeHTML(false)):
// reflection made encoding/json the largest cost of writing them (about
// 5 µs per paragraph). TestExportRowsMatchEncodingJSON compares the two on
// the sample corpus and on edge cases, and TestExportRowFields fails when
// a row type gains a field the appenders do not know.

// jsonAppender appends JSON values to b.
type jsonAppender struct {
	b   []byte
	err error
	// meta encodes map[string]any values with encoding/json.
	meta    bytes.Buffer
	metaEnc *json.Encoder
}

func (a *jsonAppender) raw(s string) { a.b = append(a.b, s...) }

func (a *jsonAppender) str(s string) { a.b = appendJSONString(a.b, s) }

func (a *jsonAppender) int(v int) { a.b = strconv.AppendInt(a.b, int64(v), 10) }

func (a *jsonAppender) boolean(v bool) { a.b = strconv.AppendBool(a.b, v) }

// float appends f as encoding/json does: like ES6 number formatting, 'e'
// notation below 1e-6 and from 1e21, with exponents not padded.
func (a *jsonAppender) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if a.err == nil {
			a.err = fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
		}
		a.b = append(a.b, '0')
		return
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(a.b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	a.b = b
}

// stringOrNull appends *s, or null.
func (a *jsonAppender) stringOrNull(s *string) {
	if s == nil {
		a.raw("null")
		return
	}
	a.str(*s)
}

// any appends v through encoding/json (metadata of any shape).
func (a *jsonAppender) any(v any) {
	if a.metaEnc == nil {
		a.metaEnc = json.NewEncoder(&a.meta)
		a.metaEnc.SetEscapeHTML(false)
	}
	a.meta.Reset()
	if err := a.metaEnc.Encode(v); err != nil {
		if a.err == nil {
			a.err = err
		}
		a.raw("null")
		return
	}
	a.b = append(a.b, bytes.TrimSuffix(a.meta.Bytes(), []byte("\n"))...)
}

func (a *jsonAppender) cues(cs []sentiment.Cue) {
	a.b = append(a.b, '[')
	for i, c := range cs {
		if i > 0 {
			a.b = append(a.b, ',')
		}
		a.raw(`{"text":`)
		a.str(c.Text)
		a.raw(`,"weight":`)
		a.float(c.Weight)
		a.raw(`,"start":`)
		a.int(c.Start)
		a.raw(`,"end":`)
		a.int(c.End)
		a.b = append(a.b, '}')
	}
	a.b = append(a.b, ']')
}

func (a *jsonAppender) sentiment(r *sentiment.Result) {
	a.raw(`{"score":`)
	a.float(r.Score)
	a.raw(`,"label":`)
	a.str(string(r.Label))
	if len(r.Cues) > 0 {
		a.raw(`,"cues":`)
		a.cues(r.Cues)
	}
	a.b = append(a.b, '}')
}

func (a *jsonAppender) stance(rs []stance.Result) {
	if rs == nil {
		a.raw("null")
		return
	}
	a.b = append(a.b, '[')
	for i := range rs {
		r := &rs[i]
		if i > 0 {
			a.b = append(a.b, ',')
		}
		a.raw(`{"target":`)
		a.str(r.Target)
		a.raw(`,"label":`)
		a.str(string(r.Label))
		a.raw(`,"score":`)
		a.float(r.Score)
		a.raw(`,"latent":`)
		a.float(r.Latent)
		if len(r.Cues) > 0 {
			a.raw(`,"cues":`)
			a.cues(r.Cues)
		}
		a.raw(`,"quoted":`)
		a.boolean(r.Quoted)
		if r.Speaker != "" {
			a.raw(`,"speaker":`)
			a.str(r.Speaker)
		}
		a.raw(`,"mentions":`)
		a.int(r.Mentions)
		a.raw(`,"scored":`)
		a.int(r.Scored)
		a.b = append(a.b, '}')
	}
	a.b = append(a.b, ']')
}

func (a *jsonAppender) strings(ss []string) {
	if ss == nil {
		a.raw("null")
		return
	}
	a.b = append(a.b, '[')
	for i, s := range ss {
		if i > 0 {
			a.b = append(a.b, ',')
		}
		a.str(s)
	}
	a.b = append(a.b, ']')
}

// paragraphRow appends row as one line of paragraphs.jsonl.
func (a *jsonAppender) paragraphRow(row *ParagraphRow) {
	a.raw(`{"article_id":`)
	a.str(row.ArticleID)
	a.raw(`,"outlet":`)
	a.str(row.Outlet)
	a.raw(`,"published":`)
	a.stringOrNull(row.Published)
	a.raw(`,"paragraph":`)
	a.int(row.Paragraph)
	a.raw(`,"story_id":`)
	a.str(row.StoryID)
	a.raw(`,"text":`)
	a.str(row.Text)
	a.raw(`,"sentiment":`)
	a.sentiment(&row.Sentiment)
	a.raw(`,"stance":`)
	a.stance(row.Stance)
	a.raw(`,"quoted_share":`)
	a.float(row.QuotedShare)
	a.raw(`,"speakers":`)
	a.strings(row.Speakers)
	a.raw(`,"shared":`)
	a.boolean(row.Shared)
	a.raw("}\n")
}

// articleRow appends row as one line of articles.jsonl.
func (a *jsonAppender) articleRow(row *ArticleRow) {
	a.raw(`{"id":`)
	a.str(row.ID)
	a.raw(`,"outlet":`)
	a.str(row.Outlet)
	a.raw(`,"title":`)
	a.str(row.Title)
	a.raw(`,"subtitle":`)
	a.str(row.Subtitle)
	a.raw(`,"author":`)
	a.str(row.Author)
	a.raw(`,"published":`)
	a.stringOrNull(row.Published)
	a.raw(`,"url":`)
	a.str(row.URL)
	a.raw(`,"source":`)
	a.str(row.Source)
	a.raw(`,"hash":`)
	a.str(row.Hash)
	a.raw(`,"story_id":`)
	a.str(row.StoryID)
	a.raw(`,"paragraphs":`)
	a.int(row.Paragraphs)
	a.raw(`,"shared_paragraphs":`)
	a.int(row.Shared)
	a.raw(`,"sentiment":{"mean":`)
	a.float(row.Sentiment.Mean)
	a.raw(`,"label":`)
	a.str(string(row.Sentiment.Label))
	a.raw(`},"stance":`)
	if row.Stance == nil {
		a.raw("null")
	} else {
		a.b = append(a.b, '[')
		for i := range row.Stance {
			s := &row.Stance[i]
			if i > 0 {
				a.b = append(a.b, ',')
			}
			a.raw(`{"target":`)
			a.str(s.Target)
			a.raw(`,"label":`)
			a.str(s.Label)
			a.raw(`,"score":`)
			a.float(s.Score)
			a.raw(`,"latent":`)
			a.float(s.Latent)
			if s.Headline {
				a.raw(`,"headline":true`)
			}
			a.raw(`,"mentions":`)
			a.int(s.Mentions)
			a.raw(`,"paragraphs":`)
			a.int(s.Paragraphs)
			a.raw(`,"quoted_paragraphs":`)
			a.int(s.QuotedParagraphs)
			a.b = append(a.b, '}')
		}
		a.b = append(a.b, ']')
	}
	a.raw(`,"quotes":{"share":`)
	a.float(row.Quotes.Share)
	a.raw(`,"quotes":`)
	a.int(row.Quotes.Quotes)
	a.raw(`,"speakers":`)
	if row.Quotes.Speakers == nil {
		a.raw("null")
	} else {
		names := make([]string, 0, len(row.Quotes.Speakers))
		for name := range row.Quotes.Speakers {
			names = append(names, name)
		}
		slices.Sort(names)
		a.b = append(a.b, '{')
		for i, name := range names {
			if i > 0 {
				a.b = append(a.b, ',')
			}
			a.str(name)
			a.b = append(a.b, ':')
			a.int(row.Quotes.Speakers[name])
		}
		a.b = append(a.b, '}')
	}
	a.raw(`},"topics":`)
	if row.Topics == nil {
		a.raw("null")
	} else {
		a.b = append(a.b, '[')
		for i, t := range row.Topics {
			if i > 0 {
				a.b = append(a.b, ',')
			}
			a.raw(`{"topic":`)
			a.int(t.Topic)
			a.raw(`,"weight":`)
			a.float(t.Weight)
			a.b = append(a.b, '}')
		}
		a.b = append(a.b, ']')
	}
	a.raw(`,"meta":`)
	a.any(row.Meta)
	a.raw("}\n")
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: '"', '\\' and control characters escaped, invalid UTF-8 as
// \ufffd, U+2028 and U+2029 as \u2028 and \u2029.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
