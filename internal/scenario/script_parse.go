// This file reads scripts as testscript reads them. splitLine is a copy of
// the argument parser of testscript (TestScript.parse in
// github.com/rogpeppe/go-internal/testscript, which took it from the go
// command's script tests), changed to return its error and to take the
// expansion as a function; TestSplitLineAsTestscript holds it to the
// original. That code is distributed under this notice:
//
// Copyright (c) 2018 The Go Authors. All rights reserved.
//
// Redistribution and use in source and binary forms, with or without
// modification, are permitted provided that the following conditions are
// met:
//
//   - Redistributions of source code must retain the above copyright
//     notice, this list of conditions and the following disclaimer.
//   - Redistributions in binary form must reproduce the above
//     copyright notice, this list of conditions and the following disclaimer
//     in the documentation and/or other materials provided with the
//     distribution.
//   - Neither the name of Google Inc. nor the names of its
//     contributors may be used to endorse or promote products derived from
//     this software without specific prior written permission.
//
// THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
// "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
// LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
// A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT
// OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
// SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
// LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
// DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
// THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
// (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
// OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

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
