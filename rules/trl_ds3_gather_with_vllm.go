package rules

import (
	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// TRLDS3GatherWithVLLM reports ds3_gather_for_generation: false on a TRL job
// that generates with vLLM, where the setting does nothing.
var TRLDS3GatherWithVLLM = &lint.Rule{
	ID:       "trl-ds3-gather-with-vllm",
	Severity: lint.Warning,
	Summary:  "ds3_gather_for_generation is false but TRL generates with vLLM, where it does not apply",
	Doc: lint.Doc{
		What: "For TRL GRPO, RLOO and Online DPO jobs, reports `ds3_gather_for_generation: false` together with `use_vllm: true`.",
		Why: "The setting only changes transformers' `generate` under ZeRO-3: instead of gathering the whole policy for generation, each layer is gathered as it runs (slower, less memory). " +
			"With vLLM, TRL never takes that path (`unwrap_model_for_generation` is used only without vLLM), and the vLLM engine holds its own full copy of the weights, divided by `vllm_tensor_parallel_size` in colocate mode. " +
			"GRPOConfig's help says disabling it \"is not compatible with vLLM generation\"; TRL raises nothing, so a job counting on it to fit a model too large for one GPU finds out when vLLM loads.",
		Example:    "use_vllm: true\nvllm_mode: colocate\nds3_gather_for_generation: false",
		UseInstead: "use_vllm: true\nvllm_mode: colocate\nvllm_tensor_parallel_size: 2   # split vLLM's copy of the weights instead",
		References: []string{
			"huggingface/trl v1.9.0 trl/trainer/grpo_config.py (GRPOConfig.ds3_gather_for_generation)",
			"huggingface/trl v1.9.0 trl/trainer/grpo_trainer.py (GRPOTrainer._generate_single_turn: gather_deepspeed3_params only on the transformers paths)",
			"huggingface/trl v1.9.0 trl/generation/vllm_generation.py (VLLMGeneration: LLM(model=…, tensor_parallel_size=…))",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"run.sh":    "trl grpo --config grpo.yaml\n",
		"grpo.yaml": "model_name_or_path: Qwen/Qwen2.5-7B-Instruct\ndataset_name: trl-lib/DeepMath-103K\nreward_funcs: [accuracy_reward]\nuse_vllm: true\nvllm_mode: colocate\nds3_gather_for_generation: false\n",
	}},
	Check: func(p *lint.Pass) {
		j := p.Job
		t, ok := read.DetectTRL(j)
		if !ok || (t.Trainer != read.TRLGRPO && t.Trainer != read.TRLRLOO && t.Trainer != read.TRLOnlineDPO) {
			return
		}
		g := trainerArg(j, "ds3_gather_for_generation")
		if b, ok := boolOf(g.val); !g.known() || !ok || b {
			return
		}
		if p.Plan.Rollout.Engine.V != "vllm" {
			return
		}
		p.Report(finding(g.conf.file, g.at(), "\"ds3_gather_for_generation\" is false but the job generates with vLLM (%s), which ignores it and loads its own copy of the weights; the setting only changes transformers' generate under ZeRO-3",
			originText(p.Plan.Rollout.Engine.From)))
	},
}
