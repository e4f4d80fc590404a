package main

import (
	"context"
	"errors"
)

func newRunCommand() *command {
	return &command{
		name:    "run",
		summary: "(not yet built)",
		run: func(ctx context.Context, env *environment, args []string) error {
			return errors.New("run: not yet built")
		},
	}
}
