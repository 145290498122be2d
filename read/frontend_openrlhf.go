package read

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// openRLHF reads OpenRLHF's launch commands: `deepspeed --module
// openrlhf.cli.train_sft|train_dpo|train_rm|train_kto …`, plain DeepSpeed
// training whose DeepSpeed config OpenRLHF builds from its own flags, and
// `python3 -m openrlhf.cli.train_ppo_ray …` (often after `ray job submit
// … --`), whose actor, reference, critic and vLLM engines Ray places.
// OpenRLHF has two spellings: the flat flags of v0.9.0 (commit 06ab51e7,
// openrlhf/cli/*.py argparse; v0.10's --max_new_tokens read as an alias)
// and the dotted names that replace them from v0.10.2 (commit 64c1cc4) to
// v0.11.0 (commit 3c3be62): --model.model_name_or_path,
// --train.micro_batch_size, --ds.zero_stage, … A launch that writes any
// dotted flag is read with v0.11.0's defaults and fixed in its names.
var openRLHF = frontend{name: "OpenRLHF", reads: "launches of openrlhf.cli.train_* (argparse flags)", owns: func(*Job, settings) bool { return false }, apply: func(*plan.Plan, settings) {}, command: applyOpenRLHFCommand,
	spellsFor: openRLHFSpells, accepts: "openrlhf-v0.9.0-args.txt"}

// openRLHFSpells spells the settings a fix writes as OpenRLHF's own flags.
// Its argparse (v0.9.0 and v0.11.0 openrlhf/cli/train_sft.py,
// train_ppo_ray.py parse_args, no parse_known_args) exits on an argument
// it does not define, such as the Trainer's --per_device_train_batch_size,
// and its spellings differ between releases: a launch written with the
// dotted names of v0.10.2 and later gets them (openRLHFDotted), a flat one
// v0.9.0's flags (openRLHFFlat); the two never mix in one release's parser.
func openRLHFSpells(j *Job) (map[string]Spelling, bool) {
	if j.Plan == nil || j.Plan.Recipe.V != plan.RecipeOpenRLHF {
		return nil, false
	}
	a := newOpenRLHFArgs(j)
	names, spells := openRLHFFlatNames, openRLHFFlat
	if a.dotted {
		names, spells = openRLHFDottedNames, openRLHFDotted
	}
	micro := renamed(names.micro)
	switch {
	case a.dynamicBatch().V:
		// train_ppo_ray's dynamic batch packs micro batches up to
		// --train_max_tokens_per_gpu (--train.max_tokens_per_gpu) tokens
		// (v0.9.0 and v0.11.0 train_ppo_ray.py; experience_maker.py
		// get_minimum_num_micro_batch_size), so the micro batch is
		// written as that budget: its sequences × the plan's sequence.
		micro = tokenBudget(names.trainTokens, j.Plan.SeqLen.V)
		if _, _, _, set := a.get("rollout_max_tokens_per_gpu", "rollout.max_tokens_per_gpu"); !set && micro.Key != "" && a.entry == "train_ppo_ray" {
			// The rollout's budget copies the training one when unset:
			// it is pinned at its value so that it does not follow.
			micro.Also = map[string]any{names.rolloutTokens: a.trainTokens().V}
		}
	case a.entry == "train_dpo" || a.entry == "train_rm":
		// The plan's micro batch counts both answers of each pair
		// (applyOpenRLHFOffline): the flag is half of it, and an odd
		// count has no spelling.
		micro.Value = func(v any) any {
			if n, ok := v.(int); ok && n%2 == 0 {
				return n / 2
			}
			return nil
		}
	}
	m := map[string]Spelling{}
	for k, sp := range spells {
		m[k] = sp
		if sp.Key == names.micro {
			m[k] = micro
		}
	}
	if a.dotted && a.entry == "train_ppo_ray" {
		// The PPO entry names its policy actor, not model
		// (v0.11.0 train_ppo_ray.py --actor.gradient_checkpointing_enable).
		m["gradient_checkpointing"] = Spelling{Key: "actor.gradient_checkpointing_enable", Bare: true}
	}
	// A 4-bit base asserts bf16 (v0.9.0 and v0.11.0 openrlhf/models/
	// actor.py Actor: bnb_4bit_compute_dtype bf16 only), and its NF4
	// config sets no bnb_4bit_quant_storage, which ZeRO-3 needs to shard
	// the quantized weights: no QLoRA spelling there.
	if p := j.Plan; p.Precision.V != plan.BF16 || p.ZeRO.Stage.V == 3 {
		m["load_in_4bit"] = refuseKey
	}
	if a.entry == "train_ppo_ray" {
		// train_ppo_ray's own flags (data/openrlhf-v0.9.0-train_ppo_ray-args.txt,
		// data/openrlhf-v0.11.0-train_ppo_ray-args.txt): the colocated vLLM
		// engines' share of the card, and the micro batch of the
		// experience maker's forwards (ppo_utils/experience_maker.py), the
		// reference's too, which without vLLM engines is also the actor's
		// generation batch and is left alone; with a dynamic batch it is
		// the rollout's token budget. The actor's offload while vLLM
		// generates, --deepspeed_enable_sleep (--ds.enable_sleep), moves
		// parameters and optimizer state together, so neither is spelled
		// alone.
		m[RolloutMemory] = renamed(names.vllmMemory)
		m[LogProbMicroBatch], m[RefLogProbMicroBatch] = refuseKey, dropKey
		if a.integer(0, "vllm_num_engines", "vllm.num_engines").V > 0 {
			m[LogProbMicroBatch] = renamed(names.rolloutMicro)
			if a.dynamicBatch().V {
				m[LogProbMicroBatch] = tokenBudget(names.rolloutTokens, j.Plan.SeqLen.V)
			}
		}
	}
	return m, true
}

// openRLHFNames are the flags of one OpenRLHF spelling that a fix's
// settings other than the shared ones map to.
type openRLHFNames struct {
	micro, trainTokens, rolloutMicro, rolloutTokens, vllmMemory string
}

var (
	openRLHFFlatNames = openRLHFNames{micro: "micro_train_batch_size", trainTokens: "train_max_tokens_per_gpu",
		rolloutMicro: "micro_rollout_batch_size", rolloutTokens: "rollout_max_tokens_per_gpu", vllmMemory: "vllm_gpu_memory_utilization"}
	openRLHFDottedNames = openRLHFNames{micro: "train.micro_batch_size", trainTokens: "train.max_tokens_per_gpu",
		rolloutMicro: "rollout.micro_batch_size", rolloutTokens: "rollout.max_tokens_per_gpu", vllmMemory: "vllm.gpu_memory_utilization"}
)

// openRLHFFlat spells a fix's settings in OpenRLHF v0.9.0's flags, each one
// defined by every openrlhf.cli.train_* entry (data/openrlhf-v0.9.0-args.txt,
// TestOpenRLHFSpellsAccepted): the per-GPU --micro_train_batch_size, whose
// accumulation OpenRLHF derives from --train_batch_size
// (openrlhf/utils/deepspeed/deepspeed.py DeepspeedStrategy.setup_distributed:
// accumulated_gradient = train_batch_size ÷ micro_train_batch_size ÷ world
// size, for one ring-attention and tensor-parallel group), so none is
// written; the switches --gradient_checkpointing and --adam_offload
// (store_true); and --zero_stage, from which OpenRLHF builds its DeepSpeed
// config (get_train_ds_config). It has no parameter offload for the
// trained model, and its lengths (--max_len, --prompt_max_len,
// --generate_max_len), attention, optimizer and dtype have no Trainer
// counterpart a fix writes: they stay refused (AnyKey).
var openRLHFFlat = map[string]Spelling{
	AnyKey:                        refuseKey,
	"per_device_train_batch_size": renamed("micro_train_batch_size"),
	"per_gpu_train_batch_size":    renamed("micro_train_batch_size"),
	"micro_batch_size":            renamed("micro_train_batch_size"),
	"micro_train_batch_size":      renamed("micro_train_batch_size"),
	"gradient_accumulation_steps": dropKey,
	"gradient_checkpointing":      {Key: "gradient_checkpointing", Bare: true},
	"zero_optimization.stage":     renamed("zero_stage"),
	// LoRA is --lora_rank N over --target_modules, whose default
	// all-linear is what a fix asks for; the rank written is the one the
	// estimate prices when none is given (PEFT's LoraConfig default, 8).
	// A 4-bit base is the switch --load_in_4bit.
	"use_peft":            constant("lora_rank", 8),
	"use_lora":            constant("lora_rank", 8),
	"lora_target_modules": dropKey,
	"load_in_4bit":        {Key: "load_in_4bit", Bare: true},
	"zero_optimization.offload_optimizer.device": {Key: "adam_offload", Bare: true,
		Value: func(v any) any { s, _ := v.(string); return s == string(plan.OffloadCPU) }},
}

// openRLHFDotted spells the same settings in the dotted names of OpenRLHF
// v0.10.2 to v0.11.0, each defined by train_sft, train_dpo and train_rm
// (data/openrlhf-v0.11.0-args.txt) and by train_ppo_ray
// (data/openrlhf-v0.11.0-train_ppo_ray-args.txt), but for checkpointing,
// which the PPO entry names --actor.gradient_checkpointing_enable
// (openRLHFSpells): the per-GPU --train.micro_batch_size, whose
// accumulation v0.11.0 derives from --train.batch_size as v0.9.0 did
// (openrlhf/utils/deepspeed/deepspeed.py DeepspeedStrategy.setup_distributed),
// the switches --model.gradient_checkpointing_enable and --ds.adam_offload,
// --ds.zero_stage, LoRA as --ds.lora.rank over --ds.lora.target_modules
// (default all-linear) and the 4-bit base as --ds.load_in_4bit.
var openRLHFDotted = map[string]Spelling{
	AnyKey:                        refuseKey,
	"per_device_train_batch_size": renamed("train.micro_batch_size"),
	"per_gpu_train_batch_size":    renamed("train.micro_batch_size"),
	"micro_batch_size":            renamed("train.micro_batch_size"),
	"micro_train_batch_size":      renamed("train.micro_batch_size"),
	"gradient_accumulation_steps": dropKey,
	"gradient_checkpointing":      {Key: "model.gradient_checkpointing_enable", Bare: true},
	"zero_optimization.stage":     renamed("ds.zero_stage"),
	"use_peft":                    constant("ds.lora.rank", 8),
	"use_lora":                    constant("ds.lora.rank", 8),
	"lora_target_modules":         dropKey,
	"load_in_4bit":                {Key: "ds.load_in_4bit", Bare: true},
	"zero_optimization.offload_optimizer.device": {Key: "ds.adam_offload", Bare: true,
		Value: func(v any) any { s, _ := v.(string); return s == string(plan.OffloadCPU) }},
}

// openRLHFSource and openRLHFDottedSource are where the defaults below are
// cited from, for the flat and the dotted spelling.
const (
	openRLHFSource       = "OpenRLHF v0.9.0 openrlhf/cli/"
	openRLHFDottedSource = "OpenRLHF v0.11.0 openrlhf/cli/"
)

// openRLHFArgs looks flags up in a command's arguments, last one winning as
// in argparse.
type openRLHFArgs struct {
	script string
	pairs  map[string]document.Pair
	entry  string // train_sft, train_dpo, train_ppo_ray, …
	// dotted says the launch spells its flags in v0.10.2's dotted names,
	// whose defaults are v0.11.0's.
	dotted bool
}

// spelled is the flat or the dotted name of a flag, as the launch spells
// its flags.
func (a openRLHFArgs) spelled(flat, dotted string) string {
	if a.dotted {
		return dotted
	}
	return flat
}

// defaultOf cites the default of the flag the names spell: the first
// dotted one in a dotted launch, else the first.
func (a openRLHFArgs) defaultOf(names ...string) plan.Origin {
	return a.defaultIs("", names...)
}

// defaultIs cites the default value of the flag the names spell.
func (a openRLHFArgs) defaultIs(value string, names ...string) plan.Origin {
	src, name := openRLHFSource, names[0]
	if a.dotted {
		src = openRLHFDottedSource
		for _, n := range names {
			if strings.Contains(n, ".") {
				name = n
				break
			}
		}
	}
	if value != "" {
		name += " " + value
	}
	return plan.Default(src + a.entry + ".py --" + name)
}

func (a openRLHFArgs) get(names ...string) (string, plan.Origin, bool, bool) {
	for _, n := range names {
		if p, ok := a.pairs[n]; ok {
			return p.Value.Value, plan.At(a.script, p.Key.Line, p.Key.Column, "--"+n), p.Value.Tag != "!!unknown", true
		}
	}
	return "", plan.Origin{}, false, false
}

// dynamicBatch is --use_dynamic_batch (--train.dynamic_batch_enable from
// v0.10.2).
func (a openRLHFArgs) dynamicBatch() plan.Value[bool] {
	return a.flag("use_dynamic_batch", "train.dynamic_batch_enable")
}

// trainTokens is the dynamic batch's token budget per GPU,
// --train_max_tokens_per_gpu (--train.max_tokens_per_gpu from v0.10.2),
// default 16192 (v0.9.0 and v0.11.0 openrlhf/cli/train_ppo_ray.py argument
// checks).
func (a openRLHFArgs) trainTokens() plan.Value[int] {
	return a.integer(16192, "train_max_tokens_per_gpu", "train.max_tokens_per_gpu")
}

func (a openRLHFArgs) integer(def int, names ...string) plan.Value[int] {
	if t, o, known, ok := a.get(names...); ok && known {
		if n, err := strconv.Atoi(t); err == nil {
			return plan.Of(n, o)
		}
	}
	return plan.Of(def, a.defaultOf(names...))
}

func (a openRLHFArgs) flag(names ...string) plan.Value[bool] {
	if t, o, known, ok := a.get(names...); ok && known {
		b, err := strconv.ParseBool(t)
		return plan.Of(err != nil || b, o)
	}
	return plan.Of(false, a.defaultOf(names...))
}

// openRLHFEntry returns the OpenRLHF entry a command runs (train_sft,
// train_dpo, train_ppo_ray, …) and, for a fork's own copy of the Ray
// entry, the fork's module; ok is false for any other command.
//
// A fork keeps OpenRLHF's trainer and its argparse under a module of its
// own (TsinghuaC3I/MARTI a2fe2c7 marti/cli/multi_agent_train_ppo_ray.py
// and examples/mars2/multi_agent_train_ppo_ray.py: OpenRLHF v0.9.0's
// placement flags --actor_num_nodes, --actor_num_gpus_per_node (1 × 8 by
// default, as OpenRLHF's), --vllm_num_engines, … plus --agents and
// --workflow_args; its older scripts run the same file as
// openrlhf.cli.multi_agent_train_ppo_ray). Its module's last part names a
// Ray training entry (…train_…_ray), and the launch places the actor or
// the vLLM engines with OpenRLHF's flags, which no other Ray program
// takes: it is read as train_ppo_ray.
func openRLHFEntry(c *shell.Command) (entry, fork string, ok bool) {
	if c == nil {
		return "", "", false
	}
	prog := c.Program.Text
	switch {
	case c.Module:
	case c.Launcher == shell.Python && strings.HasSuffix(prog, ".py"):
		prog = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(prog, "./"), ".py"), "/", ".")
	default:
		return "", "", false
	}
	if rest, up := strings.CutPrefix(prog, "openrlhf.cli."); up && strings.HasPrefix(rest, "train_") {
		return rest, "", true
	}
	last := prog[strings.LastIndexByte(prog, '.')+1:]
	if !strings.HasSuffix(last, "_ray") || !strings.Contains(last, "train_") || !openRLHFPlacementFlags(c.Args) {
		return "", "", false
	}
	return "train_ppo_ray", prog, true
}

// openRLHFPlacementFlags reports whether the arguments place OpenRLHF's
// actor or vLLM engines on Ray (flat or dotted names).
func openRLHFPlacementFlags(args []shell.Word) bool {
	for _, w := range args {
		name, _, _ := strings.Cut(strings.TrimPrefix(w.Text, "--"), "=")
		switch {
		case !strings.HasPrefix(w.Text, "--"):
		case strings.HasPrefix(name, "actor_num_"), strings.HasPrefix(name, "actor.num_"), name == "vllm_num_engines", name == "vllm.num_engines":
			return true
		}
	}
	return false
}

// newOpenRLHFArgs reads the flags of an OpenRLHF launch.
func newOpenRLHFArgs(j *Job) openRLHFArgs {
	entry, _, _ := openRLHFEntry(j.Command)
	a := openRLHFArgs{script: j.Script.Path, pairs: map[string]document.Pair{}, entry: entry}
	if j.Args != nil {
		for _, pr := range document.Pairs(j.Args) {
			a.pairs[pr.Key.Value] = pr
			a.dotted = a.dotted || strings.Contains(pr.Key.Value, ".")
		}
	}
	return a
}

// finishOpenRLHF derives the accumulation once the world size is known:
// OpenRLHF accumulates train_batch_size × ring_attn_size ×
// ds_tensor_parallel_size ÷ micro_train_batch_size ÷ world size micro
// batches per step (v0.9.0 openrlhf/utils/deepspeed/deepspeed.py
// DeepspeedStrategy.setup_distributed). The plan's micro batch of DPO and
// reward training counts both answers of each pair, the flag one.
func finishOpenRLHF(p *plan.Plan, j *Job) {
	if p.Recipe.V != plan.RecipeOpenRLHF || j.Command == nil || j.Script == nil || p.GradAccum.From.Kind != plan.FromDefault || p.World() <= 0 || p.MicroBatch.V <= 0 {
		return
	}
	a := newOpenRLHFArgs(j)
	tb := a.integer(128, "train_batch_size", "train.batch_size")
	ring := a.integer(1, "ring_attn_size", "ds.ring_attn_size")
	tp := a.integer(1, "ds_tensor_parallel_size", "ds.tensor_parallel_size")
	micro := p.MicroBatch.V
	if a.entry == "train_dpo" || a.entry == "train_rm" {
		micro /= 2
	}
	if ga := tb.V * max(1, ring.V) * max(1, tp.V) / max(1, micro) / p.World(); ga >= 1 {
		p.GradAccum = plan.Of(ga, plan.Derived(fmt.Sprintf("--train_batch_size %d × ring %d × tensor parallel %d ÷ --micro_train_batch_size %d ÷ %d GPUs", tb.V, max(1, ring.V), max(1, tp.V), micro, p.World())))
	}
}

func applyOpenRLHFCommand(p *plan.Plan, j *Job) (owns, world bool) {
	_, fork, ok := openRLHFEntry(j.Command)
	if !ok {
		return false, false
	}
	a := newOpenRLHFArgs(j)
	ray := strings.HasSuffix(a.entry, "_ray")
	if t, o, known, ok := a.get("pretrain", "actor.model_name_or_path", "model.model_name_or_path"); ok && known {
		p.ModelRef = plan.Of(t, o)
	}
	if fork != "" {
		a.readFork(p, fork, j.Command.Args)
	}
	// Per-entry defaults of --micro_train_batch_size and --max_len; the
	// PPO entry's micro batch is 1 in the dotted releases (v0.11.0
	// train_ppo_ray.py --train.micro_batch_size).
	micro, maxLen := 8, 2048
	switch a.entry {
	case "train_dpo", "train_kto":
		maxLen = 512
	case "train_rm":
		micro, maxLen = 1, 512
	case "train_ppo_ray":
		micro = 4
		if a.dotted {
			micro = 1
		}
	}
	p.MicroBatch = a.integer(micro, "micro_train_batch_size", "train.micro_batch_size")
	p.GradAccum = plan.Of(1, plan.Default("OpenRLHF: train_batch_size ÷ (micro_train_batch_size × world size), once the world size is known"))
	tb := a.integer(128, "train_batch_size", "train.batch_size")
	if tb.From.Kind == plan.FromFile {
		p.GlobalBatch = tb
	}
	switch {
	case ray && a.dotted:
		// The dotted PPO entry has no prompt cap: --data.max_len bounds
		// the prompt and the response together (v0.11.0
		// train_ppo_ray.py, "Max total sequence length (prompt +
		// response)").
		p.SeqLen = a.integer(2048, "max_len", "data.max_len")
	case ray:
		prompt := a.integer(1024, "prompt_max_len")
		gen := a.integer(1024, "generate_max_len", "max_new_tokens", "rollout.max_new_tokens")
		p.SeqLen = plan.Of(prompt.V+gen.V, plan.Derived(fmt.Sprintf("--prompt_max_len %d + --generate_max_len %d (a rollout is the prompt and the generation)", prompt.V, gen.V)))
		if t, o, known, ok := a.get("max_len", "data.max_len"); ok && known {
			if n, err := strconv.Atoi(t); err == nil {
				p.SeqLen = plan.Of(n, o)
			}
		}
	default:
		p.SeqLen = a.integer(maxLen, "max_len", "data.max_len")
	}
	// OpenRLHF builds the DeepSpeed config itself (openrlhf/utils/deepspeed/
	// deepspeed_utils.py get_train_ds_config): ZeRO --zero_stage, Adam
	// offloaded with --adam_offload, bf16 only with --bf16.
	p.Launcher = plan.Of("deepspeed", plan.Derived("OpenRLHF builds its DeepSpeed config from its flags"))
	p.Recipe = plan.Of(plan.RecipeOpenRLHF, plan.Derived("the launch runs an OpenRLHF trainer"))
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
	if a.dotted {
		// --ds.param_dtype replaces --bf16, bf16 by default (v0.11.0
		// openrlhf/cli/*.py, choices bf16 and fp16).
		bf = plan.Of(true, a.defaultIs("bf16", "ds.param_dtype"))
	}
	fp16 := false
	if t, o, known, ok := a.get("param_dtype", "ds.param_dtype"); ok && known {
		bf = plan.Of(strings.EqualFold(t, "bf16"), o)
		fp16 = strings.EqualFold(t, "fp16")
	}
	switch {
	case fp16:
		p.Precision = plan.Of(plan.FP16, bf.From)
		p.LoadDtype = plan.Of(plan.FP16, bf.From)
	case bf.V:
		p.Precision = plan.Of(plan.BF16, bf.From)
		p.LoadDtype = plan.Of(plan.BF16, bf.From)
	default:
		p.Precision = plan.Of(plan.FP32, bf.From)
		p.LoadDtype = plan.Of(plan.BF16, plan.Default("OpenRLHF openrlhf/models/actor.py loads with torch_dtype auto without --bf16; the checkpoint's bf16 assumed"))
	}
	p.GradientCheckpointing = a.flag("gradient_checkpointing", "actor.gradient_checkpointing_enable", "model.gradient_checkpointing_enable")
	p.Attention = plan.Of("flash_attention_2", a.defaultOf("attn_implementation", "ds.attn_implementation"))
	if t, o, known, ok := a.get("attn_implementation", "ds.attn_implementation"); ok && known {
		p.Attention = plan.Of(t, o)
	}
	p.Optimizer = plan.Of("adamw_torch", plan.Default("OpenRLHF: DeepSpeed FusedAdam (CPUAdam with --adam_offload)"))
	p.Packing = a.flag("packing_samples", "ds.packing_samples")
	if p.Packing.V {
		// Actor.forward unpads the micro batch into one sequence
		// (unpad_and_slice_tensor, OpenRLHF v0.10.0 openrlhf/models/
		// actor.py): memory follows the tokens the samples hold.
		p.PaddingFree = p.Packing
	}
	if dyn := a.dynamicBatch(); dyn.V && p.SeqLen.V > 0 {
		// The dynamic batch turns packing on and fills each micro batch up
		// to trainTokens tokens (ppo_utils/replay_buffer.py
		// setup_dynamic_batch), counted as whole sequences of the plan's
		// length.
		p.Packing, p.PaddingFree = dyn, dyn
		tok := a.trainTokens()
		p.MicroBatch = budgetSequences(tok.V, p.SeqLen.V, true, "dynamic batch: --"+a.spelled(openRLHFFlatNames.trainTokens, openRLHFDottedNames.trainTokens))
	}
	p.PEFT.Method = plan.Of("none", a.defaultIs("0", "lora_rank", "ds.lora.rank"))
	if r := a.integer(0, "lora_rank", "ds.lora.rank"); r.V > 0 {
		p.PEFT.Method, p.PEFT.R = plan.Of("lora", r.From), r
		p.PEFT.Alpha = a.integer(16, "lora_alpha", "ds.lora.alpha")
		if _, _, _, given := a.get("target_modules", "ds.lora.target_modules"); !given {
			// --target_modules (nargs="*") defaults to "all-linear", which
			// PEFT reads as every linear layer but the output head.
			p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, a.defaultIs("all-linear", "target_modules", "ds.lora.target_modules"))
		}
		if q := a.flag("load_in_4bit", "ds.load_in_4bit"); q.V {
			p.PEFT.Method, p.Quant = plan.Of("qlora", q.From), plan.Of(plan.NF4, q.From)
		}
	}
	applyOpenRLHFOffline(p, a)
	if !ray {
		return true, false
	}
	applyOpenRLHFRay(p, j, a)
	return true, true
}

// float reads a float flag, or def with its default origin.
func (a openRLHFArgs) float(def float64, names ...string) plan.Value[float64] {
	if t, o, known, ok := a.get(names...); ok && known {
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return plan.Of(f, o)
		}
	}
	return plan.Of(def, a.defaultOf(names...))
}

// evalZeRO is how OpenRLHF wraps a model that only runs forward (reference,
// reward, teacher): DeepSpeed ZeRO-3 when the actor trains with
// --zero_stage 3, else stage 0, a whole copy on each GPU; its offload flag
// moves the parameters to the host, which DeepSpeed honours at stage 3
// only (openrlhf/utils/deepspeed/deepspeed.py get_ds_eval_config,
// deepspeed_utils.py get_eval_ds_config).
func (a openRLHFArgs) evalCompanion(p *plan.Plan, role string, colocated bool, offload plan.Value[bool], from plan.Origin) plan.Companion {
	c := plan.Companion{Role: role, Colocated: colocated, From: from,
		ZeROStage: plan.Of(0, plan.Default(openRLHFSource+"../utils/deepspeed/deepspeed.py get_ds_eval_config: stage 0 unless --zero_stage 3"))}
	if p.ZeRO.Stage.V == 3 {
		c.ZeROStage = p.ZeRO.Stage
		c.Sharded = true
		if offload.V {
			c.ParamOffload = offload
		}
	}
	if p.Precision.V == plan.BF16 {
		c.Dtype = p.Precision
	}
	return c
}

// applyOpenRLHFOffline reads the models the DeepSpeed entries keep beside
// the trained one, on the same GPUs: DPO's and KTO's frozen reference
// (--ref_pretrain, the --pretrain model by default) and KD's teacher.
func applyOpenRLHFOffline(p *plan.Plan, a openRLHFArgs) {
	switch a.entry {
	case "train_dpo", "train_rm":
		// The chosen and rejected answers of each pair go through the model
		// in one concatenated forward (openrlhf/trainer/dpo_trainer.py,
		// rm_trainer.py concatenated_forward).
		p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("--micro_train_batch_size %d pairs: chosen and rejected in one forward", p.MicroBatch.V)))
	}
	switch a.entry {
	case "train_dpo", "train_kto":
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, plan.Derived("openrlhf.cli."+a.entry))
		ref := a.evalCompanion(p, plan.RoleReference, true, a.flag("ref_offload", "ref.offload"), plan.Derived(a.entry+".py builds ref_model"))
		if t, o, known, ok := a.get("ref_pretrain", "ref.model_name_or_path"); ok && known && t != "" {
			ref.ModelRef = plan.Of(t, o)
		}
		p.RL.Companions = append(p.RL.Companions, ref)
	case "train_kd":
		p.RL.Algorithm = plan.Of(plan.AlgoKD, plan.Derived("openrlhf.cli.train_kd"))
		teacher := a.evalCompanion(p, plan.RoleTeacher, true, a.flag("teacher_offload"), plan.Derived("train_kd.py builds teacher_model"))
		if t, o, known, ok := a.get("teacher_model"); ok && known && t != "" {
			teacher.ModelRef = plan.Of(t, o)
		} else {
			p.Assume("train_kd: the --teacher_model is unknown; costed as the student's size")
		}
		p.RL.Companions = append(p.RL.Companions, teacher)
	}
}

// applyOpenRLHFRay reads the actor's GPUs and the models and engines Ray
// places beside it (openrlhf/cli/train_ppo_ray.py train and its argument
// checks; the dotted names of v0.11.0 — --train.colocate_actor_ref,
// --train.async_enable, --ds.enable_sleep, --algo.kl.init_coef,
// --ref.offload, --reward.offload — read as aliases): the reference when --init_kl_coef > 0, on the actor's GPUs with
// --colocate_actor_ref or --colocate_all_models; a critic for
// --advantage_estimator gae (--critic_pretrain, else the first
// --reward_pretrain, else --pretrain) and the reward model, on the actor's
// GPUs only with --colocate_all_models; the vLLM engines likewise, asleep
// while the actor trains with --vllm_enable_sleep; without engines the
// actor generates with Hugging Face generate.
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
		p.RL.PolicyGPUs = p.Processes
		if !p.Hardware.GPUsPerNode.Set {
			// Undeclared, the cluster's nodes are taken to be the actor's:
			// OpenRLHF sizes the actor's placement group as
			// actor.num_nodes × actor.num_gpus_per_node one-GPU bundles
			// (v0.11.0 openrlhf/cli/train_ppo_ray.py train,
			// openrlhf/trainer/ray/launcher.py RayActorGroup), the script
			// naming its nodes' GPUs there, not in ray job submit. The
			// process count over the nodes a scheduler grants (#SBATCH -N)
			// would otherwise halve them when the actor sits on one node.
			per := from
			per.Note = fmt.Sprintf("--actor_num_gpus_per_node %d: the GPUs per node the script gives the actor (none declared)", gpus.V)
			p.Hardware.GPUsPerNode = plan.Of(gpus.V, per)
		}
	}
	all := a.flag("colocate_all_models", "train.colocate_all")
	async := a.flag("async_train", "train.async_enable")
	adv := "gae"
	advFrom := a.defaultIs("gae", "advantage_estimator", "algo.advantage.estimator")
	if t, o, known, ok := a.get("advantage_estimator", "algo.advantage.estimator"); ok && known {
		adv, advFrom = t, o
	}
	switch adv {
	case "gae":
		p.RL.Algorithm = plan.Of(plan.AlgoPPO, advFrom)
	case "group_norm", "dr_grpo":
		p.RL.Algorithm = plan.Of(plan.AlgoGRPO, advFrom)
	default:
		p.RL.Algorithm = plan.Of(plan.AlgoOther, advFrom)
	}
	if a.dotted {
		// No prompt cap; --rollout.max_new_tokens unset generates up to
		// --data.max_len less each prompt (v0.11.0 train_ppo_ray.py), so
		// the completion is capped by --data.max_len.
		p.RL.CompletionLen = p.SeqLen
		if t, o, known, ok := a.get("rollout.max_new_tokens"); ok && known {
			if n, err := strconv.Atoi(t); err == nil {
				p.RL.CompletionLen = plan.Of(n, o)
			}
		}
	} else {
		p.RL.PromptLen = a.integer(1024, "prompt_max_len")
		p.RL.CompletionLen = a.integer(1024, "generate_max_len", "max_new_tokens", "rollout.max_new_tokens")
	}
	p.RL.Generations = a.integer(1, "n_samples_per_prompt", "rollout.n_samples_per_prompt")
	// The experience maker's micro batch: 8 in v0.9.0, 1 in v0.11.0
	// (--rollout.micro_batch_size); with the dynamic batch, as many
	// sequences as --rollout_max_tokens_per_gpu tokens hold, which
	// defaults to the training budget (train_ppo_ray.py argument checks).
	mrb := a.integer(8, "micro_rollout_batch_size", "rollout.micro_batch_size")
	if a.dotted {
		mrb = a.integer(1, "rollout.micro_batch_size")
	}
	if dyn := a.dynamicBatch(); dyn.V && p.SeqLen.V > 0 {
		tok := a.trainTokens()
		name := a.spelled(openRLHFFlatNames.trainTokens, openRLHFDottedNames.trainTokens) + " (the rollout's budget unset)"
		if t := a.integer(0, "rollout_max_tokens_per_gpu", "rollout.max_tokens_per_gpu"); t.V > 0 {
			tok, name = t, a.spelled(openRLHFFlatNames.rolloutTokens, openRLHFDottedNames.rolloutTokens)
		}
		mrb = budgetSequences(tok.V, p.SeqLen.V, true, "dynamic batch: --"+name)
	}
	p.RL.LogProbBatch = mrb
	if ds := a.flag("deepspeed_enable_sleep", "ds.enable_sleep"); ds.V && all.V {
		// offload_deepspeed_states moves the actor's parameters and
		// optimizer state to the host while vLLM generates
		// (openrlhf/trainer/ray/ppo_actor.py).
		p.RL.OffloadParamsForRollout, p.RL.OffloadOptimizerForRollout = ds, ds
	}
	if kl := a.float(0.01, "init_kl_coef", "algo.kl.init_coef"); kl.V > 0 {
		colo := a.flag("colocate_actor_ref", "train.colocate_actor_ref")
		p.RL.Companions = append(p.RL.Companions, a.evalCompanion(p, plan.RoleReference, colo.V || all.V, a.flag("ref_reward_offload", "ref.offload"), kl.From))
	}
	if p.RL.Algorithm.V == plan.AlgoPPO {
		critic := plan.Companion{Role: plan.RoleCritic, Trained: true, Colocated: all.V, From: advFrom}
		if t, o, known, ok := a.get("critic_pretrain", "critic.model_name_or_path"); ok && known {
			critic.ModelRef = plan.Of(t, o)
		} else if t, o, known, ok := a.get("reward_pretrain", "reward.model_name_or_path"); ok && known {
			critic.ModelRef = plan.Of(strings.Split(t, ",")[0], o)
		}
		p.RL.Companions = append(p.RL.Companions, critic)
	}
	if t, o, known, ok := a.get("reward_pretrain", "reward.model_name_or_path"); ok {
		if _, _, _, remote := a.get("remote_rm_url"); !remote {
			rm := a.evalCompanion(p, plan.RoleReward, all.V, a.flag("ref_reward_offload", "reward.offload"), o)
			if known {
				rm.ModelRef = plan.Of(strings.Split(t, ",")[0], o)
			}
			p.RL.Companions = append(p.RL.Companions, rm)
		}
	}
	engines := a.integer(0, "vllm_num_engines", "vllm.num_engines")
	if engines.V <= 0 {
		p.Rollout.Engine = plan.Of("hf", plan.Default(openRLHFSource+a.entry+".py --vllm_num_engines unset: the actor generates"))
		p.Rollout.SameGPUs = true
		p.RL.GenerationBatch = plan.Of(mrb.V, plan.Derived("--micro_rollout_batch_size: prompts generated per call, samples expanded first"))
		return
	}
	p.Rollout.Engine = plan.Of("vllm", engines.From)
	p.Rollout.Engines = engines
	p.Rollout.TensorParallel = a.integer(1, "vllm_tensor_parallel_size", "vllm.tensor_parallel_size")
	p.Rollout.GPUMemoryUtilization = a.float(0.95, "vllm_gpu_memory_utilization", "vllm.gpu_memory_utilization")
	p.Rollout.SameGPUs = all.V && !async.V
	if p.Rollout.SameGPUs {
		p.Rollout.Sleeps = a.flag("vllm_enable_sleep", "vllm.enable_sleep")
	}
}

// readFork reads a fork's launch of the Ray entry as OpenRLHF v0.9.0's
// train_ppo_ray (or v0.11.0's, when dotted), and says so, naming the flags
// the fork adds (those OpenRLHF's parser does not define), which are not
// read. A fix writes OpenRLHF's flags only (openRLHFSpells); MARTI's
// parser defines each of them too (a2fe2c7 marti/cli/
// multi_agent_train_ppo_ray.py: --micro_train_batch_size,
// --gradient_checkpointing, --zero_stage, --adam_offload, --lora_rank,
// --load_in_4bit, --vllm_gpu_memory_utilization,
// --micro_rollout_batch_size and the token budgets). A fork that names its
// models per agent in a JSON flag (MARTI's --agents, nargs="+", each
// agent's "pretrain"; the first agent's builds the tokenizer in
// calculate_max_steps, and each tuning agent gets a placement group of its
// own in train) gives the first agent's model when --pretrain is not
// written.
func (a openRLHFArgs) readFork(p *plan.Plan, fork string, args []shell.Word) {
	list, release := "OpenRLHF train_ppo_ray", "v0.9.0"
	if a.dotted {
		list, release = "OpenRLHF v0.11.0 train_ppo_ray", "v0.11.0"
	}
	accepted := acceptedList(entryAccepts[list])
	var own []string
	for name := range a.pairs {
		if !accepted[name] {
			own = append(own, "--"+name)
		}
	}
	sort.Strings(own)
	msg := fmt.Sprintf("%s read as a fork of OpenRLHF's openrlhf.cli.train_ppo_ray, with the flags and defaults of OpenRLHF %s", fork, release)
	if len(own) > 0 {
		if len(own) > 6 {
			own = append(own[:6], fmt.Sprintf("and %d more", len(own)-6))
		}
		msg += "; the fork's own flags are not read: " + strings.Join(own, ", ")
	}
	p.Assume("%s", msg)
	if p.ModelRef.Set {
		return
	}
	// The JSON is read even where a value in it depends on the
	// environment (a save path): the model is taken only when its own
	// text is known.
	pr, ok := a.pairs["agents"]
	if !ok {
		return
	}
	var agents map[string]map[string]any
	if json.Unmarshal([]byte(pr.Value.Value), &agents) != nil {
		return
	}
	ids := make([]string, 0, len(agents))
	for id := range agents {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if m, _ := agents[id]["pretrain"].(string); m != "" && !strings.ContainsAny(m, "$`") {
			p.ModelRef = plan.Of(m, plan.At(a.script, pr.Key.Line, pr.Key.Column, "--agents "+id+".pretrain"))
			if n := len(ids) + agentsAfter(args) - 1; n > 1 {
				p.Assume("--agents names %d agents: the first one's model, %s, is costed, each agent on GPUs of its own", n, m)
			}
			return
		}
	}
}

// agentsAfter counts the values written after --agents, up to the next
// flag.
func agentsAfter(args []shell.Word) int {
	n := 0
	for i, w := range args {
		if w.Text != "--agents" {
			continue
		}
		for _, v := range args[i+1:] {
			if strings.HasPrefix(v.Text, "--") {
				break
			}
			n++
		}
	}
	return n
}
