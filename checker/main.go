// Command checker checks the workbook's exercises: run it with no argument
// to see your progress and check the exercise you are on.
//
//	go run ./checker              progress, and the verdict on the exercise you are on
//	go run ./checker help         every command
//
// See docs/checker.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() { os.Exit(main1(os.Args[1:])) }

// Exit codes.
const (
	exitOK     = 0 // all good
	exitFailed = 1 // something failed: an exercise, or the tool
	exitUsage  = 2 // bad usage, or an unknown exercise
)

// main1 runs the checker with the command-line arguments args and returns
// its exit code. Ctrl-C cancels the context, which stops a check and kills
// the programs it started.
func main1(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first Ctrl-C, which stops the check cleanly, a second
		// one kills the checker at once.
		<-ctx.Done()
		stop()
	}()
	env := &Env{Ctx: ctx, Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}
	return dispatch(env, args)
}

// dispatch finds the command named by args and runs it. Without a command
// (no argument, or only flags) it runs the progress command.
func dispatch(env *Env, args []string) int {
	cmd, rest := findCommand(args)
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "checker: unknown command %q\nRun 'checker help' for details.\n", firstWord(args))
		return exitUsage
	}
	env.Cmd = cmd
	var g globalFlags
	cmd.Flags = flag.FlagSet{}
	cmd.Flags.Init(cmd.Name, flag.ContinueOnError)
	cmd.Flags.SetOutput(discard{})
	g.register(&cmd.Flags)
	run := cmd.define(&cmd.Flags)
	pos, err := parseInterspersed(&cmd.Flags, rest)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(env.Stdout, cmd)
		return exitOK
	}
	if err != nil {
		return usageError(env, "%v", err)
	}
	if err := g.apply(env, cmd); err != nil {
		return usageError(env, "%v", err)
	}
	return run(env, pos)
}

// findCommand returns the command args name and the arguments left for
// it, or nil when args names no command.
func findCommand(args []string) (*Command, []string) {
	// Global flags may come before the command: checker --root DIR run q3.
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" && args[i] != "--" {
		if takesValue(args[i]) {
			i++
		}
		i++
	}
	if i >= len(args) || args[i] == "--" {
		return cmdProgress, args
	}
	for _, c := range commands {
		if c.Name == args[i] {
			return c, append(append([]string{}, args[:i]...), args[i+1:]...)
		}
	}
	return nil, nil
}

// takesValue reports whether the flag arg, written before the command's
// name and without "=", takes a value in the next argument. The flags that
// may come there are the global ones and those of the progress command,
// which runs when no command is named (checker --timeout 2s); whether one
// takes a value is read from the FlagSet that defines it, as package flag
// itself decides: a flag.Value that is not a boolean flag.
func takesValue(arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := leadingFlags().Lookup(name)
	if f == nil {
		return false
	}
	b, isBool := f.Value.(interface{ IsBoolFlag() bool })
	return !isBool || !b.IsBoolFlag()
}

// leadingFlags are the flags that may come before a command's name.
func leadingFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	new(globalFlags).register(fs)
	cmdProgress.define(fs)
	return fs
}

// parseInterspersed parses fs's flags wherever they are among args, as
// learners write them (checker run q3 --json), and returns the other
// arguments in order. After "--" everything is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var after []string
	for i, a := range args {
		if a == "--" {
			args, after = args[:i], args[i+1:]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, after...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// usageError reports a usage mistake in the command being run and returns
// exitUsage.
func usageError(env *Env, format string, a ...any) int {
	cmd := env.Cmd
	name := "checker"
	if cmd.Name != "" {
		name += " " + cmd.Name
	}
	fmt.Fprintf(env.Stderr, "%s: %s\nRun 'checker help %s' for details.\n", name, fmt.Sprintf(format, a...), helpTopic(cmd))
	return exitUsage
}

// helpTopic is what to type after 'checker help' to read about cmd.
func helpTopic(cmd *Command) string {
	if cmd.Name == "" {
		return "checker"
	}
	return cmd.Name
}

// firstWord returns the first argument that is not a flag.
func firstWord(args []string) string {
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			return args[i]
		}
		if takesValue(args[i]) {
			i++
		}
	}
	return ""
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
