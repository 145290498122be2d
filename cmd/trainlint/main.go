// Command trainlint catches training jobs that will crash or run out of GPU
// memory before they run: it lints DeepSpeed, Trainer and Accelerate configs,
// estimates each GPU's peak memory against the declared hardware, and
// rewrites configs into a variant that fits.
package main

import "os"

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
