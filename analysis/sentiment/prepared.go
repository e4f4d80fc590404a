package sentiment

import (
	"hash/maphash"
	"math"
	"sync"

	"newsframe/analysis/text"
)

// Prepared is one text (a paragraph or a headline) made ready for scoring
// by a Model, so that its paragraph score and the target scores of all its
// mentions share the work that depends on the text alone: each token's
// naive Bayes ratio and lexicon entry (one vocabulary lookup per token),
// whether a clause boundary precedes it, whether it lies inside quotation
// marks, and the lexicon items of each sentence (analysed once however
// many mentions the sentence holds). Scores are exactly those of
// Model.Paragraph and Model.TargetProbs on the same text.
//
// A Prepared is not safe for concurrent use. Reuse one per goroutine
// through Model.Prepare: it keeps its buffers, so scoring a stream of
// paragraphs does not allocate in the steady state.
type Prepared struct {
	m         *Model
	s         string
	toks      []text.Token
	sentences []text.Span

	ratios  []float64    // per token: naive Bayes ratio; NaN when unknown or not a word
	entries tokenEntries // per token: lexicon entry
	bound   []bool       // per token: boundaryBefore(s, toks, i)
	quoted  []bool       // per token: inside quotation marks; see quotedTokens
	quoteN  bool         // quoted is filled
	keys    []wordKey    // per token: hashes of its Norm and stem; see wordKeys
	keyN    bool         // keys is filled
	negated []bool       // per token of one sentence: in a negation's scope
	clause  []int32      // per token of one sentence: clause boundaries before it
	feats   []uint32     // hashed context features of one mention
	featTok []int32      // per feature: the token it starts at, or −1
	tokCue  []float64    // per token of one sentence: its hashed features' polarity
	xLeave  []float64    // dense features with one item left out

	// ranges records the token ranges already analysed by the lexicon
	// layer; items holds their items.
	ranges []itemRange
	items  []Item
	// rangeAt indexes ranges by (lo, hi) once there are many: a paragraph
	// of a whole book has thousands of sentences with mentions, and a
	// scan per mention would make scoring it quadratic.
	rangeAt map[[2]int]int

	// Buffers of one scoring call.
	work    []Item
	x       []float64
	cues    cueBuilder
	mention mentionContext

	memo memo
}

// memoSlots is the number of entries of a Prepared's lookup memo, and
// memoKeyLen the longest word it keeps (longer ones are looked up in the
// vocabulary every time): 65,536 slots of 32 bytes (2 MiB) hold the
// common words of a news corpus; on the BBC corpus 96% of lookups hit,
// 91% with a quarter of the slots. memoAfter is how many words a Prepared
// looks up before it allocates its memo: one as many words as the memo
// has slots, so that short-lived ones (Model.Paragraph's, from a pool) do
// not pay for it.
const (
	memoSlots  = 1 << 16
	memoKeyLen = 16
	memoAfter  = memoSlots
)

// memo is a direct-mapped cache of vocabulary lookups (Model.lookup),
// kept across the texts one Prepared prepares. The vocabulary has some
// 140,000 words in maps far larger than the processor's caches, so that a
// lookup there costs cache misses; news text repeats a few thousand words
// (and names) most of the time. A slot holds its word's bytes, so that a
// hit reads one cache line and the memo keeps no text alive.
type memo struct {
	m       *Model
	seed    maphash.Seed
	slots   []memoSlot // nil until lookups reaches memoAfter
	lookups int
}

type memoSlot struct {
	key   [memoKeyLen]byte
	n     uint8 // len of the word in key; 0 for an empty slot
	lex   int32
	ratio float64
}

func (c *memo) reset(m *Model) {
	c.m, c.seed = m, maphash.MakeSeed()
	clear(c.slots)
}

// lookup returns Model.lookup(norm) through the memo.
func (c *memo) lookup(norm string) (float64, int32) {
	if c.slots == nil {
		if c.lookups++; c.lookups >= memoAfter {
			c.slots = make([]memoSlot, memoSlots)
		}
	}
	if c.slots == nil || len(norm) == 0 || len(norm) > memoKeyLen {
		r, lex, _ := c.m.lookup(norm)
		return r, lex
	}
	sl := &c.slots[maphash.String(c.seed, norm)&(memoSlots-1)]
	if int(sl.n) == len(norm) && string(sl.key[:sl.n]) == norm {
		return sl.ratio, sl.lex
	}
	r, lex, _ := c.m.lookup(norm)
	copy(sl.key[:], norm)
	sl.n, sl.ratio, sl.lex = uint8(len(norm)), r, lex
	return r, lex
}

// itemRange says that items[from:to] are the lexicon items of toks[lo:hi].
type itemRange struct{ lo, hi, from, to int }

// preparedPool keeps Prepared values for the Model methods that take a
// whole text (Paragraph, TargetProbs...).
var preparedPool = sync.Pool{New: func() any { return new(Prepared) }}

func (m *Model) getPrepared(s string, toks []text.Token, sentences []text.Span) *Prepared {
	return m.Prepare(preparedPool.Get().(*Prepared), s, toks, sentences)
}

// Prepare readies text s for scoring: toks = text.Words(s) and sentences
// = text.Sentences(s) (sentences may be nil when only TargetProbs is
// called). It reuses dst's buffers (nil allocates a new Prepared) and
// returns it. The Prepared reads s, toks and sentences until the next
// Prepare; it does not change them.
func (m *Model) Prepare(dst *Prepared, s string, toks []text.Token, sentences []text.Span) *Prepared {
	p := dst
	if p == nil {
		p = new(Prepared)
	}
	p.m, p.s, p.toks, p.sentences = m, s, toks, sentences
	p.ratios, p.bound = p.ratios[:0], p.bound[:0]
	p.entries = tokenEntries{ids: p.entries.ids[:0], entries: m.entries}
	p.quoted, p.quoteN = p.quoted[:0], false
	p.keys, p.keyN = p.keys[:0], false
	p.ranges, p.items = p.ranges[:0], p.items[:0]
	clear(p.rangeAt)
	if p.memo.m != m {
		p.memo.reset(m)
	}
	for i := range toks {
		t := &toks[i]
		r, lex := math.NaN(), int32(-1)
		if t.Kind == text.Word || m.numberKeys {
			r, lex = p.memo.lookup(t.Norm)
		}
		if t.Kind != text.Word {
			r = math.NaN()
		}
		p.ratios = append(p.ratios, r)
		p.entries.ids = append(p.entries.ids, lex)
		p.bound = append(p.bound, boundaryBefore(s, toks, i))
	}
	return p
}

// Model returns the model that prepared p.
func (p *Prepared) Model() *Model { return p.m }

// Text returns the prepared text, its tokens and its sentences.
func (p *Prepared) Text() (s string, toks []text.Token, sentences []text.Span) {
	return p.s, p.toks, p.sentences
}

// itemsOf returns the lexicon items of the sentence toks[lo:hi]
// (Lexicon.Analyze), analysing each range once. The caller must not
// change or append to the result.
func (p *Prepared) itemsOf(lo, hi int) []Item {
	const scanned = 16 // ranges searched by a scan; beyond, by rangeAt
	if len(p.ranges) <= scanned {
		for _, r := range p.ranges {
			if r.lo == lo && r.hi == hi {
				return p.items[r.from:r.to:r.to]
			}
		}
	} else if i, ok := p.rangeAt[[2]int{lo, hi}]; ok {
		r := p.ranges[i]
		return p.items[r.from:r.to:r.to]
	}
	from := len(p.items)
	p.items = p.m.lex.analyze(p.items, p.s, p.toks, lo, hi, &p.entries, p.bound)
	to := len(p.items)
	p.ranges = append(p.ranges, itemRange{lo: lo, hi: hi, from: from, to: to})
	if len(p.ranges) > scanned {
		if p.rangeAt == nil {
			p.rangeAt = make(map[[2]int]int)
		}
		if len(p.rangeAt) == 0 {
			for i, r := range p.ranges {
				p.rangeAt[[2]int{r.lo, r.hi}] = i
			}
		} else {
			p.rangeAt[[2]int{lo, hi}] = len(p.ranges) - 1
		}
	}
	return p.items[from:to:to]
}

// quotedTokens returns, per token, whether it lies inside quotation marks
// (appendQuoted), computed on first use.
func (p *Prepared) quotedTokens() []bool {
	if !p.quoteN {
		p.quoted = appendQuoted(p.quoted[:0], p.s, p.toks)
		p.quoteN = true
	}
	return p.quoted
}

// Paragraph is Model.Paragraph on the prepared text.
func (p *Prepared) Paragraph() Result {
	p.cues.cues = p.cues.cues[:0]
	z := p.paragraphLatent(true)
	o := &p.m.w.Sentence
	score := o.Score(z)
	return Result{Score: score, Label: p.m.Levels().ParagraphSentiment.Label(score), Cues: p.cues.top()}
}

func (p *Prepared) paragraphLatent(withCues bool) float64 {
	toks := p.toks
	sum, k := 0.0, 0
	ti := 0
	for _, sp := range p.sentences {
		for ti < len(toks) && toks[ti].Start < sp.Start {
			ti++
		}
		lo := ti
		for ti < len(toks) && toks[ti].End <= sp.End {
			ti++
		}
		if ti == lo {
			continue
		}
		sum += p.sentenceLatent(withCues, lo, ti)
		k++
	}
	if k == 0 {
		return 0
	}
	return sum / math.Sqrt(float64(k))
}

// minBayesCue is the smallest |ratio| for a naive Bayes word to be a cue.
const minBayesCue = 1.0

// sentenceLatent returns the latent score of the sentence toks[lo:hi]
// and adds its cues to p.cues when withCues is set.
func (p *Prepared) sentenceLatent(withCues bool, lo, hi int) float64 {
	m, s, toks := p.m, p.s, p.toks
	items := p.itemsOf(lo, hi)
	pos, neg := valenceMass(items)
	nbMean, known := bayesMeanOf(p.ratios[lo:hi])
	x := [3]float64{math.Log1p(pos), math.Log1p(neg), nbMean - m.w.BayesCenter}
	o := &m.w.Sentence
	if withCues {
		p.cues.addItems(s, toks, items, 1, o.Weights[0]*x[0])
		p.cues.addItems(s, toks, items, -1, o.Weights[1]*x[1])
		for i := lo; i < hi; i++ {
			if r := p.ratios[i]; r == r && math.Abs(r) >= minBayesCue {
				p.cues.cues = append(p.cues.cues, Cue{Text: toks[i].Text, Start: toks[i].Start, End: toks[i].End,
					Weight: o.Weights[2] * r / float64(known+bayesShrink)})
			}
		}
	}
	return o.Latent(x[:])
}

// bayesMeanOf is bayesMean over ratios as Prepare looks them up (NaN for
// a token the model does not know).
func bayesMeanOf(ratios []float64) (mean float64, known int) {
	sum := 0.0
	for _, r := range ratios {
		if r == r { // not NaN
			sum += r
			known++
		}
	}
	return sum / float64(known+bayesShrink), known
}

// addRatios is addBayes over p's ratios: the naive Bayes words of
// toks[lo:hi] with their share weight·ratio/(known+shrink) of a feature.
func (c *cueBuilder) addRatios(p *Prepared, lo, hi int, weight float64) {
	known := 0
	for _, r := range p.ratios[lo:hi] {
		if r == r {
			known++
		}
	}
	for i := lo; i < hi; i++ {
		if r := p.ratios[i]; r == r && math.Abs(r) >= minBayesCue {
			t := &p.toks[i]
			c.cues = append(c.cues, Cue{Text: t.Text, Start: t.Start, End: t.End,
				Weight: weight * r / float64(known+bayesShrink)})
		}
	}
}
