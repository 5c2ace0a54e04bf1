package process

// cancelCheckInterval is the longest a context-taking wait sleeps before it
// looks at its context again. On Linux wakeOnDone wakes it at once, so this
// is only the usual safety net.
const cancelCheckInterval = ownerCheckInterval
