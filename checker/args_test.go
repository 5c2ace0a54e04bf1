package main

import (
	"flag"
	"slices"
	"testing"
)

func TestFindCommand(t *testing.T) {
	tests := []struct {
		args []string
		cmd  string // "" for the progress command, "?" for none
		rest []string
	}{
		{nil, "", nil},
		{[]string{"--timeout", "2s"}, "", []string{"--timeout", "2s"}},
		{[]string{"run", "q3"}, "run", []string{"q3"}},
		{[]string{"--root", "/w", "run", "q3", "--json"}, "run", []string{"--root", "/w", "q3", "--json"}},
		{[]string{"--color=never", "list"}, "list", []string{"--color=never"}},
		{[]string{"frobnicate"}, "?", nil},
		{[]string{"q3"}, "?", nil},
	}
	for _, tt := range tests {
		cmd, rest := findCommand(tt.args)
		name := "?"
		if cmd != nil {
			name = cmd.Name
		}
		if name != tt.cmd || (cmd != nil && len(rest)+len(tt.rest) > 0 && !slices.Equal(rest, tt.rest)) {
			t.Errorf("findCommand(%q) = %q, %q; want %q, %q", tt.args, name, rest, tt.cmd, tt.rest)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	timeout := fs.Duration("timeout", 0, "")
	pos, err := parseInterspersed(fs, []string{"q3", "--json", "--timeout=2s", "--", "--not-a-flag"})
	if err != nil {
		t.Fatal(err)
	}
	if !*asJSON || timeout.String() != "2s" || !slices.Equal(pos, []string{"q3", "--not-a-flag"}) {
		t.Fatalf("json %v, timeout %v, arguments %q", *asJSON, *timeout, pos)
	}
	fs.SetOutput(discard{})
	if _, err := parseInterspersed(fs, []string{"q3", "--nope"}); err == nil {
		t.Fatal("an unknown flag after the arguments was accepted")
	}
}

func TestTakesValue(t *testing.T) {
	for arg, want := range map[string]bool{
		"--root": true, "-color": true, "--timeout": true, // global, and the progress command's
		"--root=/w": false, "--json": false, "--nope": false,
	} {
		if got := takesValue(arg); got != want {
			t.Errorf("takesValue(%q) = %v, want %v", arg, got, want)
		}
	}
}

// TestFlagsAreTheirOwn proves that two runs of a command do not share
// flags: each gets a value of its own.
func TestFlagsAreTheirOwn(t *testing.T) {
	var seen []*runFlags
	b := bind(func(env *Env, f *runFlags, args []string) int { seen = append(seen, f); return 0 })
	for _, args := range [][]string{{"--json"}, {}} {
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		run := b(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		run(nil, nil)
	}
	if len(seen) != 2 || seen[0] == seen[1] || !seen[0].json || seen[1].json {
		t.Fatalf("the second run saw the first's flags: %+v", seen)
	}
}
