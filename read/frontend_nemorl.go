package read

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

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
	// Without sequence packing, batched_message_log_to_flat_message
	// (nemo_rl/data/llm_message_utils.py) pads the step's sequences to the
	// longest of them: max_total_sequence_length is a cap on prompt and
	// response that the rollouts may never reach.
	if pk := chain.boolean("policy.sequence_packing.enabled"); pk.V {
		p.Packing = pk
	} else {
		p.PadToLongest = plan.Of(true, plan.Derived(nemoRLRef+" batched_message_log_to_flat_message pads a batch to its longest sequence"))
	}
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
		// The worker's train and get_logprobs give the model an all-ones
		// attention_mask (attention_mask_input_all_ones at 54bec9d;
		// torch.ones, or None under sequence or context parallelism, in
		// v0.7.0 workers/dtensor_policy_worker.py train), so transformers'
		// sdpa path drops it and runs causal attention with grouped k and v
		// (use_gqa_in_sdpa: torch >= 2.5 and no mask; transformers 4.52.4
		// in NeMo-RL's uv.lock at 54bec9d).
		p.NoPaddingMask = plan.Of(true, plan.Default(nemoRLRef+" DTensorPolicyWorker.train attention_mask_input_all_ones"))
		// The worker is a Ray actor started with runtime_env env_vars
		// PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True (54bec9d
		// nemo_rl/models/policy/dtensor_policy_worker.py, @ray.remote of
		// DTensorPolicyWorker).
		p.ExpandableSegments = plan.Of(true, plan.Default(nemoRLRef+" DTensorPolicyWorker runtime_env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"))
		if tp := chain.integer("policy.dtensor_cfg.tensor_parallel_size"); tp.V > 1 {
			recipeGap(p, fmt.Sprintf("NeMo-RL config: not read: tensor_parallel_size %d", tp.V), "tensor parallelism is not modelled", tp.From)
		}
	} else {
		recipeGap(p, "NeMo-RL config: not read: the FSDP1 policy worker", "dtensor_cfg is disabled and the FSDP1 worker is not modelled", at)
	}
	switch {
	case chain.has("grpo"):
		applyNemoRLGRPO(p, chain)
	case chain.has("dpo"):
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, plan.Derived("NeMo-RL config with a dpo: section"))
		p.RL.Companions = append(p.RL.Companions, nemoRLReference(at))
		if p.MicroBatch.Set {
			// train_micro_batch_size counts preference pairs; the policy runs
			// chosen and rejected together, twice as many sequences
			// (nemo_rl/algorithms/dpo.py dpo_train: mbs =
			// train_micro_batch_size * 2, NVIDIA-NeMo/RL v0.7.0).
			p.MicroBatch = plan.Of(2*p.MicroBatch.V, plan.Derived(fmt.Sprintf("policy.train_micro_batch_size %d pairs: chosen and rejected in one micro batch", p.MicroBatch.V)))
		}
	case !chain.has("sft"):
		recipeGap(p, "NeMo-RL config: not read: its algorithm", "no sft, grpo or dpo section names it", at)
	}
}

// nemoRLRef7 is the NeMo-RL release the GRPO and DPO placement is read from.
const nemoRLRef7 = "NVIDIA-NeMo/RL v0.7.0"

// nemoRLReference is the reference policy of GRPO and DPO: the DTensor
// worker keeps its state dict in pinned host memory and copies it into the
// policy's own parameters for the reference forward (dtensor_policy_worker.py
// init_reference_model, use_reference_model), so it holds no GPU memory of
// its own.
func nemoRLReference(at plan.Origin) plan.Companion {
	return plan.Companion{Role: plan.RoleReference, Colocated: true, From: at,
		ParamOffload: plan.Of(true, plan.Default(nemoRLRef7+" nemo_rl/models/policy/workers/dtensor_policy_worker.py reference_model_state_dict on the CPU"))}
}

// applyNemoRLGRPO reads GRPO's generation: grpo.num_generations_per_prompt,
// the vLLM engine of policy.generation, colocated with the policy by
// default (generation.colocated.enabled); colocated, the policy offloads
// its optimizer state before the refit and its parameters after it, and
// vLLM runs with sleep mode, asleep while the policy trains
// (nemo_rl/algorithms/grpo.py refit_policy_generation, vllm_worker.py
// enable_sleep_mode=True). The completion shares
// policy.max_total_sequence_length with the prompt (max_new_tokens).
func applyNemoRLGRPO(p *plan.Plan, chain nemoChain) {
	p.RL.Algorithm = plan.Of(plan.AlgoGRPO, plan.Derived("NeMo-RL config with a grpo: section"))
	set(&p.RL.Generations, chain.integer("grpo.num_generations_per_prompt"))
	set(&p.RL.LogProbBatch, chain.integer("policy.logprob_batch_size"))
	if p.SeqLen.Set {
		p.RL.CompletionLen = p.SeqLen
	}
	p.RL.Companions = append(p.RL.Companions, nemoRLReference(plan.Derived("NeMo-RL GRPO's reference policy")))
	engine := chain.str("policy.generation.backend")
	if !engine.Set {
		engine = plan.Of("vllm", plan.Default(nemoRLRef7+" examples/configs/grpo_math_1B.yaml policy.generation.backend"))
	}
	p.Rollout.Engine = engine
	if tp := chain.integer("policy.generation.vllm_cfg.tensor_parallel_size"); tp.Set {
		p.Rollout.TensorParallel = tp
	}
	if util := chain.str("policy.generation.vllm_cfg.gpu_memory_utilization"); util.Set {
		if f, err := strconv.ParseFloat(util.V, 64); err == nil {
			p.Rollout.GPUMemoryUtilization = plan.Of(f, util.From)
		}
	}
	colo := chain.boolean("policy.generation.colocated.enabled")
	if !colo.Set {
		colo = plan.Of(true, plan.Default(nemoRLRef7+" examples/configs/grpo_math_1B.yaml policy.generation.colocated.enabled"))
	}
	p.Rollout.SameGPUs = colo.V
	if !colo.V {
		p.Assume("NeMo-RL generation runs on GPUs of its own (generation.colocated.enabled false); the policy is costed as sharded over the whole cluster (if generation takes some of its GPUs, each policy GPU holds more)")
	}
	if colo.V {
		p.Rollout.Sleeps = plan.Of(true, plan.Default(nemoRLRef7+" nemo_rl/models/generation/vllm/vllm_worker.py enable_sleep_mode=True"))
		off := plan.Of(true, plan.Default(nemoRLRef7+" nemo_rl/algorithms/grpo.py offload_before_refit, offload_after_refit"))
		p.RL.OffloadParamsForRollout, p.RL.OffloadOptimizerForRollout = off, off
	}
}

// nemoRLSpells: NeMo-RL's settings live under policy (dtensor_cfg,
// optimizer, batch sizes), so a fix writes only keys the config already
// holds.
var nemoRLSpells = sync.OnceValue(func() map[string]map[string]Spelling {
	return map[string]map[string]Spelling{string(NemoRL): refusing(map[string]Spelling{},
		append([]string{"gradient_checkpointing", "per_device_train_batch_size", "gradient_accumulation_steps"}, trainerOnlyKeys...)...)}
})
