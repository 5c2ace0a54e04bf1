//go:build !linux

package grade

// reap does nothing outside Linux, which alone has /proc to find the
// processes a submission left behind; there the scenario runner's own
// clean-up is all there is.
func reap(dir string) {}
