package rules

import (
	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/lint"
)

// Zero3SaveGathersFullModel reports a ZeRO-3 job whose 16-bit model, which
// saving collects on rank 0's host, does not fit beside what the node
// already holds.
var Zero3SaveGathersFullModel = &lint.Rule{
	ID:       "zero3-save-gathers-full-model",
	Severity: lint.Warning,
	Summary:  "saving a ZeRO-3 model collects the whole 16-bit model in rank 0's host RAM, more than is free",
	Doc: lint.Doc{
		What: "With ZeRO stage 3 and `stage3_gather_16bit_weights_on_model_save: true` (Accelerate: `zero3_save_16bit_model`), and `hardware.cpu_memory_gib` declared, " +
			"compares the 16-bit model (2 bytes per parameter) with the host RAM the node has left beside the training's own (processes and offload buffers).",
		Why: "To save, DeepSpeed gathers each layer's partitions on the GPU and copies them to the CPU of rank 0 until the whole 16-bit state dict is there (`_zero3_consolidated_16bit_state_dict`). " +
			"The GPUs need only one layer at a time, but rank 0's host needs the full model at once: for a 70B model that is 130 GiB on top of the offload buffers. " +
			"When it does not fit, the first checkpoint kills rank 0 after hours of training, and the checkpoint is lost.",
		Example:    "Llama 3 70B, ZeRO-3 with optimizer offload, cpu_memory_gib: 512, stage3_gather_16bit_weights_on_model_save: true",
		UseInstead: "\"stage3_gather_16bit_weights_on_model_save\": false, and convert the sharded checkpoint afterwards with zero_to_fp32.py",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/engine.py (DeepSpeedEngine._zero3_consolidated_16bit_state_dict)", "https://huggingface.co/docs/transformers/deepspeed#save-model-weights"},
	},
	Example: lint.Example{
		Files: map[string]string{
			"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Meta-Llama-3-8B\nbf16: true\nper_device_train_batch_size: 1\ngradient_checkpointing: true\nmax_seq_length: 1024\ndeepspeed: zero.json\n",
			"zero.json":  `{"train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": "auto"}, "zero_optimization": {"stage": 3, "stage3_gather_16bit_weights_on_model_save": true}}`,
		},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n  cpu_memory_gib: 32\n",
	},
	Check: func(p *lint.Pass) {
		est, pl := p.Estimate, p.Plan
		z := pl.ZeRO
		if est == nil || est.CPUCapacity <= 0 || !z.Enabled || z.Stage.V != 3 || !z.Gather16BitOnSave.V || !pl.Model.Set {
			return
		}
		model := 2 * float64(pl.Model.V.Params().Total)
		steady := est.CPUPeak - component(est.CPUBreakdown, "model-loading")
		if steady+model <= est.CPUCapacity {
			return
		}
		f := p.FindingAt(z.Gather16BitOnSave.From, "saving gathers the full 16-bit model (%s) in rank 0's host RAM, beside %s the node already uses; the declared %s is %s short",
			gib(model), gib(steady), gib(est.CPUCapacity), gib(steady+model-est.CPUCapacity))
		p.Report(f)
	},
}

// component returns a breakdown term's bytes (0 when absent).
func component(cs []estimate.Component, name string) float64 {
	for _, c := range cs {
		if c.Name == name {
			return c.Bytes
		}
	}
	return 0
}
