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
	"strings"
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
	// command and usageLine name the running command and its synopsis,
	// for usage errors; newFlagSet sets them.
	command, usageLine string
}

func commands() []*command {
	return []*command{
		newRunCommand(),
		newReportCommand(),
		newScoreCommand(),
		newEvalCommand(),
		newVersionCommand(),
	}
}

// exitStatusHelp is the EXIT STATUS section of each command's help: only
// the codes that command can return. "" is the top level's.
var exitStatusHelp = map[string]string{
	"": `EXIT STATUS
  0  success
  1  failure
  2  usage error (bad flag or argument)
  3  another newsframe run holds the lock on the state (run)
  4  finished, but some inputs were bad and skipped (run, score)
`,
	"run": `EXIT STATUS
  0  success
  1  failure (also bad inputs under --strict)
  2  usage error: bad flag or argument, unreadable or invalid --targets,
     --stopwords, --boilerplate or --label-pairs file
  3  another newsframe run holds the lock on the state
  4  finished, but some inputs were bad and skipped (--strict makes this 1)
`,
	"score": `EXIT STATUS
  0  success
  1  failure (the input cannot be read)
  2  usage error: bad flag or argument, unreadable or invalid targets
  4  finished, but some lines were bad and skipped (each is reported)
`,
	"eval": `EXIT STATUS
  0  success
  1  failure (for example the gold or corpus file cannot be read)
  2  usage error (bad flag or argument)
`,
	"version": `EXIT STATUS
  0  success
  1  failure (the embedded models cannot be read: a broken build)
  2  usage error (bad flag or argument)
`,
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: newsframe <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'newsframe <command> -h' for the flags of a command.\n\n%s", exitStatusHelp[""])
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
	// errUsage marks a bad flag or argument: main prints the message and
	// the command's usage line on stderr and exits 2.
	errUsage = errors.New("usage")
	// errUsageShown is a usage error the flag package has printed
	// already, with the command's whole usage.
	errUsageShown = fmt.Errorf("%w (shown)", errUsage)
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
	case errors.Is(err, errUsageShown):
		return exitUsage
	case errors.Is(err, errUsage):
		printUsageError(env, err)
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

// printUsageError prints a usage error as cron mails it: what is wrong,
// then the command's usage line and where to find every flag.
func printUsageError(env *environment, err error) {
	msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
	if env.command == "" {
		fmt.Fprintf(env.stderr, "newsframe: %s\n", msg)
		return
	}
	fmt.Fprintf(env.stderr, "newsframe %s: %s\n%s\nRun 'newsframe %s -h' for every flag.\n",
		env.command, msg, env.usageLine, env.command)
}

// newFlagSet returns a FlagSet that prints its usage to env.stderr and
// reports errors instead of exiting. The help ends with the exit codes of
// the command name.
func newFlagSet(env *environment, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	line, _, _ := strings.Cut(synopsis, "\n")
	env.command, env.usageLine = name, "Usage: newsframe "+line
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: newsframe %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\n%s", exitStatusHelp[name])
	}
	return fs
}

// parseFlags parses args and maps flag errors to errUsage; the flag package
// has printed them with the usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsageShown, err)
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
