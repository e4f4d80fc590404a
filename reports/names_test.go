package reports

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	safe := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, c := range []struct {
		name, in, prefix string
	}{
		{"path and line", "BBC/2024/a.txt:7", "bbc-2024-a-txt-7-"},
		{"spaces and case", "Fox News", "fox-news-"},
		{"accents dropped", "Nicolás Maduro", "nicol-s-maduro-"},
		{"traversal", "../../etc/passwd", "etc-passwd-"},
		{"markup", `<script>alert(1)</script>`, "script-alert-1-script-"},
		{"nothing readable", "…", ""},
		{"empty", "", ""},
		{"long", strings.Repeat("ab", 100), strings.Repeat("ab", 24) + "-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Slug(c.in)
			if !strings.HasPrefix(got, c.prefix) || len(got) != len(c.prefix)+slugHashLen {
				t.Errorf("Slug(%q) = %q, want %q and %d hex digits", c.in, got, c.prefix, slugHashLen)
			}
			if !safe.MatchString(got) {
				t.Errorf("Slug(%q) = %q, not a safe file name", c.in, got)
			}
			if Slug(c.in) != got {
				t.Errorf("Slug(%q) is not deterministic", c.in)
			}
		})
	}
}

func TestSlugDistinct(t *testing.T) {
	// Ids that differ only in case or punctuation get distinct names.
	ids := []string{"Fox/1", "fox/1", "fox-1", "fox 1", "fox_1", "FOX:1"}
	seen := map[string]string{}
	for _, id := range ids {
		s := Slug(id)
		if prev, ok := seen[s]; ok {
			t.Errorf("Slug(%q) = Slug(%q) = %q", id, prev, s)
		}
		seen[s] = id
	}
	for i := range 100000 {
		id := fmt.Sprintf("outlet/%d", i)
		s := Slug(id)
		if prev, ok := seen[s]; ok {
			t.Fatalf("Slug(%q) = Slug(%q) = %q", id, prev, s)
		}
		seen[s] = id
	}
}

func TestHighlight(t *testing.T) {
	text := "He said “cuts hurt” today, Nicolás."
	quoteStart := strings.Index(text, "“")
	quoteEnd := strings.Index(text, "”") + len("”")
	cuts := strings.Index(text, "cuts")
	hurt := strings.Index(text, "hurt")
	nico := strings.Index(text, "Nicolás")
	for _, c := range []struct {
		name  string
		marks []mark
		want  string
	}{
		{"none", nil, "[He said “cuts hurt” today, Nicolás.]"},
		{"one cue", []mark{{cuts, cuts + 4, "cue-neg", "w", "", 0}},
			"[He said “]<cue-neg:cuts>[ hurt” today, Nicolás.]"},
		{"cue inside quote", []mark{{quoteStart, quoteEnd, "quoted", "q", "", 0}, {hurt, hurt + 4, "cue-neg", "w", "", 0}},
			"[He said ]<quoted:“cuts >" + "<quoted cue-neg:hurt><quoted:”>[ today, Nicolás.]"},
		{"overlapping cues", []mark{{cuts, hurt + 4, "cue-stance", "s", "", 0}, {hurt, hurt + 4, "cue-neg", "w", "", 0}},
			"[He said “]<cue-stance:cuts >" + "<cue-stance cue-neg:hurt>[” today, Nicolás.]"},
		{"duplicate marks merge", []mark{{cuts, cuts + 4, "cue-neg", "w", "", 0}, {cuts, cuts + 4, "cue-neg", "w", "", 0}},
			"[He said “]<cue-neg:cuts>[ hurt” today, Nicolás.]"},
		{"out of range dropped", []mark{{-1, 3, "cue-neg", "w", "", 0}, {30, 400, "cue-pos", "w", "", 0}, {5, 5, "cue-pos", "w", "", 0}},
			"[He said “cuts hurt” today, Nicolás.]"},
		{"inside a rune dropped", []mark{{nico + 6, nico + 8, "cue-pos", "w", "", 0}, {quoteStart + 1, cuts, "cue-pos", "w", "", 0}},
			"[He said “cuts hurt” today, Nicolás.]"},
		{"multibyte word", []mark{{nico, nico + len("Nicolás"), "cue-pos", "w", "", 0}},
			"[He said “cuts hurt” today, ]<cue-pos:Nicolás>[.]"},
		{"speaker after the quote", []mark{{quoteStart, quoteEnd, "quoted", "q", "Ann", quoteEnd}, {hurt, hurt + 4, "cue-neg", "w", "", 0}},
			"[He said ]<quoted:“cuts >" + "<quoted cue-neg:hurt><quoted:”>(Ann)[ today, Nicolás.]"},
		{"speaker past the closing mark", []mark{{quoteStart, hurt + 4, "quoted", "q", "Ann", labelAt(text, hurt+4)}, {hurt, hurt + 4, "cue-neg", "w", "", 0}},
			"[He said ]<quoted:“cuts >" + "<quoted cue-neg:hurt>[”](Ann)[ today, Nicolás.]"},
		{"speaker at a bad offset goes to the end", []mark{{quoteStart, hurt + 4, "quoted", "q", "Ann", nico + 6}},
			"[He said ]<quoted:“cuts hurt>(Ann)[” today, Nicolás.]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			for _, s := range highlight(text, c.marks) {
				if s.Class == "" {
					fmt.Fprintf(&b, "[%s]", s.Text)
				} else {
					fmt.Fprintf(&b, "<%s:%s>", s.Class, s.Text)
				}
				if s.After != "" {
					fmt.Fprintf(&b, "(%s)", s.After)
				}
			}
			if got := b.String(); got != c.want {
				t.Errorf("highlight = %s, want %s", got, c.want)
			}
		})
	}
}

func TestParagraphMarks(t *testing.T) {
	p := &Paragraph{
		Text:    `Officials "welcome the deal" said Smith.`,
		Cues:    []Cue{{Start: 11, End: 18, Weight: 0.6}},
		Quotes:  []Quote{{Start: 10, End: 28, Speaker: "Smith"}},
		Stances: []ParagraphStance{{Target: "the deal", Label: "favor", Cues: []Cue{{Start: 19, End: 27, Weight: 0.5}}}},
	}
	var got []string
	for _, s := range highlight(p.Text, paragraphMarks(p)) {
		got = append(got, s.Class+"|"+s.Title+"|"+s.After)
	}
	want := []string{
		"||",
		"quoted|quote: Smith|",
		"quoted cue-pos|quote: Smith; sentiment cue +0.60|",
		"quoted|quote: Smith|",
		"quoted cue-stance|quote: Smith; stance toward the deal: favor (+0.50)|",
		"quoted|quote: Smith|Smith",
		"||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("marks = %q, want %q", got, want)
	}
}
