package read

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// oat reads sail-sg's oat launches: `python -m oat.experiment.main|run_*
// …` and the programs built on it (understand-r1-zero's
// `python train_zero_math.py …`), whose tyro flags are those of oat's
// OATArgs and PPOArgs dataclasses. oat starts, on one machine, vLLM actors
// and DeepSpeed learners over --gpus GPUs: with --collocate both on every
// GPU, otherwise the actors on the first half and the learners on the rest.
var oat = frontend{name: "oat", reads: "`python -m oat.experiment.* --flag …` launches and programs built on oat (its OATArgs flags: --gpus, --collocate, --vllm_gpu_ratio, --pi_buffer_maxlen_per_device)",
	owns: func(*Job, settings) bool { return false }, apply: func(*plan.Plan, settings) {}, command: applyOatCommand, spells: oatSpells}

// oatSpells: a fix writes oat's micro batch, --train_batch_size_per_device;
// oat's DeepSpeed strategy derives the accumulation from
// --train_batch_size (oat/utils/deepspeed.py DeepspeedStrategy), so it is
// not written. tyro takes booleans as bare flags (--gradient-checkpointing,
// --no-...), which a fix cannot write as a value, and oat has no Trainer
// counterpart for its lengths, LoRA switch, optimizer or loading.
var oatSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{plan.RecipeOat: refusing(map[string]Spelling{
		"per_device_train_batch_size": renamed("train_batch_size_per_device"),
		"per_gpu_train_batch_size":    renamed("train_batch_size_per_device"),
		"micro_batch_size":            renamed("train_batch_size_per_device"),
		"gradient_accumulation_steps": dropKey,
	}, append(append([]string{"gradient_checkpointing", "max_slice_nums"}, seqLenKeys...), trainerOnlyKeys...)...)}
})

// oatRef is the oat source every default below is read from.
const oatRef = "sail-sg/oat c1a074c3 "

// oatOwnFlags are OATArgs fields no other framework's parser defines, so a
// program given one of them is built on oat (oat/args.py at c1a074c3).
var oatOwnFlags = []string{"vllm_gpu_ratio", "pi_buffer_maxlen_per_device", "rollout_batch_size_per_device", "num_gpus_per_actor", "sync_params_every"}

// oatCommand reports whether c runs an oat program: a module of the oat
// package, or a Python script whose flags include one only oat defines.
func oatCommand(j *Job) bool {
	c := j.Command
	if c == nil || c.Launcher != shell.Python {
		return false
	}
	if c.Module {
		return strings.HasPrefix(c.Program.Text, "oat.experiment.")
	}
	if j.Args == nil {
		return false
	}
	for _, pr := range document.Pairs(j.Args) {
		for _, f := range oatOwnFlags {
			if pr.Key.Value == f {
				return true
			}
		}
	}
	return false
}

// oatArgs looks tyro flags up, last one winning; tyro takes --a-b and --a_b
// alike (the reader has turned both into a_b) and --no-flag for false.
type oatArgs struct {
	script string
	pairs  map[string]document.Pair
}

func (a oatArgs) get(name string) (string, plan.Origin, bool, bool) {
	p, ok := a.pairs[name]
	if !ok {
		return "", plan.Origin{}, false, false
	}
	return p.Value.Value, plan.At(a.script, p.Key.Line, p.Key.Column, "--"+name), p.Value.Tag != "!!unknown", true
}

func (a oatArgs) integer(def int, name string) plan.Value[int] {
	if t, o, known, ok := a.get(name); ok && known {
		if n, err := strconv.Atoi(t); err == nil {
			return plan.Of(n, o)
		}
	}
	return plan.Of(def, plan.Default(oatRef+"oat/args.py OATArgs."+name))
}

func (a oatArgs) float(def float64, name string) plan.Value[float64] {
	if t, o, known, ok := a.get(name); ok && known {
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return plan.Of(f, o)
		}
	}
	return plan.Of(def, plan.Default(oatRef+"oat/args.py OATArgs."+name))
}

// flag reads a tyro boolean: --name (or --name true) sets it, --no-name
// clears it.
func (a oatArgs) flag(def bool, name string) plan.Value[bool] {
	if _, o, _, ok := a.get("no_" + name); ok {
		return plan.Of(false, o)
	}
	if t, o, known, ok := a.get(name); ok && known {
		b, err := strconv.ParseBool(t)
		return plan.Of(err != nil || b, o)
	}
	return plan.Of(def, plan.Default(oatRef+"oat/args.py OATArgs."+name))
}

func (a oatArgs) str(def, name string) plan.Value[string] {
	if t, o, known, ok := a.get(name); ok && known {
		return plan.Of(t, o)
	}
	return plan.Of(def, plan.Default(oatRef+"oat/args.py OATArgs."+name))
}

// applyOatCommand maps an oat launch onto the plan: the learners' world,
// their DeepSpeed config (oat/utils/deepspeed.py get_train_ds_config:
// --zero_stage, --adam_offload, --model_offload), the models beside the
// policy and the vLLM actors.
func applyOatCommand(p *plan.Plan, j *Job) (owns, world bool) {
	if !oatCommand(j) {
		return false, false
	}
	a := oatArgs{script: j.Script.Path, pairs: map[string]document.Pair{}}
	for _, pr := range document.Pairs(j.Args) {
		a.pairs[pr.Key.Value] = pr
	}
	p.Launcher = plan.Of("deepspeed", plan.Derived("oat's learners build their DeepSpeed config from its flags"))
	p.Recipe = plan.Of(plan.RecipeOat, plan.Derived("the launch runs an oat program"))
	world = applyOatWorld(p, j, a)
	if t, o, known, ok := a.get("pretrain"); ok && known {
		p.ModelRef = plan.Of(t, o)
	} else if !ok {
		p.ModelRef = plan.Of("trl-lib/pythia-1b-deduped-tldr-sft", plan.Default(oatRef+"oat/args.py OATArgs.pretrain"))
	}
	prompt := a.integer(1024, "prompt_max_length")
	gen := a.integer(512, "generate_max_length")
	p.SeqLen = plan.Of(prompt.V+gen.V, plan.Derived(fmt.Sprintf("--prompt_max_length %d + --generate_max_length %d (a rollout is the prompt and the generation)", prompt.V, gen.V)))
	p.RL.PromptLen, p.RL.CompletionLen = prompt, gen
	p.MicroBatch = a.integer(1, "train_batch_size_per_device")
	p.GradAccum = plan.Of(1, plan.Default("oat: one micro batch per step"))
	// DeepSpeed takes train_batch_size and the micro batch from oat's flags
	// and derives the accumulation from them (oat/utils/deepspeed.py
	// DeepspeedStrategy.get_ds_train_config).
	if tb := a.integer(128, "train_batch_size"); world && p.MicroBatch.V > 0 && tb.V >= p.MicroBatch.V*p.Processes.V {
		p.GradAccum = plan.Of(tb.V/(p.MicroBatch.V*p.Processes.V), plan.Derived(fmt.Sprintf("--train_batch_size %d ÷ (--train_batch_size_per_device %d × %d learners)", tb.V, p.MicroBatch.V, p.Processes.V)))
	}
	p.ZeRO.Enabled = true
	p.ZeRO.Stage = a.integer(2, "zero_stage")
	off := plan.OffloadNone
	ao := a.flag(false, "adam_offload")
	if ao.V {
		off = plan.OffloadCPU
	}
	p.ZeRO.OffloadOptimizer = plan.Of(off, ao.From)
	po := a.flag(false, "model_offload")
	p.ZeRO.OffloadParam = plan.Of(plan.OffloadNone, po.From)
	if po.V {
		p.ZeRO.OffloadParam = plan.Of(plan.OffloadCPU, po.From)
	}
	bf, fp := a.flag(true, "bf16"), a.flag(false, "fp16")
	switch {
	case fp.V:
		p.Precision, p.LoadDtype = plan.Of(plan.FP16, fp.From), plan.Of(plan.FP16, fp.From)
	case bf.V:
		p.Precision, p.LoadDtype = plan.Of(plan.BF16, bf.From), plan.Of(plan.BF16, bf.From)
	default:
		p.Precision, p.LoadDtype = plan.Of(plan.FP32, bf.From), plan.Of(plan.FP32, bf.From)
	}
	p.GradientCheckpointing = a.flag(false, "gradient_checkpointing")
	if fa := a.flag(true, "flash_attn"); fa.V {
		p.Attention = plan.Of("flash_attention_2", fa.From)
	} else {
		p.Attention = plan.Of("eager", fa.From)
	}
	p.Optimizer = plan.Of("adamw_torch", plan.Default(oatRef+"oat/utils/deepspeed.py create_optimizer: FusedAdam (DeepSpeedCPUAdam with --adam_offload)"))
	p.PEFT.Method = plan.Of("none", plan.Default(oatRef+"oat/args.py OATArgs.lora_rank 0"))
	if r := a.integer(0, "lora_rank"); r.V > 0 {
		p.PEFT.Method, p.PEFT.R = plan.Of("lora", r.From), r
		if q := a.flag(false, "load_in_4bit"); q.V {
			p.PEFT.Method, p.Quant = plan.Of("qlora", q.From), plan.Of(plan.NF4, q.From)
		}
	}
	applyOatModels(p, j, a)
	applyOatActors(p, a)
	return true, world
}

// applyOatWorld reads the learners' world (oat/interface.py get_program):
// --gpus on one machine, all of them learners with --collocate, else the
// second half (gpus − gpus/2, one GPU shared when odd), times --num_groups.
func applyOatWorld(p *plan.Plan, j *Job, a oatArgs) bool {
	if _, _, known, ok := a.get("gpus"); ok && !known {
		p.Assume("the learners' GPUs are unknown: --gpus depends on the environment")
		return false
	}
	gpus := a.integer(8, "gpus")
	groups := a.integer(1, "num_groups")
	if gpus.V <= 0 || groups.V <= 0 {
		p.Assume("--gpus is %d, not a count of GPUs", gpus.V)
		return false
	}
	colo := a.flag(false, "collocate")
	learners := gpus.V - gpus.V/2
	how := fmt.Sprintf("--gpus %d without --collocate: the learners take the second half, %d", gpus.V, learners)
	if colo.V {
		learners, how = gpus.V, fmt.Sprintf("--gpus %d with --collocate: actors and learners on every GPU", gpus.V)
	}
	from := gpus.From
	if from.Kind != plan.FromFile {
		from = plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, "--gpus")
	}
	from.Note = how
	if groups.V > 1 {
		from.Note += fmt.Sprintf(", × --num_groups %d", groups.V)
		p.Hardware.Nodes = groups
	}
	p.Processes = plan.Of(learners*groups.V, from)
	p.RL.PolicyGPUs = p.Processes
	if !p.Hardware.GPUsPerNode.Set {
		per := gpus.From
		if per.Kind != plan.FromFile {
			per = from
		}
		per.Note = fmt.Sprintf("--gpus %d: the GPUs of the machine oat runs on (none declared)", gpus.V)
		p.Hardware.GPUsPerNode = plan.Of(gpus.V, per)
	}
	return true
}

// oatAlgo is the algorithm an oat program trains: --algo, else OATArgs'
// default DPO for oat's preference programs (oat/experiment/main.py and
// the other oat.experiment modules but run_math_rl, run_ppo and
// run_offline_ppo), else PPO: oat's RL programs set args.algo = "PPO"
// before validation (oat/experiment/run_math_rl.py), as the programs built
// on oat do (understand-r1-zero's train_zero_math.py, SPIRAL's
// train_spiral.py at a02d0ed8); --critic_type then says which.
func oatAlgo(p *plan.Plan, j *Job, a oatArgs) plan.Value[string] {
	if t, o, known, ok := a.get("algo"); ok && known {
		return plan.Of(t, o)
	}
	prog := j.Command.Program.Text
	if j.Command.Module && !strings.Contains(prog, "ppo") && !strings.Contains(prog, "math_rl") {
		return plan.Of("DPO", plan.Default(oatRef+"oat/args.py OATArgs.algo"))
	}
	if !j.Command.Module {
		p.Assume("%s builds on oat and names no --algo: taken as an RL program, which sets args.algo = \"PPO\" as oat's run_math_rl.py does", prog)
	}
	return plan.Of("PPO", plan.Derived(oatRef+"oat/experiment/run_math_rl.py: RL programs set args.algo = \"PPO\""))
}

// applyOatModels reads the models beside the policy. RL (PPOLearner): the
// reference only when --beta or --kl_penalty_coef is above 0
// (oat/learners/rl.py), a trained critic for --critic_type ppo (default
// drgrpo, group baselines without one). Preference learning (DAPLearner):
// the reference for every algorithm but SimPO and SFT, and each micro
// batch runs chosen and rejected in one concatenated forward
// (oat/learners/dap.py). The reference is a DeepSpeed eval engine: ZeRO-3
// when the learners train with --zero_stage 3, else stage 0 (a whole copy
// per GPU), its parameters on the host with --ref_offload, which DeepSpeed
// honours at stage 3 only (oat/utils/deepspeed.py get_ds_eval_config).
func applyOatModels(p *plan.Plan, j *Job, a oatArgs) {
	algo := oatAlgo(p, j, a)
	needRef := false
	switch strings.ToUpper(algo.V) {
	case "PPO":
		ct := a.str("drgrpo", "critic_type")
		if ct.V == "ppo" {
			p.RL.Algorithm = plan.Of(plan.AlgoPPO, ct.From)
			critic := plan.Companion{Role: plan.RoleCritic, Trained: true, Colocated: true, Sharded: p.ZeRO.Stage.V == 3, From: ct.From}
			if t, o, known, ok := a.get("critic_pretrain"); ok && known {
				critic.ModelRef = plan.Of(t, o)
			}
			p.RL.Companions = append(p.RL.Companions, critic)
		} else {
			p.RL.Algorithm = plan.Of(plan.AlgoGRPO, ct.From)
		}
		needRef = a.float(0.1, "beta").V > 0 || a.float(0, "kl_penalty_coef").V > 0
	case "SIMPO", "SFT":
		p.RL.Algorithm = plan.Of(plan.AlgoOther, algo.From)
	default:
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, algo.From)
		needRef = true
	}
	if p.RL.Algorithm.V == plan.AlgoDPO || strings.EqualFold(algo.V, "SimPO") {
		p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("--train_batch_size_per_device %d pairs: chosen and rejected in one concatenated forward", p.MicroBatch.V)))
	}
	if !needRef {
		return
	}
	ref := plan.Companion{Role: plan.RoleReference, Colocated: true, From: algo.From,
		ZeROStage: plan.Of(0, plan.Default(oatRef+"oat/utils/deepspeed.py get_ds_eval_config: stage 0 unless --zero_stage 3"))}
	if p.ZeRO.Stage.V == 3 {
		ref.ZeROStage, ref.Sharded = p.ZeRO.Stage, true
		if off := a.flag(false, "ref_offload"); off.V {
			ref.ParamOffload = off
		}
	}
	ref.Dtype = p.Precision
	if t, o, known, ok := a.get("ref_pretrain"); ok && known && t != "" {
		ref.ModelRef = plan.Of(t, o)
	}
	p.RL.Companions = append(p.RL.Companions, ref)
}

// applyOatActors reads the vLLM actors (oat/interface.py get_program):
// each spans --num_gpus_per_actor GPUs and reserves --vllm_gpu_ratio of
// each; with --collocate they share the learners' GPUs, asleep while the
// learners train with --vllm_sleep.
func applyOatActors(p *plan.Plan, a oatArgs) {
	p.RL.Generations = a.integer(2, "num_samples")
	p.Rollout.Engine = plan.Of("vllm", plan.Default(oatRef+"oat/actors/base.py: vLLM actors"))
	p.Rollout.TensorParallel = a.integer(1, "num_gpus_per_actor")
	p.Rollout.GPUMemoryUtilization = a.float(0.25, "vllm_gpu_ratio")
	colo := a.flag(false, "collocate")
	p.Rollout.SameGPUs = colo.V
	if colo.V {
		p.Rollout.Sleeps = a.flag(false, "vllm_sleep")
	}
}
