package aggregate

import "testing"

func TestOwnName(t *testing.T) {
	hosts := map[string]map[string]int64{
		"fox": {"foxnews.com": 3},
		"nyt": {"nytimes.com": 1},
		"hpo": {"huffingtonpost.com": 2},
	}
	tests := []struct {
		term, outlet string
		want         bool
	}{
		{"fox news", "fox", true}, // the site's name, spelt as a phrase
		{"fox", "Fox News (Online News)", true},
		{"fox news", "Fox News (Online News)", true},
		{"online news", "Fox News (Online News)", true},
		{"nytimes", "nyt", true},
		{"times", "nyt", true},
		{"huffington", "hpo", true},
		{"huffington post", "hpo", true},
		{"huffington post", "fox", false}, // another outlet's name is framing
		{"foxes", "fox", false},
		{"news", "nyt", false},
		{"com", "fox", false},
	}
	for _, tt := range tests {
		if got := OwnName(tt.term, tt.outlet, hosts[tt.outlet]); got != tt.want {
			t.Errorf("OwnName(%q, %q) = %v, want %v", tt.term, tt.outlet, got, tt.want)
		}
	}
}
