package main

import (
	"context"
	"errors"
)

func newEvalCommand() *command {
	return &command{
		name:    "eval",
		summary: "(not yet built)",
		run: func(ctx context.Context, env *environment, args []string) error {
			return errors.New("eval: not yet built")
		},
	}
}
