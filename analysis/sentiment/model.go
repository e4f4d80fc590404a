package sentiment

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"newsframe/analysis/text"
)

// Feature names of the sentence model, in the order SentenceFeatures
// writes them.
var sentenceFeatures = []string{"lexicon_positive", "lexicon_negative", "bayes"}

// Weights is the content of data/sentiment/weights.json: the fitted
// sentence and target models and how they were fitted. cmd/calibrate
// writes it; `make calibrate` reproduces it byte for byte.
type Weights struct {
	Version int `json:"version"`
	// Fit describes the data and rule the weights come from.
	Fit FitInfo `json:"fit"`
	// BayesCenter is the mean shrunk naive Bayes log-ratio per word on the
	// fitting sentences; subtracting it makes "no evidence" score 0.
	BayesCenter float64 `json:"bayes_center"`
	// Sentence scores a sentence (and, by combination, a paragraph).
	Sentence Ordinal `json:"sentence"`
	// Target scores the sentiment toward a mention in a sentence: these
	// are its weights of the dense features (TargetFeatures) and its
	// biases; Hashed holds those of the hashed context features.
	Target Multinomial `json:"target"`
	// Context describes the target model's hashed context features and
	// the file that holds their weights.
	Context ContextInfo `json:"context"`
	// Hashed are the weights of the hashed context features, read from
	// HashedPath (they are not part of weights.json).
	Hashed Hashed `json:"-"`
	// TargetMean is the mean target score P(positive) − P(negative) over
	// the fitting mentions: what an ordinary news mention scores. Article
	// stance (package stance) measures evidence against it.
	TargetMean float64 `json:"target_mean"`
	// Article turns the evidence of an article's mentions of a target into
	// a stance label (package stance).
	Article ArticleModel `json:"article"`
	// Labels are the default label thresholds of the four levels (see
	// Levels); a thresholds file replaces them (Model.WithLevels).
	Labels Levels `json:"labels"`
}

// ContextInfo describes the hashed context features of the target model.
type ContextInfo struct {
	// Bits is ContextBits at fitting time; Templates the version of the
	// feature templates (ContextTemplates).
	Bits      int `json:"bits"`
	Templates int `json:"templates"`
	// Lambda is the L2 penalty of the hashed weights (per row).
	Lambda float64 `json:"lambda"`
	// Buckets is the number of buckets with a non-zero weight.
	Buckets int `json:"buckets"`
	// SHA256 is the digest of the hashed weights file (HashedPath).
	SHA256 string `json:"sha256"`
}

// ArticleModel is the article stance model (stance.Scorer.AggregateHeadline):
// an ordinal regression over an article's evidence toward a target by
// position and voice (stance.ArticleFeatures; names in
// ArticleFeatureNames). Its score is P(favor) − P(against); the label
// thresholds are Levels.ArticleStance.
type ArticleModel struct {
	// Fit describes the data and rule the model comes from.
	Fit   string  `json:"fit"`
	Model Ordinal `json:"model"`
}

// articleFeatures are the names of the article stance model's features.
var articleFeatures = []string{"headline", "lede", "own_voice", "quoted"}

// ArticleFeatureNames returns the names of the article stance model's
// features, in the order stance.ArticleFeatures computes them.
func ArticleFeatureNames() []string { return append([]string(nil), articleFeatures...) }

// FitInfo records where fitted weights come from.
type FitInfo struct {
	Data   string  `json:"data"`
	Split  string  `json:"split"`
	Rows   int     `json:"rows"`
	Lambda float64 `json:"lambda"`
	// TargetLambda is the L2 penalty of the target model.
	TargetLambda float64 `json:"target_lambda"`
	Lexicon      string  `json:"lexicon_sha256"`
}

// ParseWeights decodes weights.json and checks that its feature lists
// match this version of the code.
func ParseWeights(b []byte) (*Weights, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var w Weights
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("sentiment weights: %w", err)
	}
	if err := checkFeatures("sentence", w.Sentence, sentenceFeatures); err != nil {
		return nil, err
	}
	if err := checkTargetFeatures(w.Target); err != nil {
		return nil, err
	}
	if err := checkFeatures("article", w.Article.Model, articleFeatures); err != nil {
		return nil, err
	}
	if w.Context.Bits != ContextBits || w.Context.Templates != ContextTemplates {
		return nil, fmt.Errorf("sentiment weights: context features of %d bits, templates %d; this build has %d, %d (run make calibrate)",
			w.Context.Bits, w.Context.Templates, ContextBits, ContextTemplates)
	}
	if err := w.Labels.Validate(); err != nil {
		return nil, fmt.Errorf("sentiment weights: labels: %w", err)
	}
	return &w, nil
}

func checkFeatures(model string, o Ordinal, want []string) error {
	if len(o.Features) != len(want) || len(o.Weights) != len(want) {
		return fmt.Errorf("sentiment weights: %s model has %d features and %d weights, want %d (run make calibrate)",
			model, len(o.Features), len(o.Weights), len(want))
	}
	for i := range want {
		if o.Features[i] != want[i] {
			return fmt.Errorf("sentiment weights: %s feature %d is %q, want %q (run make calibrate)", model, i, o.Features[i], want[i])
		}
	}
	if !(o.Cuts[0] < o.Cuts[1]) {
		return fmt.Errorf("sentiment weights: %s cuts %v not increasing", model, o.Cuts)
	}
	return nil
}

// Model is newsframe's sentiment scorer: a lexicon layer and the naive
// Bayes posterior combined by fitted ordinal regressions. It implements
// Scorer and SpanScorer and is safe for concurrent use.
type Model struct {
	lex *Lexicon
	nb  *Bayes
	w   *Weights
	// The vocabulary joins the naive Bayes table and the lexicon's single
	// words so that scoring looks each token up once (Prepare): a word's
	// id is its naive Bayes id (nb.index), else lexOnly[word], and
	// info[id] holds its ratio and lexicon entry.
	lexOnly map[string]int32
	// lexOnlyKeys[id-len(nb.words)] is the key of lexOnly id.
	lexOnlyKeys []string
	info        []vocabWord
	// entries are the lexicon's single-word entries, indexed by
	// vocabWord.lex, in the order of their words' ids.
	entries []entry
	// numberKeys is set when some vocabulary word has no letter, so that
	// a Number token ("400", "3.5") may have a lexicon entry.
	numberKeys bool
	// levels replaces w.Labels when set (WithLevels).
	levels *Levels
}

// vocabWord is what the model knows about one token Norm.
type vocabWord struct {
	ratio float64 // naive Bayes log-likelihood ratio; NaN when unknown
	lex   int32   // index in Model.entries; −1 when the lexicon lacks it
}

// NewModel combines a lexicon, the naive Bayes model and fitted weights.
// Weights may be nil only to compute features (cmd/calibrate); scoring
// then panics.
func NewModel(lex *Lexicon, nb *Bayes, w *Weights) *Model {
	m := &Model{lex: lex, nb: nb, w: w, lexOnly: make(map[string]int32),
		info: make([]vocabWord, len(nb.words), len(nb.words)+len(lex.words)/2)}
	for id, r := range nb.ratios {
		m.info[id] = vocabWord{ratio: r, lex: -1}
	}
	type word struct {
		key string
		id  int32 // naive Bayes id, or −1
	}
	words := make([]word, 0, len(lex.words))
	for k := range lex.words {
		id, ok := nb.index[k]
		if !ok {
			id = -1
		}
		words = append(words, word{k, id})
	}
	// Words the naive Bayes model knows first, in its (frequency) order.
	slices.SortFunc(words, func(a, b word) int {
		if a.id >= 0 && b.id >= 0 {
			return cmp.Compare(a.id, b.id)
		}
		if a.id >= 0 || b.id >= 0 {
			return cmp.Compare(b.id, a.id)
		}
		return strings.Compare(a.key, b.key)
	})
	for _, wd := range words {
		id := wd.id
		if id < 0 {
			id = int32(len(m.info))
			m.lexOnly[wd.key] = id
			m.lexOnlyKeys = append(m.lexOnlyKeys, wd.key)
			m.info = append(m.info, vocabWord{ratio: math.NaN(), lex: -1})
		}
		m.info[id].lex = int32(len(m.entries))
		m.entries = append(m.entries, lex.words[wd.key])
		if !strings.ContainsFunc(wd.key, unicode.IsLetter) {
			m.numberKeys = true
		}
	}
	for _, k := range nb.words {
		if !strings.ContainsFunc(k, unicode.IsLetter) {
			m.numberKeys = true
		}
	}
	return m
}

// lookup returns what the vocabulary says about a Word token's Norm: its
// naive Bayes ratio (NaN when unknown; "don't" is looked up as "dont",
// "u.s." as "us", as the model's sanitiser sees them) and the index of its
// lexicon entry (−1 for none). key is the vocabulary's own copy of norm,
// or "" when the vocabulary lacks it.
func (m *Model) lookup(norm string) (ratio float64, lex int32, key string) {
	ratio, lex = math.NaN(), -1
	if id, ok := m.nb.index[norm]; ok {
		ratio, lex, key = m.info[id].ratio, m.info[id].lex, m.nb.words[id]
	} else if id, ok := m.lexOnly[norm]; ok {
		ratio, lex, key = m.info[id].ratio, m.info[id].lex, m.lexOnlyKeys[int(id)-len(m.nb.words)]
	}
	if ratio != ratio && !isLowerLetters(norm) {
		if r, ok := m.nb.Ratio(norm); ok {
			ratio = r
		}
	}
	return ratio, lex, key
}

// Paths of the model's files in newsframe's data tree.
const (
	LexiconPath = "lexicons/news.tsv"
	WeightsPath = "sentiment/weights.json"
	HashedPath  = "sentiment/target.bin"
)

// Load builds the default Model from a data tree (newsframe's embedded
// data.FS or a directory): the VADER lexicon overlaid with LexiconPath,
// cdipaolo's naive Bayes model, WeightsPath and HashedPath (which must be
// the file whose digest WeightsPath records).
func Load(fsys fs.FS) (*Model, error) {
	// The naive Bayes table takes longest to restore: it loads meanwhile.
	type restored struct {
		nb  *Bayes
		err error
	}
	bayes := make(chan restored, 1)
	go func() {
		nb, err := RestoreBayes()
		bayes <- restored{nb, err}
	}()
	lexBytes, err := fs.ReadFile(fsys, LexiconPath)
	if err != nil {
		return nil, fmt.Errorf("load sentiment model: %w", err)
	}
	lex, err := ParseLexicon(LexiconPath, lexBytes, VADERLexicon())
	if err != nil {
		return nil, err
	}
	wBytes, err := fs.ReadFile(fsys, WeightsPath)
	if err != nil {
		return nil, fmt.Errorf("load sentiment model: %w", err)
	}
	w, err := ParseWeights(wBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", WeightsPath, err)
	}
	hb, err := fs.ReadFile(fsys, HashedPath)
	if err != nil {
		return nil, fmt.Errorf("load sentiment model: %w", err)
	}
	if d := Digest(hb); d != w.Context.SHA256 {
		return nil, fmt.Errorf("load sentiment model: %s has digest %s, %s expects %s (run make calibrate)", HashedPath, d, WeightsPath, w.Context.SHA256)
	}
	if w.Hashed, err = ParseHashed(HashedPath, hb); err != nil {
		return nil, fmt.Errorf("load sentiment model: %w", err)
	}
	r := <-bayes
	if r.err != nil {
		return nil, r.err
	}
	return NewModel(lex, r.nb, w), nil
}

// Lexicon returns the model's lexicon.
func (m *Model) Lexicon() *Lexicon { return m.lex }

// Bayes returns the model's naive Bayes table.
func (m *Model) Bayes() *Bayes { return m.nb }

// Weights returns the fitted weights (nil for a features-only model).
func (m *Model) Weights() *Weights { return m.w }

// bayesShrink is the pseudo-count of zero-ratio words added to every
// text's naive Bayes mean, so that a text with one known word cannot reach
// an extreme mean.
const bayesShrink = 2

// bayesMean returns the shrunk mean log-likelihood ratio of toks[lo:hi]:
// Σ ratio / (known + bayesShrink) over the words the model knows.
func (m *Model) bayesMean(toks []text.Token, lo, hi int) float64 {
	sum, known := 0.0, 0
	for i := lo; i < hi; i++ {
		if toks[i].Kind != text.Word {
			continue
		}
		if r, ok := m.nb.Ratio(toks[i].Norm); ok {
			sum += r
			known++
		}
	}
	return sum / float64(known+bayesShrink)
}

// SentenceFeatures appends the sentence-model features of toks[lo:hi]
// (one sentence of s; toks = text.Words(s)) to dst:
//
//	lexicon_positive = log(1 + Σ positive item valences)
//	lexicon_negative = log(1 + Σ |negative item valences|)
//	bayes            = Σ ratio / (known + 2) − center
//
// It also returns the lexicon items, appended to items.
func (m *Model) SentenceFeatures(dst []float64, items []Item, s string, toks []text.Token, lo, hi int) ([]float64, []Item) {
	first := len(items)
	items = m.lex.Analyze(items, s, toks, lo, hi)
	pos, neg := valenceMass(items[first:])
	center := m.bayesCenter()
	return append(dst, math.Log1p(pos), math.Log1p(neg), m.bayesMean(toks, lo, hi)-center), items
}

// valenceMass returns the summed valence of the positive items and the
// summed magnitude of the negative ones: the lexicon features before their
// log1p.
func valenceMass(items []Item) (pos, neg float64) {
	for _, it := range items {
		if it.Valence > 0 {
			pos += it.Valence
		} else {
			neg -= it.Valence
		}
	}
	return pos, neg
}

// bayesCenter returns the fitted centre of the naive Bayes feature, 0
// for a model without fitted weights.
func (m *Model) bayesCenter() float64 {
	if m.w == nil {
		return 0
	}
	return m.w.BayesCenter
}

// SortCues sorts cues by decreasing magnitude of weight, keeping the
// order of cues of equal magnitude (a stable sort): the order in which
// results list them.
func SortCues(cues []Cue) {
	slices.SortStableFunc(cues, func(a, b Cue) int {
		x, y := math.Abs(a.Weight), math.Abs(b.Weight)
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
}

// maxCues is how many cues a Result keeps.
const maxCues = 8

// cueBuilder collects cue candidates with their contribution to the
// latent score.
type cueBuilder struct {
	cues []Cue
}

// addItems spreads the contribution weight·feature of a lexicon feature
// over the items that make it up, in proportion to their valence.
func (c *cueBuilder) addItems(s string, toks []text.Token, items []Item, sign float64, contribution float64) {
	total := 0.0
	for _, it := range items {
		if it.Valence*sign > 0 {
			total += math.Abs(it.Valence)
		}
	}
	if total == 0 || contribution == 0 {
		return
	}
	for _, it := range items {
		if it.Valence*sign > 0 {
			start, end := toks[it.Lo].Start, toks[it.Hi-1].End
			c.cues = append(c.cues, Cue{Text: s[start:end], Start: start, End: end,
				Weight: contribution * math.Abs(it.Valence) / total})
		}
	}
}

// addBayes adds the naive Bayes words of toks[lo:hi] with their share of
// the feature's contribution: weight·ratio/(known+shrink).
func (c *cueBuilder) addBayes(m *Model, s string, toks []text.Token, lo, hi int, weight float64) {
	known := 0
	for i := lo; i < hi; i++ {
		if _, ok := m.nb.Ratio(toks[i].Norm); ok && toks[i].Kind == text.Word {
			known++
		}
	}
	for i := lo; i < hi; i++ {
		if toks[i].Kind != text.Word {
			continue
		}
		if r, ok := m.nb.Ratio(toks[i].Norm); ok && math.Abs(r) >= 1 {
			c.cues = append(c.cues, Cue{Text: toks[i].Text, Start: toks[i].Start, End: toks[i].End,
				Weight: weight * r / float64(known+bayesShrink)})
		}
	}
}

// top merges cues on the same span, keeps the strongest maxCues, largest
// magnitude first (ties by position), with weights rounded to 1e-4.
func (c *cueBuilder) top() []Cue {
	if len(c.cues) == 0 {
		return nil
	}
	slices.SortStableFunc(c.cues, func(a, b Cue) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.End, b.End)
	})
	merged := c.cues[:1]
	for _, cue := range c.cues[1:] {
		last := &merged[len(merged)-1]
		if cue.Start == last.Start && cue.End == last.End {
			last.Weight += cue.Weight
			continue
		}
		merged = append(merged, cue)
	}
	out := merged[:0]
	for _, cue := range merged {
		if math.Abs(cue.Weight) >= 0.005 {
			cue.Weight = math.Round(cue.Weight*1e4) / 1e4
			out = append(out, cue)
		}
	}
	SortCues(out)
	if len(out) > maxCues {
		out = out[:maxCues]
	}
	return append([]Cue(nil), out...)
}

// Paragraph scores a paragraph p already split into tokens (toks =
// text.Words(p)) and sentences (text.Sentences(p)). Each sentence gets a
// latent score z_i from the sentence model; the paragraph's latent score
// is Stouffer's combination Σ z_i / √k over its k sentences, so that
// agreeing sentences add up while one strong sentence among neutral ones
// still shows. The score is P(positive) − P(negative) at that latent and
// the label follows the model's thresholds.
func (m *Model) Paragraph(p string, toks []text.Token, sentences []text.Span) Result {
	pp := m.getPrepared(p, toks, sentences)
	defer preparedPool.Put(pp)
	return pp.Paragraph()
}

// ParagraphLatent returns only the latent score of Paragraph (no cues),
// for callers that aggregate.
func (m *Model) ParagraphLatent(p string, toks []text.Token, sentences []text.Span) float64 {
	pp := m.getPrepared(p, toks, sentences)
	defer preparedPool.Put(pp)
	return pp.paragraphLatent(false)
}

// Score scores a text of any length: it splits s into sentences and words
// and calls Paragraph.
func (m *Model) Score(s string) Result {
	b := splitPool.Get().(*splitBuffers)
	b.words = text.AppendWords(b.words[:0], s)
	b.sentences = text.AppendSentences(b.sentences[:0], s)
	r := m.Paragraph(s, b.words, b.sentences)
	splitPool.Put(b)
	return r
}

// splitBuffers are the word and sentence buffers of one Score call,
// pooled: the result refers to s, never to them, and allocating them
// anew took a third of Score's time.
type splitBuffers struct {
	words     []text.Token
	sentences []text.Span
}

var splitPool = sync.Pool{New: func() any { return new(splitBuffers) }}

// ScoreSpan scores the tokens toks[lo:hi] of s (toks = text.Words(s))
// with the sentence model. Negations, contrast and shifters are resolved
// over each whole sentence that overlaps the span; only the items inside
// the span count.
func (m *Model) ScoreSpan(s string, toks []text.Token, lo, hi int) Result {
	if lo < 0 {
		lo = 0
	}
	if hi > len(toks) {
		hi = len(toks)
	}
	o := &m.w.Sentence
	if lo >= hi {
		return Result{Score: o.Score(0), Label: m.Levels().ParagraphSentiment.Label(o.Score(0))}
	}
	var c cueBuilder
	sum, k := 0.0, 0
	for _, sp := range text.Sentences(s) {
		slo, shi := tokenRange(toks, sp)
		if shi <= lo || slo >= hi || slo == shi {
			continue
		}
		var items []Item
		items = m.lex.Analyze(items, s, toks, slo, shi)
		kept := items[:0]
		for _, it := range items {
			if it.Lo < hi && it.Hi > lo {
				kept = append(kept, it)
			}
		}
		pos, neg := valenceMass(kept)
		a, b := max(lo, slo), min(hi, shi)
		x := []float64{math.Log1p(pos), math.Log1p(neg), m.bayesMean(toks, a, b) - m.w.BayesCenter}
		c.addItems(s, toks, kept, 1, o.Weights[0]*x[0])
		c.addItems(s, toks, kept, -1, o.Weights[1]*x[1])
		c.addBayes(m, s, toks, a, b, o.Weights[2])
		sum += o.Latent(x)
		k++
	}
	z := 0.0
	if k > 0 {
		z = sum / math.Sqrt(float64(k))
	}
	score := o.Score(z)
	return Result{Score: score, Label: m.Levels().ParagraphSentiment.Label(score), Cues: c.top()}
}

// TargetModel returns the fitted target model.
func (m *Model) TargetModel() *Multinomial { return &m.w.Target }

// SentenceModel returns the fitted sentence model.
func (m *Model) SentenceModel() *Ordinal { return &m.w.Sentence }

// tokenRange returns the tokens [lo, hi) that lie inside span sp.
func tokenRange(toks []text.Token, sp text.Span) (int, int) {
	lo := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= sp.Start })
	hi := lo
	for hi < len(toks) && toks[hi].End <= sp.End {
		hi++
	}
	return lo, hi
}

// TokenRange returns the indices [lo, hi) of the tokens that lie inside
// the byte span sp; toks must be sorted by offset, as text.Words returns
// them.
func TokenRange(toks []text.Token, sp text.Span) (lo, hi int) { return tokenRange(toks, sp) }

// SentenceFeatureNames returns the names of the sentence model's features.
func SentenceFeatureNames() []string { return append([]string(nil), sentenceFeatures...) }

// TextFeatures returns the sentence-model features of a whole text taken
// as one unit: the items of each of its sentences pooled, and the naive
// Bayes mean over all its words. Calibration uses it on single sentences.
func (m *Model) TextFeatures(s string) []float64 {
	toks := text.Words(s)
	var items []Item
	for _, sp := range text.Sentences(s) {
		lo, hi := tokenRange(toks, sp)
		items = m.lex.Analyze(items, s, toks, lo, hi)
	}
	pos, neg := valenceMass(items)
	center := m.bayesCenter()
	return []float64{math.Log1p(pos), math.Log1p(neg), m.bayesMean(toks, 0, len(toks)) - center}
}

// MentionFeatures returns the target-model features of the mention at
// byte span sp of s (toks = text.Words(s)), within the sentence that
// contains the mention's start. ok is false when no token overlaps sp.
func (m *Model) MentionFeatures(s string, toks []text.Token, sp text.Span) (x []float64, ok bool) {
	tlo, thi, lo, hi, ok := mentionRange(s, toks, sp)
	if !ok {
		return nil, false
	}
	x, _ = m.TargetFeatures(nil, nil, s, toks, lo, hi, tlo, thi)
	return x, true
}

// mentionRange finds the tokens [tlo, thi) overlapping sp and the token
// range [lo, hi) of the sentence holding the first of them.
func mentionRange(s string, toks []text.Token, sp text.Span) (tlo, thi, lo, hi int, ok bool) {
	tlo = sort.Search(len(toks), func(i int) bool { return toks[i].End > sp.Start })
	thi = tlo
	for thi < len(toks) && toks[thi].Start < sp.End {
		thi++
	}
	if tlo == thi {
		return 0, 0, 0, 0, false
	}
	lo, hi = 0, len(toks)
	for _, sent := range text.Sentences(s) {
		if toks[tlo].Start >= sent.Start && toks[tlo].Start < sent.End {
			lo, hi = tokenRange(toks, sent)
			break
		}
	}
	if thi > hi {
		hi = thi
	}
	return tlo, thi, lo, hi, true
}
