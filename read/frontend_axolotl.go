package read

import (
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// axolotlKeys are axolotl config keys, by which Detect knows its configs.
var axolotlKeys = keySet(`base_model base_model_config model_type tokenizer_type load_in_8bit load_in_4bit
		adapter lora_model_dir sequence_len sample_packing pad_to_sequence_len micro_batch_size
		num_epochs gradient_accumulation_steps flash_attention xformers_attention sdp_attention
		datasets val_set_size lora_r lora_alpha lora_dropout lora_target_modules lora_target_linear
		wandb_project strict special_tokens train_on_inputs group_by_length eval_sample_packing
		output_dir optimizer lr_scheduler learning_rate bf16 fp16 tf32 deepspeed fsdp fsdp_config
		gradient_checkpointing early_stopping_patience resume_from_checkpoint local_rank
		logging_steps warmup_steps evals_per_epoch saves_per_epoch debug weight_decay
		chat_template rl plugins liger_rope liger_rms_norm dataset_prepared_path hub_model_id`)

// AxolotlCommand reports whether the job's launch command is `axolotl
// train CONFIG --key value`, whose flags override the config.
func AxolotlCommand(j *Job) bool {
	return j.Command != nil && j.Command.Launcher == shell.Axolotl
}

// applyAxolotl reads axolotl's keys that differ from the Trainer's: adapter
// lora or qlora (a 4-bit NF4 base), xformers_attention, and bf16 "auto",
// which normalize_config (src/axolotl/utils/config/__init__.py) turns into
// bf16 where the GPU supports it; the model loads in that training dtype
// (cfg.torch_dtype, set by the same function).
func applyAxolotl(p *plan.Plan, s settings) {
	if v, _ := s.str("adapter"); v.Set {
		switch strings.ToLower(v.V) {
		case "lora":
			p.PEFT.Method = plan.Of("lora", v.From)
		case "qlora":
			p.PEFT.Method = plan.Of("qlora", v.From)
			p.Quant = plan.Of(plan.NF4, v.From)
		}
	}
	// quantize_moe_experts (default False, axolotl 945c8ae, #3439) quantizes
	// the fused 3-D expert weights of transformers 5 on load, which
	// bitsandbytes leaves in 16 bits.
	if v, _ := s.boolean("quantize_moe_experts"); v.Set {
		p.QuantizeExperts = v
	}
	if v, _ := s.boolean("xformers_attention"); v.Set && v.V {
		p.Attention = plan.Of("sdpa", v.From)
	}
	if v, _ := s.str("bf16"); v.Set && strings.EqualFold(v.V, "auto") {
		p.Precision = plan.Of(plan.BF16, plan.Auto(v.From, "to bf16 where the GPU supports it"))
	}
	if p.LoadDtype.From.Kind == plan.FromDefault && p.Precision.V != plan.FP32 {
		p.LoadDtype = plan.Of(p.Precision.V, plan.Derived("axolotl loads weights in the training dtype"))
	}
	applyAxolotlOffload(p, s)
	applyAxolotlFSDP(p, s)
	applyAxolotlPadding(p, s)
	if v, _ := s.str("deepspeed"); v.Set {
		if name, pre, ok := axolotlDeepSpeedPreset(v.V); ok {
			applyDeepSpeedPreset(p, pre, v.From, "deepspeed "+v.V+" is axolotl's bundled deepspeed_configs/"+name)
		}
	}
	applyAxolotlRL(p, s)
	axolotlGaps(p, s)
}

// applyAxolotlRL reads rl, axolotl's preference training through TRL's
// trainers (axolotl-ai-cloud/axolotl@067b021c, src/axolotl/core/builders/
// rl.py): dpo, ipo and kto train against a frozen reference, which
// load_model_ref (src/axolotl/train.py) loads as a second copy of the model
// unless an adapter is trained and rl_adapter_ref_model is off, when TRL
// runs the base with the adapters disabled; orpo and simpo keep no
// reference. Other rl values (grpo, ...) are left to the Trainer's plan.
func applyAxolotlRL(p *plan.Plan, s settings) {
	v, _ := s.str("rl")
	algo := strings.ToLower(v.V)
	switch algo {
	case "dpo", "ipo", "kto", "orpo", "simpo":
	default:
		return
	}
	p.RL.Algorithm = plan.Of(plan.AlgoDPO, v.From)
	if algo == "orpo" || algo == "simpo" {
		return
	}
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, From: v.From}
	if own, _ := s.boolean("rl_adapter_ref_model"); p.UsesPEFT() && !own.V {
		ref.Shared, ref.From = true, p.PEFT.Method.From
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// applyAxolotlPadding reads how axolotl pads a batch: its collator is a
// DataCollatorForSeq2Seq with padding=True and pad_to_multiple_of 64
// (src/axolotl/core/builders/causal.py _prepare_data_collator_kwargs at
// axolotl-ai-cloud/axolotl@03ad838; HFCausalTrainerBuilder.build in
// core/trainer_builder.py before), so each batch is as long as its longest
// sample and sequence_len only truncates, unless pad_to_sequence_len pads
// every batch to sequence_len or sample_packing fills each row to it.
// Preference training (rl) and pretraining datasets collate otherwise and
// are left as they are.
func applyAxolotlPadding(p *plan.Plan, s settings) {
	if p.PadToLongest.Set || p.Packing.V || p.PadToMax.V {
		return
	}
	if v, _ := s.boolean("pad_to_sequence_len"); v.V {
		return
	}
	if n, _ := s.node("rl", "pretraining_dataset", "batch_flattening"); n != nil && !document.IsNull(n) {
		return
	}
	p.PadToLongest = plan.Of(true, plan.Derived("axolotl's DataCollatorForSeq2Seq pads each batch to its longest sample (no sample_packing or pad_to_sequence_len)"))
}

// axolotlDeepSpeed are the DeepSpeed configs axolotl ships in
// deepspeed_configs/ (as at axolotl-ai-cloud/axolotl@067b021c), which its
// docker images hold at /workspace/axolotl/deepspeed_configs
// (docker/Dockerfile clones the repository into /workspace/axolotl). Every
// one sets overlap_comm true; zero2 offloads the optimizer to the CPU;
// the ZeRO-3 ones set contiguous_gradients true, sub_group_size,
// max_live_parameters and max_reuse_distance 0, gather the 16-bit weights
// on save and leave the bucket sizes "auto"; cpuoffload_params offloads
// the parameters, cpuoffload_all the optimizer too, pinned.
var axolotlDeepSpeed = map[string]dsPreset{
	"zero1.json":                        axolotlPreset(1, plan.OffloadNone, plan.OffloadNone),
	"zero2.json":                        axolotlPreset(2, plan.OffloadCPU, plan.OffloadNone),
	"zero3.json":                        axolotlPreset(3, plan.OffloadNone, plan.OffloadNone),
	"zero3_bf16.json":                   axolotlPreset(3, plan.OffloadNone, plan.OffloadNone),
	"zero3_bf16_cpuoffload_params.json": axolotlPreset(3, plan.OffloadNone, plan.OffloadCPU),
	"zero3_bf16_cpuoffload_all.json":    axolotlPreset(3, plan.OffloadCPU, plan.OffloadCPU),
}

func axolotlPreset(stage int, offOpt, offPar plan.Offload) dsPreset {
	pre := dsPreset{stage: stage, offOpt: offOpt, offPar: offPar, pinMemory: true, overlapComm: true, contiguous: true,
		subGroup: 1e9, maxLive: 1e9, maxReuse: 1e9, reduceBucket: 5e8, allgatherBucket: 5e8, set: "overlap_comm"}
	if offOpt != plan.OffloadNone {
		pre.set += " offload_optimizer.device"
	}
	if offPar != plan.OffloadNone {
		pre.set += " offload_param.device pin_memory"
	}
	if stage == 2 {
		pre.set += " contiguous_gradients"
	}
	if stage == 3 {
		pre.subGroup, pre.maxLive, pre.maxReuse, pre.gather16, pre.autoBuckets = 0, 0, 0, true, true
		pre.set += " contiguous_gradients sub_group_size stage3_max_live_parameters stage3_max_reuse_distance stage3_gather_16bit_weights_on_model_save"
	}
	return pre
}

// axolotlDeepSpeedPreset reports whether a deepspeed: path names one of
// axolotl's bundled configs (a file NAME.json in a deepspeed_configs
// folder, such as /workspace/axolotl/deepspeed_configs/zero3_bf16.json in
// its image), and which.
func axolotlDeepSpeedPreset(path string) (string, dsPreset, bool) {
	dir, name := filepath.Split(filepath.ToSlash(path))
	if filepath.Base(filepath.Clean(dir)) != "deepspeed_configs" {
		return "", dsPreset{}, false
	}
	pre, ok := axolotlDeepSpeed[name]
	return name, pre, ok
}

// finishAxolotl sizes a bundled ZeRO-3 config's "auto" buckets once the
// model is known, when the job reads the bundled config rather than a file
// of its own.
func finishAxolotl(p *plan.Plan, j *Job) {
	if j.DeepSpeed != nil || j.Primary == nil || j.Primary.Format != Axolotl {
		return
	}
	v, _ := (settings{file: j.Primary, root: j.Primary.Root}).str("deepspeed")
	if _, pre, ok := axolotlDeepSpeedPreset(v.V); ok && pre.autoBuckets {
		sizeAutoBuckets(p)
	}
}

// applyAxolotlOffload reads how axolotl moves checkpointed activations to
// the host. axolotl v0.18.0 src/axolotl/utils/schemas/config.py types
// gradient_checkpointing as bool | "offload" | "offload_disk" and
// activation_offloading as bool | "legacy" | "disk";
// utils/schemas/validation.py check_gradient_checkpointing_w_offload turns
// "offload" into gradient_checkpointing true with activation_offloading
// true, and "offload_disk" into activation_offloading "disk". Every form
// moves the checkpointed layers' inputs off the GPU (to pinned host memory
// or to disk) until backward recomputes the layer.
func applyAxolotlOffload(p *plan.Plan, s settings) {
	if v, _ := s.str("gradient_checkpointing"); v.Set {
		switch strings.ToLower(v.V) {
		case "offload", "offload_disk":
			p.GradientCheckpointing = plan.Of(true, v.From)
			p.CheckpointOffload = plan.Of(true, v.From)
		}
	}
	if v, _ := s.str("activation_offloading"); v.Set {
		switch strings.ToLower(v.V) {
		case "true", "legacy", "disk":
			p.CheckpointOffload = plan.Of(true, v.From)
		}
	}
}

// applyAxolotlFSDP reads axolotl's FSDP without the Trainer's `fsdp:` word
// list: an fsdp_config section turns FSDP on by itself (axolotl v0.11
// src/axolotl/utils/trainer.py prepare_optim_env: `if cfg.fsdp or
// cfg.fsdp_config: setup_fsdp_envs(cfg)`), and under fsdp_version 2 reshard_after_forward
// true, its default, shards parameters like FULL_SHARD (false: like
// SHARD_GRAD_OP); offload_params moves parameters, gradients and optimizer
// state to the host (FSDP2 CPUOffloadPolicy).
func applyAxolotlFSDP(p *plan.Plan, s settings) {
	if p.FSDP.Mode.Set {
		return
	}
	n, at := s.node("fsdp_config")
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return
	}
	mode := "full_shard"
	if r, _ := s.boolean("fsdp_config.reshard_after_forward", "fsdp_config.fsdp_reshard_after_forward"); r.Set && !r.V {
		mode = "shard_grad_op"
	}
	p.FSDP.Mode = plan.Of(mode, plan.Auto(at, "fsdp_config turns FSDP on in axolotl"))
	applyFSDPConfig(p, s)
}

// axolotlGaps declines the parallelism axolotl's config schema
// (utils/schemas/config.py AxolotlInputConfig) offers that the estimate does
// not model: sequence (context) parallelism, which splits each sequence over
// GPUs (context_parallel_size, formerly sequence_parallel_degree), and
// tensor parallelism (tensor_parallel_size).
func axolotlGaps(p *plan.Plan, s settings) {
	for _, o := range []struct{ key, why string }{
		{"context_parallel_size", "sequence parallelism, which splits each sequence over GPUs, is not modelled"},
		{"sequence_parallel_degree", "sequence parallelism, which splits each sequence over GPUs, is not modelled"},
		{"tensor_parallel_size", "tensor parallelism is not modelled"},
	} {
		if v, _ := s.integer(o.key); v.Set && v.V > 1 {
			recipeGap(p, fmt.Sprintf("axolotl config: not read: %s %d", o.key, v.V), o.why, v.From)
		}
	}
}
