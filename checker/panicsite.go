package main

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/procbook/procbook/checker/internal/workspace"
)

// frameFile is the file line of a frame in a Go stack trace:
// "\t/abs/path/file.go:12 +0x1d", and with GOTRACEBACK=system " fp=… sp=… pc=…".
// Programs are built with -trimpath, so the workbook's files are named by
// import path: "\tgithub.com/procbook/procbook/exercises/q6/main.go:12".
var frameFile = regexp.MustCompile(`^\s*(\S+\.go):(\d+)(?:\s|$)`)

// trimmedExercises is how a -trimpath build names the exercises' files.
const trimmedExercises = workspace.Module + "/exercises/"

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
		if m == nil {
			continue
		}
		file := m[1]
		switch {
		case strings.HasPrefix(file, trimmedExercises):
			file = strings.TrimPrefix(file, workspace.Module+"/")
			return file + ":" + m[2], frameFunc(lines, k), true
		case !strings.HasPrefix(file, src):
			continue
		}
		if r, err := filepath.Rel(root, file); err == nil && filepath.IsLocal(r) {
			file = filepath.ToSlash(r)
		}
		return file + ":" + m[2], frameFunc(lines, k), true
	}
	return "", "", false
}

// frameFunc is the function of the frame whose file line is lines[k]: the
// line above it, without its arguments.
func frameFunc(lines []string, k int) string {
	if k == 0 {
		return ""
	}
	fn := strings.TrimSpace(lines[k-1])
	if j := strings.LastIndexByte(fn, '('); j > 0 {
		fn = fn[:j]
	}
	return fn
}

// pidInMessage is how a message names a process, which differs from run
// to run of the same failure.
var pidInMessage = regexp.MustCompile(`\(pid \d+\)`)

// sameFailure is the key under which two scenarios' failures are the same
// one told again: the message, the site, less the pids.
func sameFailure(message, site string) string {
	return pidInMessage.ReplaceAllString(message, "(pid …)") + "\x00" + site
}
