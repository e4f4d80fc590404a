package article

import (
	"cmp"
	"slices"
	"strings"

	"newsframe/analysis/terms"
	"newsframe/analysis/text"
	"newsframe/analysis/wire"
)

// Deriver recomputes from a paragraph's text what the rows do not store:
// its content-term sequence and its wire-copy signature. The map step
// computes them the same way (Analyze tokenises with text.AppendWords,
// extracts with terms.Extract and signs the tokens' Norms), so a paragraph
// read back from the result store gives the sequence and signature it had
// when it was analysed.
type Deriver struct {
	Stopwords text.Stopwords
	Wire      wire.Params
}

// Derived is what a Deriver computes for one article.
type Derived struct {
	Seqs []terms.Seq
	Sigs []wire.Signature
	// Terms are the story terms: every paragraph's content terms and the
	// title's, with repeats.
	Terms []string
}

// Seq returns the content-term sequence of one paragraph.
func (d *Deriver) Seq(paragraph string) terms.Seq {
	return terms.Extract(paragraph, text.Words(paragraph), d.Stopwords)
}

// Derive computes the sequences and story terms of an article's
// paragraphs and title, and the signatures when sign is set.
func (d *Deriver) Derive(title string, paragraphs []string, sign bool) Derived {
	var out Derived
	out.Seqs = make([]terms.Seq, len(paragraphs))
	if sign {
		out.Sigs = make([]wire.Signature, len(paragraphs))
	}
	var toks []text.Token
	var norms []string
	for i, p := range paragraphs {
		toks = text.AppendWords(toks[:0], p)
		out.Seqs[i] = terms.Extract(p, toks, d.Stopwords)
		if !sign {
			continue
		}
		norms = norms[:0]
		for _, t := range toks {
			norms = append(norms, t.Norm)
		}
		out.Sigs[i] = d.Wire.SignWords(norms)
	}
	out.Terms = StoryTerms(title, out.Seqs, d.Stopwords)
	return out
}

// StoryTerms lists the story terms of an article: its paragraphs' content
// terms and its title's, with repeats.
func StoryTerms(title string, seqs []terms.Seq, stop text.Stopwords) []string {
	n := 0
	for _, s := range seqs {
		n += len(s.Terms)
	}
	out := make([]string, 0, n+8)
	for _, s := range seqs {
		out = append(out, s.Terms...)
	}
	if title != "" {
		out = append(out, terms.Extract(title, text.Words(title), stop).Terms...)
	}
	return out
}

// TopTerms returns the k most frequent of terms (ties by term), joined
// with commas: what the catalog keeps of an article for story labels.
func TopTerms(terms []string, k int) string {
	tf := map[string]int{}
	for _, t := range terms {
		tf[t]++
	}
	list := make([]string, 0, len(tf))
	for t := range tf {
		list = append(list, t)
	}
	slices.SortFunc(list, func(a, b string) int { return cmp.Or(cmp.Compare(tf[b], tf[a]), strings.Compare(a, b)) })
	if len(list) > k {
		list = list[:k]
	}
	return strings.Join(list, ",")
}
