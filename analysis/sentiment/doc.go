// Package sentiment scores the polarity of news text.
//
// # Signals
//
// Two signals are combined:
//
//   - A lexicon layer (Lexicon, Analyze): word and phrase valences from
//     VADER (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model
//     for Sentiment Analysis of Social Media Text", ICWSM; MIT licence, via
//     github.com/jonreiter/govader) overlaid with newsframe's news lexicon
//     (data/lexicons/news.tsv). Rules: negation reverses polarity up to the
//     end of its clause (×−0.74, VADER's scalar); boosters and downtoners
//     change the next polar word by ±0.293; "but" weighs what precedes ×0.5
//     and what follows ×1.5; a clause opened by "although" or "despite"
//     weighs ×0.5; shifters move nearby quantities, so that a decrease of a
//     bad thing is good ("a drop in homicides") and of a good thing bad
//     ("profit fell"); capitalised words next to each other are names
//     ("Supreme Court", "United States") and carry no polarity.
//   - The naive Bayes posterior of github.com/cdipaolo/sentiment (trained
//     on IMDB reviews), computed in log space per sentence on newsframe's
//     own tokens (Bayes), so it never underflows.
//
// # Combination
//
// A proportional-odds ordinal regression (Ordinal; McCullagh 1980,
// doi:10.1111/j.2517-6161.1980.tb01109.x) maps per-sentence features to a
// latent score z and to P(negative), P(neutral), P(positive). It is fitted
// by cmd/calibrate on the NewsMTSC rows that evaluate.HeldOut does not hold
// out; the weights live in data/sentiment/weights.json. A sentence's score
// is P(positive) − P(negative) ∈ (−1, 1); a paragraph's latent is
// Stouffer's Σz_i/√k over its k sentences. Labels follow the paragraph
// sentiment thresholds on the score (see Labels).
//
// The target model (Model.TargetProbs and Model.Target, used by package
// stance) scores the sentiment toward one mention with a multinomial
// logistic regression (neutral the reference class, so that "polar but
// which way?" and "the target is only the speaker" can raise P(neutral))
// over two kinds of features. Dense ones (TargetFeatures, 27): the lexicon
// items near the mention (its clause, within 8 tokens) and farther away,
// before and after it, inside quotation marks, weighted by distance and
// counted; the naive Bayes means; and how the mention relates to the
// sentence — a pronoun, inside a quotation, the speaker of a verb of
// saying ("X said", "…, said X", "according to X", "loaded" verbs such as
// "admitted" apart), the subject, a possessive — read on the mention's
// part of its sentence (contrast and concession split a sentence: "Ruiz
// was accused of fraud, while Lopez was praised"). Hashed ones
// (contextFeatures, 2^ContextBits buckets): the sentence's words and
// bigrams by side of and distance from the mention, whether they share
// its clause, whether a negation's scope covers them, whether they are
// quoted, their stems, and the lexicon items' sign and strength by
// position; names (capitalised words) and numbers enter as classes, and
// the mention's own words never, so that no name or number becomes a
// sentiment cue. It is fitted by L-BFGS with L2 penalties on the NewsMTSC
// fitting rows (cmd/calibrate); the hashed weights live in
// data/sentiment/target.bin.
//
// Weights.TargetMean (μ₀) is the mean score P(positive) − P(negative) of
// a mention the model has not seen (out-of-fold, on the fitting rows): an
// ordinary news mention leans slightly negative, and article stance
// (package stance) counts evidence against μ₀.
//
// # Labels
//
// One rule labels every score (Levels): below the level's negative
// threshold negative, above its positive threshold positive, else
// neutral. The levels are paragraph sentiment, article sentiment,
// paragraph stance and article stance; the defaults are fitted by
// cmd/calibrate (Weights.Labels) and a thresholds file fitted on a user's
// own codebook (`newsframe eval --fit-thresholds`) replaces them
// (Model.WithLevels).
//
// # Cues
//
// Every Result carries the cues that moved it: the lexicon items and the
// naive Bayes words with their share of the latent score (log-odds units),
// strongest first, with byte offsets into the scored text. Target cues
// give, for each lexicon item, the change in the log-odds of positive
// against negative when the item is left out of the dense features, and
// for each word the summed polarity of the hashed features it starts.
//
// Model is safe for concurrent use and allocates little: restore it once
// (Load) and share it between workers. A worker that scores many texts
// prepares each with Model.Prepare, reusing one Prepared: a paragraph's
// sentiment and the target scores of its mentions then share the
// per-token and per-sentence work (vocabulary lookups, clause boundaries,
// quotation marks, lexicon items), and the Prepared memoises vocabulary
// lookups across texts. Scores are the same either way.
package sentiment
