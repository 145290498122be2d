package read

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// litgptRef is the LitGPT source every default below is read from: the
// setup() signatures of litgpt/finetune/{full,lora,adapter}.py and TrainArgs
// in litgpt/args.py.
const litgptRef = "Lightning-AI/litgpt 2685705 (v0.5.13)"

// litgptMethod names the finetune method of a config_hub file: the file's
// own name (config_hub/finetune/<model>/<method>.yaml) or the command
// (litgpt finetune_lora ...).
func litgptMethod(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	switch {
	case strings.HasPrefix(base, "qlora"):
		return "qlora"
	case strings.HasPrefix(base, "lora"):
		return "lora"
	case strings.HasPrefix(base, "full"):
		return "full"
	case strings.HasPrefix(base, "adapter"):
		return "adapter"
	}
	return ""
}

// litgptCommandMethods are the finetune methods of the litgpt CLI's
// subcommands (litgpt/__main__.py: finetune runs finetune_lora).
var litgptCommandMethods = map[string]string{
	"finetune": "lora", "finetune_lora": "lora", "finetune_full": "full", "finetune_adapter": "adapter", "finetune_adapter_v2": "adapter",
}

// ownsLitGPT: a LitGPT config, or the arguments of a litgpt launch that
// names no config.
func ownsLitGPT(j *Job, s settings) bool {
	return formatIs(LitGPT)(j, s) || (s.command != nil && s.command.Launcher == shell.LitGPT && s.file == j.Script)
}

// applyLitGPTCommand owns a litgpt launch: its subcommand names the method
// and its --devices and --num_nodes (with the config's) the world size,
// which applyLitGPT settles.
func applyLitGPTCommand(_ *plan.Plan, j *Job) (owns, world bool) {
	return j.Command.Launcher == shell.LitGPT, j.Command.Launcher == shell.LitGPT
}

// applyLitGPT reads a LitGPT finetune config: the arguments of
// litgpt/finetune/*.py setup(), the YAML being those arguments by name,
// with a litgpt launch's arguments on top.
func applyLitGPT(p *plan.Plan, s settings) {
	p.Launcher = plan.Of("litgpt", plan.Derived("a LitGPT finetune config"))
	// checkpoint_dir is checkpoints/<org>/<name> after litgpt download.
	if v, _ := s.str("checkpoint_dir"); v.Set {
		v.V = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(v.V)), "checkpoints/")
		p.ModelRef = v
	}
	method := litgptMethod(s.file.Path)
	named := "the LitGPT " + method + " config " + filepath.Base(s.file.Path)
	at := plan.At(s.file.Path, 1, 1, "")
	if c := s.command; c != nil && len(c.Args) > 0 {
		if m, ok := litgptCommandMethods[c.Args[0].Text]; ok {
			method, named = m, "litgpt "+c.Args[0].Text
			at = plan.At(s.launchArgs().file.Path, c.Args[0].Pos.Line, c.Args[0].Pos.Column, c.Args[0].Text)
		}
	}
	if method == "adapter" {
		recipeGap(p, "LitGPT config: not read: adapter finetune", "the LLaMA-Adapter method's memory is not modelled", at)
	}
	// setup(precision=None) takes get_default_supported_precision(training=True):
	// bf16-mixed on a GPU with bf16.
	prec := plan.Of("bf16-mixed", plan.Default(litgptRef+" get_default_supported_precision(training=True)"))
	if v, _ := s.str("precision"); v.Set {
		prec = v
	}
	switch strings.ToLower(prec.V) {
	case "bf16-true":
		p.Precision, p.LoadDtype = plan.Of(plan.BF16, prec.From), plan.Of(plan.BF16, prec.From)
	case "16-true":
		p.Precision, p.LoadDtype = plan.Of(plan.FP16, prec.From), plan.Of(plan.FP16, prec.From)
	case "bf16-mixed":
		p.Precision, p.LoadDtype = plan.Of(plan.BF16, prec.From), plan.Of(plan.FP32, prec.From)
	case "16-mixed":
		p.Precision, p.LoadDtype = plan.Of(plan.FP16, prec.From), plan.Of(plan.FP32, prec.From)
	case "32-true":
		p.Precision, p.LoadDtype = plan.Of(plan.FP32, prec.From), plan.Of(plan.FP32, prec.From)
	default:
		p.Assume("LitGPT precision %q not read: estimated as bf16-mixed", prec.V)
	}
	if method == "lora" || method == "qlora" {
		p.PEFT.Method = plan.Of("lora", plan.Derived(named))
		// lora.py setup(): lora_r 8, lora_alpha 16, lora_query and
		// lora_value True, the others False.
		p.PEFT.R = plan.Of(8, plan.Default(litgptRef+" finetune/lora.py setup(lora_r=8)"))
		p.PEFT.Alpha = plan.Of(16, plan.Default(litgptRef+" finetune/lora.py setup(lora_alpha=16)"))
		r, _ := s.integer("lora_r")
		set(&p.PEFT.R, r)
		a, _ := s.integer("lora_alpha")
		set(&p.PEFT.Alpha, a)
		var targets []string
		for _, t := range []struct {
			key  string
			def  bool
			mods []string
		}{
			{"lora_query", true, []string{"q_proj"}}, {"lora_key", false, []string{"k_proj"}},
			{"lora_value", true, []string{"v_proj"}}, {"lora_projection", false, []string{"o_proj"}},
			{"lora_mlp", false, []string{"gate_proj", "up_proj", "down_proj"}}, {"lora_head", false, []string{"lm_head"}},
		} {
			on := t.def
			if v, _ := s.boolean(t.key); v.Set {
				on = v.V
			}
			if on {
				targets = append(targets, t.mods...)
			}
		}
		p.PEFT.TargetModules = plan.Of(targets, plan.Derived("LitGPT lora_query/key/value/projection/mlp/head"))
	}
	// quantize: bnb.nf4, bnb.nf4-dq, bnb.fp4, bnb.fp4-dq, bnb.int8-training.
	if q, _ := s.str("quantize"); q.Set {
		switch {
		case strings.HasPrefix(q.V, "bnb.nf4"):
			p.Quant = plan.Of(plan.NF4, q.From)
		case strings.HasPrefix(q.V, "bnb.fp4"):
			p.Quant = plan.Of(plan.FP4, q.From)
		case strings.HasPrefix(q.V, "bnb.int8"):
			p.Quant = plan.Of(plan.Int8, q.From)
		}
		if p.Quant.Set && p.PEFT.Method.V == "lora" && p.Quant.V != plan.Int8 {
			p.PEFT.Method = plan.Of("qlora", q.From)
		}
	}
	devices, _ := s.integer("devices")
	if !devices.Set {
		devices = plan.Of(1, plan.Default(litgptRef+" setup(devices=1)"))
	}
	nodes, _ := s.integer("num_nodes")
	if !nodes.Set {
		nodes = plan.Of(1, plan.Default(litgptRef+" setup(num_nodes=1)"))
	}
	world := max(1, devices.V) * max(1, nodes.V)
	p.Processes = plan.Of(world, plan.Derived("LitGPT devices × num_nodes"))
	// TrainArgs: micro_batch_size 1 and global_batch_size 16 in setup();
	// each rank accumulates global // (devices·num_nodes) // micro.
	mb, _ := s.integer("train.micro_batch_size")
	if !mb.Set {
		mb = plan.Of(1, plan.Default(litgptRef+" setup(train=TrainArgs(micro_batch_size=1))"))
	}
	p.MicroBatch = mb
	gb, _ := s.integer("train.global_batch_size")
	if !gb.Set {
		gb = plan.Of(16, plan.Default(litgptRef+" setup(train=TrainArgs(global_batch_size=16))"))
	}
	p.GlobalBatch = gb
	if mb.V > 0 {
		p.GradAccum = plan.Of(max(1, gb.V/world/mb.V), plan.Derived("LitGPT TrainArgs.gradient_accumulation_iters: global_batch_size // (devices × num_nodes) // micro_batch_size"))
	}
	if n, _ := s.integer("train.max_seq_length"); n.Set {
		p.SeqLen = n
	}
	// More than one device: full.py shards with FSDPStrategy and checkpoints
	// every Block; lora.py with ModelParallelStrategy(parallelize_fn), whose
	// activation_checkpointing defaults to True. One device: no sharding,
	// no checkpointing.
	p.GradientCheckpointing = plan.Of(false, plan.Default(litgptRef+" strategy \"auto\" on one device"))
	if world > 1 {
		p.FSDP.Mode = plan.Of("full_shard", plan.Derived("LitGPT shards over devices × num_nodes > 1"))
		p.GradientCheckpointing = plan.Of(true, plan.Derived("LitGPT checkpoints every Block when sharded"))
	}
	p.Optimizer = plan.Of("adamw_torch", plan.Default(litgptRef+" setup(optimizer=\"AdamW\")"))
	if o, _ := s.str("optimizer.class_path", "optimizer"); o.Set && !strings.HasSuffix(o.V, "AdamW") {
		p.Assume("LitGPT optimizer %s not read: estimated as AdamW", o.V)
	}
}

// litgptSpells: LitGPT's jsonargparse rejects keys setup() does not take;
// the method is the subcommand, checkpointing follows the sharding, and the
// batch lives under train, so a fix writes only keys the config already
// holds.
var litgptSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{string(LitGPT): refusing(map[string]Spelling{},
		append([]string{"gradient_checkpointing", "per_device_train_batch_size", "gradient_accumulation_steps"}, trainerOnlyKeys...)...)}
})
