package evaluate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"

	"newsframe/analysis/stance"
)

// HeldOutEvent reports whether the article-level gold of a news event
// (BASIL's event_id, which groups the outlets' articles on one story)
// belongs to the held-out half that calibration never fits on:
//
//	HeldOutEvent(id) = FNV-1a-64(id) mod 2 == 0
//
// Keying by event keeps the three outlets' articles on one story on the
// same side. Half, not a fifth as for HeldOut, because the article gold is
// small (239 entity–article pairs in 40 events).
func HeldOutEvent(eventID string) bool {
	h := fnv.New64a()
	h.Write([]byte(eventID))
	return h.Sum64()%2 == 0
}

// EntityLabel is one article-level judgement: how the article's author
// feels about an entity.
type EntityLabel struct {
	// Entity is the key as written in the gold ("Barack_Obama").
	Entity string
	// Label is "against", "neutral" or "favor".
	Label Label
}

// EntityLabelPrefix starts the fields of article-level gold that give the
// author's feeling toward an entity (BASIL: "author_feeling_Barack_Obama").
const EntityLabelPrefix = "author_feeling_"

// EntityLabels returns the author-feeling judgements of an article-level
// gold row, sorted by entity key: every EntityLabelPrefix field but the
// one about the main event, whose value is neg, neu or pos (str-neg and
// str-pos count as neg and pos). Other values are skipped.
func EntityLabels(g *Gold) []EntityLabel {
	var out []EntityLabel
	for k, v := range g.Fields {
		entity, ok := strings.CutPrefix(k, EntityLabelPrefix)
		if !ok || entity == "main_event" || entity == "" {
			continue
		}
		s, _ := v.(string)
		l, ok := NormalizeLabel(s)
		if !ok {
			continue
		}
		out = append(out, EntityLabel{Entity: entity, Label: stanceLabel[l]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Entity < out[j].Entity })
	return out
}

var stanceLabel = map[Label]Label{"negative": "against", "neutral": "neutral", "positive": "favor"}

// IsArticleGold reports whether a gold row holds article-level judgements.
func IsArticleGold(g *Gold) bool {
	for k := range g.Fields {
		if strings.HasPrefix(k, EntityLabelPrefix) {
			return true
		}
	}
	return false
}

// EntityTarget turns an entity key ("Barack_Obama") into a stance target:
// underscores become spaces, and a two- or three-word name whose words
// are all capitalised gets its last word as an alias ("Obama") and kind
// person, unless it ends in a group word ("Obama administration").
func EntityTarget(key string) stance.Target {
	name := strings.ReplaceAll(key, "_", " ")
	t := stance.Target{Name: name}
	words := strings.Fields(name)
	if len(words) < 2 || len(words) > 3 {
		return t
	}
	for _, w := range words {
		if strings.ToUpper(w[:1]) != w[:1] {
			return t
		}
	}
	switch strings.ToLower(words[len(words)-1]) {
	case "administration", "campaign", "party", "department", "court", "congress", "committee",
		"republicans", "democrats", "lawmakers", "officials", "agency", "association", "service":
		return t
	}
	t.Kind = stance.KindPerson
	t.Aliases = []string{words[len(words)-1]}
	return t
}

// Article is an article of a corpus file, as article-level evaluation
// needs it.
type Article struct {
	ID, EventID, Title string
	// Paragraphs are the text's blank-line separated paragraphs, with
	// white space collapsed.
	Paragraphs []string
}

// ReadArticles reads JSON lines {"id", "title"?, "event_id"?, "text"} (the
// shape of ../shared/corpus) from r, keyed by id; name is used in errors.
// A line that is not such an object is an error that gives its number.
func ReadArticles(r io.Reader, name string) (map[string]Article, error) {
	out := make(map[string]Article)
	br := bufio.NewReaderSize(r, 1<<16)
	for n := 1; ; n++ {
		line, rerr := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var a struct {
				ID      string `json:"id"`
				Title   string `json:"title"`
				EventID string `json:"event_id"`
				Text    string `json:"text"`
			}
			if err := json.Unmarshal(line, &a); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n, err)
			}
			art := Article{ID: a.ID, EventID: a.EventID, Title: strings.Join(strings.Fields(a.Title), " ")}
			for _, p := range strings.Split(strings.ReplaceAll(a.Text, "\r\n", "\n"), "\n\n") {
				if p = strings.Join(strings.Fields(p), " "); p != "" {
					art.Paragraphs = append(art.Paragraphs, p)
				}
			}
			out[a.ID] = art
		}
		if rerr == io.EOF {
			return out, nil
		}
		if rerr != nil {
			return nil, fmt.Errorf("read %s: line %d: %w", name, n, rerr)
		}
	}
}
