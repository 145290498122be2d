package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/plan"
)

// HostMemoryOffloadTooSmall reports a node whose predicted host RAM exceeds
// the RAM declared for it.
var HostMemoryOffloadTooSmall = &lint.Rule{
	ID:       "host-memory-offload-too-small",
	Severity: lint.Error,
	Summary:  "the predicted host RAM per node exceeds the declared cpu_memory_gib",
	Doc: lint.Doc{
		What: "When .trainlint.yaml declares `hardware.cpu_memory_gib`, compares it with the predicted host RAM of one node: the ranks' processes, the model as each rank loads it, " +
			"and what DeepSpeed offload (fp32 master weights, gradients and optimizer state, times DeepSpeed's 1.5 buffer factor) or FSDP CPU offload keeps there.",
		Why: "Offloading moves the optimizer state off the GPU onto the host; with eight ranks per node and a large model that is hundreds of GiB of pinned memory. " +
			"When it does not fit, the kernel's OOM killer ends a rank (`Killed`, exit code -9) while DeepSpeed builds the CPU optimizer, with no Python error to explain it.",
		Example:    "Llama 3 70B, ZeRO-3 with optimizer offload on 8 GPUs per node, cpu_memory_gib: 512",
		UseInstead: "more nodes, offload to nvme, or only the optimizer offloaded with a larger cpu_memory_gib",
		References: []string{"deepspeedai/DeepSpeed v0.19 deepspeed/runtime/zero/stage3.py (estimate_zero3_model_states_mem_needs)", "https://www.deepspeed.ai/tutorials/zero-offload/"},
	},
	Example: lint.Example{
		Files: map[string]string{
			"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Meta-Llama-3-8B\nbf16: true\nper_device_train_batch_size: 1\ngradient_checkpointing: true\nmax_seq_length: 1024\ndeepspeed: zero.json\n",
			"zero.json":  `{"train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": "auto"}, "zero_optimization": {"stage": 3, "offload_optimizer": {"device": "cpu"}, "offload_param": {"device": "cpu"}}}`,
		},
		Project: "hardware:\n  gpu: a100-80gb\n  gpus_per_node: 8\n  cpu_memory_gib: 64\n",
	},
	Check: func(p *lint.Pass) {
		est := p.Estimate
		if est == nil || est.CPUCapacity <= 0 || est.CPUPeak <= est.CPUCapacity {
			return
		}
		var at plan.Origin
		switch z := p.Plan.ZeRO; {
		case z.Enabled && z.OffloadOptimizer.V != plan.OffloadNone:
			at = z.OffloadOptimizer.From
		case z.Enabled && z.OffloadParam.V != plan.OffloadNone:
			at = z.OffloadParam.From
		case p.Plan.FSDP.CPUOffload.V:
			at = p.Plan.FSDP.CPUOffload.From
		}
		f := p.FindingAt(at, "predicted host RAM %s per node exceeds the declared %s (hardware.cpu_memory_gib) by %s",
			gib(est.CPUPeak), gib(est.CPUCapacity), gib(est.CPUPeak-est.CPUCapacity))
		f.Notes = topComponents(est.CPUBreakdown, est.CPUPeak, 3)
		f.Notes = append(f.Notes, fmt.Sprintf("%d GPU(s) per node share the node's RAM", max(1, p.Plan.Hardware.GPUsPerNode.Or(1))))
		p.Report(f)
	},
}
