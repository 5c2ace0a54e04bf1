package main

import (
	"flag"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/procbook/procbook/checker/internal/exercism"
	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// verifyFlags are the verify command's flags.
type verifyFlags struct {
	checkFlags
	json      bool
	solutions bool
	parallel  int
	force     bool
}

func (f *verifyFlags) register(fs *flag.FlagSet) {
	f.checkFlags.register(fs)
	fs.BoolVar(&f.json, "json", false, "print the results as a list of results.json objects")
	fs.BoolVar(&f.solutions, "solutions", false, "check solutions/ instead of exercises/")
	fs.IntVar(&f.parallel, "p", 0, "how many exercises to check at a time (default: the number of CPUs)")
	fs.BoolVar(&f.force, "force", false, "check even the exercises unchanged since their recorded verdict")
}

var cmdVerify = &Command{
	Name:      "verify",
	UsageLine: "verify [--solutions] [--json] [--force] [-p N] [--timeout D]",
	Short:     "check every exercise, in parallel, and summarise",
	Long: `Verify checks all the exercises, several at a time, and prints a summary:
one line per exercise, then the scenarios that failed.

An exercise unchanged since its recorded verdict (as for run) keeps it,
and the summary says how many did; --force checks them all.

With --solutions it checks the reference solutions in solutions/ instead
of exercises/ (for authors and instructors: every line should pass);
nothing is then recorded, and everything is checked.

With --json it prints a list of results.json objects (Exercism's version
3), one per exercise, each with an "exercise" field.

Exit status: 0 when every exercise passes, 1 otherwise.`,
	Bind: bind(runVerify),
}

// parallelism is how many checks run at a time by default: each check
// builds with all cores and runs its scenarios in parallel itself, so more
// than one per core only adds contention.
func parallelism() int { return max(runtime.GOMAXPROCS(0), 1) }

func runVerify(env *Env, f *verifyFlags, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if err := f.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if f.parallel < 0 {
		return usageError(env, "-p must be positive")
	}
	if !openBook(env, f.checkFlags) {
		return exitFailed
	}
	n := f.parallel
	if n == 0 {
		n = parallelism()
	}
	start := time.Now()
	results := make([]*scenario.Result, len(workbook.All))
	errs := make([]error, len(workbook.All))
	// errgroup's Go waits in the caller for a free slot, so the checks
	// start in longestFirst's order; each one's tool error is its row's,
	// not a reason to stop the others.
	var recalled atomic.Int32 // answered from the record
	var g errgroup.Group
	g.SetLimit(n)
	for _, i := range longestFirst(env) {
		ex := workbook.All[i]
		g.Go(func() error {
			if f.solutions {
				results[i], errs[i] = checkSolution(env, ex, f.checkFlags)
			} else {
				var st progress.Standing
				st, errs[i] = checkOrRecall(env, ex, f.force, false)
				results[i] = st.Result
				if errs[i] == nil && !st.Fresh {
					recalled.Add(1)
				}
			}
			return nil
		})
	}
	g.Wait()
	if env.Ctx.Err() != nil {
		fmt.Fprintln(env.Stderr, "checker: interrupted")
		return exitFailed
	}

	code := exitOK
	if f.json {
		out := make([]exercism.Results, len(results))
		for i, res := range results {
			if errs[i] != nil {
				out[i] = toolErrorResults(workbook.All[i], errs[i])
				code = exitFailed
				continue
			}
			out[i] = toResults(env, res)
			if res.Status != scenario.Pass {
				code = exitFailed
			}
		}
		printJSON(env, out)
		return code
	}

	p := env.Paint
	what := "exercises/"
	if f.solutions {
		what = "solutions/"
	}
	unchanged := ""
	if n := recalled.Load(); n > 0 {
		unchanged = fmt.Sprintf(" (%d unchanged since their recorded verdicts — --force checks them again)", n)
	}
	fmt.Fprintf(env.Stdout, "Checked %s in %s%s:\n\n", what, roundDuration(time.Since(start)), unchanged)
	tw := tabwriter.NewWriter(env.Stdout, 0, 8, 2, ' ', 0)
	passed := 0
	for i, res := range results {
		ex := workbook.All[i]
		switch {
		case errs[i] != nil:
			fmt.Fprintf(tw, "%s\t%s\t\t\t%s\n", ex.Name, ex.Title, p.fail("tool error: "+errs[i].Error()))
			code = exitFailed
		default:
			ok := 0
			for _, s := range res.Scenarios {
				if s.Status == scenario.Pass {
					ok++
				}
			}
			status := p.pass("pass")
			if res.Status == scenario.Pass {
				passed++
			} else {
				status = p.fail(string(res.Status))
				if res.Build != nil {
					status = p.fail("does not compile")
				}
				code = exitFailed
			}
			fmt.Fprintf(tw, "%s\t%s\t%d/%d scenarios\t%d/%d points\t%s\t%s\n", ex.Name, ex.Title, ok, len(res.Scenarios),
				earned(res), ex.Points(), roundDuration(res.Duration), status)
		}
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "\n%d of %d pass.\n", passed, len(results))
	for i, res := range results {
		if errs[i] != nil || res.Status == scenario.Pass {
			continue
		}
		if res.Build != nil {
			fmt.Fprintf(env.Stdout, "  %s %s: does not compile\n", p.fail("✗"), res.Exercise)
			continue
		}
		var failed []scenario.ScenarioResult
		for _, s := range res.Scenarios {
			if s.Status != scenario.Pass {
				failed = append(failed, s)
			}
		}
		if len(failed) == 0 {
			continue
		}
		more := ""
		if len(failed) > 1 {
			more = p.dim(fmt.Sprintf(" (and %d more)", len(failed)-1))
		}
		fmt.Fprintf(env.Stdout, "  %s %s: %s%s\n", p.fail("✗"), failed[0].Name, firstLine(failed[0]), more)
	}
	switch {
	case code == exitOK && f.solutions:
		fmt.Fprintln(env.Stdout, "\nEvery reference solution passes: the scenarios and the library agree.")
	case code == exitOK:
		fmt.Fprintf(env.Stdout, "\nNext: compare your programs with the reference ones: %s.\n", p.cmd("go run ./checker solution qN"))
	default:
		if f.solutions {
			fmt.Fprintln(env.Stdout, "\nNext: a reference solution that fails is a bug in the workbook; check one with 'go test ./internal/scenario' or report it.")
		} else {
			fmt.Fprintf(env.Stdout, "\nNext: %s for the details of one.\n", p.cmd("go run ./checker run qN"))
		}
	}
	return code
}

// longestFirst returns the indexes of the exercises, those whose last
// recorded check took longest first (an estimate; the record may be stale),
// so that a long one does not start last and finish alone; the others keep
// the workbook's order.
func longestFirst(env *Env) []int {
	est := make([]time.Duration, len(workbook.All))
	order := make([]int, len(workbook.All))
	for i, ex := range workbook.All {
		order[i] = i
		if rec := env.Store.LoadResult(ex.Name); rec != nil {
			est[i] = rec.Result.Duration
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return est[order[a]] > est[order[b]] })
	return order
}

// firstLine is a one-line account of why scenario s failed.
func firstLine(s scenario.ScenarioResult) string {
	for _, t := range []string{s.Reason, s.Message} {
		if t != "" {
			if i := strings.IndexByte(t, '\n'); i >= 0 {
				return t[:i] + " …"
			}
			return t
		}
	}
	return string(s.Status)
}
