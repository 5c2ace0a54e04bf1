//go:build ignore

// durations.go checks each reference solution once and prints how long its
// build and each of its scenarios took: where the time of a grading run
// goes.
//
//	go run bench/grade/durations.go
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

func main() {
	root, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "durations:", err)
		os.Exit(1)
	}
	var total time.Duration
	for _, ex := range workbook.All {
		res, err := scenario.Check(context.Background(), ex, scenario.Options{
			// Not Offline: its go build -mod=mod may rewrite the
			// workbook's go.mod, which grading keeps away from by working
			// on a copy.
			Root: root, SourceDir: filepath.Join(root, "solutions", ex.Name),
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "durations:", err)
			os.Exit(1)
		}
		var scenarios time.Duration
		for _, s := range res.Scenarios {
			scenarios += s.Duration
		}
		fmt.Printf("%s %-7s %6.2fs in all, %6.2fs of scenarios\n", ex.Name, res.Status, res.Duration.Seconds(), scenarios.Seconds())
		for _, s := range res.Scenarios {
			fmt.Printf("    %-22s %-7s %6.2fs\n", s.Name, s.Status, s.Duration.Seconds())
		}
		total += res.Duration
	}
	fmt.Printf("all   %6.2fs\n", total.Seconds())
}
