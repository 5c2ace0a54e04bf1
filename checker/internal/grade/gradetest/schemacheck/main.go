// Command schemacheck checks JSON documents against a JSON Schema:
//
//	schemacheck SCHEMA FILE...
//
// It prints what breaks the schema and exits 1, or prints nothing and
// exits 0; a usage error exits 2.
//
// The checker's transcripts run it (go run, whose programs the build cache
// keeps) to check the results.json a Gradescope bundle wrote. It is a
// command of its own so that the checker's test binary, which every
// transcript starts hundreds of times as the checker, does not link the
// schema library: its package initialisation compiles the JSON Schema
// metaschemas, 5 ms at every start.
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func main() {
	os.Exit(main1(os.Args[1:]))
}

func main1(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: schemacheck SCHEMA FILE...")
		return 2
	}
	s, err := jsonschema.NewCompiler().Compile(args[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "schemacheck: %v\n", err)
		return 2
	}
	code := 0
	for _, file := range args[1:] {
		if err := check(s, file); err != nil {
			fmt.Printf("%s: %s\n", file, strings.TrimSpace(err.Error()))
			code = 1
		}
	}
	return code
}

// check validates the JSON document in file against s.
func check(s *jsonschema.Schema, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return s.Validate(doc)
}
