package grade

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// reapRounds is how many times reap looks again for processes, since one
// that is being killed may just have started another.
const reapRounds = 5

// reap kills, with SIGKILL, every process of ours that runs a program
// built in the workspace dir or runs in it: whatever a submission left
// running after its scenarios (a child that ignores its parent's death, a
// pool never closed). The scenario runner ends the processes it knows of;
// this catches the ones it does not. Processes are found in /proc by their
// executable and their working folder.
func reap(dir string) {
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	self := os.Getpid()
	for range reapRounds {
		killed := 0
		procs, err := os.ReadDir("/proc")
		if err != nil {
			return
		}
		for _, p := range procs {
			pid, err := strconv.Atoi(p.Name())
			if err != nil || pid == self {
				continue
			}
			if inDir(pid, prefix) {
				if syscall.Kill(pid, syscall.SIGKILL) == nil {
					killed++
				}
			}
		}
		if killed == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// inDir reports whether the process pid's executable or working folder is
// under prefix. A process of another user cannot be read, and is left
// alone.
func inDir(pid int, prefix string) bool {
	base := "/proc/" + strconv.Itoa(pid) + "/"
	for _, link := range []string{"exe", "cwd"} {
		target, err := os.Readlink(base + link)
		if err != nil {
			continue
		}
		target = strings.TrimSuffix(target, " (deleted)")
		if strings.HasPrefix(target+string(filepath.Separator), prefix) {
			return true
		}
	}
	return false
}
