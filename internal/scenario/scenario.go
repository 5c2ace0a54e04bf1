package scenario

import (
	"time"

	"github.com/procbook/procbook/internal/sandbox"
)

// Status is the verdict on an exercise or a scenario.
type Status string

const (
	Pass    Status = "pass"
	Fail    Status = "fail"    // the program ran and is not right yet
	Error   Status = "error"   // the program did not build, or could not be run
	Timeout Status = "timeout" // the program ran past its time
)

// statusRank orders the statuses from best to worst: a program that ran
// and was wrong, one that ran out of time, one that could not be judged.
var statusRank = map[Status]int{Pass: 0, Fail: 1, Timeout: 2, Error: 3}

// Worst returns the worst of the statuses, Pass for none: the status of
// an exercise whose scenarios have them, everywhere a status is summed
// up (the checker's report, the gradebook).
func Worst(statuses ...Status) Status {
	worst := Pass
	for _, s := range statuses {
		if statusRank[s] > statusRank[worst] {
			worst = s
		}
	}
	return worst
}

// Defaults for Options.
const (
	DefaultTimeout   = 5 * time.Second // per run of the program
	DefaultOutputCap = 1 << 20         // bytes of stdout and of stderr kept per run
)

// Options says what to check and how.
type Options struct {
	Root      string        // the workbook: go.mod, process/, testdata/
	SourceDir string        // the exercise's sources; "" means Root/exercises/<name>
	Timeout   time.Duration // per run of the program; 0 means DefaultTimeout
	OutputCap int64         // 0 means DefaultOutputCap
	WorkDir   string        // scratch space; "" means a temporary directory, removed afterwards
	TraceOut  string        // if set, the trace of the exercise's last run is copied there
	Offline   bool          // build with GOFLAGS=-mod=readonly and GOPROXY=off: no download

	ScenarioDir string // where the scenarios are; "" means Root/testdata
	Verbose     bool   // keep the whole transcript in Log, not only the phase that failed, and give a failed trace check's own words after its plain sentence
	Race        bool   // also build the program with the race detector (go build -race), for the scenarios the manifest marks Race (all, where it marks none); their runs get RaceSlowdown times Timeout
	// Sandbox, if set, runs every run of the program in a sandbox of its
	// own with these limits (package sandbox): what grading does with
	// untrusted programs.
	Sandbox *sandbox.Limits
	// ProgramCache, if set, is a folder where built programs are kept,
	// so that one built again from unchanged sources is not linked again
	// (the go command relinks a kept program that is out of date, so
	// none is ever used stale). It must be out of reach of the programs
	// checked: never a folder a sandboxed program sees, and, without a
	// sandbox, only the learner's own.
	ProgramCache string
	// ProgramsKept is how many programs of each exercise and build mode
	// ProgramCache keeps, the most recently used; 0 means the default,
	// programsKept (4): a learner's last few versions. The book's own
	// tests, which build many versions of every exercise and run again
	// and again, keep more.
	ProgramsKept int
	// BatchBuilds builds the program in one go command with the builds
	// other Checks ask for at the same moment (a submission's exercises,
	// checked at once), which pays the go command's start-up once for
	// all. It changes no verdict: a program the batch did not build is
	// built alone.
	BatchBuilds bool
}

// Result is the verdict on one exercise.
type Result struct {
	Exercise  string
	Status    Status
	Build     *BuildError // the compiler's complaint, when Status is Error for that reason
	Scenarios []ScenarioResult
	Duration  time.Duration
}

// BuildError is a program that did not compile.
type BuildError struct {
	Output      string       // what go build printed
	Diagnostics []Diagnostic // parsed from Output, file:line:col: message

	// Foreign lists the imported packages that neither the standard
	// library nor the workbook's module provides, when that is why the
	// program was not built (found from the sources, before the go
	// command ran).
	Foreign []string
}

func (e *BuildError) Error() string {
	return "scenario: the program does not compile:\n" + e.Output
}

// Diagnostic is one compiler message.
type Diagnostic struct {
	File      string
	Line, Col int
	Message   string
}

// ScenarioResult is the verdict on one scenario.
type ScenarioResult struct {
	Name     string
	About    string
	Points   int
	Status   Status
	Message  string // the check that failed, in plain words
	Reason   string // how the program ended, when that explains it, completing "the program …": "timed out after 5s", "panicked", "printed too much (kept the first 1 MiB)", "was killed by signal 9 (killed)"
	Expected string // when a comparison failed: what was wanted
	Actual   string // and what the program printed
	Log      string // the scenario's transcript, as testscript logs it
	Duration time.Duration
}

// RaceSlowdown is how many times Timeout a run of a program built with the
// race detector gets. The detector makes a program several times slower
// (atomic operations on shared memory above all: q2's four children
// locking two million times each take over 5 s where the plain build takes
// 0.2 s), so a right program needs more time, and one that hangs still
// gets a verdict.
const RaceSlowdown = 4
