package quotes

import (
	"reflect"
	"strings"
	"testing"
)

// texts returns the Text of each quotation.
func texts(qs []Quote) []string {
	out := []string{}
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func TestFindTexts(t *testing.T) {
	tests := []struct {
		name       string
		paragraphs []string
		want       []string
	}{
		{"straight", []string{`He said "we will win" and left.`}, []string{"we will win"}},
		{"curly", []string{"She called it “a war of choice.”"}, []string{"a war of choice."}},
		{"two in one paragraph", []string{`"Yes," he said. "No."`}, []string{"Yes,", "No."}},
		{"curly with inner single",
			[]string{"He added, “the war was not ‘a war of Obama’s choosing.’ It has been prosecuted.”"},
			[]string{"the war was not ‘a war of Obama’s choosing.’ It has been prosecuted."}},
		{"straight with inner straight single",
			[]string{`"He said to me, 'You share my values,'" Ryan said.`},
			[]string{`He said to me, 'You share my values,'`}},
		{"nested double", []string{`"They call it "the plan" today," she said.`},
			[]string{`They call it "the plan" today,`}},
		{"mixed curly open, straight close", []string{`“We will see," he said.`}, []string{"We will see,"}},
		{"apostrophes are not quotes",
			[]string{"Trump’s plan, the ’90s, rock 'n' roll and the voters’ choice don't quote anything."},
			[]string{}},
		{"apostrophe inside quote",
			[]string{"“It’s the ’90s again, isn’t it?” he asked."},
			[]string{"It’s the ’90s again, isn’t it?"}},
		{"top-level single quote", []string{"He called the plan 'severely conservative' twice."},
			[]string{"severely conservative"}},
		{"unclosed single is an apostrophe", []string{"The 'em dash and the rest."}, []string{}},
		{"stray closing mark", []string{`He is 6 feet 2" tall.`}, []string{}},
		{"doubled opening mark", []string{`""We have learned," he said.`}, []string{"We have learned,"}},
		{"empty quotation", []string{`It was "" blank.`}, []string{}},
		{"programme title after told", []string{`"I hope he can," he told "Today."`}, []string{"I hope he can,"}},
		{"programme title before show", []string{"In an interview on the “Today” show, he spoke."}, []string{}},
		{"programme title after on", []string{`He said so on "Meet the Press" and left.`}, []string{}},
		{"short speech after said is kept", []string{`He said "No." and left.`}, []string{"No."}},
		{"scare-quoted name is kept", []string{"The “Monroe Doctrine” returned."}, []string{"Monroe Doctrine"}},
		{"unclosed runs to end of paragraph",
			[]string{`She said "this will not stand`, `Officials disagreed.`},
			[]string{"this will not stand"}},
		{"continued across paragraphs",
			[]string{"“This is the first part,” he said. “And this goes on",
				"“into a second paragraph",
				"“and ends here.”", "Then the outlet speaks."},
			[]string{"This is the first part,", "And this goes on\ninto a second paragraph\nand ends here."}},
		{"continued with straight marks",
			[]string{`"One paragraph`, `"and the next."`},
			[]string{"One paragraph\nand the next."}},
		{"headline quote with apostrophe", []string{"‘Trump’s war’ begins, critics say."}, []string{"Trump’s war"}},
		{"single closed by double", []string{`'One party won't tax and will spend."`},
			[]string{"One party won't tax and will spend."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(Find(tc.paragraphs))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) = %q, want %q", tc.paragraphs, got, tc.want)
			}
		})
	}
}

func TestFindSegments(t *testing.T) {
	tests := []struct {
		name       string
		paragraphs []string
		want       []Quote
	}{
		{
			name:       "offsets exclude the marks",
			paragraphs: []string{`He said "no".`},
			want: []Quote{{First: 0, Last: 0, Text: "no", Closed: true,
				Segments: []Segment{{Paragraph: 0, Start: 9, End: 11, MarkStart: 8, MarkEnd: 12}}}},
		},
		{
			name:       "curly marks are three bytes",
			paragraphs: []string{"“Sí”"},
			want: []Quote{{First: 0, Last: 0, Text: "Sí", Closed: true,
				Segments: []Segment{{Paragraph: 0, Start: 3, End: 6, MarkStart: 0, MarkEnd: 9}}}},
		},
		{
			name:       "across paragraphs",
			paragraphs: []string{"Intro. “First part ", "“second part.”"},
			want: []Quote{{First: 0, Last: 1, Text: "First part\nsecond part.", Closed: true,
				Segments: []Segment{
					{Paragraph: 0, Start: 10, End: 20, MarkStart: 7, MarkEnd: 20},
					{Paragraph: 1, Start: 3, End: 15, MarkStart: 0, MarkEnd: 18},
				}}},
		},
		{
			name:       "unclosed",
			paragraphs: []string{`"Open`, `Next.`},
			want: []Quote{{First: 0, Last: 0, Text: "Open", Closed: false,
				Segments: []Segment{{Paragraph: 0, Start: 1, End: 5, MarkStart: 0, MarkEnd: 5}}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(tc.paragraphs)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Find(%q) = %+v, want %+v", tc.paragraphs, got, tc.want)
			}
			for _, q := range got {
				for _, s := range q.Segments {
					if seg := tc.paragraphs[s.Paragraph][s.Start:s.End]; !strings.Contains(q.Text, seg) {
						t.Errorf("segment %q not in text %q", seg, q.Text)
					}
				}
			}
		})
	}
}

func TestFindEmpty(t *testing.T) {
	for _, ps := range [][]string{nil, {}, {""}, {"", "  "}} {
		if got := Find(ps); len(got) != 0 {
			t.Errorf("Find(%q) = %v, want none", ps, got)
		}
	}
}
