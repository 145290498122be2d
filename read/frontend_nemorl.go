package read

import (
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
)

// nemoRLRef is the NeMo-RL source every default below is read from:
// nemo_rl/utils/config.py (load_config_with_inheritance) and
// nemo_rl/models/policy/dtensor_policy_worker.py.
const nemoRLRef = "NVIDIA/NeMo-RL 54bec9d (after v0.1.0)"

// nemoMaxParents bounds a defaults: chain, beside the cycle guard.
const nemoMaxParents = 16

// nemoChain is a NeMo-RL config and the files its defaults: key names,
// nearest first: load_config_with_inheritance merges each parent under its
// child, so a key is read from the first file that sets it.
type nemoChain []settings

func (c nemoChain) pick(get func(settings) bool) {
	for _, s := range c {
		if get(s) {
			return
		}
	}
}

func (c nemoChain) str(key string) plan.Value[string] {
	var out plan.Value[string]
	c.pick(func(s settings) bool { out, _ = s.str(key); return out.Set })
	return out
}

func (c nemoChain) integer(key string) plan.Value[int] {
	var out plan.Value[int]
	c.pick(func(s settings) bool { out, _ = s.integer(key); return out.Set })
	return out
}

func (c nemoChain) boolean(key string) plan.Value[bool] {
	var out plan.Value[bool]
	c.pick(func(s settings) bool { out, _ = s.boolean(key); return out.Set })
	return out
}

func (c nemoChain) has(key string) bool {
	for _, s := range c {
		if n, _ := s.node(key); n != nil {
			return true
		}
	}
	return false
}

// nemoParents follows the defaults: chain of s (a path, or a list of paths,
// relative to the file naming them, as resolve_path does), with a cycle
// guard. A parent that cannot be read ends the chain with its reason.
func nemoParents(s settings) (nemoChain, string) {
	chain := nemoChain{s}
	seen := map[string]bool{filepath.Clean(s.file.Path): true}
	for cur := s; len(chain) <= nemoMaxParents; {
		_, d := document.Get(cur.root, "defaults")
		if d == nil || document.IsNull(d) {
			return chain, ""
		}
		names := []*yaml.Node{d}
		if d.Kind == yaml.SequenceNode {
			names = d.Content
		}
		if len(names) != 1 || names[0].Kind != yaml.ScalarNode {
			return chain, "defaults: names more than one parent"
		}
		if filepath.IsAbs(names[0].Value) {
			// Only the folders of the configs themselves are read.
			return chain, "defaults: " + names[0].Value + " is an absolute path, not followed"
		}
		path := filepath.Clean(filepath.Join(filepath.Dir(cur.file.Path), names[0].Value))
		if seen[path] {
			return chain, "defaults: " + names[0].Value + " is a cycle"
		}
		seen[path] = true
		src, err := os.ReadFile(path)
		if err != nil {
			return chain, fmt.Sprintf("defaults: %s cannot be read", names[0].Value)
		}
		doc, err := document.Parse(path, src)
		if err != nil || doc.Root == nil || doc.Root.Kind != yaml.MappingNode {
			return chain, fmt.Sprintf("defaults: %s is not a YAML mapping", names[0].Value)
		}
		cur = settings{file: &File{Path: path, Format: NemoRL, Doc: doc, Root: doc.Root}, root: doc.Root}
		chain = append(chain, cur)
	}
	return chain, "defaults: the chain is longer than 16 files"
}

// applyNemoRL reads a NeMo-RL config, its defaults: chain resolved: the
// policy (the model trained), its DTensor (FSDP2) settings and the cluster.
// GRPO and DPO hold more than the policy on the GPU; what the plan cannot
// express is recorded as a memory gap.
func applyNemoRL(p *plan.Plan, s settings) {
	chain, why := nemoParents(s)
	for _, c := range chain[1:] {
		p.Files = append(p.Files, c.file.Path)
	}
	p.Launcher = plan.Of("nemo-rl", plan.Derived("a NeMo-RL config"))
	at := plan.At(s.file.Path, 1, 1, "")
	if why != "" {
		recipeGap(p, "NeMo-RL config: not read: its defaults: chain", why, at)
	}
	if v := chain.str("policy.model_name"); v.Set {
		p.ModelRef = v
	}
	set(&p.MicroBatch, chain.integer("policy.train_micro_batch_size"))
	set(&p.GlobalBatch, chain.integer("policy.train_global_batch_size"))
	set(&p.SeqLen, chain.integer("policy.max_total_sequence_length"))
	gpus, nodes := chain.integer("cluster.gpus_per_node"), chain.integer("cluster.num_nodes")
	if gpus.Set {
		p.Processes = plan.Of(gpus.V*max(1, nodes.Or(1)), plan.Derived("NeMo-RL cluster.gpus_per_node × cluster.num_nodes"))
		if !p.Hardware.Nodes.Set && nodes.Set {
			p.Hardware.Nodes = nodes
		}
	}
	if p.MicroBatch.V > 0 && p.GlobalBatch.Set && p.Processes.Set {
		p.GradAccum = plan.Of(max(1, p.GlobalBatch.V/(p.MicroBatch.V*p.Processes.V)),
			plan.Derived("NeMo-RL train_global_batch_size / (train_micro_batch_size × GPUs)"))
	}
	// policy.optimizer.name is the class the worker builds (torch.optim.AdamW
	// in every example).
	if o := chain.str("policy.optimizer.name"); o.Set {
		if name, ok := recipeOptimizers[o.V]; ok {
			p.Optimizer = plan.Of(name, o.From)
		} else {
			p.Assume("NeMo-RL optimizer %s not read: estimated as AdamW", o.V)
		}
	}
	// The DTensor worker loads the model in fp32 (from_pretrained(...,
	// torch_dtype=torch.float32)) and computes in policy.precision through
	// FSDP2's MixedPrecisionPolicy(param_dtype=precision).
	if v := chain.str("policy.precision"); v.Set {
		if d, ok := dtypeOf(v.V); ok {
			p.Precision = plan.Of(d, v.From)
		}
	}
	if chain.boolean("policy.dtensor_cfg.enabled").V {
		p.LoadDtype = plan.Of(plan.FP32, plan.Default(nemoRLRef+" DTensorPolicyWorker from_pretrained(torch_dtype=torch.float32)"))
		p.FSDP.Mode = plan.Of("full_shard", chain.str("policy.dtensor_cfg.enabled").From)
		if v := chain.boolean("policy.dtensor_cfg.cpu_offload"); v.Set {
			p.FSDP.CPUOffload = v
		}
		if v := chain.boolean("policy.dtensor_cfg.activation_checkpointing"); v.Set {
			p.GradientCheckpointing = v
		}
		if tp := chain.integer("policy.dtensor_cfg.tensor_parallel_size"); tp.V > 1 {
			recipeGap(p, fmt.Sprintf("NeMo-RL config: not read: tensor_parallel_size %d", tp.V), "tensor parallelism is not modelled", tp.From)
		}
	} else {
		recipeGap(p, "NeMo-RL config: not read: the FSDP1 policy worker", "dtensor_cfg is disabled and the FSDP1 worker is not modelled", at)
	}
	switch {
	case chain.has("grpo"):
		util := chain.str("policy.generation.vllm_cfg.gpu_memory_utilization")
		why := "the generation engine's memory and the reference model are not modelled"
		if util.Set {
			why = fmt.Sprintf("the vLLM generation engine's memory (gpu_memory_utilization %s) and the reference model are not modelled", util.V)
		}
		recipeGap(p, "NeMo-RL GRPO", why, util.From)
	case chain.has("dpo"):
		recipeGap(p, "NeMo-RL DPO", "the reference model's memory is not modelled", at)
	case !chain.has("sft"):
		recipeGap(p, "NeMo-RL config: not read: its algorithm", "no sft, grpo or dpo section names it", at)
	}
}

// nemoRLSpells: NeMo-RL's settings live under policy (dtensor_cfg,
// optimizer, batch sizes), so a fix writes only keys the config already
// holds.
var nemoRLSpells = map[string]map[string]Spelling{string(NemoRL): refusing(map[string]Spelling{},
	append([]string{"gradient_checkpointing", "per_device_train_batch_size", "gradient_accumulation_steps"}, trainerOnlyKeys...)...)}
