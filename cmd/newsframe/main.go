// Command newsframe reads a corpus of news articles, scores the sentiment
// of every paragraph and its stance toward configured targets, aggregates
// term statistics and writes HTML reports and data exports that show how
// outlets frame the same stories.
//
// Usage:
//
//	newsframe <command> [flags]
//
// Run "newsframe help" for the commands and exit codes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

// Exit codes; documented in usage and README.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitLocked  = 3
	exitPartial = 4
)

// command is one subcommand. run returns an error that main maps to an exit
// code; it never calls os.Exit itself.
type command struct {
	name    string
	summary string
	// run parses args with its own FlagSet and does the work.
	run func(ctx context.Context, env *environment, args []string) error
}

// environment is what a command may touch of the outside world; tests
// substitute buffers.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stderrIsTerminal enables progress output.
	stderrIsTerminal bool
	logger           *slog.Logger
}

func commands() []*command {
	return []*command{
		newRunCommand(),
		newScoreCommand(),
		newEvalCommand(),
		newVersionCommand(),
	}
}

const exitStatusHelp = `EXIT STATUS
  0  success
  1  failure
  2  usage error (bad flag or argument)
  3  another newsframe run holds the lock on the state
  4  finished, but some inputs were bad and skipped (--strict makes this 1)
`

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: newsframe <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'newsframe <command> -h' for the flags of a command.\n\n%s", exitStatusHelp)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &environment{
		stdin:            os.Stdin,
		stdout:           os.Stdout,
		stderr:           os.Stderr,
		stderrIsTerminal: isTerminal(os.Stderr),
	}
	env.logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	stopProfile := startCPUProfile(os.Getenv("NEWSFRAME_CPUPROFILE"))
	code := execute(ctx, env, os.Args[1:])
	stopProfile()
	stop()
	os.Exit(code)
}

// startCPUProfile writes a CPU profile of the command to path (go tool
// pprof) until the returned function is called; an empty path profiles
// nothing. NEWSFRAME_CPUPROFILE sets it, for the benchmarks in make bench.
func startCPUProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// execute runs the command named by args[0] and returns the exit code.
func execute(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 {
		usage(env.stderr)
		return exitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		usage(env.stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return exitCode(env, c.run(ctx, env, args[1:]))
		}
	}
	fmt.Fprintf(env.stderr, "newsframe: unknown command %q\n\n", name)
	usage(env.stderr)
	return exitUsage
}

// Errors that main maps to exit codes.
var (
	// errUsage marks a bad flag or argument; the message was printed.
	errUsage = errors.New("usage")
	// errLocked means another run holds the state lock.
	errLocked = errors.New("locked")
	// errPartial means the run finished but skipped bad inputs.
	errPartial = errors.New("some inputs were bad")
)

func exitCode(env *environment, err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	case errors.Is(err, errLocked):
		fmt.Fprintf(env.stderr, "newsframe: %v\n", err)
		return exitLocked
	case errors.Is(err, errPartial):
		fmt.Fprintf(env.stderr, "newsframe: %v\n", err)
		return exitPartial
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(env.stderr, "newsframe: interrupted\n")
		return exitFailure
	}
	fmt.Fprintf(env.stderr, "newsframe: %v\n", err)
	return exitFailure
}

// newFlagSet returns a FlagSet that prints its usage to env.stderr and
// reports errors instead of exiting.
func newFlagSet(env *environment, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: newsframe %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\n%s", exitStatusHelp)
	}
	return fs
}

// parseFlags parses args and maps flag errors to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
