package corpus

import (
	"strings"
	"testing"

	"newsframe/data"
)

func TestBoilerplateMatch(t *testing.T) {
	bp, err := ParseBoilerplate(strings.NewReader(`
# comment
SCROLL FOR NEXT
Advertisement   # trailing comment
Read more:*
©*
`), strings.NewReader("share this article\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := bp.Len(), 5; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	tests := []struct {
		line string
		want bool
	}{
		{"SCROLL FOR NEXT", true},
		{"  scroll   for next ↓", true},
		{"Scroll for next time", false},
		{"ADVERTISEMENT:", true},
		{"» Advertisement «", true},
		{"Advertisements were banned.", false},
		{"Read more: Mexico rejects intervention", true},
		{"» Read more: Mexico", true},
		{"Read more carefully", false},
		{"Read more: " + strings.Repeat("long ", 60), false},
		{strings.Repeat(" ", 300) + "Advertisement", false},
		{"© 2026 Example Media. All rights reserved.", true},
		{"Share this article", true},
		{"", false},
		{"Body text.", false},
	}
	for _, tt := range tests {
		if got := bp.Match(tt.line); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestParseBoilerplateErrors(t *testing.T) {
	_, err := ParseBoilerplate(strings.NewReader("ok\n\n  ***  \n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("ParseBoilerplate error = %v, want one naming line 3", err)
	}
	var nilBP *Boilerplate
	if nilBP.Match("Advertisement") || nilBP.Len() != 0 {
		t.Errorf("nil Boilerplate matches")
	}
}

// TestBoilerplateList checks the shipped list parses and drops the furniture
// the issue names, while keeping ordinary prose.
func TestBoilerplateList(t *testing.T) {
	bp := defaultBoilerplate(t)
	for _, line := range []string{"SCROLL FOR NEXT", "Advertisement", "Read more: Trump threatens Mexico",
		"Share this article", "Subscribe to our newsletter", "Sign up for our daily briefing", "Image caption Protesters in Mexico City",
		"© 2026 Example Media", "Story continues below advertisement"} {
		if !bp.Match(line) {
			t.Errorf("default list does not match %q", line)
		}
	}
	for _, line := range []string{"Jummah", "The United States", "Advertisers fled the platform.",
		"Share prices fell sharply on Monday.", "Related parties were not named.", "Mexico Rejects U.S. Military Intervention Amid Trump Threats"} {
		if bp.Match(line) {
			t.Errorf("default list matches %q", line)
		}
	}
}

func defaultBoilerplate(t testing.TB) *Boilerplate {
	t.Helper()
	f, err := data.FS.Open("lists/boilerplate.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bp, err := ParseBoilerplate(f)
	if err != nil {
		t.Fatal(err)
	}
	return bp
}

func TestBoilerplatePartialWordPrefix(t *testing.T) {
	bp, err := ParseBoilerplate(strings.NewReader("advert*\nshare\n"))
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]bool{"Advertorial": true, "» ADVERT: x": true, "Share": true, "Shares fell": false} {
		if got := bp.Match(line); got != want {
			t.Errorf("Match(%q) = %v, want %v", line, got, want)
		}
	}
	if bp := defaultBoilerplate(t); bp.anyFirst {
		t.Errorf("the default list disables the first-word index")
	}
}
