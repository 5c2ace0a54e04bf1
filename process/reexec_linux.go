package process

// selfExe returns the path that re-executes this very binary. On Linux,
// /proc/self/exe does so even if the file was replaced or removed since the
// program started (as `go run` and `go test` binaries may be).
func selfExe() (string, error) { return "/proc/self/exe", nil }
