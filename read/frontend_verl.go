package read

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/shell"
)

// verl reads `python3 -m verl.trainer.main_ppo key=value …`, the Hydra
// command of verl and of the research repositories built on it, and EasyR1's
// `python3 -m verl.trainer.main config=x.yaml key=value …`. Its arguments are
// Hydra (or OmegaConf) overrides, not Trainer arguments, and the driver
// process asks Ray for trainer.nnodes × trainer.n_gpus_per_node GPUs.
var verl = frontend{name: "verl", reads: "verl and EasyR1 base configs (ppo_trainer.yaml) and `python -m verl.trainer.main_ppo key=value` launches", owns: formatIs(Verl), apply: func(*plan.Plan, settings) {}, command: applyVerlCommand}

// verlDialect holds the key names and defaults of one verl flavour.
type verlDialect struct {
	name     string // "verl", "EasyR1"
	source   string // where the defaults are cited from
	keys     map[string]string
	defaults map[string]string
}

// verlMain is verl v0.7.0's dialect: keys and defaults of
// verl/trainer/config/_generated_ppo_trainer.yaml (the flattened
// ppo_trainer.yaml with its per-component defaults).
var verlMain = verlDialect{
	name:   "verl",
	source: "verl v0.7.0 verl/trainer/config/ppo_trainer.yaml",
	keys: map[string]string{
		"nnodes": "trainer.nnodes", "gpus": "trainer.n_gpus_per_node",
		"model":  "actor_rollout_ref.model.path",
		"prompt": "data.max_prompt_length", "response": "data.max_response_length",
		"param_offload": "actor_rollout_ref.actor.fsdp_config.param_offload", "optimizer_offload": "actor_rollout_ref.actor.fsdp_config.optimizer_offload",
		"micro": "actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu", "micro_global": "actor_rollout_ref.actor.ppo_micro_batch_size",
		"max_tokens": "actor_rollout_ref.actor.ppo_max_token_len_per_gpu", "dynamic_bsz": "actor_rollout_ref.actor.use_dynamic_bsz",
		"gc":     "actor_rollout_ref.model.enable_gradient_checkpointing",
		"engine": "actor_rollout_ref.rollout.name", "gpu_memory": "actor_rollout_ref.rollout.gpu_memory_utilization",
		"tp": "actor_rollout_ref.rollout.tensor_model_parallel_size", "n": "actor_rollout_ref.rollout.n",
		"lora": "actor_rollout_ref.model.lora_rank",
		"adv":  "algorithm.adv_estimator", "kl_loss": "actor_rollout_ref.actor.use_kl_loss", "kl_reward": "algorithm.use_kl_in_reward",
		"ref_offload": "actor_rollout_ref.ref.fsdp_config.param_offload",
	},
	defaults: map[string]string{
		"trainer.nnodes": "1", "trainer.n_gpus_per_node": "8",
		"data.max_prompt_length": "512", "data.max_response_length": "512",
		"actor_rollout_ref.actor.fsdp_config.param_offload": "false", "actor_rollout_ref.actor.fsdp_config.optimizer_offload": "false",
		"actor_rollout_ref.actor.ppo_max_token_len_per_gpu": "16384", "actor_rollout_ref.actor.use_dynamic_bsz": "false",
		"actor_rollout_ref.model.enable_gradient_checkpointing": "true",
		"actor_rollout_ref.rollout.gpu_memory_utilization":      "0.5", "actor_rollout_ref.rollout.tensor_model_parallel_size": "2",
		"actor_rollout_ref.rollout.n": "1", "actor_rollout_ref.model.lora_rank": "0",
		"algorithm.adv_estimator": "gae", "actor_rollout_ref.actor.use_kl_loss": "false", "algorithm.use_kl_in_reward": "false",
		"actor_rollout_ref.ref.fsdp_config.param_offload": "false",
	},
}

// verlEasyR1 is EasyR1 v0.3.2's dialect: the dataclass defaults of
// verl/trainer/config.py and verl/workers/rollout/config.py.
var verlEasyR1 = verlDialect{
	name:   "EasyR1",
	source: "EasyR1 v0.3.2 verl/trainer/config.py and verl/workers/*/config.py",
	keys: map[string]string{
		"nnodes": "trainer.nnodes", "gpus": "trainer.n_gpus_per_node",
		"model":  "worker.actor.model.model_path",
		"prompt": "data.max_prompt_length", "response": "data.max_response_length",
		"param_offload": "worker.actor.offload.offload_params", "optimizer_offload": "worker.actor.offload.offload_optimizer",
		"micro":  "worker.actor.micro_batch_size_per_device_for_update",
		"gc":     "worker.actor.model.enable_gradient_checkpointing",
		"engine": "worker.rollout.name", "gpu_memory": "worker.rollout.gpu_memory_utilization",
		"tp": "worker.rollout.tensor_parallel_size", "n": "worker.rollout.n",
		"lora": "worker.actor.model.lora.rank",
		"adv":  "algorithm.adv_estimator", "kl_loss": "algorithm.use_kl_loss", "kl_reward": "algorithm.disable_kl",
		"ref_offload": "worker.ref.offload.offload_params",
	},
	defaults: map[string]string{
		"trainer.nnodes": "1", "trainer.n_gpus_per_node": "8",
		"data.max_prompt_length": "512", "data.max_response_length": "512",
		"worker.actor.offload.offload_params": "false", "worker.actor.offload.offload_optimizer": "false",
		"worker.actor.micro_batch_size_per_device_for_update": "4",
		"worker.actor.model.enable_gradient_checkpointing":    "true",
		"worker.rollout.name":                                 "vllm", "worker.rollout.gpu_memory_utilization": "0.6",
		"worker.rollout.tensor_parallel_size": "2", "worker.rollout.n": "1", "worker.actor.model.lora.rank": "0",
		"algorithm.adv_estimator": "grpo", "algorithm.use_kl_loss": "true",
		"worker.ref.offload.offload_params": "false",
	},
}

// verlDialectOf returns the dialect of a command that runs a verl trainer:
// verl.trainer.main_ppo and the forks' variants of it (main_ppo_format,
// main_ppo_sky, …), or EasyR1's verl.trainer.main.
func verlDialectOf(c *shell.Command) (verlDialect, bool) {
	if c == nil || c.Launcher != shell.Python {
		return verlDialect{}, false
	}
	prog := c.Program.Text
	if !c.Module {
		prog = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(prog, "./"), ".py"), "/", ".")
	}
	switch {
	case prog == "verl.trainer.main":
		return verlEasyR1, true
	case strings.HasPrefix(prog, "verl.trainer.main_ppo"):
		return verlMain, true
	}
	return verlDialect{}, false
}

// verlJob attaches the base config a verl command starts from and reports
// whether the command is verl's, whose words are not read as Trainer
// arguments or config files. Hydra reads verl's ppo_trainer.yaml from the
// package the command imports (config_path="config" next to
// verl/trainer/main_ppo.py), so a fork's modified copy in the repository the
// script runs from wins; EasyR1 names its YAML with config=.
func (l *loader) verlJob(j *Job, f *File, c *shell.Command) bool {
	d, ok := verlDialectOf(c)
	if !ok {
		return false
	}
	if d.name == verlEasyR1.name {
		for _, o := range hydraOverrides(c) {
			if o.key == "config" && o.val.Known {
				n := &yaml.Node{Kind: yaml.ScalarNode, Value: o.val.Text, Line: o.val.Pos.Line, Column: o.val.Pos.Column}
				base, err := l.ref(f, n, "config=", Verl)
				if err != nil {
					j.unresolved(f, n, "config=", err)
					return true
				}
				j.Base = base
			}
		}
		return true
	}
	for _, cand := range []string{"verl/trainer/config/ppo_trainer.yaml", "verl/verl/trainer/config/ppo_trainer.yaml"} {
		if p, found := resolveRef(f.Path, cand); found {
			if base, err := l.file(p); err == nil && base.Format == Verl {
				j.Base = base
				return true
			}
		}
	}
	return true
}

// hydraOverride is one key=value word of a Hydra command line.
type hydraOverride struct {
	key      string
	keyPos   document.Pos
	val      shell.Word
	appended bool // +key= or ++key=
}

// hydraOverrides reads a command's key=value words: +key adds a key, ++key
// adds or overrides one, ~key deletes one (left out here). The shell has
// already removed quotes and expanded variables.
func hydraOverrides(c *shell.Command) []hydraOverride {
	var out []hydraOverride
	for _, w := range c.Args {
		t := w.Text
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "~") {
			continue
		}
		eq := strings.IndexByte(t, '=')
		if eq <= 0 {
			continue
		}
		key := strings.TrimLeft(t[:eq], "+")
		if key == "" || strings.ContainsAny(key, " $(){}[]'\"") {
			continue
		}
		val := w
		val.Text = t[eq+1:]
		if strings.HasPrefix(w.Raw, t[:eq+1]) {
			val.Pos = document.Pos{Line: w.Pos.Line, Column: w.Pos.Column + eq + 1}
		}
		out = append(out, hydraOverride{key: key, keyPos: w.Pos, val: val, appended: strings.HasPrefix(t, "+")})
	}
	return out
}

// verlValue is one setting of a verl job, with where it came from.
type verlValue struct {
	text  string
	known bool
	from  plan.Origin
	why   string // for an unknown value: what it depends on
}

// verlConfig looks keys up the way Hydra composes them: the command's
// overrides, then the base YAML, then the dialect's defaults.
type verlConfig struct {
	d      verlDialect
	script string
	over   map[string]hydraOverride
	base   *File
}

func (v verlConfig) get(role string) (verlValue, bool) {
	key, ok := v.d.keys[role]
	if !ok {
		return verlValue{}, false
	}
	return v.lookup(key, 0)
}

func (v verlConfig) lookup(key string, depth int) (verlValue, bool) {
	if o, ok := v.over[key]; ok {
		val := verlValue{text: unquote(o.val.Text), known: o.val.Known, from: plan.At(v.script, o.keyPos.Line, o.keyPos.Column, key)}
		if !o.val.Known {
			val.why = strings.Join(o.val.Unknown, ", ")
		}
		return v.interpolate(val, depth)
	}
	if v.base != nil && v.base.Root != nil {
		k, n := document.Lookup(v.base.Root, strings.Split(key, ".")...)
		if n != nil && n.Kind == yaml.ScalarNode {
			at := k
			if at == nil {
				at = n
			}
			val := verlValue{text: n.Value, known: true, from: plan.At(v.base.Path, at.Line, at.Column, key)}
			if !document.IsNull(n) {
				return v.interpolate(val, depth)
			}
			return verlValue{}, false
		}
	}
	if def, ok := v.d.defaults[key]; ok {
		return verlValue{text: def, known: true, from: plan.Default(v.d.source + " " + key)}, true
	}
	return verlValue{}, false
}

// interpolate follows a ${a.b} reference to another key, as OmegaConf does.
func (v verlConfig) interpolate(val verlValue, depth int) (verlValue, bool) {
	t := strings.TrimSpace(val.text)
	if !strings.HasPrefix(t, "${") || !strings.HasSuffix(t, "}") {
		return val, !strings.EqualFold(t, "null") && t != "~"
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(t, "${"), "}")
	if depth > 8 || strings.ContainsAny(ref, ":{}$ ") {
		return verlValue{}, false
	}
	return v.lookup(ref, depth+1)
}

func (v verlConfig) integer(role string) (plan.Value[int], verlValue, bool) {
	val, ok := v.get(role)
	if !ok || !val.known {
		return plan.Value[int]{}, val, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(val.text))
	if err != nil {
		return plan.Value[int]{}, val, false
	}
	return plan.Of(n, val.from), val, true
}

func (v verlConfig) boolean(role string) (plan.Value[bool], bool) {
	val, ok := v.get(role)
	if !ok || !val.known {
		return plan.Value[bool]{}, false
	}
	b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(val.text)))
	if err != nil {
		return plan.Value[bool]{}, false
	}
	return plan.Of(b, val.from), true
}

func (v verlConfig) number(role string) (float64, verlValue, bool) {
	val, ok := v.get(role)
	if !ok || !val.known {
		return 0, val, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(val.text), 64)
	return f, val, err == nil
}

// applyVerlCommand maps a verl command onto the plan.
func applyVerlCommand(p *plan.Plan, j *Job) (owns, world bool) {
	d, ok := verlDialectOf(j.Command)
	if !ok {
		return false, false
	}
	v := verlConfig{d: d, script: j.Script.Path, over: map[string]hydraOverride{}, base: j.Base}
	for _, o := range hydraOverrides(j.Command) {
		v.over[o.key] = o
	}
	p.Launcher = plan.Of("verl", plan.Derived(d.name+"'s Ray trainer (a Hydra command)"))
	applyVerlWorld(p, j, v)
	if m, ok := v.get("model"); ok && m.known {
		p.ModelRef = plan.Of(m.text, m.from)
	} else if ok && !m.known {
		p.Assume("the model path %q depends on %s", m.text, m.why)
	}
	prompt, pv, _ := v.integer("prompt")
	resp, rv, _ := v.integer("response")
	switch {
	case prompt.Set && resp.Set:
		p.SeqLen = plan.Of(prompt.V+resp.V, plan.Derived(fmt.Sprintf("%s %d + %s %d (%s: a sequence is the prompt and the response)", d.keys["prompt"], prompt.V, d.keys["response"], resp.V, d.name)))
	case !pv.known || !rv.known:
		p.Assume("the sequence length is unknown: %s is %q and %s is %q", d.keys["prompt"], pv.text, d.keys["response"], rv.text)
	}
	// verl's FSDP workers compute in bf16 (mixed_precision param_dtype) over
	// fp32 master weights (fsdp_config.model_dtype fp32), and load the
	// model with flash_attention_2 (verl v0.7.0 verl/workers/fsdp_workers.py,
	// _build_model_optimizer); EasyR1 v0.3.2 the same through
	// worker.actor.fsdp.mp_param_dtype bf16 and torch_dtype null, which
	// loads the actor in fp32 (verl/workers/fsdp_workers.py).
	p.Precision = plan.Of(plan.BF16, plan.Default(d.name+" FSDP mixed precision: bf16 compute"))
	p.LoadDtype = plan.Of(plan.FP32, plan.Default(d.name+" loads the actor in fp32 for FSDP"))
	p.Attention = plan.Of("flash_attention_2", plan.Default(d.name+" fsdp_workers attn_implementation"))
	p.Optimizer = plan.Of("adamw_torch", plan.Default(d.name+" actor optim AdamW"))
	p.GradAccum = plan.Of(1, plan.Default(d.name+": one optimizer step per PPO mini batch"))
	p.FSDP.Mode = plan.Of("full_shard", plan.Default(d.name+" actor strategy fsdp (FULL_SHARD)"))
	if off, ok := v.boolean("param_offload"); ok {
		p.FSDP.CPUOffload = off
	}
	if gc, ok := v.boolean("gc"); ok {
		p.GradientCheckpointing = gc
	}
	applyVerlMicroBatch(p, v)
	if r, _, ok := v.integer("lora"); ok && r.V > 0 {
		p.PEFT.Method = plan.Of("lora", r.From)
		p.PEFT.R = r
	} else {
		p.PEFT.Method = plan.Of("none", plan.Default(d.source+" "+d.keys["lora"]+" 0"))
	}
	applyVerlRollout(p, v)
	p.Gap(verlGap(v, j))
	return true, true
}

// applyVerlWorld reads the GPUs the driver asks Ray for:
// trainer.nnodes × trainer.n_gpus_per_node (verl's ResourcePoolManager).
func applyVerlWorld(p *plan.Plan, j *Job, v verlConfig) {
	gpus, gv, _ := v.integer("gpus")
	nodes, nv, _ := v.integer("nnodes")
	if nodes.Set && nodes.V > 0 && nodes.From.Kind == plan.FromFile {
		p.Hardware.Nodes = nodes
	}
	if !gpus.Set || !nodes.Set || gpus.V <= 0 || nodes.V <= 0 {
		what := gv
		key := v.d.keys["gpus"]
		if gv.known {
			what, key = nv, v.d.keys["nnodes"]
		}
		if what.known {
			p.Assume("%s is %q, not a count of GPUs", key, what.text)
		} else {
			p.Assume("the world size is unknown: %s is %q, which depends on %s", key, what.text, what.why)
		}
		return
	}
	from := gpus.From
	if from.Kind != plan.FromFile {
		from = nodes.From
	}
	if from.Kind != plan.FromFile {
		from = plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, v.d.keys["gpus"])
	}
	from.Note = fmt.Sprintf("%s %d × %s %d (Ray places one worker per GPU)", v.d.keys["gpus"], gpus.V, v.d.keys["nnodes"], nodes.V)
	p.Processes = plan.Of(gpus.V*nodes.V, from)
}

// applyVerlMicroBatch reads the actor's micro batch: per GPU, or the
// deprecated global ppo_micro_batch_size that verl divides by the world
// size (verl v0.7.0 fsdp_workers.py, ActorRolloutRefWorker.__init__); with
// use_dynamic_bsz a micro batch holds up to ppo_max_token_len_per_gpu tokens.
func applyVerlMicroBatch(p *plan.Plan, v verlConfig) {
	if dyn, ok := v.boolean("dynamic_bsz"); ok && dyn.V {
		if tok, _, ok := v.integer("max_tokens"); ok && p.SeqLen.Set && p.SeqLen.V > 0 {
			p.MicroBatch = plan.Of(max(1, tok.V/p.SeqLen.V), plan.Derived(fmt.Sprintf("use_dynamic_bsz: %s %d tokens ÷ %d-token sequences", v.d.keys["max_tokens"], tok.V, p.SeqLen.V)))
			return
		}
	}
	if mb, _, ok := v.integer("micro"); ok && mb.V > 0 {
		p.MicroBatch = mb
		return
	}
	if g, _, ok := v.integer("micro_global"); ok && g.V > 0 && p.Processes.Set {
		p.MicroBatch = plan.Of(max(1, g.V/p.Processes.V), plan.Derived(fmt.Sprintf("%s %d ÷ %d GPUs (deprecated; verl divides it by the world size)", v.d.keys["micro_global"], g.V, p.Processes.V)))
		return
	}
	p.MicroBatch = plan.Of(1, plan.Default(v.d.name+": no micro batch set; 1 assumed"))
	p.Assume("%s: no actor micro batch size found; 1 assumed", v.d.name)
}

// verlGap says what the estimate cannot model for a verl job yet.
func verlGap(v verlConfig, j *Job) plan.MemoryGap {
	engine := "vllm"
	if e, ok := v.get("engine"); ok && e.known && e.text != "???" {
		engine = e.text
	}
	var parts []string
	if g, val, ok := v.number("gpu_memory"); ok {
		parts = append(parts, "gpu_memory_utilization "+strconv.FormatFloat(g, 'g', -1, 64))
	} else if val.text != "" {
		parts = append(parts, "gpu_memory_utilization "+val.text)
	}
	if tp, _, ok := v.integer("tp"); ok {
		parts = append(parts, fmt.Sprintf("tensor parallel %d", tp.V))
	}
	rollout := "the rollout engine (" + engine
	if len(parts) > 0 {
		rollout += ", " + strings.Join(parts, ", ")
	}
	rollout += ")"
	others := []string{"the reference model"}
	if a, ok := v.get("adv"); ok && a.known && strings.EqualFold(a.text, "gae") {
		others = append(others, "the critic (adv_estimator gae)")
	}
	return plan.MemoryGap{
		Kind:   "RL trainer not modelled",
		What:   fmt.Sprintf("%s PPO: %s and %s are not modelled yet", v.d.name, rollout, strings.Join(others, " and ")),
		Detail: "the estimate covers one trained model per GPU; " + v.d.name + " places the actor, its rollout engine and the other models on the same GPUs",
		At:     plan.At(j.Script.Path, j.Command.Pos.Line, j.Command.Pos.Column, path.Base(j.Command.Program.Text)),
	}
}

// unquote removes the quotes of a quoted override value, as Hydra's
// override grammar does.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// applyVerlRollout reads the rollout engine. verl's hybrid engine runs it
// on every GPU of the actor.
func applyVerlRollout(p *plan.Plan, v verlConfig) {
	p.Rollout.SameGPUs = true
	if e, ok := v.get("engine"); ok && e.known && e.text != "???" {
		p.Rollout.Engine = plan.Of(e.text, e.from)
	}
	if tp, _, ok := v.integer("tp"); ok {
		p.Rollout.TensorParallel = tp
	}
	if g, val, ok := v.number("gpu_memory"); ok {
		p.Rollout.GPUMemoryUtilization = plan.Of(g, val.from)
	}
}
