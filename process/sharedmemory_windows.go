package process

// blockDir fails: see errNoSharedMemory.
func blockDir() (string, error) { return "", errNoSharedMemory }
