package entities

import (
	"cmp"
	"slices"
	"strings"
)

// Tally is what a Counter knows about one canonical name.
type Tally struct {
	// Mentions is the number of mentions, short forms included.
	Mentions int
	// Articles is the number of articles that mention the name.
	Articles int
	// Person is the number of articles that gave evidence that the name is
	// a person's (see Mention.Person).
	Person int
	// Aliases counts the other forms the name was written in, per form
	// ("Sheinbaum": 12).
	Aliases map[string]int
}

// Counter counts canonical names over articles: name → Tally. Counts are
// sums, so counters built on parts of a corpus Merge into the counter of the
// whole, in any order. Make one with make(Counter) or Counter{}.
type Counter map[string]Tally

// Add counts the mentions of one article (as returned by Mentions).
func (c Counter) Add(ms []Mention) {
	// In an empty counter a name is new to this article exactly when it
	// has no mentions yet; otherwise the names seen are remembered.
	var seen map[string]bool
	if len(c) > 0 {
		seen = map[string]bool{}
	}
	for _, m := range ms {
		t := c[m.Canonical]
		first := t.Mentions == 0
		if seen != nil {
			first = !seen[m.Canonical]
			seen[m.Canonical] = true
		}
		t.Mentions++
		if first {
			t.Articles++
			if m.Person {
				t.Person++
			}
		}
		if m.Name != m.Canonical {
			if t.Aliases == nil {
				t.Aliases = map[string]int{}
			}
			t.Aliases[m.Name]++
		}
		c[m.Canonical] = t
	}
}

// Merge adds the counts of o to c; o is left unchanged.
func (c Counter) Merge(o Counter) {
	for name, ot := range o {
		t := c[name]
		t.Mentions += ot.Mentions
		t.Articles += ot.Articles
		t.Person += ot.Person
		if len(ot.Aliases) > 0 && t.Aliases == nil {
			t.Aliases = make(map[string]int, len(ot.Aliases))
		}
		for a, n := range ot.Aliases {
			t.Aliases[a] += n
		}
		c[name] = t
	}
}

// Entity is a proposed target: a name with the aliases that refer to it.
type Entity struct {
	Name string
	// Aliases are other forms to match, most used first: for a person, the
	// surname on its own ("Sheinbaum" for "Claudia Sheinbaum"); for any
	// name, the multi-word short forms seen.
	Aliases []string
	// Person is set when at least one article gave person evidence.
	Person bool
	// Mentions and Articles are the counts behind the proposal, short
	// forms folded in.
	Mentions, Articles int
}

// objectConnectors end the part of a name that a short form can stand
// for: the words after them name something else ("Bank of America").
var objectConnectors = set("of", "for", "and", "the")

// widerThanLong is how many times more articles a short form with person
// evidence in fewer than half of them must name on its own than a longer name ending with it
// for the two to be different entities: a place or company ("China",
// "Microsoft") is far more widespread than the rare longer name that ends
// with it ("Air China"), while a surname is written alone in about as many
// articles as the full name.
const widerThanLong = 3

// Top proposes the n most widespread names as targets, ranked by the number
// of articles that mention them, then by mentions, then by name (so the
// result is deterministic). Before ranking, a name that is a short form of
// a longer counted name (its words end the longer one, and the longer one
// is a person's name or the short one has several words) is folded into the
// most-mentioned such longer name: "Obama" from articles that never wrote
// "Barack Obama" counts for "Barack Obama". It is not folded into a name
// where it follows "of", "for", "and" or "the" ("Bank of America"), nor,
// when fewer than half of its own articles give person evidence, into a
// name more than widerThanLong times rarer than itself ("China", "Air
// China"). Within an article the short
// forms were already linked, so the folded article counts stay exact sums.
// n <= 0 returns every name. c is left unchanged.
func (c Counter) Top(n int) []Entity {
	type entry struct {
		name    string
		t       Tally
		words   []string
		aliases map[string]int
		folded  bool
	}
	entries := make([]*entry, 0, len(c))
	bySuffix := map[string][]*entry{} // proper word suffix → longer names
	for name, t := range c {
		e := &entry{name: name, t: t, words: strings.Fields(name), aliases: map[string]int{}}
		for a, k := range t.Aliases {
			e.aliases[a] += k
		}
		entries = append(entries, e)
	}
	// Sort first so that every later choice is independent of map order.
	slices.SortFunc(entries, func(a, b *entry) int { return strings.Compare(a.name, b.name) })
	for _, e := range entries {
		for i := 1; i < len(e.words); i++ {
			if objectConnectors[foldKey(e.words[i-1])] {
				continue // "United States" is not a short form of "Congress of the United States"
			}
			k := foldKey(strings.Join(e.words[i:], " "))
			bySuffix[k] = append(bySuffix[k], e)
		}
	}
	// Shortest names first, so that a chain ("Jealous" → "Todd Jealous" →
	// "Benjamin Todd Jealous") carries its counts to the longest name.
	byLength := slices.Clone(entries)
	slices.SortStableFunc(byLength, func(a, b *entry) int { return cmp.Compare(len(a.words), len(b.words)) })
	for _, e := range byLength {
		var into *entry
		for _, l := range bySuffix[foldKey(e.name)] {
			if l.t.Person == 0 && len(e.words) < 2 {
				continue
			}
			if 2*e.t.Person < e.t.Articles && e.t.Articles > widerThanLong*l.t.Articles {
				continue // "China" is no short form of "Air China"
			}
			if into == nil || l.t.Mentions > into.t.Mentions {
				into = l
			}
		}
		if into == nil {
			continue
		}
		e.folded = true
		into.t.Mentions += e.t.Mentions
		into.t.Articles += e.t.Articles
		into.t.Person += e.t.Person
		into.aliases[e.name] += e.t.Mentions
		for a, k := range e.aliases {
			into.aliases[a] += k
		}
	}
	var out []Entity
	for _, e := range entries {
		if e.folded {
			continue
		}
		ent := Entity{Name: e.name, Person: e.t.Person > 0, Mentions: e.t.Mentions, Articles: e.t.Articles}
		aliases := map[string]int{}
		for a, k := range e.aliases {
			if ent.Person || strings.Contains(a, " ") {
				aliases[a] += k
			}
		}
		if ent.Person {
			if s := surname(e.words); s != "" && s != e.name {
				aliases[s] += 0 // proposed even when never written alone
			}
		}
		delete(aliases, e.name)
		for a := range aliases {
			ent.Aliases = append(ent.Aliases, a)
		}
		slices.SortFunc(ent.Aliases, func(a, b string) int {
			return cmp.Or(cmp.Compare(aliases[b], aliases[a]), strings.Compare(a, b))
		})
		out = append(out, ent)
	}
	slices.SortFunc(out, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles), cmp.Compare(b.Mentions, a.Mentions),
			strings.Compare(a.Name, b.Name))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// surname returns the last word of a person's name, skipping "Jr." and the
// like, or "" for a one-word name.
func surname(words []string) string {
	for i := len(words) - 1; i > 0; i-- {
		w := strings.TrimSuffix(words[i], ".")
		if !nameSuffixes[strings.ToLower(w)] {
			return words[i]
		}
	}
	return ""
}

// foldKey folds a name for matching forms across articles.
func foldKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}
