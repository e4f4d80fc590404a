package stories

import "newsframe/analysis/terms"

// Framing returns the terms that distinguish each outlet's telling of
// story s from the other outlets' tellings of the same story: framing with
// the agenda held fixed. Each outlet's counts are the sum of its member
// articles' counts (articleCounts, keyed by article ID; articles missing
// from it are skipped), and the prior is the story's pooled counts, so a
// term scores high only if the outlet uses it more than the story as a
// whole does. The comparison is [terms.Distinctive] (log-odds ratio with
// an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008,
// doi:10.1093/pan/mpn018) with phrases and opt passed through; its rows
// are sorted by outlet, versus and z. A story covered by one outlet has no
// rows.
func Framing(s Story, articleCounts map[string]*terms.Counts, phrases []terms.Phrase, opt terms.KeynessOptions) []terms.Keyness {
	groups := make(map[string]*terms.Counts)
	pooled := terms.NewCounts()
	for _, a := range s.Articles {
		c := articleCounts[a.ID]
		if c == nil {
			continue
		}
		g := groups[a.Outlet]
		if g == nil {
			g = terms.NewCounts()
			groups[a.Outlet] = g
		}
		g.Merge(c)
		pooled.Merge(c)
	}
	if len(groups) < 2 {
		return nil
	}
	return terms.Distinctive(groups, pooled, phrases, opt)
}
