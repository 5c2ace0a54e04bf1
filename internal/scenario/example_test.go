package scenario_test

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// A checker checks a learner's exercise and reports each scenario. Ctrl-C
// cancels the context, which kills the programs still running.
func ExampleCheck() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ex, _ := workbook.Lookup("q3")
	res, err := scenario.Check(ctx, ex, scenario.Options{Root: "."})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	if res.Build != nil {
		for _, d := range res.Build.Diagnostics {
			fmt.Printf("%s:%d:%d: %s\n", d.File, d.Line, d.Col, d.Message)
		}
		return
	}
	for _, s := range res.Scenarios {
		fmt.Printf("%-7s %s: %s\n", s.Status, s.Name, s.About)
		if s.Status != scenario.Pass {
			fmt.Println("   ", s.Message)
			if s.Reason != "" {
				fmt.Println("    the program", s.Reason)
			}
		}
	}
}

// Vet finds the mistakes of a scenario without running it.
func ExampleVet() {
	err := scenario.Vet("q3_broken.txtar", []byte(`# A scenario with two mistakes.
run q3
trace count begin ppid=main == 10
exec q3
`))
	fmt.Println(err)
	// Output:
	// q3_broken.txtar:3: trace count: unknown event "begin" (events: start, exit, join, pool_start, pool_end, task_start, task_end, output, shared_set, sem_acquire, sem_release, event_set, event_wait, barrier_pass, queue_put, queue_get)
	// usage: trace count EVENT [FIELD=VALUE ...] OP N
	// q3_broken.txtar:4: exec: not in the vocabulary (custom: run, trace, inorder, quiz, means; built-in: cd, chmod, cmp, cmpenv, cp, env, exists, grep, mkdir, mv, rm, stderr, stdout, stop, symlink, unix2dos, unquote)
}

func ExampleWorst() {
	fmt.Println(scenario.Worst(scenario.Pass, scenario.Fail, scenario.Timeout))
	fmt.Println(scenario.Worst(scenario.Timeout, scenario.Error))
	fmt.Println(scenario.Worst())
	// Output:
	// timeout
	// error
	// pass
}
