package process

import "os"

// Getpid runs os.Getpid in a worker: Python's apply_async(os.getpid, ()).
// Its argument is struct{}{}.
var Getpid = Register("process.Getpid", func(struct{}) int { return os.Getpid() })
