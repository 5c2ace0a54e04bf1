package main

import (
	"path/filepath"
	"regexp"
	"strings"
)

// frameFile is the file line of a frame in a Go stack trace:
// "\t/abs/path/file.go:12 +0x1d", and with GOTRACEBACK=system " fp=… sp=… pc=…".
var frameFile = regexp.MustCompile(`^\s*(/\S+\.go):(\d+)(?:\s|$)`)

// panicSite finds, in the transcript of a run that panicked, the first
// frame of the panicking stack in the learner's code (a file under srcDir,
// the folder built): where to look. The stack of a child that panicked
// comes inside the parent's panic message, so its frames come first. It
// returns the file relative to root, with the line, and the function.
func panicSite(log, srcDir, root string) (pos, fn string, ok bool) {
	i := strings.Index(log, "panic: ")
	if i < 0 || srcDir == "" {
		return "", "", false
	}
	src := filepath.Clean(srcDir) + string(filepath.Separator)
	lines := strings.Split(log[i:], "\n")
	for k, l := range lines {
		m := frameFile.FindStringSubmatch(l)
		if m == nil || !strings.HasPrefix(m[1], src) {
			continue
		}
		file := m[1]
		if r, err := filepath.Rel(root, file); err == nil && filepath.IsLocal(r) {
			file = filepath.ToSlash(r)
		}
		if k > 0 {
			fn = strings.TrimSpace(lines[k-1])
			if j := strings.LastIndexByte(fn, '('); j > 0 {
				fn = fn[:j]
			}
		}
		return file + ":" + m[2], fn, true
	}
	return "", "", false
}

// pidInMessage is how a message names a process, which differs from run
// to run of the same failure.
var pidInMessage = regexp.MustCompile(`\(pid \d+\)`)

// sameFailure is the key under which two scenarios' failures are the same
// one told again: the message, the site, less the pids.
func sameFailure(message, site string) string {
	return pidInMessage.ReplaceAllString(message, "(pid …)") + "\x00" + site
}
