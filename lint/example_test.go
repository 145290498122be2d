package lint_test

import (
	"fmt"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/rules"
)

// Run lints files the way `trainlint lint` does; the report holds the
// findings and, per job, the plan and its memory estimate.
func ExampleRun() {
	rep := lint.Run([]string{"../testdata/format/ds_config.json"}, lint.Options{Rules: rules.All()})
	for _, f := range rep.Findings {
		if f.Rule == "fp16-bf16-both-enabled" {
			fmt.Printf("%s:%d: %s\n", f.File, f.Line, f.Severity)
		}
	}
	// Output:
	// ../testdata/format/ds_config.json:3: error
}

// The estimator is a pure function of a plan: read a config with declared
// hardware, change the plan, and estimate again.
func ExampleEstimate() {
	res := read.Load([]string{"../testdata/examples/llama3-8b-a100/train.yaml"}, read.Options{
		Catalog:   catalog.Builtin(),
		Overrides: read.Overrides{GPU: "h100-80gb", SeqLen: 1024},
	})
	p := res.Jobs[0].Plan
	before, _ := estimate.Estimate(p)
	smaller := p.Clone()
	smaller.MicroBatch.V = 1
	after, _ := estimate.Estimate(smaller)
	fmt.Println(before.GPU.Name, after.Peak < before.Peak)
	// Output:
	// h100-80gb true
}
