package generate

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/trainlint/trainlint/catalog"
	"github.com/trainlint/trainlint/estimate"
	"github.com/trainlint/trainlint/plan"
)

// The files Generate writes.
const (
	GeneratedDeepSpeed  = "ds_config.json"
	GeneratedTrainer    = "train.yaml"
	GeneratedAccelerate = "accelerate.yaml"
	GeneratedLaunch     = "launch.sh"
	GeneratedProject    = ".trainlint.yaml"
)

// GenerateRequest is what a new training setup must achieve.
type GenerateRequest struct {
	// Model is a catalog id (a hub id, written as given) or the path of a
	// config.json or of the folder holding one (written as the folder's
	// absolute path, which reads the same from wherever the files go).
	Model string
	// GPU is a catalog GPU name; GPUsPerNode and Nodes default to 1.
	GPU          string
	GPUsPerNode  int
	Nodes        int
	CPUMemoryGiB float64 // host RAM per node; 0 when unknown (host RAM is then not checked)
	// GlobalBatch is the samples per optimizer step over all GPUs (0: 8 per
	// GPU); it must be a multiple of the GPU count.
	GlobalBatch int
	SeqLen      int    // tokens per sample (0: 2048)
	Method      string // full (default), lora or qlora
	// Accelerate also writes an Accelerate config and a launch script that
	// starts train.yaml with it.
	Accelerate bool
	// Margin is the share of the GPU kept free (0: DefaultMargin).
	Margin  float64
	Catalog *catalog.Catalog // nil: the built-in catalog
	// Estimate prices a plan; nil means estimate.Estimate.
	Estimate func(*plan.Plan) (*estimate.Result, error)
}

// setup is one point of the generator's ladder.
type setup struct {
	stage          int
	offloadOpt     bool
	offloadParam   bool
	checkpointing  bool
	micro, accum   int
	rank           int
	plan           *plan.Plan
	res            *estimate.Result
	attention      string
	dtype          plan.Dtype
	method         string
	global, seqLen int
}

func (s *setup) describe() string {
	parts := []string{fmt.Sprintf("ZeRO-%d", s.stage)}
	if s.offloadOpt {
		parts = append(parts, "optimizer offload")
	}
	if s.offloadParam {
		parts = append(parts, "parameter offload")
	}
	if s.checkpointing {
		parts = append(parts, "gradient checkpointing")
	}
	parts = append(parts, fmt.Sprintf("micro batch %d × accumulation %d", s.micro, s.accum))
	return strings.Join(parts, ", ")
}

// Generated is what Generate wrote and what it predicts for it.
type Generated struct {
	Files map[string][]byte // file name → content
	Setup string            // the chosen setup in words
	// PeakGiB is the predicted per-GPU peak, CapacityGiB the GPU's memory
	// and LimitGiB the capacity less the margin.
	PeakGiB, CapacityGiB, LimitGiB float64
	// HostRAMGiB is the predicted host RAM per node; HostCapacityGiB the
	// declared one (0: not declared, so not checked).
	HostRAMGiB, HostCapacityGiB float64
}

// Generate writes a DeepSpeed config, a Trainer YAML and a project file (and,
// with Accelerate, an Accelerate config and a launch script) for the
// cheapest setup that fits the declared GPUs with the margin. Setups are
// tried in order of step-time cost, following Hugging Face's ladder: the
// largest micro batch, then ZeRO-3, gradient checkpointing and smaller micro
// batches, then optimizer and parameter offload. JSON takes no comments, so
// the estimate and the reasoning are written as comments in the YAML.
func Generate(req GenerateRequest) (*Generated, error) {
	cat := req.Catalog
	if cat == nil {
		cat = catalog.Builtin()
	}
	model, err := resolveModel(cat, req.Model)
	if err != nil {
		return nil, err
	}
	req.Model = modelText(cat, req.Model)
	if req.GPU == "" {
		return nil, errors.New("generate: name the GPU (e.g. a100-80gb)")
	}
	gpu, err := cat.GPU(req.GPU)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	per, nodes := max(1, req.GPUsPerNode), max(1, req.Nodes)
	world := per * nodes
	global := req.GlobalBatch
	if global == 0 {
		global = 8 * world
	}
	if global < 0 || global%world != 0 {
		return nil, fmt.Errorf("generate: the global batch %d is not a multiple of the %d GPUs", global, world)
	}
	seq := req.SeqLen
	if seq <= 0 {
		seq = 2048
	}
	method := strings.ToLower(req.Method)
	if method == "" {
		method = "full"
	}
	if method != "full" && method != "lora" && method != "qlora" {
		return nil, fmt.Errorf("generate: method %q is not full, lora or qlora", req.Method)
	}
	est := req.Estimate
	if est == nil {
		est = estimate.Estimate
	}
	margin := Options{Margin: req.Margin}.margin()

	dtype := plan.BF16
	if !gpu.BF16 {
		dtype = plan.FP16
	}
	attention := "sdpa"
	if gpu.FlashAttention2 {
		attention = "flash_attention_2"
	}
	ladder := generateLadder(global/world, method)
	for _, s := range ladder {
		s.attention, s.dtype, s.method, s.global, s.seqLen = attention, dtype, method, global, seq
		s.accum = global / world / s.micro
		s.plan = generatedPlan(req, model, gpu, per, nodes, s)
	}
	fitsGPU := func(r *estimate.Result) bool { return r.Peak <= r.Capacity*(1-margin) }
	fits := func(r *estimate.Result) bool {
		return fitsGPU(r) && (r.CPUCapacity <= 0 || r.CPUPeak <= r.CPUCapacity)
	}
	// The lightest setup first: when even it overflows the GPU, nothing
	// fits and the ladder need not be climbed.
	lightest := ladder[len(ladder)-1]
	if r, err := est(lightest.plan); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	} else if !fitsGPU(r) {
		return nil, fmt.Errorf("generate: nothing fits %d × %s: the lightest setup (%s) needs %.2f GiB per GPU of %.2f GiB; try --method lora or qlora, a shorter sequence, or more GPUs",
			world, gpu.Name, lightest.describe(), r.Peak/estimate.GiB, r.Capacity/estimate.GiB)
	}
	// Climb in cost order, skipping setups that save no more than one that
	// already failed.
	var chosen *setup
	var tried []*setup
	for _, s := range ladder {
		if dominated(s, tried) {
			continue
		}
		r, err := est(s.plan)
		if err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
		s.res = r
		if fits(r) {
			chosen = s
			break
		}
		tried = append(tried, s)
	}
	if chosen == nil {
		sort.SliceStable(tried, func(a, b int) bool { return tried[a].res.Peak < tried[b].res.Peak })
		best := tried[0]
		return nil, fmt.Errorf("generate: nothing fits %d × %s: the setups that fit the GPU need more host RAM than the %.0f GiB declared (%s: %.1f GiB)",
			world, gpu.Name, req.CPUMemoryGiB, best.describe(), best.res.CPUPeak/estimate.GiB)
	}
	r := chosen.res
	return &Generated{
		Files:   renderSetup(req, model, gpu, per, nodes, margin, chosen, tried),
		Setup:   chosen.describe(),
		PeakGiB: r.Peak / estimate.GiB, CapacityGiB: r.Capacity / estimate.GiB, LimitGiB: r.Capacity * (1 - margin) / estimate.GiB,
		HostRAMGiB: r.CPUPeak / estimate.GiB, HostCapacityGiB: r.CPUCapacity / estimate.GiB,
	}, nil
}

// modelText is how the generated files name the model: a catalog (hub) id
// as given; a local config.json, or the folder holding it, as the folder's
// absolute path, since the Trainer resolves a relative path against the
// folder it is started from, not the one the files are in.
func modelText(cat *catalog.Catalog, ref string) string {
	if _, err := cat.Model(ref); err == nil {
		return ref
	}
	st, err := os.Stat(ref)
	if err != nil {
		return ref
	}
	dir := ref
	if !st.IsDir() {
		dir = filepath.Dir(ref)
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return ref
}

// dominated reports whether a failed setup saves at least as much memory as
// s in every respect: s would fail too.
func dominated(s *setup, failed []*setup) bool {
	le := func(a, b bool) bool { return !a || b }
	for _, f := range failed {
		if s.stage <= f.stage && le(s.offloadOpt, f.offloadOpt) && le(s.offloadParam, f.offloadParam) &&
			le(s.checkpointing, f.checkpointing) && s.micro >= f.micro {
			return true
		}
	}
	return false
}

func resolveModel(cat *catalog.Catalog, ref string) (catalog.Model, error) {
	if ref == "" {
		return catalog.Model{}, errors.New("generate: name the model (a catalog id or a config.json)")
	}
	m, err := cat.Model(ref)
	if err == nil {
		return m, nil
	}
	if _, statErr := os.Stat(ref); statErr == nil {
		return catalog.LoadHFConfig(ref)
	}
	return catalog.Model{}, fmt.Errorf("generate: %w (nor a config.json path)", err)
}

// generateLadder lists the setups in order of step-time cost, with the
// knobs' ranks: ZeRO-3 25, checkpointing 30, optimizer offload 60,
// parameter offload 80, and 4 per halving of the micro batch from the
// largest (at most 8).
func generateLadder(perGPU int, method string) []*setup {
	var micros []int
	for d := min(perGPU, 8); d >= 1; d-- {
		if perGPU%d == 0 {
			micros = append(micros, d)
		}
	}
	top := micros[0]
	var out []*setup
	for _, stage := range []int{2, 3} {
		for _, opt := range []bool{false, true} {
			for _, param := range []bool{false, true} {
				if param && stage < 3 {
					continue
				}
				for _, gc := range []bool{false, true} {
					for _, m := range micros {
						s := &setup{stage: stage, offloadOpt: opt, offloadParam: param, checkpointing: gc, micro: m}
						s.rank = int(math.Round(4 * math.Log2(float64(top)/float64(m))))
						if stage == 3 {
							s.rank += 25
						}
						if gc {
							s.rank += 30
						}
						if opt {
							s.rank += 60
						}
						if param {
							s.rank += 80
						}
						if method != "full" && (opt || param) {
							// Adapters have little optimizer state to offload.
							s.rank += 40
						}
						out = append(out, s)
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].rank < out[b].rank })
	return out
}

// generatedPlan is the plan the readers build from the files renderSetup
// writes for s (the golden test reads them back to check).
func generatedPlan(req GenerateRequest, model catalog.Model, gpu catalog.GPU, per, nodes int, s *setup) *plan.Plan {
	gen := plan.Derived("trainlint generate")
	p := &plan.Plan{Name: GeneratedTrainer}
	p.ModelRef = plan.Of(req.Model, gen)
	p.Model = plan.Of(model, gen)
	p.Hardware.GPU = plan.Of(gpu, gen)
	p.Hardware.GPUsPerNode = plan.Of(per, gen)
	p.Hardware.Nodes = plan.Of(nodes, gen)
	if req.CPUMemoryGiB > 0 {
		p.Hardware.CPUMemoryGiB = plan.Of(req.CPUMemoryGiB, gen)
	}
	p.LoadDtype = plan.Of(s.dtype, gen)
	p.Precision = plan.Of(s.dtype, gen)
	p.MicroBatch = plan.Of(s.micro, gen)
	p.GradAccum = plan.Of(s.accum, gen)
	p.GlobalBatch = plan.Of(s.global, gen)
	p.SeqLen = plan.Of(s.seqLen, gen)
	p.Optimizer = plan.Of("adamw_torch_fused", gen)
	p.GradientCheckpointing = plan.Of(s.checkpointing, gen)
	p.Attention = plan.Of(s.attention, gen)
	p.UseCache = plan.Of(true, gen)
	p.Launcher = plan.Of("hf-trainer", gen)
	p.PEFT.Method = plan.Of("none", gen)
	if s.method != "full" {
		p.PEFT.Method = plan.Of(s.method, gen)
		p.PEFT.R = plan.Of(loraRank, gen)
		p.PEFT.Alpha = plan.Of(2*loraRank, gen)
		p.PEFT.TargetModules = plan.Of([]string{"all-linear"}, gen)
		if s.method == "qlora" {
			p.Quant = plan.Of(plan.NF4, gen)
		}
	}
	h := int64(model.Text.Hidden)
	z := &p.ZeRO
	z.Enabled = true
	z.Stage = plan.Of(s.stage, gen)
	z.OffloadOptimizer = plan.Of(plan.OffloadNone, gen)
	if s.offloadOpt {
		z.OffloadOptimizer = plan.Of(plan.OffloadCPU, gen)
	}
	z.OffloadParam = plan.Of(plan.OffloadNone, gen)
	if s.offloadParam {
		z.OffloadParam = plan.Of(plan.OffloadCPU, gen)
	}
	z.PinMemory = plan.Of(true, gen)
	z.OverlapComm = plan.Of(true, gen)
	z.ContiguousGradients = plan.Of(true, gen)
	z.ReduceBucketSize = plan.Of(h*h, gen)
	z.AllgatherBucketSize = plan.Of(int64(5e8), gen)
	if s.stage <= 2 {
		z.AllgatherBucketSize = plan.Of(smallBucket, gen)
	}
	z.SubGroupSize = plan.Of(int64(1e9), gen)
	z.MaxLiveParameters = plan.Of(int64(1e9), gen)
	z.MaxReuseDistance = plan.Of(int64(1e9), gen)
	z.PrefetchBucketSize = plan.Of(h*h*9/10, gen)
	z.ParamPersistenceThreshold = plan.Of(10*h, gen)
	z.Gather16BitOnSave = plan.Of(s.stage == 3, gen)
	if req.Accelerate {
		p.Launcher = plan.Of("accelerate", gen)
		p.Processes = plan.Of(per*nodes, gen)
	}
	return p
}

// loraRank is the adapters' rank in generated LoRA setups.
const loraRank = 16

// renderSetup writes the files for the chosen setup.
func renderSetup(req GenerateRequest, model catalog.Model, gpu catalog.GPU, per, nodes int, margin float64, s *setup, tried []*setup) map[string][]byte {
	files := map[string][]byte{
		GeneratedDeepSpeed: []byte(renderDeepSpeed(s)),
		GeneratedTrainer:   []byte(renderTrainer(req, model, gpu, per, nodes, margin, s, tried)),
		GeneratedProject:   []byte(renderProject(req, per, nodes, s.res)),
	}
	if req.Accelerate {
		files[GeneratedAccelerate] = []byte(renderAccelerate(s, per, nodes))
		files[GeneratedLaunch] = []byte(renderLaunch(s, gpu, per, nodes))
	}
	return files
}

func renderDeepSpeed(s *setup) string {
	var b strings.Builder
	offload := func(name string) {
		fmt.Fprintf(&b, "    %q: {\n      \"device\": \"cpu\",\n      \"pin_memory\": true\n    },\n", name)
	}
	b.WriteString("{\n")
	b.WriteString("  \"bf16\": {\n    \"enabled\": \"auto\"\n  },\n")
	b.WriteString("  \"fp16\": {\n    \"enabled\": \"auto\"\n  },\n")
	b.WriteString("  \"optimizer\": {\n    \"type\": \"AdamW\",\n    \"params\": {\n      \"lr\": \"auto\",\n      \"betas\": \"auto\",\n      \"eps\": \"auto\",\n      \"weight_decay\": \"auto\"\n    }\n  },\n")
	b.WriteString("  \"zero_optimization\": {\n")
	fmt.Fprintf(&b, "    \"stage\": %d,\n", s.stage)
	if s.offloadOpt {
		offload("offload_optimizer")
	}
	if s.offloadParam {
		offload("offload_param")
	}
	b.WriteString("    \"overlap_comm\": true,\n    \"contiguous_gradients\": true,\n    \"reduce_bucket_size\": \"auto\"")
	if s.stage <= 2 {
		b.WriteString(",\n    \"allgather_partitions\": true,\n    \"allgather_bucket_size\": 1e8,\n    \"reduce_scatter\": true")
	} else {
		b.WriteString(",\n    \"stage3_prefetch_bucket_size\": \"auto\",\n    \"stage3_param_persistence_threshold\": \"auto\",\n" +
			"    \"stage3_max_live_parameters\": 1e9,\n    \"stage3_max_reuse_distance\": 1e9,\n    \"sub_group_size\": 1e9,\n" +
			"    \"stage3_gather_16bit_weights_on_model_save\": true")
	}
	b.WriteString("\n  },\n")
	b.WriteString("  \"gradient_accumulation_steps\": \"auto\",\n  \"gradient_clipping\": \"auto\",\n  \"train_batch_size\": \"auto\",\n  \"train_micro_batch_size_per_gpu\": \"auto\",\n  \"wall_clock_breakdown\": false\n}\n")
	return b.String()
}

func renderTrainer(req GenerateRequest, model catalog.Model, gpu catalog.GPU, per, nodes int, margin float64, s *setup, tried []*setup) string {
	r := s.res
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	world := per * nodes
	w("# Generated by `trainlint generate` for %s on %s.", model.ID, hardwareText(gpu, per, nodes))
	w("# Goal: global batch %d, sequence length %d, %s.", s.global, s.seqLen, methodText(s.method))
	w("# DeepSpeed settings are in %s; JSON takes no comments, so the reasoning is here.", GeneratedDeepSpeed)
	w("#")
	w("# Predicted peak per GPU: %.2f GiB of %.2f GiB (the limit with a %.0f%% margin is %.2f GiB), during %s.",
		r.Peak/estimate.GiB, r.Capacity/estimate.GiB, 100*margin, r.Capacity*(1-margin)/estimate.GiB, r.PeakPhase)
	for _, c := range r.Breakdown {
		if c.Bytes < 0.005*estimate.GiB {
			continue
		}
		w("#   %-18s %7.2f GiB", c.Name, c.GiB())
	}
	capacity := fmt.Sprintf("(not declared, so not checked: set hardware.cpu_memory_gib in %s)", GeneratedProject)
	if r.CPUCapacity > 0 {
		capacity = fmt.Sprintf("of %.0f GiB", r.CPUCapacity/estimate.GiB)
	}
	w("# Host RAM needed per node: %.1f GiB %s.", r.CPUPeak/estimate.GiB, capacity)
	w("#")
	w("# Why these settings: setups are tried from the fastest; each line did not fit.")
	shown := tried
	if len(shown) > 6 {
		shown = shown[len(shown)-6:]
		w("#   (%d faster setups before these did not fit either)", len(tried)-6)
	}
	for _, t := range shown {
		w("#   %-70s %7.2f GiB", t.describe(), t.res.Peak/estimate.GiB)
	}
	w("#   chosen: %-62s %7.2f GiB", s.describe(), r.Peak/estimate.GiB)
	for _, a := range r.Assumptions {
		w("# Assumed: %s.", strings.TrimSuffix(a, "."))
	}
	w("")
	model16 := map[plan.Dtype]string{plan.BF16: "bfloat16", plan.FP16: "float16"}[s.dtype]
	w("model_name_or_path: %s", yamlText(req.Model))
	w("output_dir: out/%s", yamlText(strings.ToLower(filepath.Base(model.ID))))
	w("torch_dtype: %s", model16)
	if s.dtype == plan.BF16 {
		w("bf16: true")
	} else {
		w("fp16: true  # %s has no bf16", gpu.Name)
	}
	w("attn_implementation: %s", s.attention)
	w("max_seq_length: %d", s.seqLen)
	w("per_device_train_batch_size: %d", s.micro)
	w("gradient_accumulation_steps: %d  # %d × %d × %d GPUs = global batch %d", s.accum, s.micro, s.accum, world, s.global)
	if s.checkpointing {
		w("gradient_checkpointing: true  # ≈ one extra forward pass (~+30%% step time)")
	} else {
		w("gradient_checkpointing: false")
	}
	lr := "2.0e-5"
	if s.method != "full" {
		lr = "2.0e-4"
		w("use_peft: true")
		w("lora_r: %d", loraRank)
		w("lora_alpha: %d", 2*loraRank)
		w("lora_target_modules: all-linear")
		if s.method == "qlora" {
			w("load_in_4bit: true")
		}
	}
	w("learning_rate: %s", lr)
	w("num_train_epochs: 1")
	w("logging_steps: 10")
	w("deepspeed: %s", GeneratedDeepSpeed)
	return b.String()
}

func renderProject(req GenerateRequest, per, nodes int, r *estimate.Result) string {
	var b strings.Builder
	b.WriteString("# Declared context for trainlint: what the configs cannot say.\nhardware:\n")
	fmt.Fprintf(&b, "  gpu: %s\n  gpus_per_node: %d\n  nodes: %d\n", req.GPU, per, nodes)
	if req.CPUMemoryGiB > 0 {
		fmt.Fprintf(&b, "  cpu_memory_gib: %s\n", yamlFloat(req.CPUMemoryGiB))
	} else {
		fmt.Fprintf(&b, "  # cpu_memory_gib: host RAM per node, to have it checked; this setup needs %.1f GiB\n", r.CPUPeak/estimate.GiB)
	}
	fmt.Fprintf(&b, "model: %s\n", yamlText(req.Model))
	return b.String()
}

// renderAccelerate writes the Accelerate config. It names the DeepSpeed
// file and so carries no mixed_precision (nor any other DeepSpeed knob):
// accelerate launch passes the names of those keys on, and
// DeepSpeedPlugin._deepspeed_config_checks (huggingface/accelerate,
// src/accelerate/utils/dataclasses.py) raises a ValueError when any is
// set next to deepspeed_config_file. The precision is the Trainer's bf16
// or fp16, which the JSON's "auto" takes up.
func renderAccelerate(s *setup, per, nodes int) string {
	return fmt.Sprintf(`compute_environment: LOCAL_MACHINE
debug: false
deepspeed_config:
  deepspeed_config_file: %s
  zero3_init_flag: %t
distributed_type: DEEPSPEED
machine_rank: 0
main_training_function: main
num_machines: %d
num_processes: %d
rdzv_backend: static
same_network: true
use_cpu: false
`, GeneratedDeepSpeed, s.stage == 3, nodes, per*nodes)
}

func renderLaunch(s *setup, gpu catalog.GPU, per, nodes int) string {
	return fmt.Sprintf(`#!/bin/bash
# Generated by trainlint generate: %d × %s, %s.
# train.py is your training script; it reads its arguments from %s
# (transformers.HfArgumentParser(...).parse_yaml_file, or TRL's --config).
accelerate launch --config_file %s train.py %s
`, per*nodes, gpu.Name, s.describe(), GeneratedTrainer, GeneratedAccelerate, GeneratedTrainer)
}

func hardwareText(gpu catalog.GPU, per, nodes int) string {
	if nodes > 1 {
		return fmt.Sprintf("%d nodes of %d × %s", nodes, per, gpu.Name)
	}
	return fmt.Sprintf("%d × %s", per, gpu.Name)
}

func methodText(m string) string {
	switch m {
	case "lora":
		return fmt.Sprintf("LoRA (rank %d, every linear layer)", loraRank)
	case "qlora":
		return fmt.Sprintf("QLoRA (4-bit NF4 base, rank %d, every linear layer)", loraRank)
	}
	return "full fine-tune"
}

// yamlText writes a string as a YAML scalar, quoted when plain would not
// read back as the same string.
func yamlText(s string) string {
	if plainSafe(s) {
		return s
	}
	return jsonString(s)
}
