//go:build !unix

package main

import "os"

// minorFaults is 0 where the system does not count a process's page faults.
func minorFaults(*os.ProcessState) int64 { return 0 }
