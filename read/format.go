// Package read loads training configuration files, recognizes their format
// from their content, follows the references between them (a Trainer file
// naming a DeepSpeed file, an Accelerate file naming one, a launch script
// naming both) and normalizes each job into one plan.Plan.
package read

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
)

// Format is the kind of configuration a file holds.
type Format string

// The formats trainlint reads.
const (
	Unknown      Format = ""
	DeepSpeed    Format = "deepspeed"
	Trainer      Format = "trainer"
	Accelerate   Format = "accelerate"
	LlamaFactory Format = "llamafactory"
	Axolotl      Format = "axolotl"
	Torchtune    Format = "torchtune"
	LitGPT       Format = "litgpt"
	NemoRL       Format = "nemo-rl"
	Script       Format = "launch-script"
	Project      Format = "project"
	Verl         Format = "verl" // a verl or EasyR1 Hydra/OmegaConf base config (ppo_trainer.yaml)
)

// Keys that mark each format. A file is recognized when enough of its
// top-level keys belong to one format; ties and weak matches stay Unknown
// rather than being guessed at.
var (
	deepSpeedKeys = keySet(`train_batch_size train_micro_batch_size_per_gpu gradient_accumulation_steps
		zero_optimization fp16 bf16 bfloat16 optimizer scheduler steps_per_print gradient_clipping
		wall_clock_breakdown zero_allow_untested_optimizer activation_checkpointing amp prescale_gradients
		gradient_predivide_factor communication_data_type flops_profiler tensorboard wandb csv_monitor
		elasticity aio pipeline data_types checkpoint zero_force_ds_cpu_optimizer dump_state
		memory_breakdown sparse_attention compression_training data_efficiency curriculum_learning
		hybrid_engine comms_logger autotuning nebula sequence_parallel_size torch_autocast
		fp16_master_weights_and_grads seq_parallel_communication_data_type compile timers
		disable_allgather sparse_gradients train_steps zero_grad_hooks tensor_parallel`)
	accelerateKeys = keySet(`compute_environment distributed_type num_processes num_machines machine_rank
		mixed_precision main_training_function deepspeed_config fsdp_config use_cpu downcast_bf16
		rdzv_backend same_network tpu_env tpu_use_cluster tpu_use_sudo main_process_ip main_process_port
		gpu_ids dynamo_config megatron_lm_config enable_cpu_affinity debug ipex_config mpirun_config
		fp8_config tpu_name tpu_zone commands command_file parallelism_config`)
	trainerKeys = keySet(`output_dir per_device_train_batch_size per_device_eval_batch_size learning_rate
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
		precompute_ref_log_probs reward_model_name_or_path reward_model_path missing_eos_penalty`)
	llamaFactoryKeys = keySet(`stage finetuning_type template cutoff_len lora_target lora_rank
		quantization_bit dataset dataset_dir overwrite_cache preprocessing_num_workers flash_attn
		pure_bf16 val_size plot_loss trust_remote_code lora_alpha lora_dropout pref_beta pref_loss
		image_max_pixels video_max_pixels freeze_vision_tower freeze_multi_modal_projector
		quantization_method packing neat_packing enable_liger_kernel use_unsloth rope_scaling
		media_dir max_samples`)
	axolotlKeys = keySet(`base_model base_model_config model_type tokenizer_type load_in_8bit load_in_4bit
		adapter lora_model_dir sequence_len sample_packing pad_to_sequence_len micro_batch_size
		num_epochs gradient_accumulation_steps flash_attention xformers_attention sdp_attention
		datasets val_set_size lora_r lora_alpha lora_dropout lora_target_modules lora_target_linear
		wandb_project strict special_tokens train_on_inputs group_by_length eval_sample_packing
		output_dir optimizer lr_scheduler learning_rate bf16 fp16 tf32 deepspeed fsdp fsdp_config
		gradient_checkpointing early_stopping_patience resume_from_checkpoint local_rank
		logging_steps warmup_steps evals_per_epoch saves_per_epoch debug weight_decay
		chat_template rl plugins liger_rope liger_rms_norm dataset_prepared_path hub_model_id`)
	projectKeys = keySet(`hardware model training gpus models rules ignore`)
)

func keySet(s string) map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(s) {
		m[k] = true
	}
	return m
}

// Detect recognizes a parsed document's format from its keys. It returns
// Unknown with a reason when the document is none of the formats.
func Detect(d *document.Document) (Format, string) {
	root := d.Root
	if root == nil || root.Kind != yaml.MappingNode {
		return Unknown, "the top level is " + document.Kind(root) + ", not a mapping of settings"
	}
	if len(root.Content) == 0 {
		return Unknown, "the file holds no settings"
	}
	if _, v := document.Get(root, "training_args"); v != nil && v.Kind == yaml.MappingNode {
		return Trainer, ""
	}
	keys := map[string]bool{}
	for _, p := range document.Pairs(root) {
		keys[p.Key.Value] = true
	}
	if keys["hardware"] && (keys["training"] || keys["model"] || len(keys) <= 6) {
		only := true
		for k := range keys {
			only = only && projectKeys[k]
		}
		if only {
			return Project, ""
		}
	}
	if f := detectRecipe(root, keys); f != Unknown {
		return f, ""
	}
	score := func(set map[string]bool) int {
		n := 0
		for k := range keys {
			if set[k] {
				n++
			}
		}
		return n
	}
	ds, acc, tr := score(deepSpeedKeys), score(accelerateKeys), score(trainerKeys)
	lf, ax := score(llamaFactoryKeys), score(axolotlKeys)
	switch {
	case acc >= 2 && (keys["distributed_type"] || keys["compute_environment"] || keys["num_processes"]):
		return Accelerate, ""
	case keys["actor_rollout_ref"] || (keys["worker"] && keys["trainer"] && keys["algorithm"]):
		// verl's ppo_trainer.yaml, and EasyR1's config.yaml.
		return Verl, ""
	case keys["base_model"] && ax >= 3:
		return Axolotl, ""
	case keys["model_class"] || (keys["dist_config"] && keys["train_dataset"]):
		// LLaMA-Factory v1 (examples/v1): model/model_class, peft_config,
		// quant_config, dist_config.
		return LlamaFactory, ""
	case (keys["stage"] || keys["finetuning_type"]) && lf >= 3 && (keys["template"] || keys["finetuning_type"] || keys["cutoff_len"]):
		return LlamaFactory, ""
	case d.Format == document.JSON && ds >= 2 && ds*2 >= len(keys) && !keys["output_dir"]:
		return DeepSpeed, ""
	case (keys["zero_optimization"] || keys["train_micro_batch_size_per_gpu"] || keys["train_batch_size"]) && ds >= 2 && !keys["output_dir"]:
		return DeepSpeed, ""
	case tr >= 2:
		return Trainer, ""
	case ds >= 2 && ds*2 >= len(keys):
		return DeepSpeed, ""
	case d.Format == document.JSON && ds == len(keys) && (keys["zero_optimization"] || keys["train_micro_batch_size_per_gpu"] || keys["train_batch_size"]):
		// A fragment such as DeepSpeed's autotuning templates: only
		// DeepSpeed keys, one of them unmistakable.
		return DeepSpeed, ""
	}
	return Unknown, "its keys match no DeepSpeed, Trainer, Accelerate, LLaMA-Factory or axolotl config"
}
