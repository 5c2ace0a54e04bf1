package testcache

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestProgramsIsInTheUserCache(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME is the user's cache folder on Linux")
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	if got, want := Programs("scenario"), filepath.Join(cache, "procbook", "test-programs", "scenario"); got != want {
		t.Errorf("Programs(%q) = %q, want %q", "scenario", got, want)
	}
	if Programs("grade") == Programs("scenario") {
		t.Error("two packages share one folder")
	}
}

func TestProgramsWithoutAUserCache(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME and HOME decide the user's cache folder on Linux")
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	if got := Programs("scenario"); got != "" {
		t.Errorf("with no user cache folder, Programs = %q, want \"\"", got)
	}
}
