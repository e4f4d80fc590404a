package evaluate_test

import (
	"reflect"
	"strings"
	"testing"

	"newsframe/analysis/evaluate"
	"newsframe/analysis/stance"
)

func TestHeldOutEvent(t *testing.T) {
	// FNV-1a-64 computed independently: ...23 → odd, ...2a → even, "a" → even.
	for _, tc := range []struct {
		event string
		want  bool
	}{
		{"2b95d2cf-e979-4f9c-ae27-9a5370934f23", false},
		{"38f7cbb7-5d6a-4c89-bcbd-8e164144172a", true},
		{"a", true},
		{"b", false},
	} {
		if got := evaluate.HeldOutEvent(tc.event); got != tc.want {
			t.Errorf("HeldOutEvent(%q) = %v, want %v", tc.event, got, tc.want)
		}
	}
}

func TestEntityLabels(t *testing.T) {
	rows, bad, err := evaluate.ReadGold(strings.NewReader(
		`{"article_id": "a1", "author_feeling_Barack_Obama": "neg", "author_feeling_main_event": "pos", "author_feeling_Tea_Party": "str-pos", "author_feeling_X": "", "you_feeling_Barack_Obama": "pos"}
{"id": 1, "text": "Plain.", "label": "neutral"}
`), "gold")
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	want := []evaluate.EntityLabel{{Entity: "Barack_Obama", Label: "against"}, {Entity: "Tea_Party", Label: "favor"}}
	if got := evaluate.EntityLabels(&rows[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("EntityLabels = %+v, want %+v", got, want)
	}
	if !evaluate.IsArticleGold(&rows[0]) || evaluate.IsArticleGold(&rows[1]) {
		t.Errorf("IsArticleGold = %v, %v; want true, false", evaluate.IsArticleGold(&rows[0]), evaluate.IsArticleGold(&rows[1]))
	}
}

func TestEntityTarget(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want stance.Target
	}{
		{"Barack_Obama", stance.Target{Name: "Barack Obama", Kind: stance.KindPerson, Aliases: []string{"Obama"}}},
		{"Obama_Administration", stance.Target{Name: "Obama Administration"}},
		{"senate_Democrats", stance.Target{Name: "senate Democrats"}},
		{"Newsweek", stance.Target{Name: "Newsweek"}},
		{"Martin_Luther_King", stance.Target{Name: "Martin Luther King", Kind: stance.KindPerson, Aliases: []string{"King"}}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			if got := evaluate.EntityTarget(tc.key); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("EntityTarget(%q) = %+v, want %+v", tc.key, got, tc.want)
			}
		})
	}
}

func TestReadArticles(t *testing.T) {
	in := `{"id": "a1", "event_id": "e1", "title": "Steele  criticized", "text": "First  paragraph.\n\nSecond\nline.\r\n\r\n\n\nThird."}

{"id": "a2", "text": ""}
`
	got, err := evaluate.ReadArticles(strings.NewReader(in), "corpus")
	if err != nil {
		t.Fatal(err)
	}
	want := evaluate.Article{ID: "a1", EventID: "e1", Title: "Steele criticized", Paragraphs: []string{"First paragraph.", "Second line.", "Third."}}
	if !reflect.DeepEqual(got["a1"], want) || len(got) != 2 || len(got["a2"].Paragraphs) != 0 {
		t.Errorf("ReadArticles = %+v, want a1 %+v and an empty a2", got, want)
	}
	if _, err := evaluate.ReadArticles(strings.NewReader("{\"id\": \"a\"}\nnot json\n"), "corpus"); err == nil || !strings.Contains(err.Error(), "corpus:2") {
		t.Errorf("bad line: err %v, want corpus:2", err)
	}
}
