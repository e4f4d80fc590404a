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
// model on its own sentence, which weighs the words near the mention (its
// clause) apart from the rest, after negation, contrast and shifters; for
// a claim, each favor or against cue in the sentence adds ±ClaimWeight to
// the latent score (reversed when a negation precedes it). A paragraph's
// latent score toward a target combines its mentions by Stouffer's sum
// Σz/√k; an article's is the mean over the paragraphs that mention the
// target, quoted paragraphs (where the deciding cue sits inside a
// quotation, the voice of a source rather than the outlet's) weighted by
// QuotedWeight. Scores are P(favor) − P(against) under the fitted ordinal
// model, in (-1, 1), and labels follow its thresholds.
package stance
