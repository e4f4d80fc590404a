package quotes

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFind checks that Find and Analyze never panic, that every segment
// lies within its paragraph with Start <= End, that marks enclose the
// words, and that a valid UTF-8 paragraph gives valid UTF-8 slices.
func FuzzFind(f *testing.F) {
	for _, seed := range []string{
		`He said "we will win" and left.`,
		"“This goes on,” she said, “and on\n\n“and ends.”",
		"Trump’s ’90s 'n' \"\" “” ‘’ '",
		`""We," he said. "Open` + "\n\n" + `"more`,
		"‘single ’ \"double ‘nested’ \" ”stray",
		"Mr. Steele said, “No.” He added: “Yes.”\n\nOfficials have pointed to results.",
		"\xff\"\xfe“",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		paragraphs := strings.Split(s, "\n\n")
		check := func(qs []Quote) {
			for _, q := range qs {
				if q.First > q.Last || len(q.Segments) == 0 {
					t.Fatalf("quote %+v: bad paragraph range", q)
				}
				for _, seg := range q.Segments {
					if seg.Paragraph < q.First || seg.Paragraph > q.Last || seg.Paragraph >= len(paragraphs) {
						t.Fatalf("segment %+v outside quote %d..%d", seg, q.First, q.Last)
					}
					p := paragraphs[seg.Paragraph]
					if seg.MarkStart < 0 || seg.MarkStart > seg.Start || seg.Start > seg.End ||
						seg.End > seg.MarkEnd || seg.MarkEnd > len(p) {
						t.Fatalf("segment %+v out of bounds of %q", seg, p)
					}
					if utf8.ValidString(p) && (!utf8.ValidString(p[seg.Start:seg.End]) ||
						!utf8.ValidString(p[seg.MarkStart:seg.MarkEnd])) {
						t.Fatalf("segment %+v cuts a rune in %q", seg, p)
					}
				}
			}
		}
		check(Find(paragraphs))
		a := Analyze(paragraphs, nil)
		check(a.Quotes)
		for _, at := range a.Attributions {
			p := paragraphs[at.Paragraph]
			if at.VerbStart < 0 || at.VerbStart > at.VerbEnd || at.VerbEnd > len(p) ||
				at.SpeakerStart < 0 || at.SpeakerStart > at.SpeakerEnd || at.SpeakerEnd > len(p) {
				t.Fatalf("attribution %+v out of bounds of %q", at, p)
			}
			if at.Reported && (at.Start < 0 || at.Start > at.End || at.End > len(p)) {
				t.Fatalf("reported span %+v out of bounds of %q", at, p)
			}
		}
		for pi, p := range paragraphs {
			for off := -1; off <= len(p); off++ {
				src := a.At(pi, off)
				if src.Quoted != (src.Quote >= 0) || src.Quote >= len(a.Quotes) || src.Attribution >= len(a.Attributions) {
					t.Fatalf("At(%d, %d) = %+v inconsistent", pi, off, src)
				}
			}
		}
		sum := a.Summary()
		if sum.QuotedBytes > sum.Bytes || sum.QuotedChars > sum.Chars || sum.Attributed > sum.Quotes {
			t.Fatalf("summary %+v inconsistent", sum)
		}
	})
}
