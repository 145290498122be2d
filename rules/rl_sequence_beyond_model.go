package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// RLSequenceBeyondModel reports an RL job whose prompt and completion caps
// add up to more tokens than the model has positions.
var RLSequenceBeyondModel = &lint.Rule{
	ID:       "rl-sequence-beyond-model",
	Severity: lint.Warning,
	Summary:  "the prompt and completion caps of an RL job exceed the model's positions",
	Doc: lint.Doc{
		What: "Adds an RL job's prompt cap and completion cap (TRL `max_prompt_length` + `max_completion_length`, verl `data.max_prompt_length` + `data.max_response_length`, OpenRLHF `--prompt_max_len` + `--generate_max_len`) " +
			"and compares the sum with the model's `max_position_embeddings` (from the model catalog or its config.json). Without a prompt cap (TRL from v0.28 on), the completion cap alone is compared.",
		Why: "The rollout cannot use more positions than the model has. verl sets vLLM's `max_model_len` to `max_position_embeddings` and clamps each request's `max_tokens` to the room the prompt leaves, " +
			"so completions stop short of the response length you set, and a prompt longer than the context raises `Prompt length (…) exceeds the model's maximum context length`. " +
			"vLLM in TRL (colocate or server) takes the same limit from the model's config unless `vllm_max_model_length` says otherwise and ends a sequence when it reaches it; " +
			"transformers' `generate` keeps going on positions the model was never trained on. Either way the length budget you set is not what trains, and the memory estimate counts tokens that never exist.",
		Example:    "model_name_or_path: meta-llama/Llama-2-7b-hf   # 4096 positions\nmax_prompt_length: 512\nmax_completion_length: 4096",
		UseInstead: "max_prompt_length: 512\nmax_completion_length: 3584   # 512 + 3584 = 4096",
		References: []string{
			"volcengine/verl v0.7.0 verl/workers/rollout/vllm_rollout/vllm_async_server.py (vLLMHttpServer.__init__: max_model_len = max_position_embeddings; generate: max_tokens clamped, ValueError for a longer prompt)",
			"huggingface/trl v1.9.0 trl/generation/vllm_generation.py (VLLMGeneration: LLM(max_model_len=vllm_max_model_length))",
			"huggingface/trl v1.9.0 trl/trainer/grpo_trainer.py (GRPOTrainer._generate: max_model_len from vLLM or config.max_position_embeddings)",
		},
	},
	Example: lint.Example{Files: map[string]string{
		"grpo.yaml": "model_name_or_path: meta-llama/Llama-2-7b-hf\ndataset_prompt_column: problem\nreward_funcs: [accuracy]\nmax_prompt_length: 512\nmax_completion_length: 4096\nnum_generations: 8\nper_device_train_batch_size: 8\n",
	}},
	Check: func(p *lint.Pass) {
		pl := p.Plan
		if pl == nil || !pl.IsRL() || !pl.Model.Set || !pl.RL.CompletionLen.Set {
			return
		}
		maxPos := pl.Model.V.Text.MaxPosition
		comp := pl.RL.CompletionLen
		if maxPos <= 0 || comp.V <= 0 {
			return
		}
		name := pl.Model.V.ID
		if name == "" {
			name = pl.ModelRef.V
		}
		prompt := pl.RL.PromptLen
		if !prompt.Set {
			if comp.V <= maxPos {
				return
			}
			p.Report(p.FindingAt(comp.From, "%s allows %d completion tokens, beyond the %d positions of %s (\"max_position_embeddings\"); completions stop at the model's context or run on positions it was not trained on",
				capName(comp, "the completion cap"), comp.V, maxPos, name))
			return
		}
		total := prompt.V + comp.V
		if total <= maxPos {
			return
		}
		at := comp.From
		if !at.Positioned() {
			at = prompt.From
		}
		f := p.FindingAt(at, "%s %d + %s %d = %d tokens, beyond the %d positions of %s (\"max_position_embeddings\"); completions stop at the model's context or run on positions it was not trained on",
			capName(prompt, "the prompt cap"), prompt.V, capName(comp, "the completion cap"), comp.V, total, maxPos, name)
		if room := maxPos - prompt.V; room > 0 {
			f.Notes = append(f.Notes, fmt.Sprintf("with this prompt cap, at most %d completion tokens fit", room))
		}
		p.Report(f)
	},
}

// capName names a length setting by the key it was read from, or by what
// it is when it comes from a default.
func capName(v plan.Value[int], fallback string) string {
	if v.From.Key != "" {
		return fmt.Sprintf("%q", v.From.Key)
	}
	if v.From.Kind == plan.FromDefault {
		return fallback + " (default)"
	}
	return fallback
}
