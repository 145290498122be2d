// Command trainlint catches training jobs that will crash or run out of GPU
// memory before they run: it lints DeepSpeed, Trainer and Accelerate configs,
// estimates each GPU's peak memory against the declared hardware, and
// rewrites configs into a variant that fits.
package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target unless GOGC says otherwise.
// A lint of one file allocates about the 4 MiB at which Go's default first
// collects, and a collection in a process that ends milliseconds later
// costs more than the memory it frees. Over hundreds of files it trades
// memory for CPU (README, Speed: about 300 MiB peak over both shared
// corpora).
const gcPercent = 400

func main() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
