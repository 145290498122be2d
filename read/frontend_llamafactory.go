package read

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// llamaFactoryKeys are LLaMA-Factory arguments no Trainer file holds, by
// which Detect knows its configs.
var llamaFactoryKeys = keySet(`stage finetuning_type template cutoff_len lora_target lora_rank
		quantization_bit dataset dataset_dir overwrite_cache preprocessing_num_workers flash_attn
		pure_bf16 val_size plot_loss trust_remote_code lora_alpha lora_dropout pref_beta pref_loss
		image_max_pixels video_max_pixels freeze_vision_tower freeze_multi_modal_projector
		quantization_method packing neat_packing enable_liger_kernel use_unsloth rope_scaling
		media_dir max_samples`)

// LlamaFactoryCommand reports whether the job's launch command runs
// LLaMA-Factory with its arguments given as flags (`llamafactory-cli train
// --stage sft ...`, or src/train.py of older releases, known by its
// finetuning_type next to stage or template).
func LlamaFactoryCommand(j *Job) bool {
	if j.Command == nil || j.Command.Unreachable {
		return false
	}
	if j.Command.Launcher == shell.LlamaFactoryCLI {
		return true
	}
	has := func(key string) bool { _, v := document.Get(j.Args, key); return v != nil }
	return has("finetuning_type") && (has("stage") || has("template"))
}

// ownsLlamaFactory: a LLaMA-Factory config, or the flags of a launch that
// runs LLaMA-Factory with its arguments on the command line.
func ownsLlamaFactory(j *Job, s settings) bool {
	return formatIs(LlamaFactory)(j, s) || (s.file != nil && s.file == j.Script && s.root == j.Args && LlamaFactoryCommand(j))
}

// applyLlamaFactory reads LLaMA-Factory's own keys after the Trainer ones
// (hiyouga/LlamaFactory src/llamafactory/hparams: ModelArguments,
// FinetuningArguments, DataArguments; parser.py at 355d5c5e):
// finetuning_type, quantization_bit, flash_attn, lora_target "all", and its
// two defaults that differ from the Trainer's: gradient checkpointing on
// unless disable_gradient_checkpointing (model_utils/checkpointing.py
// prepare_model_for_training), and weights loaded in the compute dtype that
// get_train_args derives from bf16/pure_bf16/fp16 (hparams/parser.py).
func applyLlamaFactory(p *plan.Plan, s settings) {
	applyLlamaFactoryV1(p, s)
	if v, _ := s.str("finetuning_type"); v.Set {
		switch strings.ToLower(v.V) {
		case "lora":
			p.PEFT.Method = plan.Of("lora", v.From)
		case "freeze":
			p.Freeze = plan.Of([]string{"llm"}, v.From)
			p.Assume("finetuning_type freeze trains only the last layers; estimated as the LLM frozen")
		case "oft":
			recipeGap(p, "LLaMA-Factory config: not read: finetuning_type oft", "the memory of orthogonal fine-tuning adapters is not modelled", v.From)
		}
	}
	llamaFactoryGaps(p, s)
	applyLlamaFactoryDeepSpeed(p, s)
	applyQuantizationBit(p, s, "quantization_bit")
	if v, _ := s.str("flash_attn"); v.Set {
		switch strings.ToLower(v.V) {
		case "fa2":
			p.Attention = plan.Of("flash_attention_2", v.From)
		case "sdpa":
			p.Attention = plan.Of("sdpa", v.From)
		case "disabled":
			p.Attention = plan.Of("eager", v.From)
		}
	}
	if v, _ := s.list("lora_target"); v.Set && len(v.V) == 1 && v.V[0] == "all" {
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, v.From)
	}
	if v, _ := s.boolean("disable_gradient_checkpointing"); v.Set {
		p.GradientCheckpointing = plan.Of(!v.V, v.From)
	} else if p.GradientCheckpointing.From.Kind == plan.FromDefault {
		p.GradientCheckpointing = plan.Of(true, plan.Default("LLaMA-Factory enables gradient checkpointing unless disable_gradient_checkpointing"))
	}
	// use_unsloth_gc (ModelArguments, default False): prepare_model_for_training
	// checkpoints each layer with get_unsloth_gradient_checkpointing_func
	// (src/llamafactory/model/model_utils/checkpointing.py at
	// hiyouga/LLaMA-Factory@908cd68), whose forward copies the layer's input
	// to the CPU and whose backward copies it back before the recompute.
	if v, _ := s.boolean("use_unsloth_gc"); v.Set {
		p.CheckpointOffload = v
	}
	// image_max_pixels (ProcessorArguments in hparams/model_args.py, default
	// 768 × 768; patcher.py hands it to the processor): mm_plugin.py
	// _preprocess_image scales every larger image down to that many pixels,
	// keeping its aspect ratio. The estimate takes images at the cap, as a
	// square (hiyouga/LLaMA-Factory@ff6d4d12).
	if v, _ := s.integer("image_max_pixels"); v.Set && v.V > 0 && !p.Images.Width.Set {
		side := int(math.Sqrt(float64(v.V)))
		p.Images.Width = plan.Of(side, v.From)
		p.Images.Height = plan.Of(side, v.From)
		p.Assume("images are estimated at the image_max_pixels cap (%d pixels, as %d×%d)", v.V, side, side)
	}
	if p.LoadDtype.From.Kind == plan.FromDefault && p.Precision.V != plan.FP32 {
		p.LoadDtype = plan.Of(p.Precision.V, plan.Derived("LLaMA-Factory loads weights in the compute dtype"))
	}
	// run_sft (src/llamafactory/train/sft/workflow.py at
	// hiyouga/LLaMA-Factory@ff6d4d12) collates with
	// SFTDataCollatorWith4DAttentionMask, a DataCollatorForSeq2Seq left at
	// padding=True: each batch is padded to its longest sample, and
	// cutoff_len only truncates.
	p.PadToLongest = plan.Of(true, plan.Derived("LLaMA-Factory run_sft: SFTDataCollatorWith4DAttentionMask pads each batch to its longest sample"))
}

// llamaFactorySpells: LLaMA-Factory takes the Trainer's arguments as they
// are, and its own disable_gradient_checkpointing (ModelArguments, default
// False) says the opposite of gradient_checkpointing, so a fix that turns
// checkpointing on where that key turned it off writes it false.
var llamaFactorySpells = sync.OnceValue(func() map[string]map[string]Spelling {
	m := map[string]Spelling{"disable_gradient_checkpointing": negated("disable_gradient_checkpointing")}
	return map[string]map[string]Spelling{string(LlamaFactory): m, shell.LlamaFactoryCLI: m}
})

// llamaFactoryGaps declines what LLaMA-Factory trains in a way the estimate
// does not model: BAdam's and GaLore's or APOLLO's optimizers
// (FinetuningArguments use_badam, use_galore, use_apollo), which keep far
// less optimizer state than AdamW over every parameter, the KTransformers
// backend (use_kt: the MoE experts stay on the CPU), and the Megatron-Core
// backend (mcore_adapter's tensor, pipeline and expert parallel sizes, in
// the examples/megatron configs).
func llamaFactoryGaps(p *plan.Plan, s settings) {
	const overCount = "AdamW over every trained parameter would over-count"
	for _, o := range []struct{ key, what, why string }{
		{"use_badam", "BAdam's block-wise updates", overCount},
		{"use_galore", "GaLore's low-rank optimizer states", overCount},
		{"use_apollo", "APOLLO's low-rank optimizer states", overCount},
		// KTransformers (ModelArguments use_kt, kt_config) runs the MoE
		// experts on the CPU with its own kernels.
		{"use_kt", "KTransformers' CPU-resident MoE experts", "counting the experts on the GPU would over-count"},
	} {
		if v, _ := s.boolean(o.key); v.Set && v.V {
			recipeGap(p, "LLaMA-Factory config: not read: "+o.key, o.what+" are not modelled ("+o.why+")", v.From)
		}
	}
	for _, key := range []string{"pipeline_model_parallel_size", "tensor_model_parallel_size", "expert_model_parallel_size"} {
		if v, _ := s.integer(key); v.Set && v.V > 1 {
			recipeGap(p, fmt.Sprintf("LLaMA-Factory config: not read: %s %d", key, v.V), "the Megatron-Core backend's model parallelism is not modelled", v.From)
			return
		}
	}
}

// applyQuantizationBit reads LLaMA-Factory's quantization_bit (4: NF4,
// turning LoRA into QLoRA; 8: int8), at key.
func applyQuantizationBit(p *plan.Plan, s settings, key string) {
	q, _ := s.integer(key)
	if !q.Set {
		return
	}
	switch q.V {
	case 4:
		p.Quant = plan.Of(plan.NF4, q.From)
		if p.PEFT.Method.V == "lora" {
			p.PEFT.Method = plan.Of("qlora", q.From)
		}
	case 8:
		p.Quant = plan.Of(plan.Int8, q.From)
	}
}

// applyLlamaFactoryV1 reads the sections of LLaMA-Factory's v1 configs
// (examples/v1): model, peft_config, quant_config and dist_config.
func applyLlamaFactoryV1(p *plan.Plan, s settings) {
	if v, _ := s.str("model"); v.Set && !p.ModelRef.Set {
		p.ModelRef = v
	}
	if v, _ := s.str("peft_config.name"); v.Set && strings.EqualFold(v.V, "lora") {
		p.PEFT.Method = plan.Of("lora", v.From)
	}
	r, _ := s.integer("peft_config.r")
	set(&p.PEFT.R, r)
	a, _ := s.integer("peft_config.lora_alpha")
	set(&p.PEFT.Alpha, a)
	if v, _ := s.list("peft_config.target_modules"); v.Set {
		if len(v.V) == 1 && v.V[0] == "all" {
			v.V = []string{"all-linear"}
		}
		p.PEFT.TargetModules = v
	}
	applyQuantizationBit(p, s, "quant_config.quantization_bit")
	if v, _ := s.str("dist_config.name"); v.Set && strings.HasPrefix(strings.ToLower(v.V), "fsdp") {
		p.FSDP.Mode = plan.Of("full_shard", v.From)
	}
}

// llamaFactoryDeepSpeed are the DeepSpeed configs LLaMA-Factory ships in
// examples/deepspeed/ (the same bytes at hiyouga/LLaMA-Factory v0.9.4
// 95ac3f23, v0.9.5 7af90952 and ff6d4d12). Its configs name them relative
// to the checkout, the working directory llamafactory-cli runs in
// (`deepspeed: examples/deepspeed/ds_z3_config.json`), so a repository
// that keeps only its own YAML relies on them. Every one sets overlap_comm
// false and contiguous_gradients true; the ZeRO-0 and ZeRO-2 ones reduce
// and allgather buckets of 5e8, the ZeRO-3 ones set sub_group_size,
// stage3_max_live_parameters and stage3_max_reuse_distance 1e9, gather the
// 16-bit weights on save and leave the bucket sizes "auto"; the offload
// ones move the optimizer (ZeRO-2) or the optimizer and the parameters
// (ZeRO-3) to pinned CPU memory.
var llamaFactoryDeepSpeed = map[string]dsPreset{
	"ds_z0_config.json":         llamaFactoryPreset(0, false),
	"ds_z2_config.json":         llamaFactoryPreset(2, false),
	"ds_z2_offload_config.json": llamaFactoryPreset(2, true),
	"ds_z3_config.json":         llamaFactoryPreset(3, false),
	"ds_z3_offload_config.json": llamaFactoryPreset(3, true),
}

func llamaFactoryPreset(stage int, offload bool) dsPreset {
	pre := dsPreset{stage: stage, offOpt: plan.OffloadNone, offPar: plan.OffloadNone, pinMemory: true, contiguous: true,
		subGroup: 1e9, maxLive: 1e9, maxReuse: 1e9, reduceBucket: 5e8, allgatherBucket: 5e8,
		set: "overlap_comm contiguous_gradients"}
	if offload {
		pre.offOpt = plan.OffloadCPU
		pre.set += " offload_optimizer.device pin_memory"
	}
	if stage < 3 {
		pre.set += " reduce_bucket_size allgather_bucket_size"
		return pre
	}
	if offload {
		pre.offPar = plan.OffloadCPU
		pre.set += " offload_param.device"
	}
	pre.gather16, pre.autoBuckets = true, true
	pre.set += " sub_group_size stage3_max_live_parameters stage3_max_reuse_distance stage3_gather_16bit_weights_on_model_save"
	return pre
}

// llamaFactoryDeepSpeedPreset reports whether a DeepSpeed path names one
// of LLaMA-Factory's bundled configs (NAME in an examples/deepspeed
// folder), and which.
func llamaFactoryDeepSpeedPreset(path string) (string, dsPreset, bool) {
	dir, name := filepath.Split(filepath.ToSlash(path))
	dir = filepath.Clean(dir)
	if filepath.Base(dir) != "deepspeed" || filepath.Base(filepath.Dir(dir)) != "examples" {
		return "", dsPreset{}, false
	}
	pre, ok := llamaFactoryDeepSpeed[name]
	return name, pre, ok
}

// llamaFactoryDeepSpeedKey is where a LLaMA-Factory config names its
// DeepSpeed file: deepspeed, or dist_config.config_file in a v1 config
// whose dist_config.name is deepspeed.
func llamaFactoryDeepSpeedKey(s settings) plan.Value[string] {
	if v, _ := s.str("dist_config.name"); v.Set && v.V == "deepspeed" {
		f, _ := s.str("dist_config.config_file")
		return f
	}
	v, _ := s.str("deepspeed")
	return v
}

// applyLlamaFactoryDeepSpeed reads a bundled config that the job names.
// When the repository holds a file of that name, it is attached as the
// job's DeepSpeed file and read over this.
func applyLlamaFactoryDeepSpeed(p *plan.Plan, s settings) {
	v := llamaFactoryDeepSpeedKey(s)
	if name, pre, ok := llamaFactoryDeepSpeedPreset(v.V); v.Set && ok {
		applyDeepSpeedPreset(p, pre, v.From, v.V+" is LLaMA-Factory's bundled examples/deepspeed/"+name+" (v0.9.4 to v0.9.5)")
	}
}

// finishLlamaFactory, when the job reads a bundled config rather than a
// file of its own, says so and sizes a ZeRO-3 config's "auto" buckets once
// the model is known.
func finishLlamaFactory(p *plan.Plan, j *Job) {
	if j.DeepSpeed != nil {
		return
	}
	for _, s := range trainerSettings(j) {
		if !ownsLlamaFactory(j, s) {
			continue
		}
		v := llamaFactoryDeepSpeedKey(s)
		name, pre, ok := llamaFactoryDeepSpeedPreset(v.V)
		if !v.Set || !ok {
			continue
		}
		p.Assume("%s is not in this repository: read as LLaMA-Factory's own examples/deepspeed/%s (v0.9.4 to v0.9.5), from the checkout llamafactory-cli runs in", v.V, name)
		if pre.autoBuckets {
			sizeAutoBuckets(p)
		}
		return
	}
}
