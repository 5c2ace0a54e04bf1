package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

var cmdHelp = &Command{
	Name:       "help",
	UsageLine:  "help [command]",
	Short:      "explain the checker, or one of its commands",
	Long:       "Help explains the checker, or the command it names.",
	NoWorkbook: true,
}

func init() { cmdHelp.Run = runHelp } // help lists commands, which list help

func runHelp(env *Env, args []string) int {
	switch len(args) {
	case 0:
		printUsage(env.Stdout)
		return exitOK
	case 1:
		if args[0] == "checker" {
			printCommandHelp(env.Stdout, cmdProgress)
			return exitOK
		}
		for _, c := range commands {
			if c.Name == args[0] {
				printCommandHelp(env.Stdout, c)
				return exitOK
			}
		}
		fmt.Fprintf(env.Stderr, "checker help: unknown command %q\nRun 'checker help' for details.\n", args[0])
		return exitUsage
	}
	return usageError(env, "one command at a time")
}

// printUsage is the checker's overview.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `checker checks your exercises and tells you what to do next.

Usage:

	go run ./checker [--force]            progress, and the verdict on the exercise you are on
	go run ./checker <command> [arguments]

The commands are:

`)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "\t%s\t%s\n", c.Name, c.Short)
	}
	tw.Flush()
	fmt.Fprint(w, `
Flags every command takes:

	--root DIR      the workbook (default: found from the current folder, or $PROCBOOK_ROOT)
	--color WHEN    auto (on a terminal), always or never; NO_COLOR turns colour off

Exit codes: 0 all good, 1 something failed (an exercise, or the tool), 2 bad usage.

Use 'checker help <command>' for more about a command. The guide is docs/checker.md.
`)
}

// printCommandHelp is one command's help: usage line, text, flags.
func printCommandHelp(w io.Writer, c *Command) {
	name := "checker"
	if c.Name != "" {
		name += " " + c.Name
	}
	usage := strings.TrimSpace(strings.TrimPrefix(c.UsageLine, c.Name))
	if usage != "" {
		usage = " " + usage
	}
	fmt.Fprintf(w, "usage: %s%s\n\n%s\n", name, usage, strings.TrimSpace(c.Long))
	var flags []string
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	c.define(fs)
	fs.VisitAll(func(f *flag.Flag) {
		flags = append(flags, fmt.Sprintf("\t--%s\t%s", f.Name, f.Usage))
	})
	if len(flags) > 0 {
		fmt.Fprintf(w, "\nFlags:\n\n")
		tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
		for _, f := range flags {
			fmt.Fprintln(tw, f)
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nAnd --root DIR, --color WHEN: see 'checker help'.")
}
