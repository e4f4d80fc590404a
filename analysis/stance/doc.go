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
// model on its own sentence (Model.TargetProbs: P(against), P(neutral),
// P(favor)); for a claim, each favor or against cue in the sentence moves
// the log-odds of favor against against by ±ClaimWeight (reversed when a
// negation precedes it; sentiment.Shift). A paragraph's Score and Label
// come from the mean of its mentions' probabilities; its Latent is its
// evidence Σ (score − μ₀), μ₀ being what an ordinary news mention scores.
//
// An article's latent evidence toward a target (Aggregate) is
//
//	z = Σ_p w_p·Latent_p / √(Σ_p w_p·Scored_p) + h·Latent_headline
//
// over its paragraphs p, with w_p = QuotedWeight for a paragraph decided
// inside a quotation (the voice of a source rather than the outlet's)
// and 1 otherwise, and h the fitted headline weight (AggregateHeadline).
// Evidence adds up, so a target the article keeps returning to in the
// same light weighs more than one named once. The label follows the
// article thresholds fitted by cmd/calibrate on half of BASIL-dev.
package stance
