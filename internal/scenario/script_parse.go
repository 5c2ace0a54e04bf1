package scenario

import (
	"fmt"
	"strings"
)

// scriptLine is one command of a scenario's script, read as testscript
// reads it.
type scriptLine struct {
	Number int      // 1-based, in the scenario file
	Conds  []string // the [cond] prefixes, without brackets
	Neg    bool     // the command is prefixed by !
	Name   string   // "run", "stdout", …
	Args   []string
	Text   string // the line as written
}

// parseScript reads the commands of a script: the comment section of a
// txtar file, before its first file. Blank lines and # comments (which
// open phases) are left out. expand, if not nil, expands $NAME and ${NAME}
// outside single quotes, as testscript does.
func parseScript(script string, expand func(string) string) ([]scriptLine, error) {
	var lines []scriptLine
	for i, text := range strings.Split(script, "\n") {
		if strings.HasPrefix(text, "#") {
			continue
		}
		args, err := splitLine(text, expand)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		if len(args) == 0 {
			continue
		}
		l := scriptLine{Number: i + 1, Text: strings.TrimSpace(text)}
		for len(args) > 0 && strings.HasPrefix(args[0], "[") && strings.HasSuffix(args[0], "]") {
			l.Conds = append(l.Conds, strings.TrimSpace(args[0][1:len(args[0])-1]))
			args = args[1:]
		}
		if len(args) > 0 && args[0] == "!" {
			l.Neg = true
			args = args[1:]
		}
		if len(args) == 0 {
			return nil, fmt.Errorf("line %d: no command", i+1)
		}
		l.Name, l.Args = args[0], args[1:]
		lines = append(lines, l)
	}
	return lines, nil
}

// splitLine splits a script line into arguments as testscript does:
// spaces separate them, single quotes keep text together (inside quotes,
// two quotes in a row stand for one), and an unquoted # starts a comment.
func splitLine(line string, expand func(string) string) ([]string, error) {
	if expand == nil {
		expand = func(s string) string { return s }
	}
	var (
		args   []string
		arg    string
		start  = -1 // where the current unsaved chunk starts
		quoted bool
		inArg  bool
	)
	for i := 0; ; i++ {
		if !quoted && (i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '#') {
			if start >= 0 {
				arg += expand(line[start:i])
			}
			if inArg || start >= 0 {
				args = append(args, arg)
			}
			arg, start, inArg = "", -1, false
			if i >= len(line) || line[i] == '#' {
				return args, nil
			}
			continue
		}
		if i >= len(line) {
			return nil, fmt.Errorf("unterminated quoted argument")
		}
		if line[i] == '\'' {
			inArg = true
			if !quoted {
				if start >= 0 {
					arg += expand(line[start:i])
				}
				start, quoted = i+1, true
				continue
			}
			if i+1 < len(line) && line[i+1] == '\'' {
				arg += line[start:i]
				start = i + 1
				i++
				continue
			}
			arg += line[start:i]
			start, quoted = i+1, false
			continue
		}
		if start < 0 {
			start = i
		}
	}
}
