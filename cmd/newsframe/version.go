package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"newsframe/analysis/sentiment"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const versionSynopsis = `version

Prints the version of newsframe and what its scores depend on: the
pipeline version, the naive Bayes model (module and version), and the
fingerprints of the sentiment model (the Bayes model with the fitted
weights), the news lexicon and the fitted weights. The model and lexicon
fingerprints are the ones manifest.json records under "fingerprint", so a
published report can be matched to the binary that made it.`

func newVersionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of newsframe and the fingerprints of its scoring models",
		run: func(ctx context.Context, env *environment, args []string) error {
			fs := newFlagSet(env, "version", versionSynopsis)
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			if fs.NArg() > 0 {
				return fmt.Errorf("%w: version takes no arguments", errUsage)
			}
			fp, err := modelFingerprints()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "newsframe %s\n", buildVersion())
			fmt.Fprintf(env.stdout, "pipeline  %s\n", pipelineVersion)
			fmt.Fprintf(env.stdout, "bayes     %s\n", cdipaoloModel)
			fmt.Fprintf(env.stdout, "model     %s  (Bayes model + %s)\n", fp.model, sentiment.WeightsPath)
			fmt.Fprintf(env.stdout, "lexicon   %s  (%s over the VADER lexicon)\n", fp.lexicon, sentiment.LexiconPath)
			fmt.Fprintf(env.stdout, "weights   %s  (%s)\n", fp.weights, sentiment.WeightsPath)
			return nil
		},
	}
}

// buildVersion returns the version with the VCS revision when known.
func buildVersion() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}
