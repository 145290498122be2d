package read

import (
	"strings"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// verlSFT reads verl's supervised fine-tuning launch, `torchrun … -m
// verl.trainer.fsdp_sft_trainer key=value …`: a plain FSDP job, one process
// per GPU started by torchrun (the trainer does not read
// trainer.nnodes or trainer.n_gpus_per_node; its device mesh is the
// torchrun world), whose key=value words are Hydra overrides of
// verl/trainer/config/sft_trainer.yaml.
var verlSFT = frontend{name: "verl SFT", reads: "`torchrun -m verl.trainer.fsdp_sft_trainer key=value` launches (sft_trainer.yaml overrides)", owns: func(*Job, settings) bool { return false }, apply: func(*plan.Plan, settings) {}, command: applyVerlSFTCommand}

// verlSFTDialect holds the keys and defaults of verl v0.7.0's
// verl/trainer/config/sft_trainer.yaml that change the memory of a job.
var verlSFTDialect = verlDialect{
	name:   "verl SFT",
	source: "verl v0.7.0 verl/trainer/config/sft_trainer.yaml",
	keys: map[string]string{
		"model": "model.partial_pretrain", "micro": "data.micro_batch_size_per_gpu",
		"global": "data.train_batch_size", "len": "data.max_length",
		"gc": "model.enable_gradient_checkpointing", "lora": "model.lora_rank",
		"strategy": "model.strategy", "dtype": "model.fsdp_config.model_dtype",
		"cpu_offload": "model.fsdp_config.cpu_offload", "offload_params": "model.fsdp_config.offload_params",
		"remove_padding": "use_remove_padding", "sp": "ulysses_sequence_parallel_size",
	},
	defaults: map[string]string{
		"data.micro_batch_size_per_gpu": "4", "data.train_batch_size": "256", "data.max_length": "1024",
		"model.enable_gradient_checkpointing": "true", "model.lora_rank": "0", "model.strategy": "fsdp2",
		"model.fsdp_config.model_dtype": "fp32", "model.fsdp_config.cpu_offload": "false",
		"model.fsdp_config.offload_params": "false", "use_remove_padding": "false",
		"ulysses_sequence_parallel_size": "1",
	},
}

// isVerlSFT reports whether a command runs verl's FSDP SFT trainer, as a
// module or as a script path.
func isVerlSFT(c *shell.Command) bool {
	if c == nil {
		return false
	}
	prog := c.Program.Text
	if !c.Module {
		prog = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(prog, "./"), ".py"), "/", ".")
	}
	return prog == "verl.trainer.fsdp_sft_trainer"
}

// applyVerlSFTCommand maps the SFT trainer's overrides onto the plan, as
// verl v0.7.0 verl/trainer/fsdp_sft_trainer.py FSDPSFTTrainer reads them.
func applyVerlSFTCommand(p *plan.Plan, j *Job) (owns, world bool) {
	if !isVerlSFT(j.Command) {
		return false, false
	}
	d := verlSFTDialect
	v := verlConfig{d: d, script: j.Script.Path, over: map[string]hydraOverride{}}
	for _, o := range hydraOverrides(j.Command) {
		v.over[o.key] = o
	}
	if m, ok := v.get("model"); ok && m.known {
		p.ModelRef = plan.Of(m.text, m.from)
	} else if ok && !m.known {
		p.Assume("the model path %q depends on %s", m.text, m.why)
	}
	if mb, _, ok := v.integer("micro"); ok && mb.V > 0 {
		p.MicroBatch = mb
	}
	// _normalize_config_bsz divides data.train_batch_size by the data
	// parallel size and steps once per that many samples, in micro batches
	// of micro_batch_size_per_gpu; the world is torchrun's, known later.
	if g, _, ok := v.integer("global"); ok && g.From.Kind == plan.FromFile {
		p.GlobalBatch = g
	}
	p.GradAccum = plan.Of(1, plan.Default(d.name+": data.train_batch_size ÷ (data parallel size × data.micro_batch_size_per_gpu) steps, not modelled"))
	if n, _, ok := v.integer("len"); ok {
		p.SeqLen = n
	}
	// _build_model_optimizer: loads the model in fsdp_config.model_dtype
	// with flash_attention_2, and wraps it with bf16 compute
	// (MixedPrecision param_dtype bfloat16) under FULL_SHARD (fsdp) or
	// fully_shard (fsdp2); CPUOffload only when fsdp_config.cpu_offload.
	p.Launcher = plan.Of("torchrun", plan.Derived("verl's FSDP SFT trainer under torchrun"))
	p.Precision = plan.Of(plan.BF16, plan.Default(d.name+" fsdp_sft_trainer.py MixedPrecision param_dtype bfloat16"))
	p.LoadDtype = plan.Of(plan.FP32, plan.Default(d.source+" model.fsdp_config.model_dtype fp32"))
	if dt, ok := v.get("dtype"); ok && dt.known && dt.from.Kind == plan.FromFile {
		switch strings.ToLower(dt.text) {
		case "bf16", "bfloat16":
			p.LoadDtype = plan.Of(plan.BF16, dt.from)
		case "fp16", "float16":
			p.LoadDtype = plan.Of(plan.FP16, dt.from)
		}
	}
	p.Attention = plan.Of("flash_attention_2", plan.Default(d.name+" fsdp_sft_trainer.py attn_implementation"))
	p.Optimizer = plan.Of("adamw_torch", plan.Default(d.name+" optim AdamW"))
	mode := plan.Of("full_shard", plan.Default(d.source+" model.strategy fsdp2 (fully_shard)"))
	if st, ok := v.get("strategy"); ok && st.known && st.from.Kind == plan.FromFile {
		mode = plan.Of("full_shard", st.from)
		mode.From.Note = "model.strategy " + st.text + ": parameters, gradients and optimizer state sharded over the data parallel ranks"
	}
	p.FSDP.Mode = mode
	if off, ok := v.boolean("cpu_offload"); ok {
		if params, ok := v.boolean("offload_params"); ok && off.V && params.V {
			p.FSDP.CPUOffload = params
		} else {
			p.FSDP.CPUOffload = plan.Of(false, off.From)
		}
	}
	if gc, ok := v.boolean("gc"); ok {
		p.GradientCheckpointing = gc
	}
	if rp, ok := v.boolean("remove_padding"); ok {
		p.PaddingFree = rp
	}
	if r, _, ok := v.integer("lora"); ok && r.V > 0 {
		p.PEFT.Method = plan.Of("lora", r.From)
		p.PEFT.R = r
	} else {
		p.PEFT.Method = plan.Of("none", plan.Default(d.source+" model.lora_rank 0"))
	}
	if sp, _, ok := v.integer("sp"); ok && sp.V > 1 {
		p.Assume("Ulysses sequence parallelism %d is not modelled: each GPU is costed with whole sequences (an upper bound on activations and logits)", sp.V)
	}
	return true, false
}
