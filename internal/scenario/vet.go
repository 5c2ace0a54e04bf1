package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// Vet checks a scenario without running it: that every command is in the
// vocabulary, that the custom commands' arguments are well formed, that
// the patterns of stdout, stderr and grep compile, and that an answer file
// of the txtar that a quiz command names is well formed. name is the
// scenario's file name, for the messages. It returns every problem found,
// joined, each with its line.
func Vet(name string, data []byte) error {
	a := txtar.Parse(data)
	lines, err := parseScript(string(a.Comment), nil)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	sections := map[string]string{}
	for _, f := range a.Files {
		sections[f.Name] = string(f.Data)
	}
	var errs []error
	for _, l := range lines {
		if err := vetLine(l, sections); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %v", name, l.Number, err))
		}
	}
	return errors.Join(errs...)
}

// vetLine checks one command. Its error begins with the command's name.
func vetLine(l scriptLine, sections map[string]string) error {
	if err := vetArgs(l, sections); err != nil {
		if !strings.HasPrefix(err.Error(), l.Name+":") && !strings.HasPrefix(err.Error(), l.Name+" ") {
			err = fmt.Errorf("%s: %w", l.Name, err)
		}
		return err
	}
	return nil
}

// vetArgs checks one command's arguments.
func vetArgs(l scriptLine, sections map[string]string) error {
	switch l.Name {
	case "run":
		if len(l.Args) == 0 {
			return errors.New("usage: run PROG [ARGS...]")
		}
		if strings.ContainsAny(l.Args[0], `/\`) {
			return fmt.Errorf("%q: name the program, not a path to it", l.Args[0])
		}
	case "trace":
		if l.Neg {
			return errors.New("trace: ! is not allowed: write the opposite comparison")
		}
		if _, err := parseTrace(l.Args); err != nil {
			return err
		}
	case "inorder":
		if _, err := parseInorder(l.Args); err != nil {
			return err
		}
	case "means":
		return vetMeans(l.Neg, l.Args)
	case "quiz":
		if len(l.Args) != 2 {
			return errors.New("usage: quiz QUIZFILE ANSWERFILE")
		}
		if text, ok := sections[l.Args[1]]; ok {
			if _, err := parseAnswers(l.Args[1], text); err != nil {
				return fmt.Errorf("quiz: %w", err)
			}
		} else if !strings.Contains(l.Args[1], "$") {
			return fmt.Errorf("no section -- %s -- in the scenario", l.Args[1])
		}
	case "stdout", "stderr", "grep":
		args := l.Args
		if len(args) > 0 && strings.HasPrefix(args[0], "-count=") {
			args = args[1:]
		}
		want := 1
		if l.Name == "grep" {
			want = 2
		}
		if len(args) != want {
			return errors.New("wrong number of arguments")
		}
		if _, err := regexp.Compile("(?m)" + args[0]); err != nil {
			return err
		}
	default:
		if !isBuiltin(l.Name) {
			return fmt.Errorf("not in the vocabulary (custom: run, trace, inorder, quiz, means; built-in: %s)", strings.Join(builtins, ", "))
		}
	}
	return nil
}
