package read

import "github.com/trainlint/trainlint/plan"

// frontend is one training framework's vocabulary in the reader: which jobs
// are its own (a config file of its format, or a launch command that starts
// its trainer) and how its own keys map onto the plan. The Hugging Face
// Trainer arguments are read for every job first (applyTrainer); a frontend
// then adds or overrides what its framework means, each default it assumes
// cited next to it. Adding a framework is adding one file with one frontend
// and listing it in frontends.
type frontend struct {
	name string
	// owns reports whether the settings s of job j are this framework's.
	owns func(j *Job, s settings) bool
	// apply maps the framework's keys in s onto the plan.
	apply func(p *plan.Plan, s settings)
	// command, when set, reads a launch command whose arguments are the
	// framework's own rather than Trainer arguments (Hydra overrides,
	// OpenRLHF's argparse flags). owns is false for another framework's
	// command; world is true when it settled the world size itself.
	command func(p *plan.Plan, j *Job) (owns, world bool)
}

// frontends are consulted in this order for every settings mapping of a job
// (a Trainer-like config file, then a launch command's arguments); each one
// that owns the mapping applies it.
var frontends = []frontend{
	{name: "LLaMA-Factory", owns: formatIs(LlamaFactory), apply: applyLlamaFactory},
	{name: "axolotl", owns: formatIs(Axolotl), apply: applyAxolotl},
	{name: "torchtune", owns: formatIs(Torchtune), apply: applyTorchtune},
	{name: "LitGPT", owns: formatIs(LitGPT), apply: applyLitGPT},
	{name: "NeMo-RL", owns: formatIs(NemoRL), apply: applyNemoRL},
	verl,
	openRLHF,
	{name: "LLaVA", owns: ownsLLaVA, apply: applyLLaVA},
	{name: "InternVL", owns: ownsInternVL, apply: applyInternVL},
	{name: "Firefly", owns: ownsFirefly, apply: applyFirefly},
	{name: "qwen-vl-finetune", owns: ownsQwenVL, apply: applyQwenVL},
	{name: "Qwen finetune.py", owns: ownsQwen, apply: applyQwen},
	{name: "ms-swift", owns: ownsSwift, apply: applySwift},
	{name: "ms-swift Megatron", owns: ownsMegatron, apply: applyMegatron},
}

// formatIs owns the settings read from a file of the given format.
func formatIs(f Format) func(*Job, settings) bool {
	return func(_ *Job, s settings) bool { return s.file != nil && s.file.Format == f && s.root == s.file.Root }
}

// applyFrontends lets every frontend that owns s apply it.
func applyFrontends(p *plan.Plan, j *Job, s settings) {
	for _, fe := range frontends {
		if fe.owns(j, s) {
			fe.apply(p, s)
		}
	}
}

// applyCommandFrontends lets the frontend whose launch command the job runs
// read it.
func applyCommandFrontends(p *plan.Plan, j *Job) (owns, world bool) {
	for _, fe := range frontends {
		if fe.command != nil && j.Command != nil {
			if owns, world = fe.command(p, j); owns {
				return owns, world
			}
		}
	}
	return false, false
}
