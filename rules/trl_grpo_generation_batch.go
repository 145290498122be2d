package rules

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/shell"
)

// trlGRPODefaults are the GRPOConfig/RLOOConfig defaults (TRL v1.9) the
// generation-batch checks use, beside TrainingArguments'.
var trlGRPODefaults = map[string]float64{"num_generations": 8, "per_device_train_batch_size": 8, "gradient_accumulation_steps": 1, "per_device_eval_batch_size": 8}

// trlRLOONumGenerations is RLOOConfig.num_generations' default (TRL v1.9.0
// trl/trainer/rloo_config.py), where GRPOConfig's is 8.
const trlRLOONumGenerations = 2

// trlArg resolves a numeric argument of a TRL job: written, or its default
// when the file is read whole or the `trl` CLI (whose defaults are the
// config class's) runs it. ok is false when neither is known.
func trlArg(j *read.Job, t read.TRLJob, name string) (v int64, s setting, ok bool) {
	s = trainerArg(j, name)
	if s.found() {
		n, ok := intOf(s.val)
		return n, s, ok
	}
	cli := j.Command != nil && j.Command.Launcher == shell.TRL
	def, has := trlGRPODefaults[name]
	if name == "num_generations" && t.Trainer == read.TRLRLOO {
		def = trlRLOONumGenerations
	}
	if !has || !(trainerDefaultsApply(j) || cli) {
		return 0, s, false
	}
	return int64(def), s, true
}

// TRLGRPOGenerationBatch reports GRPO and RLOO batch settings their config
// classes reject.
var TRLGRPOGenerationBatch = &lint.Rule{
	ID:       "trl-grpo-generation-batch",
	Severity: lint.Error,
	Summary:  "a TRL GRPO or RLOO generation batch that its config class rejects",
	Doc: lint.Doc{
		What: "For TRL GRPO and RLOO jobs, checks what `GRPOConfig.__post_init__` and `RLOOConfig.__post_init__` check: `num_generations` at least 2; " +
			"`generation_batch_size` and `steps_per_generation` not both set; `generation_batch_size` divisible by `per_device_train_batch_size` × processes; " +
			"the generation batch (`generation_batch_size`, or `per_device_train_batch_size` × processes × `steps_per_generation`, which defaults to `gradient_accumulation_steps`) divisible by `num_generations` (default 8 in GRPO, 2 in RLOO); " +
			"with evaluation, `per_device_eval_batch_size` × processes divisible by `num_generations_eval` (or `num_generations`); and no `auto_find_batch_size`. " +
			"The checks that need the number of processes run when it is known (a launch command, or the GPUs declared in .trainlint.yaml when no vLLM server holds some of them). " +
			"Jobs that run R1-V's own GRPO trainer (an `open_r1/` script given `--max_pixels`: R1-V, Video-R1, open-r1-multimodal) are not checked: it generates each prompt's completions on one process and the TRL releases it pins check no batch.",
		Why: "Each prompt's completions must sit in one generation batch to compute group advantages; the config class raises a ValueError while the arguments are parsed, " +
			"e.g. `generation_batch_size (12) must be divisible by num_generations (8).`",
		Example:    "# trl grpo on 2 GPUs\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 3\nnum_generations: 8",
		UseInstead: "per_device_train_batch_size: 2\ngradient_accumulation_steps: 4   # 2 × 2 × 4 = 16, two prompts of 8 completions\nnum_generations: 8",
		References: []string{
			"huggingface/trl v1.9 trl/trainer/grpo_config.py (GRPOConfig.__post_init__)",
			"huggingface/trl v1.9 trl/trainer/rloo_config.py (RLOOConfig.__post_init__)",
		},
	},
	Example: lint.Example{
		Files: map[string]string{
			"grpo.yaml": "model_name_or_path: Qwen/Qwen2-0.5B-Instruct\ndataset_name: trl-lib/tldr\noutput_dir: out\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 3\nnum_generations: 8\n",
		},
		Project: "hardware:\n  gpu: h100-80gb\n  gpus_per_node: 2\n",
	},
	Check: func(p *lint.Pass) {
		j := p.Job
		t, isTRL := read.DetectTRL(j)
		if !isTRL || (t.Trainer != read.TRLGRPO && t.Trainer != read.TRLRLOO) || read.R1VTrainer(j) {
			return
		}
		name := strings.ToUpper(t.Trainer)
		at := func(s setting) lint.Finding {
			if s.found() {
				return finding(s.conf.file, s.at(), "")
			}
			return p.FindingAt(plan.Origin{}, "")
		}
		report := func(s setting, format string, args ...any) {
			f := at(s)
			f.Message = fmt.Sprintf(format, args...) + fmt.Sprintf("; TRL's %sConfig raises while the arguments are parsed", name)
			p.Report(f)
		}
		if s := trainerArg(j, "auto_find_batch_size"); isTrue(s.val) {
			report(s, "\"auto_find_batch_size\" is true, but shrinking the batch would split the groups of %s completions", name)
		}
		ng, ngS, ok := trlArg(j, t, "num_generations")
		if !ok {
			return
		}
		if ng < 2 {
			report(ngS, "\"num_generations\" is %d; %s needs at least 2 completions per prompt to compute advantages", ng, name)
			return
		}
		gbS, spgS := trainerArg(j, "generation_batch_size"), trainerArg(j, "steps_per_generation")
		if gbS.found() && spgS.found() {
			report(spgS, "\"generation_batch_size\" and \"steps_per_generation\" are both set")
			return
		}
		world, how := trlWorld(p)
		pd, pdS, ok := trlArg(j, t, "per_device_train_batch_size")
		if !ok || world == 0 {
			return
		}
		var gen int64
		var genDesc string
		switch {
		case gbS.found():
			g, ok := intOf(gbS.val)
			if !ok {
				return
			}
			if g%(pd*world) != 0 {
				report(gbS, "\"generation_batch_size\" %d is not divisible by the global batch %d (per_device_train_batch_size %d × %s)", g, pd*world, pd, how)
				return
			}
			gen, genDesc = g, fmt.Sprintf("\"generation_batch_size\" %d", g)
		default:
			key := "steps_per_generation"
			if !spgS.found() {
				key = "gradient_accumulation_steps"
			}
			steps, _, ok := trlArg(j, t, key)
			if !ok {
				return
			}
			gen = pd * world * steps
			genDesc = fmt.Sprintf("the generation batch %d (per_device_train_batch_size %d × %s × %s %d)", gen, pd, how, key, steps)
		}
		if gen%ng != 0 {
			s := ngS
			if !s.found() {
				s = pdS
			}
			report(s, "%s is not divisible by \"num_generations\" %d", genDesc, ng)
		}
		if !p.Plan.Eval.Enabled.V {
			return
		}
		eng := ng
		if e, eS, ok := trlArg(j, t, "num_generations_eval"); ok && eS.found() && e > 0 {
			eng = e
		}
		eb, ebS, ok := trlArg(j, t, "per_device_eval_batch_size")
		if ok && (eb*world)%eng != 0 {
			report(ebS, "the global eval batch %d (per_device_eval_batch_size %d × %s) is not divisible by the %d generations used in evaluation", eb*world, eb, how, eng)
		}
	},
}

// trlWorld is the number of training processes: from the launch command,
// else the declared GPUs; 0 when neither is known. A vLLM server (TRL's
// vllm_mode server) holds GPUs of its own, which only the launch says, so
// the declared GPUs do not give the processes then (open-r1 trains on 7 of
// 8 GPUs beside `trl vllm-serve` on the eighth).
func trlWorld(p *lint.Pass) (int64, string) {
	server := p.Plan.Rollout.Engine.V == "vllm" && !p.Plan.Rollout.SameGPUs
	switch {
	case p.Plan.Processes.Set && p.Plan.Processes.V > 0:
		return int64(p.Plan.Processes.V), fmt.Sprintf("%d processes", p.Plan.Processes.V)
	case p.Plan.Hardware.GPUsPerNode.Set && !server:
		return int64(p.Plan.World()), fmt.Sprintf("%d GPUs", p.Plan.World())
	}
	return 0, ""
}
