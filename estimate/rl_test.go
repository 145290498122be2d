package estimate

import (
	"math"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// grpo makes a GRPO plan on 8 H100s with FSDP full sharding, as verl runs
// the actor; edit changes it further.
func grpo(tb testing.TB, edit func(p *plan.Plan)) *plan.Plan {
	tb.Helper()
	return testPlan(tb, "qwen2.5-7b", func(p *plan.Plan) {
		p.Hardware.GPUsPerNode = plan.Of(8, testOrigin)
		p.FSDP.Mode = plan.Of("full_shard", testOrigin)
		p.LoadDtype = plan.Of(plan.FP32, testOrigin)
		p.MicroBatch = plan.Of(2, testOrigin)
		p.SeqLen = plan.Of(2048, testOrigin)
		p.GradientCheckpointing = plan.Of(true, testOrigin)
		p.RL.Algorithm = plan.Of(plan.AlgoGRPO, testOrigin)
		p.RL.Generations = plan.Of(8, testOrigin)
		if edit != nil {
			edit(p)
		}
	})
}

func estimateOf(t *testing.T, p *plan.Plan) *Result {
	t.Helper()
	r, err := Estimate(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func phaseBytes(r *Result, name string) float64 {
	for _, ph := range r.Phases {
		if ph.Name == name {
			return ph.Bytes
		}
	}
	return -1
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// A colocated vLLM engine holds gpu_memory_utilization × the card beside
// the policy's resident states while it generates; asleep, nothing of it
// stays for the update; awake, the update carries it too.
func TestRLVLLMColocated(t *testing.T) {
	vllm := func(sleeps bool) func(p *plan.Plan) {
		return func(p *plan.Plan) {
			p.Rollout.Engine = plan.Of("vllm", testOrigin)
			p.Rollout.SameGPUs = true
			p.Rollout.GPUMemoryUtilization = plan.Of(0.6, testOrigin)
			p.Rollout.Sleeps = plan.Of(sleeps, testOrigin)
		}
	}
	asleep := estimateOf(t, grpo(t, vllm(true)))
	want := 0.6 * float64(asleep.GPU.MemoryMiB) * MiB
	if asleep.PeakPhase != PhaseRollout {
		t.Errorf("peak phase %q, want rollout (0.6 of the card beside a sharded 7B)", asleep.PeakPhase)
	}
	if got := asleep.Component("rollout-engine"); !near(got, want) {
		t.Errorf("rollout-engine %.3f GiB, want 0.6 × the card = %.3f GiB", got/GiB, want/GiB)
	}
	if asleep.Component("allocator-reserve") != 0 {
		t.Error("a rollout peak carries the training replay's reserve; verl empties the cache before generating")
	}
	awake := estimateOf(t, grpo(t, vllm(false)))
	fwdAsleep, fwdAwake := phaseBytes(asleep, PhaseForward), phaseBytes(awake, PhaseForward)
	if !near(fwdAwake-fwdAsleep, want) {
		t.Errorf("an engine that does not sleep adds %.3f GiB to the forward, want %.3f", (fwdAwake-fwdAsleep)/GiB, want/GiB)
	}
	// Offloading the actor for the rollout takes its states out of that phase.
	off := estimateOf(t, grpo(t, func(p *plan.Plan) {
		vllm(true)(p)
		p.RL.OffloadParamsForRollout = plan.Of(true, testOrigin)
		p.RL.OffloadOptimizerForRollout = plan.Of(true, testOrigin)
	}))
	if got := off.Component("weights") + off.Component("optimizer"); got != 0 {
		t.Errorf("offloaded actor still holds %.3f GiB in the rollout", got/GiB)
	}
}

// With vLLM 0.6.3's semantics the engine takes its weights and then util ×
// what is left free, so the rollout never exceeds the card.
func TestRLVLLMUtilizationOfFree(t *testing.T) {
	r := estimateOf(t, grpo(t, func(p *plan.Plan) {
		p.Rollout.Engine = plan.Of("vllm", testOrigin)
		p.Rollout.SameGPUs = true
		p.Rollout.GPUMemoryUtilization = plan.Of(0.9, testOrigin)
		p.Rollout.UtilizationOfFree = plan.Of(true, testOrigin)
		p.Rollout.TensorParallel = plan.Of(2, testOrigin)
	}))
	roll := phaseBytes(r, PhaseRollout)
	if roll > r.Capacity || roll < 0.9*r.Capacity {
		t.Errorf("rollout %.2f GiB, want between 0.9 × and the whole %.2f GiB card", roll/GiB, r.Capacity/GiB)
	}
	if !strings.Contains(strings.Join(r.Assumptions, "\n"), "placement:") {
		t.Error("no placement assumption")
	}
}

// Hugging Face generate keeps a KV cache of batch × (prompt + completion)
// tokens, 2 × layers × KV heads × head dim in the compute dtype per token,
// beside the policy gathered whole when it is sharded.
func TestRLHFGenerateKVCache(t *testing.T) {
	j := testJob(t, grpo(t, nil))
	tx := j.model.Text
	wantKV := 2 * float64(tx.Layers*tx.KVHeads*tx.HeadDim) * 2 * 16 * 2048
	var kv, gathered float64
	p := grpo(t, func(p *plan.Plan) {
		p.Rollout.Engine = plan.Of("hf", testOrigin)
		p.Rollout.SameGPUs = true
		p.RL.GenerationBatch = plan.Of(16, testOrigin)
	})
	e, err := start(p)
	if err != nil {
		t.Fatal(err)
	}
	rl := resolveRL(p, e.j, e.m.s)
	for _, c := range rl.rollout(e.j, e.m.s).terms {
		switch c.Name {
		case "kv-cache":
			kv = c.Bytes
		case "generation-weights":
			gathered = c.Bytes
		}
	}
	if r := estimateOf(t, p); phaseBytes(r, PhaseRollout) < 0 {
		t.Error("no rollout phase")
	}
	if !near(kv, wantKV) {
		t.Errorf("kv-cache %.3f GiB, want %.3f GiB", kv/GiB, wantKV/GiB)
	}
	if want := float64(j.model.Params().Total) * 2; !near(gathered, want) {
		t.Errorf("generation-weights %.3f GiB, want the whole bf16 policy %.3f GiB", gathered/GiB, want/GiB)
	}
}

// Companions: a frozen copy sharded over the world costs its bytes / world,
// one offloaded or shared with a PEFT policy costs nothing on the GPU, one
// on GPUs of its own is not on the policy's, and a critic holds weights
// and optimizer state like the policy's.
func TestRLCompanions(t *testing.T) {
	j := testJob(t, grpo(t, nil))
	params := float64(j.model.Params().Total)
	cases := []struct {
		name string
		c    plan.Companion
		want float64
	}{
		{"sharded bf16 reference", plan.Companion{Role: plan.RoleReference, Colocated: true, Sharded: true}, params * 2 / 8},
		{"whole fp32 reference", plan.Companion{Role: plan.RoleReference, Colocated: true, Dtype: plan.Of(plan.FP32, testOrigin)}, params * 4},
		{"ZeRO-3 reward", plan.Companion{Role: plan.RoleReward, Colocated: true, ZeROStage: plan.Of(3, testOrigin)}, params * 2 / 8},
		{"offloaded reference", plan.Companion{Role: plan.RoleReference, Colocated: true, ParamOffload: plan.Of(true, testOrigin)}, 0},
		{"PEFT reference", plan.Companion{Role: plan.RoleReference, Colocated: true, Shared: true}, 0},
		{"reference on its own GPUs", plan.Companion{Role: plan.RoleReference}, 0},
	}
	e, err := start(grpo(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	s := e.m.s
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := j.companionCost(tc.c, s, params)
			if !near(got.Bytes, tc.want) {
				t.Errorf("%.3f GiB, want %.3f GiB", got.Bytes/GiB, tc.want/GiB)
			}
		})
	}
	t.Run("critic", func(t *testing.T) {
		got, _ := j.companionCost(plan.Companion{Role: plan.RoleCritic, Trained: true, Colocated: true}, s, params)
		if want := s.weights.bytes + s.optimizer.bytes; !near(got.Bytes, want) {
			t.Errorf("%.3f GiB, want the policy's weights + optimizer %.3f GiB", got.Bytes/GiB, want/GiB)
		}
	})
}

// DPO adds the reference's weights to every training phase and no phase of
// its own; KD adds the teacher's logits to the forward and backward.
func TestRLOfflineCompanions(t *testing.T) {
	base := estimateOf(t, testPlan(t, "llama-3.2-1b", nil))
	dpo := estimateOf(t, testPlan(t, "llama-3.2-1b", func(p *plan.Plan) {
		p.RL.Algorithm = plan.Of(plan.AlgoDPO, testOrigin)
		p.RL.Companions = []plan.Companion{{Role: plan.RoleReference, Colocated: true}}
	}))
	if dpo.RL() {
		t.Error("DPO reports rollout or log-prob phases")
	}
	m := loadModel(t, "llama-3.2-1b")
	ref := float64(m.Params().Total) * 2
	if got := phaseBytes(dpo, PhaseForward) - phaseBytes(base, PhaseForward); !near(got, ref) {
		t.Errorf("DPO reference adds %.3f GiB to the forward, want %.3f", got/GiB, ref/GiB)
	}
	kd := estimateOf(t, testPlan(t, "llama-3.2-1b", func(p *plan.Plan) {
		p.RL.Algorithm = plan.Of(plan.AlgoKD, testOrigin)
		p.RL.Companions = []plan.Companion{{Role: plan.RoleTeacher, Colocated: true, ParamOffload: plan.Of(true, testOrigin)}}
	}))
	logits := 4 * 1024 * float64(m.Text.Vocab) * 2
	if got := phaseBytes(kd, PhaseForward) - phaseBytes(base, PhaseForward); !near(got, logits) {
		t.Errorf("KD adds %.3f GiB to the forward, want the teacher's logits %.3f", got/GiB, logits/GiB)
	}
	if got := phaseBytes(kd, PhaseStep) - phaseBytes(base, PhaseStep); got != 0 {
		t.Errorf("KD adds %.3f GiB to the optimizer step, want 0 (the teacher is offloaded, its logits freed)", got/GiB)
	}
}

// verl's in-place log-prob loss holds one compute-dtype logits tensor where
// the Trainer's loss holds it, its fp32 upcast and log-softmax.
func TestRLLogProbLoss(t *testing.T) {
	hf := testJob(t, grpo(t, nil)).lmLogits()
	lp := testJob(t, grpo(t, func(p *plan.Plan) { p.LossKernel = plan.Of(plan.LossLogProb, testOrigin) })).lmLogits()
	ent := testJob(t, grpo(t, func(p *plan.Plan) { p.LossKernel = plan.Of(plan.LossLogProbEntropy, testOrigin) })).lmLogits()
	if !(lp.forward < ent.forward && ent.forward < hf.forward) {
		t.Errorf("forward logits: log-prob %.2f, with entropy %.2f, Trainer loss %.2f GiB: want increasing", lp.forward/GiB, ent.forward/GiB, hf.forward/GiB)
	}
	j := testJob(t, grpo(t, nil))
	elems := j.tokens() * float64(j.model.Text.Vocab)
	if want := elems*2 + j.tokens()*4; !near(lp.forward, want) || !near(lp.backward, want) {
		t.Errorf("log-prob logits %.3f/%.3f GiB, want bf16 logits + fp32 log-sum-exp %.3f GiB", lp.forward/GiB, lp.backward/GiB, want/GiB)
	}
}
