// Package stance finds mentions of configured targets (persons,
// organisations, places, policies, claims) in news paragraphs and scores
// the stance each paragraph and article takes toward them.
//
// # Targets
//
// A Target has a name, a kind and aliases; the name is itself an alias.
// Targets come from a TOML or YAML file (ParseTargets, unknown keys are
// errors) or from a flag value "Name=alias1,alias2" (ParseTargetFlag).
// A claim ("Mexico's security strategy works") has favor and against cue
// phrases instead of, or besides, aliases.
//
// # Matching
//
// Aliases are folded like token Norms (text.Fold), so matching is case
// insensitive and ignores a possessive ("Trump's"). Multi-word aliases
// match runs of tokens; the longest alias wins at each position, and a
// position belongs to one mention only. For every kind but persons, the
// plural or singular of an alias's last word also matches ("military
// strike" finds "military strikes"). A leading "the" is optional.
//
// # Stance
//
// For a person or organisation, "favor" means positive sentiment toward
// it and "against" negative. Each mention is scored by sentiment's target
// model on its own sentence (Prepared.TargetProbs: P(against), P(neutral),
// P(favor)); for a claim, each favor or against cue in the sentence moves
// the log-odds of favor against against by ±ClaimWeight (reversed when a
// negation precedes it; sentiment.Shift). A paragraph's Score is
// sentiment.Lead of the mean of its mentions' probabilities (P(favor)
// when favor leads, else −P(against)); its Latent is its evidence
// Σ (P(favor) − P(against) − μ₀), μ₀ being what an ordinary news mention
// scores.
//
// An article's stance toward a target (AggregateHeadline) comes from an
// ordinal regression fitted on half of BASIL-dev over its evidence by
// position and voice (ArticleFeatures): the headline's, the lede's (the
// first two paragraphs), and the rest of the body's in the outlet's own
// voice and inside quotations, each Stouffer-normalised. Its Score is
// P(favor) − P(against) under that model.
//
// # Labels
//
// One rule holds at both levels, as at the sentiment levels: the label is
// read off the Score shown with it, against below the level's negative
// threshold, favor above its positive threshold, else neutral
// (sentiment.Levels; a thresholds file replaces the defaults).
package stance
