package read

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/plan"
)

// trainerKeys are common TrainingArguments and script arguments, by which
// Detect knows a Trainer-argument file. dataset_name is TRL's
// ScriptArguments.dataset_name (trl/scripts/utils.py, v1.9.0), which the
// smallest `trl CMD --config` files pair with model_name_or_path (the
// Reward example of TRL v1.9.0 docs/source/clis.md).
var trainerKeys = keySet(`output_dir per_device_train_batch_size per_device_eval_batch_size learning_rate
		num_train_epochs max_steps gradient_accumulation_steps gradient_checkpointing bf16 fp16 tf32
		optim lr_scheduler_type warmup_ratio warmup_steps weight_decay logging_steps save_steps
		save_strategy eval_strategy evaluation_strategy do_train do_eval deepspeed fsdp fsdp_config
		report_to seed max_grad_norm dataloader_num_workers overwrite_output_dir save_total_limit
		logging_strategy push_to_hub hub_model_id model_name_or_path torch_dtype attn_implementation
		max_seq_length model_max_length max_length use_peft lora_r lora_alpha run_name remove_unused_columns
		per_gpu_train_batch_size eval_steps load_best_model_at_end adam_beta1 adam_beta2 adam_epsilon
		gradient_checkpointing_kwargs log_level bf16_full_eval fp16_full_eval ddp_timeout
		eval_accumulation_steps prediction_loss_only use_lora tune_vision tune_llm
		reward_funcs num_generations max_prompt_length max_completion_length use_vllm vllm_mode
		precompute_ref_log_probs reward_model_name_or_path reward_model_path missing_eos_penalty dataset_name`)

// scriptModelFlags name the model on the command line of fine-tune scripts
// that define their own model argument, read only from a launch command
// (in a config file these keys mean other things) and only when no
// standard key names the model and no --model does (ms-swift's --model
// names the model, its --model_name and --model_author the assistant's
// name for self-cognition data, "Chinese name and English name" of
// DataArguments in ms-swift v4.5.2 swift/arguments/base_args/, as listed in
// data/ms-swift-v4.5.2-args.txt):
//   - model_name: argparse (allow_abbrev, on by default and left on by
//     transformers' HfArgumentParser, src/transformers/hf_argparser.py)
//     takes it as the unambiguous prefix of --model_name_or_path
//     (princeton-nlp/ProLong@907dcf4 train_*.sh pass --model_name to
//     training/train_language_model.py, whose ScriptArguments define
//     model_name_or_path);
//   - model_id: ModelArguments.model_id of 2U1's VLM fine-tune scripts
//     (src/params.py at 2U1/Gemma3-Finetune@5a65b27,
//     2U1/Llama3.2-Vision-Finetune@d50aedf, 2U1/SmolVLM-Finetune@b3c2cfa,
//     2U1/Phi3-Vision-Finetune@9e1a5e6) and ShowUI's train.py argparse
//     --model_id (showlab/ShowUI@21ed7cb);
//   - model: EasyContext's train.py argparse --model
//     (jzhang38/EasyContext@6b0d310).
var scriptModelFlags = []string{"model_name", "model_id"}

// hfTrainer is the Hugging Face Trainer: TrainingArguments (transformers
// src/transformers/training_args.py), TRL's configs built on them, and the
// model and data arguments fine-tune scripts add next to them
// (model_max_length, use_lora, lora_r, ...). Its defaults are set on every
// plan before any file is read (buildPlan); every framework built on
// TrainingArguments is read on top of it.
var hfTrainer = frontend{
	name:  "HF Trainer",
	reads: "TrainingArguments YAML/JSON and `--key value` launches of scripts built on them (also TRL)",
	role:  trainerRole,
	apply: applyTrainer,
}

// applyTrainer reads Hugging Face TrainingArguments and the model/data
// arguments fine-tune scripts add next to them (model_max_length, use_lora,
// ...).
func applyTrainer(p *plan.Plan, s settings) {
	mb, _ := s.integer("per_device_train_batch_size", "per_gpu_train_batch_size", "micro_batch_size")
	set(&p.MicroBatch, mb)
	ga, _ := s.integer("gradient_accumulation_steps")
	set(&p.GradAccum, ga)
	if v, _ := s.boolean("bf16", "pure_bf16"); v.Set && v.V {
		p.Precision = plan.Of(plan.BF16, v.From)
	}
	if v, _ := s.boolean("fp16"); v.Set && v.V {
		p.Precision = plan.Of(plan.FP16, v.From)
	}
	if v, _ := s.boolean("tf32"); v.Set {
		p.TF32 = v
	}
	if v, _ := s.str("optim", "optimizer"); v.Set {
		v.V = strings.ToLower(v.V)
		p.Optimizer = v
	}
	gc, _ := s.boolean("gradient_checkpointing")
	set(&p.GradientCheckpointing, gc)
	if v, _ := s.str("attn_implementation"); v.Set {
		p.Attention = v
	}
	if v, _ := s.boolean("use_flash_attention_2", "flash_attention"); v.Set && v.V {
		p.Attention = plan.Of("flash_attention_2", v.From)
	}
	if v, _ := s.boolean("sdp_attention"); v.Set && v.V {
		p.Attention = plan.Of("sdpa", v.From)
	}
	if v, _ := s.str("torch_dtype", "dtype"); v.Set {
		if d, ok := dtypeOf(v.V); ok {
			p.LoadDtype = plan.Of(d, v.From)
		}
	}
	seq, _ := s.integer("max_seq_length", "model_max_length", "max_seq_len", "max_length", "cutoff_len", "sequence_len", "seq_length", "max_source_length")
	set(&p.SeqLen, seq)
	// A flag written without its value (--model-path ${MODEL_PATH} with the
	// variable empty) reads as "true": it names no model.
	if v, _ := s.str("model_name_or_path", "base_model", "model_path", "pretrained_model_name_or_path"); v.Set && !p.ModelRef.Set && v.V != "true" {
		p.ModelRef = v
	}
	if v, _ := s.str(scriptModelFlags...); v.Set && !p.ModelRef.Set && v.V != "true" && s.command != nil {
		if m, _ := s.node("model"); m == nil {
			p.ModelRef = v
		}
	}
	if v, _ := s.boolean("packing", "sample_packing"); v.Set {
		p.Packing = v
	}
	applyLossKernel(p, s)
	// TrainingArguments.torch_compile (transformers 5.x training_args.py,
	// default False; __post_init__ picks the inductor backend and accelerate
	// compiles the model when the Trainer prepares it), which axolotl
	// (utils/schemas/config.py) and LLaMA-Factory pass through.
	if v, _ := s.boolean("torch_compile"); v.Set {
		p.TorchCompile = v
	}
	if v, _ := s.boolean("bnb_4bit_use_double_quant", "double_quant", "double_quantization"); v.Set {
		p.DoubleQuant = v
	}
	if v, _ := s.boolean("pad_to_max_length"); v.Set {
		p.PadToMax = v
	}
	applyTrainerPEFT(p, s)
	applyTrainerFSDP(p, s)
	applyTrainerEval(p, s)
	applyLLaVALineage(p, s)
	applyFreezeVisionTower(p, s)
}

func applyTrainerPEFT(p *plan.Plan, s settings) {
	lora, _ := s.boolean("use_lora", "use_peft", "lora_enable")
	q4, _ := s.boolean("q_lora", "load_in_4bit", "use_4bit_quantization")
	q8, _ := s.boolean("load_in_8bit")
	switch {
	case q4.Set && q4.V:
		p.Quant = plan.Of(plan.NF4, q4.From)
		p.PEFT.Method = plan.Of("qlora", q4.From)
	case lora.Set && lora.V:
		p.PEFT.Method = plan.Of("lora", lora.From)
	}
	if q8.Set && q8.V {
		p.Quant = plan.Of(plan.Int8, q8.From)
		if !p.UsesPEFT() {
			p.PEFT.Method = plan.Of("lora", q8.From)
		}
	}
	r, _ := s.integer("lora_r", "lora_rank")
	set(&p.PEFT.R, r)
	a, _ := s.integer("lora_alpha")
	set(&p.PEFT.Alpha, a)
	d, _ := s.float("lora_dropout")
	set(&p.PEFT.Dropout, d)
	if v, n := s.list("lora_target_modules", "lora_target"); v.Set {
		// MiniCPM-V writes a regex over module names here.
		if n != nil && n.Kind == yaml.ScalarNode && strings.ContainsAny(n.Value, `.*()|\`) {
			p.PEFT.TargetRegex = plan.Of(n.Value, v.From)
		} else {
			p.PEFT.TargetModules = v
		}
	}
	if v, _ := s.boolean("lora_target_linear"); v.Set && v.V {
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, v.From)
	}
	if v, _ := s.list("lora_modules_to_save", "modules_to_save", "additional_target"); v.Set {
		p.PEFT.ModulesToSave = v
	}
}

func applyTrainerFSDP(p *plan.Plan, s settings) {
	n, v := s.node("fsdp")
	if n == nil {
		return
	}
	var words []string
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			words = append(words, strings.ToLower(c.Value))
		}
	} else {
		words = strings.Fields(strings.ToLower(n.Value))
	}
	for _, w := range words {
		switch w {
		case "full_shard", "shard_grad_op", "hybrid_shard", "hybrid_shard_zero2", "no_shard":
			p.FSDP.Mode = plan.Of(w, v)
		case "offload":
			p.FSDP.CPUOffload = plan.Of(true, v)
		}
	}
	applyFSDPConfig(p, s)
}

// applyFSDPConfig reads the fsdp_config keys that change memory, in
// Accelerate's spellings with and without the fsdp_ prefix: activation
// checkpointing and parameter offload.
func applyFSDPConfig(p *plan.Plan, s settings) {
	if ac, _ := s.boolean("fsdp_config.activation_checkpointing", "fsdp_config.fsdp_activation_checkpointing"); ac.Set && ac.V {
		p.GradientCheckpointing = ac
	}
	if off, _ := s.boolean("fsdp_config.offload_params", "fsdp_config.fsdp_offload_params"); off.Set {
		p.FSDP.CPUOffload = off
	}
}

// fsdpConfigFile is the JSON file a Trainer launch names with
// --fsdp_config, read after the launch's arguments: its keys are
// fsdp_config's, without the prefix.
var fsdpConfigFile = frontend{
	name:  "HF Trainer fsdp_config file",
	reads: "the JSON file a Trainer launch names with --fsdp_config (activation_checkpointing, offload_params)",
	role:  engineRole,
	config: func(p *plan.Plan, j *Job) {
		if j.FSDPConfig == nil {
			return
		}
		wrapped := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "fsdp_config"}, j.FSDPConfig.Root}}
		applyFSDPConfig(p, settings{file: j.FSDPConfig, root: wrapped})
	},
}

func applyTrainerEval(p *plan.Plan, s settings) {
	if v, _ := s.boolean("do_eval"); v.Set {
		p.Eval.Enabled = v
	}
	if v, _ := s.str("eval_strategy", "evaluation_strategy"); v.Set {
		p.Eval.Enabled = plan.Of(!strings.EqualFold(v.V, "no"), v.From)
	}
	eb, _ := s.integer("per_device_eval_batch_size")
	set(&p.Eval.BatchSize, eb)
	ea, _ := s.integer("eval_accumulation_steps")
	set(&p.Eval.AccumulationSteps, ea)
	pl, _ := s.boolean("prediction_loss_only")
	set(&p.Eval.PredictionLossOnly, pl)
}

// applyFreezeVisionTower reads LLaMA-Factory's freeze_vision_tower.
func applyFreezeVisionTower(p *plan.Plan, s settings) {
	if v, _ := s.boolean("freeze_vision_tower"); v.Set && v.V && !p.Frozen("vision") {
		p.Freeze = plan.Of(append(append([]string(nil), p.Freeze.V...), "vision"), v.From)
	}
}

// applyLossKernel reads the switches that replace the lm_head and
// cross-entropy with a kernel that never holds the whole logits tensor:
// TrainingArguments.use_liger_kernel (transformers 4.45+, which calls
// integrations/liger.py apply_liger_kernel; Liger's default patch for the
// supported decoders sets fused_linear_cross_entropy), LLaMA-Factory's
// enable_liger_kernel (hparams/model_args.py), axolotl's Liger plugin
// (liger_fused_linear_cross_entropy, integrations/liger/args.py) and its Cut
// Cross-Entropy plugin (cut_cross_entropy, integrations/cut_cross_entropy).
func applyLossKernel(p *plan.Plan, s settings) {
	if v, _ := s.boolean("use_liger_kernel", "enable_liger_kernel", "liger_fused_linear_cross_entropy"); v.Set {
		if v.V {
			p.LossKernel = plan.Of(plan.LossLiger, v.From)
		} else if p.LossKernel.V == plan.LossLiger {
			p.LossKernel = plan.Value[string]{}
		}
	}
	if v, _ := s.boolean("cut_cross_entropy"); v.Set && v.V {
		p.LossKernel = plan.Of(plan.LossCCE, v.From)
	}
}

// llavaLineageKeys are ModelArguments that LLaVA's llava/train/train.py
// defines (haotian-liu/LLaVA@c121f04) and that the scripts forked from it
// keep (MoE-LLaVA, NExT-GPT's mm_use_vid_start_end beside them, Video-LLaVA,
// VILA): a launch holding one runs such a fork.
var llavaLineageKeys = []string{"mm_projector_type", "mm_use_im_start_end", "mm_vision_select_layer", "tune_mm_mlp_adapter",
	"pretrain_mm_mlp_adapter", "mm_use_im_patch_token"}

// applyLLaVALineage reads a Trainer launch of a script forked from LLaVA's,
// which the LLaVA frontend does not own, as padding each batch to its
// longest sample: the forks keep LLaVA's DataCollatorForSupervisedDataset
// (torch.nn.utils.rnn.pad_sequence, then truncation at model_max_length),
// so the cap only bounds the batch (NExT-GPT's nextgpt/dataset/
// base_dataset.py collates the same way).
func applyLLaVALineage(p *plan.Plan, s settings) {
	if p.PadToLongest.Set || p.Packing.V || p.PadToMax.V {
		return
	}
	if n, o := s.node(llavaLineageKeys...); n != nil {
		p.PadToLongest = plan.Of(true, plan.Derived(fmt.Sprintf("--%s marks a script forked from LLaVA's train.py, whose collator pads each batch to its longest sample", o.Key)))
	}
}
