package scenario

import (
	"strings"
	"testing"
)

func TestVet(t *testing.T) {
	good := `# phase
env PROCBOOK_UNIT=50ms
run q3 1 2
! run q3 x
stdout -count=2 '^a$'
! stderr .
grep 'x' file.txt
cmp stdout want.txt
trace count start ppid=main == 2
trace distinct pid task_start <= 4
trace pids stdout 'pid (\d+)' 4
trace concurrent func=process.worker <= 2
inorder stdout '^a' '^b'
quiz $SRC/quiz.md answers.txt

-- answers.txt --
1: a
1a: Right.
-- want.txt --
a
-- file.txt --
x
`
	if err := Vet("good.txtar", []byte(good)); err != nil {
		t.Errorf("a good scenario: %v", err)
	}

	bad := `exec q3
run
run ./q3
! trace count start == 1
trace count start
inorder stdout
quiz $SRC/quiz.md missing.txt
quiz $SRC/quiz.md answers.txt
stdout '('
stdout
kill
-- answers.txt --
one: a
`
	err := Vet("bad.txtar", []byte(bad))
	if err == nil {
		t.Fatal("a bad scenario passed")
	}
	for _, want := range []string{
		"bad.txtar:1: exec: not in the vocabulary",
		"bad.txtar:2: run: usage: run PROG [ARGS...]",
		`bad.txtar:3: run: "./q3": name the program, not a path to it`,
		"bad.txtar:4: trace: ! is not allowed",
		"bad.txtar:5: trace count: missing OP N at the end",
		"bad.txtar:6: inorder: usage",
		"bad.txtar:7: quiz: no section -- missing.txt --",
		"bad.txtar:8: quiz: answers.txt line 1: want `N: letters`",
		"bad.txtar:9: stdout: error parsing regexp",
		"bad.txtar:10: stdout: wrong number of arguments",
		"bad.txtar:11: kill: not in the vocabulary",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}
