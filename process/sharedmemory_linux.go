package process

// blockDir is where named shared memory lives: POSIX shared memory objects
// are the files of /dev/shm on Linux, where glibc's shm_open, and so
// Python's SharedMemory, puts them.
func blockDir() (string, error) { return "/dev/shm", nil }
