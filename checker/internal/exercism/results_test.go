package exercism

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/procbook/procbook/internal/scenario"
)

func TestFromResult(t *testing.T) {
	code := func(name string) string { return "exec " + name }
	r := &scenario.Result{Exercise: "q6", Status: scenario.Fail, Scenarios: []scenario.ScenarioResult{
		{Name: "q6_a", Status: scenario.Pass},
		{Name: "q6_b", Status: scenario.Timeout, Reason: "timed out after 2s", Actual: strings.Repeat("x", 2000)},
	}}
	got := FromResult(r, code)
	if got.Version != 3 || got.Status != Fail || got.Message != "" || len(got.Tests) != 2 {
		t.Fatalf("FromResult = %+v", got)
	}
	if tt := got.Tests[1]; tt.Status != Fail || !strings.Contains(tt.Message, "timed out after 2s") ||
		utf8.RuneCountInString(tt.Output) != MaxOutput || !strings.HasSuffix(tt.Output, "truncated to 500 characters") || tt.TestCode != "exec q6_b" {
		t.Fatalf("timed-out test = %+v", tt)
	}

	broken := &scenario.Result{Exercise: "q6", Status: scenario.Error, Build: &scenario.BuildError{Output: "main.go:3:1: syntax error"}}
	got = FromResult(broken, code)
	if got.Status != Error || !strings.Contains(got.Message, "main.go:3:1") {
		t.Fatalf("FromResult(build error) = %+v", got)
	}
	data, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"tests":[]`) {
		t.Fatalf("no tests must still be a list: %s", data)
	}
}
