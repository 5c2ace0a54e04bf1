package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The examples of docs/examples are checked as far as this machine
// allows: each YAML file parses; the GitHub workflow's matrix and the
// Kubernetes Job's completions are as many as the shards they give
// --shard; and every checker command line in them parses with the
// checker's own flags, so that a renamed flag breaks this test rather
// than an instructor's run. (That the shards merge into the whole class
// is the grade package's TestShardsInParallel.)

// yamlDocs reads every document of a YAML file.
func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var docs []map[string]any
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, doc)
	}
}

// dig walks into a YAML document by keys and list indexes.
func dig(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch key := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %q: not a mapping: %v", key, v)
			}
			v = m[key]
		case int:
			l, ok := v.([]any)
			if !ok || key >= len(l) {
				t.Fatalf("at [%d]: not a long enough list: %v", key, v)
			}
			v = l[key]
		}
	}
	return v
}

// checkerLines finds the checker command lines in a script: "go run
// ./checker …" or "checker …", continuation lines joined.
var checkerLine = regexp.MustCompile(`(?:go run \./checker|(?:^|[\s&;])checker)\s+([^\n&;]*)`)

// checkCommand parses one checker command line's flags as dispatch would,
// with shell variables and GitHub's expressions replaced by a shard.
func checkCommand(t *testing.T, where, line string) {
	t.Helper()
	line = regexp.MustCompile(`\$\{\{[^}]*\}\}|\$\(\([^)]*\)\)|"\$\{[^}]*\[@\]\}"`).ReplaceAllString(line, "1")
	line = strings.NewReplacer(`"`, "", `\`, " ", "$SHARDS", "8", "$k", "1").Replace(line)
	args := strings.Fields(line)[1:] // after "checker"
	cmd, rest := findCommand(args)
	if cmd == nil || cmd.Name != "grade" {
		t.Errorf("%s: %q is not a checker grade command", where, line)
		return
	}
	var g globalFlags
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	cmd.SetFlags(fs)
	pos, err := parseInterspersed(fs, rest)
	if err != nil {
		t.Errorf("%s: %q: %v", where, line, err)
		return
	}
	if len(pos) == 0 {
		t.Errorf("%s: %q names no class folder and no merge", where, line)
	}
}

func TestExamplesGitHubActions(t *testing.T) {
	path := filepath.Join("..", "docs", "examples", "github-actions", "grade.yml")
	wf := yamlDocs(t, path)[0]
	shards, err := strconv.Atoi(fmt.Sprint(dig(t, wf, "env", "SHARDS")))
	if err != nil {
		t.Fatal(err)
	}
	if matrix := dig(t, wf, "jobs", "shard", "strategy", "matrix", "shard").([]any); len(matrix) != shards {
		t.Errorf("the matrix has %d shards, SHARDS says %d", len(matrix), shards)
	}
	if needs := dig(t, wf, "jobs", "merge", "needs"); needs != "shard" {
		t.Errorf("merge needs %v, want the shards first", needs)
	}
	var found int
	for _, job := range []string{"shard", "merge"} {
		for _, step := range dig(t, wf, "jobs", job, "steps").([]any) {
			run, _ := step.(map[string]any)["run"].(string)
			run = strings.ReplaceAll(run, "\\\n", " ")
			for _, m := range checkerLine.FindAllStringSubmatch(run, -1) {
				checkCommand(t, path+" "+job, "checker "+m[1])
				found++
			}
		}
	}
	if found < 4 {
		t.Errorf("%d checker commands in the workflow, want the shard's and the merges", found)
	}
}

func TestExamplesKubernetes(t *testing.T) {
	dir := filepath.Join("..", "docs", "examples", "kubernetes")
	job := yamlDocs(t, filepath.Join(dir, "grade-job.yaml"))[0]
	if dig(t, job, "kind") != "Job" || dig(t, job, "spec", "completionMode") != "Indexed" {
		t.Fatalf("grade-job.yaml is not an Indexed Job: %v", job)
	}
	completions := dig(t, job, "spec", "completions")
	container := dig(t, job, "spec", "template", "spec", "containers", 0)
	shards := dig(t, container, "env", 0, "value")
	if fmt.Sprint(completions) != shards || fmt.Sprint(dig(t, job, "spec", "parallelism")) != shards {
		t.Errorf("completions %v, parallelism %v and SHARDS %v must agree", completions, dig(t, job, "spec", "parallelism"), shards)
	}
	for _, name := range []string{"grade-job.yaml", "grade-merge.yaml"} {
		doc := yamlDocs(t, filepath.Join(dir, name))[0]
		c := dig(t, doc, "spec", "template", "spec", "containers", 0)
		script := dig(t, c, "args", 0).(string)
		ms := checkerLine.FindAllStringSubmatch(script, -1)
		if len(ms) == 0 {
			t.Errorf("%s runs no checker command", name)
		}
		for _, m := range ms {
			checkCommand(t, name, "checker "+m[1])
		}
		if name == "grade-job.yaml" && !strings.Contains(script, "JOB_COMPLETION_INDEX + 1") {
			t.Errorf("grade-job.yaml: the shard is not the completion index + 1: %s", script)
		}
	}
}
