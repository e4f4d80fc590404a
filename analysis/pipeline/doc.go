// Package pipeline holds the per-article analysis while it moves to
// package article (the map step); the corpus aggregation that lived here
// is package aggregate.
package pipeline
