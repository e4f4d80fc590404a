package sentiment

import (
	"math"
	"math/bits"
	"slices"
	"strings"

	"newsframe/analysis/text"
)

// ContextBits is the number of bits of a hashed context feature: the
// target model's word and bigram features fall into 2^ContextBits
// buckets (feature hashing: Weinberger et al. 2009, "Feature Hashing for
// Large Scale Multitask Learning", doi:10.1145/1553374.1553516). 2^18
// buckets hold the ~200,000 features of the NewsMTSC fitting rows with
// few collisions; in cross-validation 2^18 and 2^20 score alike and 2^17
// lower. The weights take 2 MiB in memory.
const ContextBits = 18

// contextMask keeps the low ContextBits bits of a feature hash.
const contextMask = 1<<ContextBits - 1

// ContextTemplates is the version of the feature templates below; a
// change of any template, word class or hash must change it, so that
// weights fitted with other features are refused (ParseWeights).
const ContextTemplates = 2

// Feature templates: each hashed feature mixes the words it reads with
// one integer that packs its template id and the positions and flags it
// reads (tpl | side<<8 | distance<<12 | clause<<16 | negated<<17 | ...),
// so that the same word in two templates lands in different buckets.
// Side is 0 before the mention, 1 after it.
const (
	tplWordAt      = iota + 1 // word, side, distance bucket
	tplWordClause             // word, side, in the mention's clause, negated
	tplWordBag                // word anywhere in the sentence, negated
	tplBigram                 // two adjacent words, side
	tplNearBigram             // two adjacent words next to the mention, side, distance bucket
	tplQuotedWord             // word inside a quotation, side
	tplTargetShape            // the mention's own shape: tokens, capitalised, pronoun
	tplPolarAt                // a lexicon item's sign and strength, side, distance, clause, segment
	tplStemBag                // a word's stem, side, negated
)

// Bit offsets of the parts packed with a template id.
const (
	packSide     = 8
	packDistance = 12
	packClause   = 16
	packNegated  = 17
	packSegment  = 18
	packSign     = 19
	packStrength = 20
)

// Word classes that replace a token's own form in the hashed features,
// so that no name or number becomes a sentiment cue: a capitalised word
// that does not start its sentence stands for a name ("Trump", "Labour"),
// a number for a number. The mention's own words are never read; it is
// classTarget in the bigrams around it.
var (
	className   = fnv64("\x00name")
	classNumber = fnv64("\x00number")
	classTarget = fnv64("\x00target")
	classPolar  = fnv64("\x00polar")
)

// fnv64 is FNV-1a, 64 bits (Fowler, Noll and Vo; IETF draft
// draft-eastlake-fnv): a fixed hash, so that feature buckets are the same
// in every process, unlike hash/maphash.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix combines a running feature hash with one more value: a
// multiply-add, then the 64-bit finaliser of MurmurHash3 (Appleby 2011),
// so that features made of several parts spread over the buckets.
func mix(h, v uint64) uint64 {
	h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// distanceBucket groups a distance in tokens from the mention (1 for the
// adjacent token): 1, 2, 3–4, 5–8, 9 and more.
func distanceBucket(d int) uint64 {
	if d <= 2 {
		return uint64(d)
	}
	return uint64(min(bits.Len(uint(d-1))+1, 5))
}

// stem strips a few English inflections ("-ing", "-ed", "-es", "-s",
// "-ly") from words of more than three letters beyond the suffix, so that
// "attacks", "attacked" and "attacking" share a feature.
func stem(w string) string {
	for _, suf := range [...]string{"ing", "ed", "es", "s", "ly"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// wordKeys returns, per token of the prepared text, the hashes of its
// form (Norm; the number class for a number) and of its stem, computed
// for the tokens of toks[lo:hi] on first use (a zero word hash marks a
// token not yet hashed: FNV-1a gives 0 for no short word).
func (p *Prepared) wordKeys(lo, hi int) []wordKey {
	if !p.keyN {
		p.keys = slices.Grow(p.keys[:0], len(p.toks))[:len(p.toks)]
		clear(p.keys)
		p.keyN = true
	}
	for i := lo; i < hi; i++ {
		if p.keys[i].word != 0 {
			continue
		}
		t := &p.toks[i]
		k := wordKey{word: classNumber, stem: classNumber}
		if t.Kind == text.Word {
			k.word = fnv64(t.Norm)
			k.stem = k.word
			if s := stem(t.Norm); len(s) != len(t.Norm) {
				k.stem = fnv64(s)
			}
		}
		p.keys[i] = k
	}
	return p.keys
}

// wordKey is a token's form and stem hashes.
type wordKey struct{ word, stem uint64 }

// isName reports whether token i of a sentence starting at token lo
// stands for a name: capitalised, not the first word, not "I".
func (p *Prepared) isName(i, lo int) bool {
	t := &p.toks[i]
	return t.Capitalized && i > lo && t.Norm != "i"
}

// negatedTokens sets dst[j-lo], for the tokens of toks[lo:hi], to whether
// a negator ("not", "never", "no") precedes token j within its clause and
// within negationReach tokens: the negation's scope, marked as Pang, Lee
// and Vaithyanathan (2002, doi:10.3115/1118693.1118704) mark the words
// after a negation.
func (p *Prepared) negatedTokens(dst []bool, lo, hi int) []bool {
	dst = dst[:0]
	until := -1
	for j := lo; j < hi; j++ {
		if j > lo && p.bound[j] {
			until = -1
		}
		dst = append(dst, j < until)
		if p.entries.flags(j)&flagNegator != 0 {
			until = j + 1 + negationReach
		}
	}
	return dst
}

// contextFeatures appends to p.feats the hashed context features of the
// mention toks[tlo:thi] in the sentence toks[lo:hi], whose contrast
// segment (Lexicon.segment) is toks[slo:shi], and to p.featTok the token
// each feature comes from (−1 for the mention's own shape):
//
//	word_at      word, side, distance bucket
//	word_clause  word, side, whether no clause boundary separates it
//	             from the mention, whether a negation's scope covers it
//	word_bag     word, negated
//	stem_bag     stem, side, negated
//	quoted_word  word, side, for words inside quotation marks
//	bigram       two adjacent words (the mention as one class word), side
//	near_bigram  two adjacent words within 2 tokens of the mention, side,
//	             distance bucket
//	polar_at     a lexicon item's sign and strength (|v| < 1.5, < 2.5,
//	             more), side (or inside the mention), distance bucket,
//	             clause, inside the mention's contrast segment
//	shape        the mention's tokens (1, 2, 3+), capitalised, a pronoun
//
// A word is its lower-case form, a name class for a capitalised word
// that does not start the sentence, a number class for a number; the
// mention's own words never count. Sides and distances are in tokens.
func (p *Prepared) contextFeatures(lo, hi, slo, shi, tlo, thi int) {
	keys := p.wordKeys(lo, hi)
	quoted := p.quotedTokens()
	p.negated = p.negatedTokens(p.negated, lo, hi)
	neg := p.negated
	feats, from := p.feats[:0], p.featTok[:0]
	emit := func(h uint64, tok int) {
		feats = append(feats, uint32(h)&contextMask)
		from = append(from, int32(tok))
	}
	key := func(i int) uint64 {
		if i >= tlo && i < thi {
			return classTarget
		}
		if p.isName(i, lo) {
			return className
		}
		return keys[i].word
	}
	shape := uint64(min(thi-tlo, 3))
	if p.toks[tlo].Capitalized {
		shape |= 4
	}
	if thi-tlo == 1 && pronouns[p.toks[tlo].Norm] {
		shape |= 8
	}
	emit(mix(classTarget, tplTargetShape|shape<<packSide), -1)
	// clause[j-lo] counts the clause boundaries before token j, so that
	// two tokens share a clause when their counts are equal.
	p.clause = p.clause[:0]
	c := 0
	for j := lo; j < hi; j++ {
		if j > lo && p.bound[j] {
			c++
		}
		p.clause = append(p.clause, int32(c))
	}
	clauseOf := p.clause
	sameAs := func(i, j int) bool { return clauseOf[i-lo] == clauseOf[j-lo] }
	for j := lo; j < hi; j++ {
		if j >= tlo && j < thi {
			continue
		}
		k := key(j)
		var side, d, clause, n uint64
		if j < tlo {
			d = uint64(tlo - j)
			if sameAs(j, tlo) {
				clause = 1
			}
		} else {
			side, d = 1, uint64(j-thi+1)
			if sameAs(thi-1, j) {
				clause = 1
			}
		}
		db := distanceBucket(int(d))
		if neg[j-lo] {
			n = 1
		}
		st := keys[j].stem
		if k != keys[j].word {
			st = k
		}
		if j == thi {
			// The bigram that starts on the mention: "<target> said".
			emit(mix(mix(classTarget, k), tplBigram|1<<packSide), j)
		}
		emit(mix(k, tplWordAt|side<<packSide|db<<packDistance), j)
		emit(mix(k, tplWordClause|side<<packSide|clause<<packClause|n<<packNegated), j)
		emit(mix(k, tplWordBag|n<<packNegated), j)
		emit(mix(st, tplStemBag|side<<packSide|n<<packNegated), j)
		if quoted[j] {
			emit(mix(k, tplQuotedWord|side<<packSide), j)
		}
		if j+1 < hi {
			k2 := key(j + 1)
			kk := mix(k, k2)
			emit(mix(kk, tplBigram|side<<packSide), j)
			if db <= 2 && k2 != classTarget {
				emit(mix(kk, tplNearBigram|side<<packSide|db<<packDistance), j)
			}
		}
	}
	for _, it := range p.itemsOf(lo, hi) {
		var side, clause, in uint64
		d := 0
		switch {
		case it.Hi <= tlo:
			d = tlo - it.Hi + 1
			if sameAs(it.Lo, tlo) {
				clause = 1
			}
		case it.Lo >= thi:
			side, d = 1, it.Lo-thi+1
			if sameAs(thi-1, it.Hi-1) {
				clause = 1
			}
		default:
			side, clause = 2, 1
		}
		var sign, mag uint64
		if it.Valence > 0 {
			sign = 1
		}
		switch a := math.Abs(it.Valence); {
		case a >= 2.5:
			mag = 2
		case a >= 1.5:
			mag = 1
		}
		if it.Lo >= slo && it.Hi <= shi {
			in = 1
		}
		emit(mix(classPolar, tplPolarAt|side<<packSide|distanceBucket(d)<<packDistance|clause<<packClause|
			in<<packSegment|sign<<packSign|mag<<packStrength), it.Lo)
	}
	p.feats, p.featTok = feats, from
}

// MentionRow returns the dense target features (TargetFeatures) and the
// hashed context features (bucket indices) of the mention at byte span
// sp of s (toks = text.Words(s)), within the sentence that contains the
// mention's start, as the target model reads them. cmd/calibrate fits
// on them. ok is false when no token overlaps sp.
func (m *Model) MentionRow(s string, toks []text.Token, sp text.Span) (x []float64, feats []uint32, ok bool) {
	tlo, thi, lo, hi, ok := mentionRange(s, toks, sp)
	if !ok {
		return nil, nil, false
	}
	p := m.getPrepared(s, toks, nil)
	defer preparedPool.Put(p)
	x = p.denseFeatures(nil, lo, hi, tlo, thi)
	return x, append([]uint32(nil), p.feats...), true
}
