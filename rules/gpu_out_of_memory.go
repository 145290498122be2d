package rules

import (
	"fmt"

	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/generate"
	"github.com/trainlint/trainlint/lint"
)

// GPUOutOfMemory reports a job whose predicted per-GPU peak exceeds the
// GPU's memory.
var GPUOutOfMemory = &lint.Rule{
	ID:       "gpu-out-of-memory",
	Severity: lint.Error,
	Summary:  "the predicted peak GPU memory exceeds the GPU's capacity",
	Doc: lint.Doc{
		What: "Estimates the peak memory one GPU reaches (weights, gradients, optimizer state under the ZeRO/FSDP sharding, activations, logits, buffers, the allocator's cache) for the declared model and GPU, " +
			"and reports a job whose peak exceeds what the GPU has. The notes name the three largest terms with their share; `trainlint estimate` prints the whole breakdown and `trainlint generate` searches for a variant that fits.",
		Why: "The job would stop with `torch.OutOfMemoryError: CUDA out of memory` in its first steps, after the model loaded, often minutes or hours into a queued run. " +
			"The finding sits on the setting that drives the peak: the micro batch when activations and logits dominate, the ZeRO stage when model states do. " +
			"A peak within 5% of the card (the estimate's calibrated error is at most 3.7% of an 80 GB card, estimate/ACCURACY.md) is called tight. " +
			"The finding is a warning rather than an error when the verdict rests on something the configs do not say (trainlint's default sequence length, a library's default micro batch, a world size it could not read, a Trainer file on several GPUs that names no DeepSpeed or FSDP setting and whose launch was not found, a length cap on padding-free batches, whose memory follows the tokens the data holds, or on batches a collator pads to their longest sample when a shorter length fits: a note names each, the longest sample that fits and the line that declares it), " +
			"or when torch.compile is on and the excess is within what compiled runs saved against the eager estimate (17–30% of the peak, measured on one H200), or when the excess is no larger than a paged optimizer's state, which bitsandbytes keeps in CUDA unified memory the driver can evict to host RAM (bitsandbytes functional.py get_paged, cget_managed_ptr). " +
			"A note gives the longest sequence and the largest micro batch that fit.",
		Example:    "Llama 3 8B, full fine-tune with AdamW, ZeRO-2 on 8 × A100 40GB, micro batch 8 at 4096 tokens",
		UseInstead: "micro batch 1 with gradient accumulation 8, gradient checkpointing, ZeRO-3 (see `trainlint generate`)",
		FixSafety:  "The first fix is the cheapest combination of changes the search predicts to fit with a 10% margin (the headroom gpu-memory-headroom-low asks for) (safe ones only when they suffice; otherwise unsafe, such as a shorter sequence or LoRA, and a note says that no safe change fits); the others are single changes, safe ones before unsafe ones, each with its predicted peak and step-time cost.",
		References: []string{"https://pytorch.org/docs/stable/torch_cuda_memory.html", "https://www.deepspeed.ai/tutorials/zero/", "README: Accuracy (the estimator's measured error)"},
	},
	Example: lint.Example{
		Files: map[string]string{
			"train.yaml": "output_dir: out\nmodel_name_or_path: meta-llama/Meta-Llama-3-8B\ntorch_dtype: bfloat16\nbf16: true\nper_device_train_batch_size: 16\nmax_seq_length: 4096\n",
		},
		Project: "hardware:\n  gpu: a100-40gb\n  gpus_per_node: 1\n",
	},
	Fixable: true,
	Check: func(p *lint.Pass) {
		est := p.Estimate
		if est == nil || est.Capacity <= 0 || est.Peak <= est.Capacity {
			return
		}
		over := est.Peak - est.Capacity
		msg := fmt.Sprintf("predicted peak %s per GPU exceeds the %s of %s by %s",
			gib(est.Peak), gib(est.Capacity), est.GPU.Name, gib(over))
		switch {
		case est.Verdict() != estimate.Tight:
		case over <= estimate.TightBand*est.Capacity:
			msg += fmt.Sprintf(" (%.1f%% of the card): tight, within the estimate's ±%.0f%% band, where fragmentation decides", 100*over/est.Capacity, 100*estimate.TightBand)
		case est.Releasable > 0 && over <= est.Releasable+estimate.TightBand*est.Capacity:
			msg += fmt.Sprintf(" (%.1f%% of the card): tight, as the tensors fit and the excess is %s of allocator cache, which PyTorch releases and retries when the card runs out", 100*over/est.Capacity, gib(est.Releasable))
		default:
			msg += fmt.Sprintf(" (%.1f%% of the card): tight, as the paged optimizer state can spill to host RAM", 100*over/est.Capacity)
		}
		f := memoryFinding(p, "%s", msg)
		if est.Pageable > 0 && over <= est.Pageable {
			// The excess is no more than what bitsandbytes can page out.
			f.Severity = lint.Warning
			f.Notes = append(f.Notes, fmt.Sprintf("the paged optimizer's %s of state lives in CUDA unified memory, which the driver evicts to host RAM under pressure: the job may slow down rather than stop", gib(est.Pageable)))
		}
		if p.Plan.TorchCompile.V && est.Peak*(1-estimate.CompileSavingMax) <= est.Capacity {
			// The estimate counts eager PyTorch; compiled runs measured up
			// to CompileSavingMax lower (estimate/constants.go).
			f.Severity = lint.Warning
			f.Notes = append(f.Notes, fmt.Sprintf("a warning, not an error: torch.compile is on, and compiled runs peaked %.0f–%.0f%% below this eager estimate, so the excess may not happen: try it, or turn gradient checkpointing or a smaller micro batch on to be sure", 100*estimate.CompileSavingMin, 100*estimate.CompileSavingMax))
		}
		// Both notes quote the plan's limits: one search.
		limits, limitsErr := estimate.FindLimits(p.Plan)
		if un := undeclared(p, limits, limitsErr); len(un) > 0 {
			f.Severity = lint.Warning
			f.Notes = append(f.Notes, "a warning, not an error: the verdict rests on what the configs do not say")
			f.Notes = append(f.Notes, un...)
		}
		f.Notes = append(f.Notes, limitsNote(limits, limitsErr)...)
		f.Notes = append(f.Notes, memoryNotes(est)...)
		fixes, suggestions := memoryFixes(p, generate.DefaultMargin)
		f.Fixes = fixes
		f.Notes = append(f.Notes, suggestions...)
		p.Report(f)
	},
}
