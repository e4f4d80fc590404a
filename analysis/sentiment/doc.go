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
// Stouffer's Σz_i/√k over its k sentences. Labels follow thresholds on the
// score, derived from the fitted cuts as the points where the most probable
// label changes (Ordinal.ArgmaxThresholds); with the shipped weights a
// score below −0.24 is negative, above 0.24 positive, else neutral.
//
// The target model (Model.TargetProbs and Model.Target, used by package
// stance) scores the sentiment toward one mention with a multinomial
// logistic regression (Multinomial; neutral is the reference class, so
// that "polar but which way?" and "the target is only the speaker" can
// raise P(neutral)). Its 27 features (TargetFeatures) read the mention's
// part of its sentence (contrast and concession split a sentence: "Ruiz
// was accused of fraud, while Lopez was praised"): the lexicon items near
// the mention (its clause, within 8 tokens) and farther away, before and
// after it, inside quotation marks, weighted by distance (decay length 5
// tokens) and counted; the naive Bayes means; and how the mention relates
// to the sentence — a pronoun, inside a quotation, the speaker of a verb
// of saying ("X said", "…, said X", "according to X", with "loaded" verbs
// such as "admitted" apart), the subject, a possessive. Its score is
// P(positive) − P(negative) and its label the most probable one.
// Weights.TargetMean (μ₀) is the mean score of the fitting mentions: an
// ordinary news mention leans slightly negative, and article stance
// (package stance) counts evidence against μ₀.
//
// # Cues
//
// Every Result carries the cues that moved it: the lexicon items and the
// naive Bayes words with their share of the latent score (log-odds units),
// strongest first, with byte offsets into the scored text. Target cues
// give, for each lexicon item, the change in the log-odds of positive
// against negative when the item is left out.
//
// Model is safe for concurrent use and allocates little: restore it once
// (Load) and share it between workers. A worker that scores many texts
// prepares each with Model.Prepare, reusing one Prepared: a paragraph's
// sentiment and the target scores of its mentions then share the
// per-token and per-sentence work (vocabulary lookups, clause boundaries,
// quotation marks, lexicon items), and the Prepared memoises vocabulary
// lookups across texts. Scores are the same either way.
package sentiment
