package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func newVersionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of newsframe and of its scoring models",
		run: func(ctx context.Context, env *environment, args []string) error {
			fs := newFlagSet(env, "version", "version")
			if err := parseFlags(fs, args); err != nil {
				return err
			}
			if fs.NArg() > 0 {
				return fmt.Errorf("%w: version takes no arguments", errUsage)
			}
			fmt.Fprintf(env.stdout, "newsframe %s\n", buildVersion())
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
