package gradetest_test

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/procbook/procbook/checker/internal/grade/gradetest"
)

// A run whose processes all ended and were reaped leaves none: Survivors
// finds none at once, without waiting.
func ExampleSurvivors() {
	workspace, err := os.MkdirTemp("", "run")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(workspace)
	cmd := exec.Command("true")
	cmd.Env = append(os.Environ(), "WORKSPACE="+workspace)
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	left, err := gradetest.Survivors(workspace)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d left%s\n", len(left), gradetest.Format(left))
	// Output: 0 left
}

// A process that wrote its pid down is looked for by that pid.
func ExampleSurvivorsOf() {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	left, err := gradetest.SurvivorsOf([]int{cmd.Process.Pid})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d left%s\n", len(left), gradetest.Format(left))
	// Output: 0 left
}

// Format is what a failing test prints of the processes left.
func ExampleFormat() {
	left := []gradetest.Survivor{
		{Pid: 4242, Parent: 1, Command: "sleep 300"},
		{Pid: 4243, Parent: 4100, Zombie: true, Command: "[worker]"},
	}
	fmt.Printf("these processes are left:%s\n", gradetest.Format(left))
	// Output:
	// these processes are left:
	// 	pid 4242 (child of 1, running): sleep 300
	// 	pid 4243 (child of 4100, ended, never reaped): [worker]
}

func ExampleSurvivor_String() {
	fmt.Println(gradetest.Survivor{Pid: 4242, Parent: 4200, Command: "sleep 300"})
	// Output: pid 4242 (child of 4200, running): sleep 300
}
