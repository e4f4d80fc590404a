package main

import (
	"context"
	"errors"
)

func newScoreCommand() *command {
	return &command{
		name:    "score",
		summary: "(not yet built)",
		run: func(ctx context.Context, env *environment, args []string) error {
			return errors.New("score: not yet built")
		},
	}
}
