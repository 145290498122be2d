package estimate

import (
	"fmt"
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// The phases an RL or preference job adds to the policy's training step.
const (
	PhaseRollout  = "rollout"   // the generation engine samples completions
	PhaseLogProbs = "log-probs" // reference, old-policy and critic forwards score them without gradients
)

// vllmDefaultUtilization is vLLM's own gpu_memory_utilization default
// (vllm/engine/arg_utils.py EngineArgs, v0.8–v0.11: 0.9), used when an
// RL plan names vLLM but not the fraction.
const vllmDefaultUtilization = 0.9

// rlJob is what an RL or preference plan adds to the policy's training
// step, resolved once: the models beside it and the engine that generates.
type rlJob struct {
	algo string
	// resident are the companions' bytes on each of the policy's GPUs
	// between their own uses (weights, and a critic's optimizer state).
	resident []Component
	// engine is the generation engine: "vllm", "sglang", "hf", or "" when
	// the job does not generate (DPO, KD).
	engine    string
	colocated bool    // the engine shares the policy's GPUs
	reserve   float64 // bytes a colocated engine holds while it generates
	sleeps    bool    // the engine frees its memory while the policy trains
	ofFree    bool    // the engine takes its weights plus util × the memory left free
	util      float64 // gpu_memory_utilization of a colocated engine
	tp        int     // GPUs one engine's weights are split over
	offParams bool    // the policy's parameters leave the GPU during generation
	offOpt    bool    // the policy's optimizer state leaves the GPU during generation
	genBatch  int     // completions one HF generate call holds
	logProbMB int     // micro batch of the scoring forwards
	teacher   float64 // a KD teacher's logits, alive through the student's forward and backward
	teacherNm string
}

// resolveRL reads the plan's RL description into the numbers the phases
// need, recording each default it assumes and the placement it costs.
// It returns nil for a supervised job.
func resolveRL(p *plan.Plan, j *job, s states) *rlJob {
	if !p.IsRL() {
		return nil
	}
	r := &rlJob{algo: p.RL.Algorithm.V}
	policyParams := float64(j.model.Params().Total)
	var placed []string
	for _, c := range p.RL.Companions {
		b, where := j.companionCost(c, s, policyParams)
		if c.Trained && c.Colocated {
			j.assume("the %s's own update is not costed apart: it holds what the policy's update holds, scaled to its size, which the policy's phases bound when it is not larger", c.Role)
		}
		placed = append(placed, c.Role+" "+where)
		if b.Bytes > 0 {
			r.resident = append(r.resident, b)
		}
		if c.Role == plan.RoleTeacher && c.Colocated {
			vocab := j.model.Text.Vocab
			if c.Model.Set && c.Model.V.Text.Vocab > 0 {
				vocab = c.Model.V.Text.Vocab
			}
			r.teacher = j.tokens() * float64(vocab) * j.compute.Bytes()
			r.teacherNm = fmt.Sprintf("the teacher's logits of the micro batch (%s × %d-token vocabulary × %.0f B)", count(int64(j.tokens())), vocab, j.compute.Bytes())
		}
	}
	r.resolveEngine(p, j)
	switch {
	case r.engine == "":
	case r.colocated:
		placed = append(placed, r.engine+" rollout on the same GPUs")
	default:
		placed = append(placed, r.engine+" rollout on GPUs of its own (not checked here)")
	}
	r.logProbMB = j.micro
	if n := p.RL.LogProbBatch.Or(0); n > 0 {
		r.logProbMB = n
	}
	where := fmt.Sprintf("on each of the %d GPUs", j.world)
	if j.world == 1 {
		where = "on one GPU"
	}
	j.assume("placement: the %s policy %s%s", r.algo, where, prefixed(", ", strings.Join(placed, ", ")))
	return r
}

// resolveEngine settles the generation engine of an online algorithm.
// vLLM and SGLang take a fixed share of the card when they share it
// (vLLM ≥ 0.7: gpu_memory_utilization is the fraction of the GPU's total
// memory the instance uses for its weights, activations and KV cache,
// vllm/worker/worker.py determine_num_available_blocks; verl documents it
// so for its rollout, docs/examples/config.rst); Hugging Face generate
// keeps a KV cache of the batch beside the policy.
func (r *rlJob) resolveEngine(p *plan.Plan, j *job) {
	ro := p.Rollout
	r.engine = strings.ToLower(ro.Engine.Or(""))
	if r.engine == "" && (r.algo == plan.AlgoGRPO || r.algo == plan.AlgoPPO) {
		r.engine = "hf"
		j.assume("completions are generated with Hugging Face generate on the policy (no rollout engine named)")
	}
	if r.engine == "" {
		return
	}
	r.colocated = ro.SameGPUs
	r.sleeps = ro.Sleeps.Or(false)
	r.offParams = p.RL.OffloadParamsForRollout.Or(false)
	r.offOpt = p.RL.OffloadOptimizerForRollout.Or(false)
	if r.engine == "hf" {
		j.assume("generate grows its KV cache a token at a time, so the caching allocator can hold several times the rollout's tensors afterwards (nvidia-smi shows it); it releases them on demand, so they are not counted")
		r.colocated = true
		r.genBatch = p.RL.GenerationBatch.Or(0)
		if r.genBatch <= 0 {
			r.genBatch = j.micro * max(1, p.RL.Generations.Or(1))
			j.assume("one generate call holds micro batch × generations = %d completions", r.genBatch)
		}
		return
	}
	if !r.colocated {
		return
	}
	util := ro.GPUMemoryUtilization.Or(0)
	if util <= 0 {
		util = vllmDefaultUtilization
		j.assume("the %s engine reserves %.2g of the card (vLLM's gpu_memory_utilization default)", r.engine, util)
	}
	r.util = util
	r.tp = max(1, ro.TensorParallel.Or(1))
	r.ofFree = ro.UtilizationOfFree.Or(false)
	r.reserve = util * float64(j.gpu.MemoryMiB) * MiB
	if r.ofFree {
		// Sized in rollout() from what is left free once the rest is
		// resident.
		r.reserve = 0
		if !r.sleeps {
			j.assume("the %s engine's share of the free memory is counted in the rollout only; it keeps it through the update too (it does not sleep)", r.engine)
		}
	}
	if !r.sleeps && !r.ofFree {
		j.assume("the %s engine keeps its %.2g of the card while the policy trains (it does not sleep)", r.engine, util)
	}
}

// companionCost is what one companion keeps on each of the policy's GPUs
// between its own forwards. A frozen model holds its weights (sharded when
// FSDP or ZeRO-3 shards it, none when offloaded or shared with a PEFT
// policy); a critic holds its weights and optimizer state, sharded and
// offloaded as the policy's are, in proportion to its parameters.
func (j *job) companionCost(c plan.Companion, s states, policyParams float64) (Component, string) {
	name := c.Role + "-weights"
	if !c.Colocated {
		return Component{}, "on GPUs of its own (not checked here)"
	}
	if c.Shared {
		return Component{}, "shared with the policy (its adapters disabled)"
	}
	params := policyParams
	what := "a copy of the policy"
	switch {
	case c.Model.Set:
		params = float64(c.Model.V.Params().Total)
		what = c.Model.V.ID
	case c.ModelRef.Set:
		j.assume("the %s model %q is not in the catalog: costed as the policy's size", c.Role, c.ModelRef.V)
		what = c.ModelRef.V + " (sized as the policy)"
	}
	if c.ParamOffload.Or(false) {
		return Component{}, "offloaded to the CPU between its uses"
	}
	if c.Trained {
		b := (s.weights.bytes + s.optimizer.bytes) * params / policyParams
		return Component{Name: "critic-states", Bytes: b,
			Note: fmt.Sprintf("%s: weights and optimizer state, sharded and offloaded as the policy's", what)}, "trained beside the policy"
	}
	dt := j.compute
	if c.Dtype.Set {
		dt = c.Dtype.V
	}
	b := params * dt.Bytes()
	note := fmt.Sprintf("%s: %s params × %.0f B (%s)", what, count(int64(params)), dt.Bytes(), dt)
	where := "whole on each GPU"
	if c.Sharded || c.ZeROStage.V == 3 {
		b /= float64(j.world)
		note += fmt.Sprintf(" / %d shards", j.world)
		where = fmt.Sprintf("sharded over %d GPUs", j.world)
	}
	return Component{Name: name, Bytes: b, Note: note}, where
}

// extend adds what the RL job holds to the policy's training phases and
// appends the phases of its own: generation and the scoring forwards.
func (r *rlJob) extend(j *job, s states, train []phase) []phase {
	out := make([]phase, 0, len(train)+2)
	for _, ph := range train {
		ph.terms = append(ph.terms, r.resident...)
		if r.colocated && r.reserve > 0 && !r.sleeps {
			ph.add("rollout-engine", r.reserve, "the "+r.engine+" engine's share of the card, kept while the policy trains")
		}
		if r.teacher > 0 && (ph.name == PhaseForward || ph.name == PhaseBackward) {
			ph.add("teacher-logits", r.teacher, r.teacherNm)
		}
		out = append(out, ph)
	}
	if r.engine != "" && r.colocated {
		out = append(out, r.rollout(j, s))
	}
	if r.algo == plan.AlgoGRPO || r.algo == plan.AlgoPPO {
		out = append(out, r.logProbs(j, s))
	}
	return out
}

// residentPolicy adds the policy's states that stay on the GPU outside its
// own forward and backward, and the companions'.
func (r *rlJob) residentPolicy(ph *phase, s states) {
	ph.add("workspaces", workspaceMiB*MiB, "cuBLAS workspaces and small buffers PyTorch allocates itself")
	if !r.offParams {
		ph.add("weights", s.weights.bytes, s.weights.note)
	}
	if !r.offOpt {
		ph.add("optimizer", s.optimizer.bytes, s.optimizer.note)
	}
	ph.terms = append(ph.terms, r.resident...)
}

// rollout is the generation phase on the policy's GPUs. The policy's
// gradients are freed after its step (zero_grad sets them to None); its
// parameters and optimizer state stay unless the framework offloads them
// for the rollout.
func (r *rlJob) rollout(j *job, s states) phase {
	ph := phase{name: PhaseRollout}
	r.residentPolicy(&ph, s)
	if r.engine != "hf" && r.ofFree {
		// The engine loads its weights (one tensor-parallel shard) and then
		// takes util × the memory still free for its KV cache.
		capacity := float64(j.gpu.MemoryMiB) * MiB
		w := float64(j.model.Params().Total) * 2 / float64(r.tp)
		used := ph.total() + w
		for _, c := range fixedBuffers(j) {
			used += c.Bytes
		}
		kv := r.util * max(0, capacity-used)
		ph.add("rollout-engine", w+kv, fmt.Sprintf("the %s engine's bf16 weights / tensor parallel %d, and gpu_memory_utilization %.2g × the %.1f GiB left free for its KV cache", r.engine, r.tp, r.util, max(0, capacity-used)/GiB))
		return ph
	}
	if r.engine != "hf" {
		ph.add("rollout-engine", r.reserve, fmt.Sprintf("the %s engine's weights, activations and KV cache: gpu_memory_utilization × %.1f GiB", r.engine, float64(j.gpu.MemoryMiB)*MiB/GiB))
		return ph
	}
	t := j.model.Text
	cb := j.compute.Bytes()
	if j.fsdp != "" || (j.deepspeed && j.zero.stage == 3) {
		// Generating from a sharded policy gathers it whole first (FSDP
		// summon_full_params; TRL's ds3_gather_for_generation).
		full := float64(j.model.Params().Total) * cb
		ph.add("generation-weights", full, fmt.Sprintf("the sharded policy gathered whole for generate: %s params × %.0f B", count(j.model.Params().Total), cb))
	}
	tokens := float64(r.genBatch) * float64(j.seq)
	kv := 2 * float64(t.Layers) * float64(t.KVHeads) * float64(t.HeadDim) * cb * tokens
	ph.add("kv-cache", kv, fmt.Sprintf("keys and values of %d completions × %d tokens × %d layers × %d KV heads × %d dims × %.0f B", r.genBatch, j.seq, t.Layers, t.KVHeads, t.HeadDim, cb))
	// Each decoding step computes the last position's logits and samples
	// from them in fp32.
	ph.add("generation-logits", float64(r.genBatch)*float64(t.Vocab)*(cb+2*4), "the last position's logits, fp32 upcast and softmax per completion")
	return ph
}

// logProbs is the scoring forwards (old policy, reference, critic values)
// under no_grad: the policy's and companions' resident states, one FSDP or
// ZeRO-3 unit gathered, and the logits of the log-prob micro batch with
// their fp32 log-softmax, which dominate the inference-mode activations.
func (r *rlJob) logProbs(j *job, s states) phase {
	ph := phase{name: PhaseLogProbs}
	ph.add("workspaces", workspaceMiB*MiB, "cuBLAS workspaces and small buffers PyTorch allocates itself")
	ph.add("weights", s.weights.bytes, s.weights.note)
	if !r.offOpt {
		ph.add("optimizer", s.optimizer.bytes, s.optimizer.note)
	}
	ph.terms = append(ph.terms, r.resident...)
	if r.colocated && r.reserve > 0 && !r.sleeps {
		ph.add("rollout-engine", r.reserve, "the "+r.engine+" engine's share of the card, kept while the policy scores")
	}
	ph.add("gathered-params", s.gathered.bytes, s.gathered.note)
	tokens := float64(r.logProbMB) * float64(j.seq)
	if j.keep > 0 {
		tokens = float64(r.logProbMB) * float64(j.keep)
	}
	cb := j.compute.Bytes()
	if j.lossKernel == plan.LossSelective {
		// selective_log_softmax holds one sequence's log-softmax at a time
		// beside the logits.
		per := tokens / float64(r.logProbMB)
		ph.add("log-prob-logits", (tokens+per)*float64(j.model.Text.Vocab)*cb,
			fmt.Sprintf("logits of micro batch %d × %.0f positions in %s and one sequence's log-softmax", r.logProbMB, per, j.compute))
		return ph
	}
	if j.lossKernel == plan.LossLogProb {
		// The scoring forward runs the same flash-attn cross-entropy as the
		// loss (logProbLoss): the compute-dtype logits and one fp32
		// log-sum-exp per token, no fp32 copy of the logits.
		ph.add("log-prob-logits", tokens*(float64(j.model.Text.Vocab)*cb+4),
			fmt.Sprintf("logits of micro batch %d × %.0f positions in %s, scored by flash-attn's cross-entropy", r.logProbMB, tokens/float64(r.logProbMB), j.compute))
		return ph
	}
	ph.add("log-prob-logits", tokens*float64(j.model.Text.Vocab)*(cb+4),
		fmt.Sprintf("logits of micro batch %d × %.0f positions with their fp32 log-softmax", r.logProbMB, tokens/float64(r.logProbMB)))
	return ph
}

// rlTerms are the components an RL job adds to the policy's training
// phases: allocated before the step or outside what the allocator replay
// models, so they narrow the room the replay has.
var rlTerms = map[string]bool{
	"reference-weights": true, "reward-weights": true, "teacher-weights": true,
	"critic-weights": true, "critic-states": true, "rollout-engine": true, "teacher-logits": true,
}

// outside is the part of a training phase the RL job added.
func (r *rlJob) outside(ph phase) float64 {
	b := 0.0
	for _, t := range ph.terms {
		if rlTerms[t.Name] {
			b += t.Bytes
		}
	}
	return b
}

// trainingPhase reports whether a phase is one of the policy's training
// step, whose allocator reserve the replay prices.
func trainingPhase(name string) bool { return name != PhaseRollout && name != PhaseLogProbs }

func prefixed(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}
