// Package logs builds the command's log/slog logger from its flags:
// --log-format text (the default, key=value lines for people and grep) or
// json (one object per line for log collectors), and a verbosity.
package logs

import (
	"fmt"
	"io"
	"log/slog"
)

// Format is a log format; it implements flag.Value so that
//
//	fs.Var(&format, "log-format", "log format: text or json")
//
// accepts exactly the known formats.
type Format string

// The log formats.
const (
	Text Format = "text"
	JSON Format = "json"
)

// String implements flag.Value; the zero Format is Text.
func (f *Format) String() string {
	if f == nil || *f == "" {
		return string(Text)
	}
	return string(*f)
}

// Set implements flag.Value.
func (f *Format) Set(s string) error {
	switch Format(s) {
	case Text, JSON:
		*f = Format(s)
		return nil
	}
	return fmt.Errorf("unknown log format %q (want text or json)", s)
}

// Level maps restic-style verbosity to a level: quiet shows warnings and
// errors only, verbose 0 adds information, 1 and more add debugging.
func Level(quiet bool, verbose int) slog.Level {
	switch {
	case quiet:
		return slog.LevelWarn
	case verbose > 0:
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// New returns a logger writing records at level or above to w in format
// (the zero Format is Text).
func New(w io.Writer, format Format, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == JSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
