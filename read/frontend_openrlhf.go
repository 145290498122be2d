package read

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// openRLHF reads OpenRLHF's launch commands: `deepspeed --module
// openrlhf.cli.train_sft|train_dpo|train_rm|train_kto …`, plain DeepSpeed
// training whose DeepSpeed config OpenRLHF builds from its own flags, and
// `python3 -m openrlhf.cli.train_ppo_ray …` (often after `ray job submit
// … --`), whose actor, reference, critic and vLLM engines Ray places.
// Flags and defaults are those of OpenRLHF v0.9.0 (commit 06ab51e7,
// openrlhf/cli/*.py argparse); v0.10's --max_new_tokens and v0.11's dotted
// names are read as aliases.
var openRLHF = frontend{name: "OpenRLHF", reads: "launches of openrlhf.cli.train_* (argparse flags)", owns: func(*Job, settings) bool { return false }, apply: func(*plan.Plan, settings) {}, command: applyOpenRLHFCommand}

// openRLHFSource is where the defaults below are cited from.
const openRLHFSource = "OpenRLHF v0.9.0 openrlhf/cli/"

// openRLHFArgs looks flags up in a command's arguments, last one winning as
// in argparse.
type openRLHFArgs struct {
	script string
	pairs  map[string]document.Pair
	entry  string // train_sft, train_dpo, train_ppo_ray, …
}

func (a openRLHFArgs) get(names ...string) (string, plan.Origin, bool, bool) {
	for _, n := range names {
		if p, ok := a.pairs[n]; ok {
			return p.Value.Value, plan.At(a.script, p.Key.Line, p.Key.Column, "--"+n), p.Value.Tag != "!!unknown", true
		}
	}
	return "", plan.Origin{}, false, false
}

func (a openRLHFArgs) integer(def int, names ...string) plan.Value[int] {
	if t, o, known, ok := a.get(names...); ok && known {
		if n, err := strconv.Atoi(t); err == nil {
			return plan.Of(n, o)
		}
	}
	return plan.Of(def, plan.Default(openRLHFSource+a.entry+".py --"+names[0]))
}

func (a openRLHFArgs) flag(names ...string) plan.Value[bool] {
	if t, o, known, ok := a.get(names...); ok && known {
		b, err := strconv.ParseBool(t)
		return plan.Of(err != nil || b, o)
	}
	return plan.Of(false, plan.Default(openRLHFSource+a.entry+".py --"+names[0]))
}

func applyOpenRLHFCommand(p *plan.Plan, j *Job) (owns, world bool) {
	c := j.Command
	if !c.Module || !strings.HasPrefix(c.Program.Text, "openrlhf.cli.train_") {
		return false, false
	}
	a := openRLHFArgs{script: j.Script.Path, pairs: map[string]document.Pair{}, entry: strings.TrimPrefix(c.Program.Text, "openrlhf.cli.")}
	if j.Args != nil {
		for _, pr := range document.Pairs(j.Args) {
			a.pairs[pr.Key.Value] = pr
		}
	}
	ray := strings.HasSuffix(a.entry, "_ray")
	if t, o, known, ok := a.get("pretrain", "actor.model_name_or_path"); ok && known {
		p.ModelRef = plan.Of(t, o)
	}
	// Per-entry defaults of --micro_train_batch_size and --max_len.
	micro, maxLen := 8, 2048
	switch a.entry {
	case "train_dpo", "train_kto":
		maxLen = 512
	case "train_rm":
		micro, maxLen = 1, 512
	case "train_ppo_ray":
		micro = 4
	}
	p.MicroBatch = a.integer(micro, "micro_train_batch_size", "train.micro_batch_size")
	p.GradAccum = plan.Of(1, plan.Default("OpenRLHF: train_batch_size ÷ (micro_train_batch_size × world size), not modelled"))
	tb := a.integer(128, "train_batch_size", "train.batch_size")
	if tb.From.Kind == plan.FromFile {
		p.GlobalBatch = tb
	}
	if ray {
		prompt := a.integer(1024, "prompt_max_len")
		gen := a.integer(1024, "generate_max_len", "max_new_tokens", "rollout.max_new_tokens")
		p.SeqLen = plan.Of(prompt.V+gen.V, plan.Derived(fmt.Sprintf("--prompt_max_len %d + --generate_max_len %d (a rollout is the prompt and the generation)", prompt.V, gen.V)))
		if t, o, known, ok := a.get("max_len", "data.max_len"); ok && known {
			if n, err := strconv.Atoi(t); err == nil {
				p.SeqLen = plan.Of(n, o)
			}
		}
	} else {
		p.SeqLen = a.integer(maxLen, "max_len", "data.max_len")
	}
	// OpenRLHF builds the DeepSpeed config itself (openrlhf/utils/deepspeed/
	// deepspeed_utils.py get_train_ds_config): ZeRO --zero_stage, Adam
	// offloaded with --adam_offload, bf16 only with --bf16.
	p.Launcher = plan.Of("deepspeed", plan.Derived("OpenRLHF builds its DeepSpeed config from its flags"))
	p.ZeRO.Enabled = true
	p.ZeRO.Stage = a.integer(2, "zero_stage", "ds.zero_stage")
	off := plan.OffloadNone
	ao := a.flag("adam_offload", "ds.adam_offload")
	if ao.V {
		off = plan.OffloadCPU
	}
	p.ZeRO.OffloadOptimizer = plan.Of(off, ao.From)
	p.ZeRO.OffloadParam = plan.Of(plan.OffloadNone, plan.Default("OpenRLHF get_train_ds_config offload_param"))
	bf := a.flag("bf16")
	if t, o, known, ok := a.get("param_dtype", "ds.param_dtype"); ok && known {
		bf = plan.Of(strings.EqualFold(t, "bf16"), o)
	}
	if bf.V {
		p.Precision = plan.Of(plan.BF16, bf.From)
		p.LoadDtype = plan.Of(plan.BF16, bf.From)
	} else {
		p.Precision = plan.Of(plan.FP32, bf.From)
		p.LoadDtype = plan.Of(plan.BF16, plan.Default("OpenRLHF openrlhf/models/actor.py loads with torch_dtype auto without --bf16; the checkpoint's bf16 assumed"))
	}
	p.GradientCheckpointing = a.flag("gradient_checkpointing", "actor.gradient_checkpointing_enable")
	p.Attention = plan.Of("flash_attention_2", plan.Default(openRLHFSource+a.entry+".py --attn_implementation"))
	if t, o, known, ok := a.get("attn_implementation", "ds.attn_implementation"); ok && known {
		p.Attention = plan.Of(t, o)
	}
	p.Optimizer = plan.Of("adamw_torch", plan.Default("OpenRLHF: DeepSpeed FusedAdam (CPUAdam with --adam_offload)"))
	p.Packing = a.flag("packing_samples", "ds.packing_samples")
	p.PEFT.Method = plan.Of("none", plan.Default(openRLHFSource+a.entry+".py --lora_rank 0"))
	if r := a.integer(0, "lora_rank", "ds.lora.rank"); r.V > 0 {
		p.PEFT.Method, p.PEFT.R = plan.Of("lora", r.From), r
		if q := a.flag("load_in_4bit", "ds.load_in_4bit"); q.V {
			p.PEFT.Method, p.Quant = plan.Of("qlora", q.From), plan.Of(plan.NF4, q.From)
		}
	}
	switch a.entry {
	case "train_dpo", "train_rm", "train_kto":
		// The chosen and rejected answers of each pair go through the model
		// in one concatenated forward (openrlhf/trainer/dpo_trainer.py,
		// rm_trainer.py concatenated_forward).
		if a.entry != "train_kto" {
			p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("--micro_train_batch_size %d pairs: chosen and rejected in one forward", p.MicroBatch.V)))
		}
		if a.entry != "train_rm" {
			p.Assume("%s keeps a frozen reference model (ZeRO-sharded, or on the CPU with --ref_offload) that the estimate does not include; the real peak is higher", a.entry)
		}
	}
	if !ray {
		return true, false
	}
	applyOpenRLHFRay(p, j, a)
	return true, true
}

// applyOpenRLHFRay reads the actor's GPUs and records what the estimate
// cannot model for a PPO job yet.
func applyOpenRLHFRay(p *plan.Plan, j *Job, a openRLHFArgs) {
	nodes := a.integer(1, "actor_num_nodes", "actor.num_nodes")
	gpus := a.integer(8, "actor_num_gpus_per_node", "actor.num_gpus_per_node")
	if nodes.From.Kind == plan.FromFile && nodes.V > 0 {
		p.Hardware.Nodes = nodes
	}
	if _, _, known, ok := a.get("actor_num_gpus_per_node", "actor.num_gpus_per_node"); ok && !known {
		p.Assume("the actor's GPUs are unknown: --actor_num_gpus_per_node depends on the environment")
	} else if gpus.V > 0 && nodes.V > 0 {
		from := gpus.From
		if from.Kind != plan.FromFile {
			from = plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, "--actor_num_gpus_per_node")
		}
		from.Note = fmt.Sprintf("--actor_num_gpus_per_node %d × --actor_num_nodes %d (the actor's DeepSpeed world)", gpus.V, nodes.V)
		p.Processes = plan.Of(gpus.V*nodes.V, from)
	}
	var parts []string
	engines := a.integer(0, "vllm_num_engines", "vllm.num_engines")
	if engines.V > 0 {
		tp := a.integer(1, "vllm_tensor_parallel_size", "vllm.tensor_parallel_size")
		util := "0.95"
		if t, _, known, ok := a.get("vllm_gpu_memory_utilization", "vllm.gpu_memory_utilization"); ok && known {
			util = t
		}
		parts = append(parts, fmt.Sprintf("%d vLLM engines (tensor parallel %d, gpu_memory_utilization %s)", engines.V, tp.V, util))
		p.Rollout.Engine = plan.Of("vllm", engines.From)
		p.Rollout.TensorParallel = tp
		if t, o, known, ok := a.get("vllm_gpu_memory_utilization", "vllm.gpu_memory_utilization"); ok && known {
			if f, err := strconv.ParseFloat(t, 64); err == nil {
				p.Rollout.GPUMemoryUtilization = plan.Of(f, o)
			}
		}
	}
	parts = append(parts, "the reference model")
	// train_ppo_ray.py gives the critic the actor's weights when
	// --critic_pretrain is unset and the advantage estimator is gae.
	adv, _, _, _ := a.get("advantage_estimator", "algo.advantage.estimator")
	if _, _, _, ok := a.get("critic_pretrain", "critic.model_name_or_path"); (ok && adv == "") || adv == "gae" || adv == "" {
		parts = append(parts, "the critic")
	}
	if _, _, _, ok := a.get("reward_pretrain", "reward.model_name_or_path"); ok {
		parts = append(parts, "the reward model")
	}
	where := "on their own GPUs"
	if a.flag("colocate_all_models", "train.colocate_all").V {
		where = "colocated on the actor's GPUs (--colocate_all_models)"
	}
	p.Gap(plan.MemoryGap{
		Kind:   "RL trainer not modelled",
		What:   fmt.Sprintf("OpenRLHF PPO: %s and %s are not modelled yet", strings.Join(parts[:len(parts)-1], ", "), parts[len(parts)-1]),
		Detail: "the estimate covers the actor alone; these run " + where,
		At:     plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, a.entry),
	})
}
