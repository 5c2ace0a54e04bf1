// Command unregistered registers a function only when its environment
// says so, and then changes its environment before starting a child: the
// child, the same binary, does not register the function, and must say so
// instead of running something else or hanging.
package main

import (
	"fmt"
	"os"

	"github.com/procbook/procbook/process"
)

// hideEnv, when set, keeps the function from being registered.
const hideEnv = "UNREGISTERED_HIDE"

var hello *process.Func[struct{}, struct{}]

func init() {
	if os.Getenv(hideEnv) == "" {
		hello = process.RegisterTarget("unregistered.hello", func(struct{}) {
			fmt.Println("hello from the child")
		})
	}
}

func main() {
	process.Main()
	if hello == nil {
		fmt.Println("run this program without", hideEnv)
		os.Exit(1)
	}
	os.Setenv(hideEnv, "1") // the child will not register hello
	p := process.New(hello, struct{}{})
	if err := p.Start(); err != nil {
		fmt.Println("Start:", err)
		os.Exit(1)
	}
	fmt.Println("Join:", p.Join())
	fmt.Println("ExitCode:", p.ExitCode())
}
