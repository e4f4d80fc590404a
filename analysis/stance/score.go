package stance

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"newsframe/analysis/quotes"
	"newsframe/analysis/sentiment"
	"newsframe/analysis/text"
)

// Label is a stance class.
type Label string

// The stance labels, as they appear in exports.
const (
	Against Label = "against"
	Neutral Label = "neutral"
	Favor   Label = "favor"
)

const (
	// ClaimWeight is how far one favor or against cue of a claim moves the
	// log-odds of favor against against, in units of δ in sentiment.Shift
	// (the odds move by e^(2δ)): about one strongly polar word near a
	// mention.
	ClaimWeight = 1.5
	// claimNegationReach is how many tokens before a claim cue a negation
	// reverses it ("not a failed strategy").
	claimNegationReach = 3
)

// Result is the stance of one paragraph (or text) toward one target.
type Result struct {
	Target string `json:"target"`
	Label  Label  `json:"label"`
	// Score is sentiment.Lead of the mean probabilities of the
	// paragraph's scored mentions: P(favor) when favor is more probable
	// than against, else −P(against), in [-1, 1]. Label follows the
	// paragraph-stance thresholds on Score (sentiment.Levels).
	Score float64 `json:"score"`
	// Latent is the paragraph's evidence toward the target: Σ (score − μ₀)
	// over its scored mentions, where μ₀ is what an ordinary news mention
	// scores (sentiment.Weights.TargetMean). Articles add it up.
	Latent float64 `json:"latent"`
	// Cues are the words that decided the score, strongest first, with
	// byte offsets in the paragraph.
	Cues []sentiment.Cue `json:"cues,omitempty"`
	// Quoted is set when the deciding cue (else the strongest mention)
	// lies inside a quotation; Speaker is who speaks there, when the text
	// attributes it ("Sheinbaum stated", "officials have pointed").
	Quoted   bool   `json:"quoted"`
	Speaker  string `json:"speaker,omitempty"`
	Mentions int    `json:"mentions"`
	// Scored counts the units behind Score and Latent: the mentions, and
	// for a claim the sentences with a cue but no mention.
	Scored int `json:"scored"`
}

// ArticleResult is an article's stance toward one target.
type ArticleResult struct {
	Target string `json:"target"`
	// Label follows the article-stance thresholds on Score
	// (sentiment.Levels).
	Label Label `json:"label"`
	// Score is P(favor) − P(against) in (-1, 1) under the article stance
	// model (see AggregateHeadline).
	Score float64 `json:"score"`
	// Latent is the article stance model's latent z.
	Latent float64 `json:"latent"`
	// Headline is set when the headline names the target.
	Headline bool `json:"headline,omitempty"`
	// Mentions counts the target's mentions in the article; Paragraphs
	// the paragraphs with at least one, Quoted those decided in a quote.
	Mentions   int `json:"mentions"`
	Paragraphs int `json:"paragraphs"`
	Quoted     int `json:"quoted"`
}

// Voice reports, for a byte offset of the paragraph being scored, whether
// it is inside a quotation and who speaks there ("" when unknown or the
// outlet's own voice). nil means no quotation information.
type Voice func(off int) (quoted bool, speaker string)

// Scorer scores stance toward a fixed list of targets. It is safe for
// concurrent use.
type Scorer struct {
	model   *sentiment.Model
	matcher *Matcher
	// cues[t] are the claim cues of target t with their sign.
	cues [][]claimCue
}

type claimCue struct {
	words []string
	sign  float64
}

// NewScorer builds a scorer for targets with a sentiment model that has
// fitted weights. Targets are validated.
func NewScorer(model *sentiment.Model, targets []Target) (*Scorer, error) {
	if model == nil || model.Weights() == nil {
		return nil, fmt.Errorf("stance: a sentiment model with fitted weights is required")
	}
	ts := append([]Target(nil), targets...)
	s := &Scorer{model: model, cues: make([][]claimCue, len(ts))}
	for i := range ts {
		if err := ts[i].Validate(); err != nil {
			return nil, fmt.Errorf("stance: %w", err)
		}
		for _, c := range ts[i].Favor {
			s.cues[i] = append(s.cues[i], claimCue{strings.Split(foldPhrase(c), " "), 1})
		}
		for _, c := range ts[i].Against {
			s.cues[i] = append(s.cues[i], claimCue{strings.Split(foldPhrase(c), " "), -1})
		}
	}
	s.matcher = NewMatcher(ts)
	return s, nil
}

// Targets returns the scorer's targets.
func (s *Scorer) Targets() []Target { return s.matcher.targets }

// Matcher returns the scorer's alias matcher.
func (s *Scorer) Matcher() *Matcher { return s.matcher }

// mentionScore is the stance of one sentence toward one target.
type mentionScore struct {
	probs  [3]float64 // P(against), P(neutral), P(favor)
	cues   []sentiment.Cue
	anchor int // byte offset that decides quoted and speaker
}

// uniform is the prior of a claim sentence without a mention: its cues
// alone decide.
var uniform = [3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}

// Paragraph returns the stance of paragraph p toward every target it
// mentions (or, for a claim, every target whose cues it contains), in
// target order. toks = text.Words(p), sentences = text.Sentences(p); voice
// may be nil.
func (s *Scorer) Paragraph(p string, toks []text.Token, sentences []text.Span, voice Voice) []Result {
	pp := s.model.Prepare(preparedPool.Get().(*sentiment.Prepared), p, toks, sentences)
	defer preparedPool.Put(pp)
	return s.ParagraphPrepared(pp, voice)
}

// preparedPool keeps the sentiment.Prepared values of Paragraph.
var preparedPool = sync.Pool{New: func() any { return new(sentiment.Prepared) }}

// ParagraphPrepared is Paragraph on a text prepared by the scorer's model
// (sentiment.Model.Prepare, with its sentences), so that the paragraph's
// sentiment and its stance share the lexicon and naive Bayes work. A text
// prepared by another model is prepared again.
func (s *Scorer) ParagraphPrepared(pp *sentiment.Prepared, voice Voice) []Result {
	p, toks, sentences := pp.Text()
	if pp.Model() != s.model {
		pp = s.model.Prepare(nil, p, toks, sentences)
	}
	var mbuf [16]Mention
	mentions := s.matcher.Find(mbuf[:0], toks)
	type acc struct {
		target int
		scores []mentionScore
		n      int
	}
	var per []acc // few targets per paragraph: a slice beats a map
	get := func(t int) *acc {
		for i := range per {
			if per[i].target == t {
				return &per[i]
			}
		}
		per = append(per, acc{target: t})
		return &per[len(per)-1]
	}
	for _, mn := range mentions {
		a := get(mn.Target)
		a.n++
		a.scores = append(a.scores, s.mention(pp, mn))
	}
	// Claims: sentences with a cue count even without an alias.
	for t := range s.cues {
		if len(s.cues[t]) == 0 {
			continue
		}
		for _, sp := range sentences {
			lo, hi := sentiment.TokenRange(toks, sp)
			if hasMention(mentions, t, lo, hi) {
				continue // already scored with its cues
			}
			delta, cues := s.claimCues(p, toks, t, lo, hi)
			if len(cues) == 0 {
				continue
			}
			a := get(t)
			a.scores = append(a.scores, mentionScore{probs: sentiment.Shift(uniform, delta), cues: cues, anchor: cues[0].Start})
		}
	}
	slices.SortFunc(per, func(a, b acc) int { return cmp.Compare(a.target, b.target) })
	out := make([]Result, 0, len(per))
	for _, a := range per {
		out = append(out, s.combine(a.target, a.scores, a.n, voice))
	}
	return out
}

func hasMention(ms []Mention, t, lo, hi int) bool {
	for _, m := range ms {
		if m.Target == t && m.Lo >= lo && m.Lo < hi {
			return true
		}
	}
	return false
}

// Mention returns the stance toward target t at the single mention mn
// of paragraph p (for `newsframe score` with a target_span).
func (s *Scorer) Mention(p string, toks []text.Token, sentences []text.Span, mn Mention, voice Voice) Result {
	pp := s.model.Prepare(preparedPool.Get().(*sentiment.Prepared), p, toks, sentences)
	defer preparedPool.Put(pp)
	return s.combine(mn.Target, []mentionScore{s.mention(pp, mn)}, 1, voice)
}

// mention scores one mention on its sentence.
// MentionReach is the number of tokens read on either side of a mention
// within its sentence: far beyond any sentence of news copy (whose
// sentences rarely pass 60 words), so that only text without sentence ends
// is cut.
const MentionReach = 200

func (s *Scorer) mention(pp *sentiment.Prepared, mn Mention) mentionScore {
	p, toks, sentences := pp.Text()
	lo, hi := 0, len(toks)
	// Sentences are in order and do not overlap: the first that ends
	// after the mention's start holds it, if any does (a search, not a
	// scan: a paragraph can hold a book's sentences).
	i, _ := slices.BinarySearchFunc(sentences, mn.Start, func(sp text.Span, start int) int {
		if sp.End <= start {
			return -1
		}
		return 1
	})
	if i < len(sentences) && mn.Start >= sentences[i].Start {
		lo, hi = sentiment.TokenRange(toks, sentences[i])
	}
	hi = max(hi, mn.Hi)
	lo = min(lo, mn.Lo)
	// A sentence is read at most MentionReach tokens either side of the
	// mention: a "sentence" without ends (a scrape of one long run of
	// text) would otherwise make each mention read all of it, quadratic
	// time in the paragraph's length.
	lo = max(lo, mn.Lo-MentionReach)
	hi = min(hi, mn.Hi+MentionReach)
	probs, cues := pp.TargetProbs(lo, hi, mn.Lo, mn.Hi)
	if len(s.cues[mn.Target]) > 0 {
		delta, cc := s.claimCues(p, toks, mn.Target, lo, hi)
		probs = sentiment.Shift(probs, delta)
		cues = append(cues, cc...)
		sentiment.SortCues(cues)
	}
	anchor := mn.Start
	if len(cues) > 0 {
		anchor = cues[0].Start
	}
	return mentionScore{probs: probs, cues: cues, anchor: anchor}
}

// claimCues finds the favor and against cues of claim t in toks[lo:hi]
// and returns their total shift δ (sentiment.Shift): each adds
// ±ClaimWeight, reversed when a negation stands within claimNegationReach
// tokens before it.
func (s *Scorer) claimCues(p string, toks []text.Token, t, lo, hi int) (float64, []sentiment.Cue) {
	z := 0.0
	var cues []sentiment.Cue
	for i := lo; i < hi; i++ {
		for _, c := range s.cues[t] {
			if i+len(c.words) > hi {
				continue
			}
			ok := true
			for k, w := range c.words {
				if toks[i+k].Norm != w {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			w := c.sign * ClaimWeight
			start := toks[i].Start
			for j := max(lo, i-claimNegationReach); j < i; j++ {
				if isNegation(toks[j].Norm) {
					w, start = -w, toks[j].Start
					break
				}
			}
			end := toks[i+len(c.words)-1].End
			z += w
			cues = append(cues, sentiment.Cue{Text: p[start:end], Weight: w, Start: start, End: end})
		}
	}
	return z, cues
}

func isNegation(norm string) bool {
	switch norm {
	case "not", "no", "never", "without", "cannot", "nor", "neither", "hardly", "nobody", "nothing", "none":
		return true
	}
	return strings.HasSuffix(norm, "n't")
}

// combine turns the mention scores of one target in one paragraph into a
// Result: the mean of their probabilities gives Score and Label, the sum
// of their scores less μ₀ the Latent; the cues are the strongest of all
// mentions, and the voice is the one at the cue of the mention that
// departs most from μ₀.
func (s *Scorer) combine(t int, scores []mentionScore, mentions int, voice Voice) Result {
	r := Result{Target: s.matcher.targets[t].Name, Mentions: mentions, Scored: len(scores), Label: Neutral}
	if len(scores) == 0 {
		return r
	}
	mu := s.model.Weights().TargetMean
	strongest, best := 0, -1.0
	var mean [3]float64
	var cues []sentiment.Cue
	for i, m := range scores {
		sc := m.probs[2] - m.probs[0]
		r.Latent += sc - mu
		if d := math.Abs(sc - mu); d > best {
			strongest, best = i, d
		}
		for k := range mean {
			mean[k] += m.probs[k] / float64(len(scores))
		}
		cues = append(cues, m.cues...)
	}
	r.Latent = round6(r.Latent)
	r.Score = round6(sentiment.Lead(mean))
	r.Label = label(s.model.Levels().ParagraphStance.Label(r.Score))
	sentiment.SortCues(cues)
	if len(cues) > 8 {
		cues = cues[:8]
	}
	r.Cues = cues
	if voice != nil {
		r.Quoted, r.Speaker = voice(scores[strongest].anchor)
	}
	return r
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func label(l sentiment.Label) Label {
	switch l {
	case sentiment.Negative:
		return Against
	case sentiment.Positive:
		return Favor
	}
	return Neutral
}

// Aggregate combines the paragraph results of one article into one result
// per target, in order of first appearance; see AggregateHeadline.
func (s *Scorer) Aggregate(paragraphs [][]Result) []ArticleResult {
	return s.AggregateHeadline(nil, paragraphs)
}

// ledeParagraphs is how many paragraphs at the start of an article are
// its lede: where news writing puts its main claim (the inverted
// pyramid).
const ledeParagraphs = 2

// ArticleFeatures are the evidence sums of an article toward one target
// that the article stance model weighs (sentiment.ArticleModel), in the
// order of sentiment.ArticleFeatureNames:
//
//	headline   Σ Latent of the headline's mentions
//	lede       Σ Latent of the first ledeParagraphs paragraphs / √n
//	own_voice  Σ Latent of the later paragraphs decided outside quotations / √n
//	quoted     Σ Latent of the later paragraphs decided inside quotations / √n
//
// where Latent = Σ (score − μ₀) over a paragraph's mentions and n is the
// number of the body's scored mentions (at least 1): a Stouffer-type sum,
// so that an article that keeps returning to a target in the same light
// weighs more than one that names it once.
func ArticleFeatures(headline []Result, paragraphs [][]Result, target string) [4]float64 {
	var x [4]float64
	n := 0
	for _, r := range headline {
		if r.Target == target {
			x[0] += r.Latent
		}
	}
	for pi, rs := range paragraphs {
		for _, r := range rs {
			if r.Target != target {
				continue
			}
			n += r.Scored
			switch {
			case pi < ledeParagraphs:
				x[1] += r.Latent
			case r.Quoted:
				x[3] += r.Latent
			default:
				x[2] += r.Latent
			}
		}
	}
	root := math.Sqrt(float64(max(n, 1)))
	x[1], x[2], x[3] = x[1]/root, x[2]/root, x[3]/root
	return x
}

// AggregateHeadline combines the stance results of an article's headline
// (Paragraph on the headline text; nil for none) and of its paragraphs
// into one result per target, in order of first appearance (a target
// only the headline names comes first). The article stance model
// (sentiment.ArticleModel, an ordinal regression fitted on half of
// BASIL-dev) turns the target's ArticleFeatures into a latent z and
// P(against), P(neutral), P(favor); Score is P(favor) − P(against) and
// the label follows the article-stance thresholds on Score
// (sentiment.Levels).
func (s *Scorer) AggregateHeadline(headline []Result, paragraphs [][]Result) []ArticleResult {
	am := &s.model.Weights().Article
	levels := s.model.Levels()
	var out []ArticleResult
	get := func(target string) int {
		for i := range out {
			if out[i].Target == target {
				return i
			}
		}
		out = append(out, ArticleResult{Target: target})
		return len(out) - 1
	}
	for _, r := range headline {
		i := get(r.Target)
		out[i].Headline = true
		out[i].Mentions += r.Mentions
	}
	for _, rs := range paragraphs {
		for _, r := range rs {
			i := get(r.Target)
			if r.Quoted {
				out[i].Quoted++
			}
			out[i].Mentions += r.Mentions
			out[i].Paragraphs++
		}
	}
	for i := range out {
		x := ArticleFeatures(headline, paragraphs, out[i].Target)
		z := am.Model.Latent(x[:])
		out[i].Latent = round6(z)
		out[i].Score = round6(am.Model.Score(z))
		out[i].Label = label(levels.ArticleStance.Label(out[i].Score))
	}
	return out
}

// Article scores every paragraph of an article and aggregates them. It
// finds quotations and speakers with analysis/quotes over the whole
// article (quotations may run across paragraphs).
func (s *Scorer) Article(paragraphs []string) (perParagraph [][]Result, article []ArticleResult) {
	return s.ArticleHeadline("", paragraphs)
}

// ArticleHeadline is Article for an article with a headline, which
// AggregateHeadline weighs in (an empty headline is none).
func (s *Scorer) ArticleHeadline(headline string, paragraphs []string) (perParagraph [][]Result, article []ArticleResult) {
	head, perParagraph := s.Evidence(headline, paragraphs)
	return perParagraph, s.AggregateHeadline(head, perParagraph)
}

// Evidence returns the stance results of an article's headline (nil for
// an empty headline) and of each of its paragraphs, with quotations and
// speakers found by analysis/quotes over the whole article: what
// AggregateHeadline combines.
func (s *Scorer) Evidence(headline string, paragraphs []string) (head []Result, perParagraph [][]Result) {
	qa := quotes.Analyze(paragraphs, nil)
	perParagraph = make([][]Result, len(paragraphs))
	for pi, p := range paragraphs {
		perParagraph[pi] = s.Paragraph(p, text.Words(p), text.Sentences(p), VoiceOf(qa, pi))
	}
	if headline != "" {
		head = s.Paragraph(headline, text.Words(headline), text.Sentences(headline), nil)
	}
	return head, perParagraph
}

// VoiceOf adapts a quotes.Analysis to the Voice of paragraph pi.
func VoiceOf(qa *quotes.Analysis, pi int) Voice {
	return func(off int) (bool, string) {
		src := qa.At(pi, off)
		return src.Quoted, src.Speaker
	}
}
