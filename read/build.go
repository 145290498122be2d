package read

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/plan"
	"github.com/trainlint/trainlint/project"
	"github.com/trainlint/trainlint/shell"
)

// defaultSeqLen is assumed when no file or declaration gives a length.
const defaultSeqLen = 2048

// buildPlan normalizes a job into a plan. Precedence, lowest first: library
// defaults, the project file's declarations, the training configs
// (Accelerate, then DeepSpeed, then Trainer arguments, then a launch
// command's arguments), then command-line flags.
func buildPlan(j *Job, ov Overrides, env func(string) string) (*plan.Plan, error) {
	p := &plan.Plan{Name: j.Primary.Path}
	for _, f := range j.Files() {
		p.Files = append(p.Files, f.Path)
	}
	hf := "HF TrainingArguments"
	p.MicroBatch = plan.Of(8, plan.Default(hf+" per_device_train_batch_size"))
	p.GradAccum = plan.Of(1, plan.Default(hf+" gradient_accumulation_steps"))
	p.Precision = plan.Of(plan.FP32, plan.Default("no mixed precision"))
	p.Optimizer = plan.Of("adamw_torch", plan.Default(hf+" optim"))
	p.GradientCheckpointing = plan.Of(false, plan.Default(hf+" gradient_checkpointing"))
	p.Attention = plan.Of("sdpa", plan.Default("transformers attn_implementation"))
	p.LoadDtype = plan.Of(plan.FP32, plan.Default("from_pretrained without torch_dtype"))
	p.PEFT.Method = plan.Of("none", plan.Default("full fine-tune"))
	p.UseCache = plan.Of(true, plan.Default("model config use_cache"))
	switch {
	case j.Accelerate != nil:
		p.Launcher = plan.Of("accelerate", plan.Derived("launched with accelerate"))
	case j.Trainer != nil || j.Args != nil:
		p.Launcher = plan.Of("hf-trainer", plan.Derived("Trainer arguments"))
	}
	if j.Command != nil && j.Command.Launcher == "deepspeed" && j.Args != nil {
		if _, _, ok := j.Command.Flag("deepspeed_config"); ok {
			p.Launcher = plan.Of("deepspeed", plan.Derived("--deepspeed_config on a deepspeed launch"))
		}
	}

	for _, u := range j.Unresolved {
		p.Assume("checked without a file the launch names: %v", u.Err)
	}
	applyProject(p, j)
	applyConfigs(p, j, launcherRole)
	tr := trainerSettings(j)
	owned, world := applyCommandFrontends(p, j)
	for _, s := range tr {
		if !owned {
			hfTrainer.apply(p, s)
		}
		applyFrontends(p, j, s)
	}
	var worldUnknown string // why the launch's process count is unknown, said once the configs had their say
	if j.Command != nil && !world {
		for _, name := range []string{"nnodes", "num_nodes"} {
			if _, w, ok := j.Command.LauncherFlag(name); ok && w.Known {
				if n, err := strconv.Atoi(w.Text); err == nil && n > 0 {
					p.Hardware.Nodes = plan.Of(n, plan.At(j.Script.Path, w.Pos.Line, w.Pos.Column, "--"+name))
				}
			}
		}
		if w, ok := j.Command.EnvVar("NNODES"); ok && w.Known && (j.Command.Launcher == shell.Swift || j.Command.Launcher == shell.Megatron) {
			if n, err := strconv.Atoi(w.Text); err == nil && n > 0 {
				p.Hardware.Nodes = plan.Of(n, plan.At(j.Script.Path, w.Pos.Line, w.Pos.Column, "NNODES"))
			}
		}
		if n, how, ok := j.Command.WorldSize(); ok {
			p.Processes = plan.Of(n, plan.Origin{Kind: plan.FromFile, File: j.Script.Path, Line: j.Command.Pos.Line, Column: j.Command.Pos.Column, Key: j.Command.Launcher, Note: how})
		} else if per, nodes, ok := j.Command.PerNodeWorld(); ok {
			// torchrun --nnodes=${NNODES}: the node count comes from the
			// environment the job is started in. One node is costed, the
			// most each GPU holds when the states are sharded over the
			// world; declared hardware.nodes or --nodes says otherwise.
			n := max(ov.Nodes, 1)
			if ov.Nodes <= 0 && p.Hardware.Nodes.Set {
				n = max(p.Hardware.Nodes.V, 1)
			}
			p.Processes = plan.Of(per*n, plan.Origin{Kind: plan.FromFile, File: j.Script.Path, Line: nodes.Pos.Line, Column: nodes.Pos.Column, Key: "--nnodes",
				Note: fmt.Sprintf("--nproc_per_node %d × %d node(s): --nnodes is %q, set outside the script", per, n, nodes.Text)})
			if n == 1 {
				p.Assume("the node count --nnodes %q depends on %s, set outside the script: one node of %d processes costed (declare hardware.nodes in .trainlint.yaml or pass --nodes)", nodes.Text, strings.Join(nodes.Unknown, ", "), per)
			}
		} else if jobSpecWorld(p, j, how, ov) {
			// The job spec says how many GPUs the launcher sees.
		} else if how != "" {
			worldUnknown = how
		}
	}
	applySbatchNodes(p, j)
	applyConfigs(p, j, engineRole)
	if worldUnknown != "" && !p.Processes.Set {
		// An accelerate config the launch names may still give num_processes (applyConfigs above).
		p.Assume("the launch at %s:%d starts an unknown number of processes (%s)", j.Script.Path, j.Command.Pos.Line, worldUnknown)
	}
	p.DeepSpeedPin = deepSpeedPin(j)
	applyFlags(p, ov)
	if err := resolveHardware(p, j, ov.GPU); err != nil {
		return nil, err
	}
	deepSpeedAloneGap(p, j, !p.SeqLen.Set)
	hardwareGap(p)
	if err := resolveModel(p, j, ov, env); err != nil {
		return nil, err
	}
	resolveCompanions(p, j, env)
	checkpointQuant(p)
	finishMiniCPMV(p)
	finishSwift(p, j)
	finishAxolotl(p, j)
	finishLlamaFactory(p, j)
	finishAutoTrain(p, j)
	finishTRL(p, j)
	finishOpenRLHF(p, j)
	resolveDeepSpeedAuto(p, j)
	applyScriptDefaults(p, j)
	applySeqLenMax(p, j.Project)
	if !p.SeqLen.Set {
		p.SeqLen = plan.Of(defaultSeqLen, plan.Default("trainlint"))
		p.SeqLenIs = "trainlint's default: nothing gave a length"
		p.Assume("no sequence length found; assumed %d tokens (declare training.seq_len or pass --seq-len)", defaultSeqLen)
	}
	markNotTraining(p, j)
	markOwnLoop(p, j)
	markTPU(p, j)
	if p.GlobalBatch.Set == false || p.GlobalBatch.From.Kind != plan.FromFile {
		p.GlobalBatch = plan.Of(p.MicroBatch.V*p.GradAccum.V*p.TrainingWorld(), plan.Derived("micro batch × gradient accumulation × world size"))
	}
	return p, nil
}

func applyProject(p *plan.Plan, j *Job) {
	pf := j.Project
	if pf == nil {
		return
	}
	decl := func(key string) plan.Origin { return plan.Declared(pf.Path, key) }
	if pf.GPUsPerNode.Set {
		p.Hardware.GPUsPerNode = plan.Of(pf.GPUsPerNode.V, decl("hardware.gpus_per_node"))
	}
	if pf.Nodes.Set {
		p.Hardware.Nodes = plan.Of(pf.Nodes.V, decl("hardware.nodes"))
	}
	if pf.CPUMemoryGiB.Set {
		p.Hardware.CPUMemoryGiB = plan.Of(pf.CPUMemoryGiB.V, decl("hardware.cpu_memory_gib"))
	}
	if pf.Model.Set {
		p.ModelRef = plan.Of(pf.Model.V, decl("model"))
	}
	if pf.SeqLen.Set {
		p.SeqLen = plan.Of(pf.SeqLen.V, decl("training.seq_len"))
	}
	if pf.MicroBatch.Set {
		p.MicroBatch = plan.Of(pf.MicroBatch.V, decl("training.micro_batch"))
	}
	if pf.GradAccum.Set {
		p.GradAccum = plan.Of(pf.GradAccum.V, decl("training.grad_accum"))
	}
	if d, ok := dtypeOf(pf.LoadDtype.V); pf.LoadDtype.Set && ok {
		p.LoadDtype = plan.Of(d, decl("training.load_dtype"))
	}
	if pf.Attention.Set {
		p.Attention = plan.Of(pf.Attention.V, decl("training.attention"))
	}
	if pf.Launcher.Set {
		p.Launcher = plan.Of(pf.Launcher.V, decl("training.launcher"))
	}
	if pf.PEFT.Method.Set {
		p.PEFT.Method = plan.Of(pf.PEFT.Method.V, decl("training.peft.method"))
		if pf.PEFT.Method.V == "qlora" {
			p.Quant = plan.Of(plan.NF4, decl("training.peft.method"))
		}
	}
	if pf.PEFT.R.Set {
		p.PEFT.R = plan.Of(pf.PEFT.R.V, decl("training.peft.r"))
	}
	if pf.PEFT.Alpha.Set {
		p.PEFT.Alpha = plan.Of(pf.PEFT.Alpha.V, decl("training.peft.alpha"))
	}
	if pf.PEFT.TargetModules.Set {
		p.PEFT.TargetModules = plan.Of(pf.PEFT.TargetModules.V, decl("training.peft.target_modules"))
	}
	if pf.Freeze.Set {
		p.Freeze = plan.Of(pf.Freeze.V, decl("training.freeze"))
	}
	im := pf.Images
	for _, x := range []struct {
		src project.Setting[int]
		dst *plan.Value[int]
		key string
	}{{im.Width, &p.Images.Width, "width"}, {im.Height, &p.Images.Height, "height"}, {im.PerSample, &p.Images.PerSample, "per_sample"}, {im.MaxSlices, &p.Images.MaxSlices, "max_slices"}} {
		if x.src.Set {
			*x.dst = plan.Of(x.src.V, decl("training.images."+x.key))
		}
	}
}

func applyFlags(p *plan.Plan, ov Overrides) {
	if ov.GPUsPerNode > 0 {
		p.Hardware.GPUsPerNode = plan.Of(ov.GPUsPerNode, plan.Flag("gpus"))
	}
	if ov.Nodes > 0 {
		p.Hardware.Nodes = plan.Of(ov.Nodes, plan.Flag("nodes"))
	}
	if ov.Model != "" {
		p.ModelRef = plan.Of(ov.Model, plan.Flag("model"))
	}
	if ov.SeqLen > 0 {
		p.SeqLen = plan.Of(ov.SeqLen, plan.Flag("seq-len"))
	}
}

// resolveHardware looks the GPU up (flag, then project file) and settles the
// world size: declared hardware wins; otherwise the launcher's process count.
func resolveHardware(p *plan.Plan, j *Job, flagGPU string) error {
	name, from := "", plan.Origin{}
	if j.Project != nil && j.Project.GPU.Set {
		name, from = j.Project.GPU.V, plan.Declared(j.Project.Path, "hardware.gpu")
	}
	if flagGPU != "" {
		name, from = flagGPU, plan.Flag("gpu")
	}
	if name != "" {
		g, err := j.Catalog.GPU(name)
		if err != nil {
			if j.Project != nil && from.Kind == plan.FromProject {
				return document.Errorf(j.Project.Path, document.NodePos(j.Project.GPU.Node), "hardware.gpu: %v", err)
			}
			return fmt.Errorf("--gpu: %w", err)
		}
		p.Hardware.GPU = plan.Of(g, from)
	}
	jobSpecHardware(p, j, name != "")
	if !p.Hardware.GPUsPerNode.Set && p.Processes.Set {
		nodes := max(1, p.Hardware.Nodes.Or(1))
		p.Hardware.GPUsPerNode = plan.Of(max(1, p.Processes.V/nodes), plan.Derived("the launcher's process count ("+p.Processes.From.Note+")"))
	}
	if g := p.Hardware.GPUsPerNode; !p.Hardware.Nodes.Set && p.Processes.Set && g.Set && g.V > 0 && p.Processes.V > g.V && p.Processes.V%g.V == 0 {
		// A launch of more processes than one node has GPUs spans nodes
		// (srun --ntasks 32 with 8 GPUs a node runs on 4).
		p.Hardware.Nodes = plan.Of(p.Processes.V/g.V, plan.Derived(fmt.Sprintf("the launcher's %d processes over %d GPUs per node", p.Processes.V, g.V)))
	}
	return nil
}

// checkpointQuant applies the storage of a pre-quantized checkpoint (an
// -int4 model): loading it quantizes whatever the training config says.
func checkpointQuant(p *plan.Plan) {
	if !p.Model.Set || p.Model.V.Quantization == "" || p.Quant.Or(plan.NoQuant) != plan.NoQuant {
		return
	}
	p.Quant = plan.Of(plan.Quant(p.Model.V.Quantization), plan.Origin{Kind: plan.FromCatalog,
		Note: p.Model.V.ID + " is a bitsandbytes " + p.Model.V.Quantization + " checkpoint"})
}

// applySeqLenMax lowers the sequence length to the data's longest sample
// (training.seq_len_max) when batches are padded only to their longest
// sample: TRL's DataCollatorForLanguageModeling, LLaMA-Factory's
// SFTDataCollatorWith4DAttentionMask (a DataCollatorForSeq2Seq with
// padding=True) and transformers' DataCollatorWithPadding all pad to the
// longest. Packing fills every sequence to the cap, and pad_to_max_length
// pads to it, so both keep the cap. Padding-free batching
// (DataCollatorWithFlattening, TRL's padding_free) and group_by_length
// change how often the longest batch comes, not its size.
func applySeqLenMax(p *plan.Plan, pf *project.File) {
	p.SeqLenIs = "the configs' cap, every batch counted at it (training.seq_len_max in .trainlint.yaml declares a shorter longest sample)"
	if pf == nil || !pf.SeqLenMax.Set || pf.SeqLenMax.V <= 0 {
		return
	}
	declared := plan.Of(pf.SeqLenMax.V, plan.Declared(pf.Path, "training.seq_len_max"))
	switch {
	case !p.SeqLen.Set:
		p.SeqLen = declared
		p.SeqLenIs = "the data's longest sample (training.seq_len_max); no config gives a cap"
	case p.PaddingFree.V && pf.SeqLenMax.V < p.SeqLen.V:
		p.SeqLenIs = fmt.Sprintf("training.seq_len_max, below the %d-token cap: batches are concatenated without padding, so each sequence counts at the declared length", p.SeqLen.V)
		p.SeqLen = declared
	case p.Packing.V:
		p.SeqLenIs += "; packing fills sequences to it, so training.seq_len_max does not lower it"
	case p.PadToMax.V:
		p.SeqLenIs += "; pad_to_max_length pads to it, so training.seq_len_max does not lower it"
	case pf.SeqLenMax.V < p.SeqLen.V:
		p.SeqLenIs = fmt.Sprintf("the data's longest sample (training.seq_len_max), below the %d-token cap: batches are padded to their longest sample", p.SeqLen.V)
		p.SeqLen = declared
	default:
		p.SeqLenIs += fmt.Sprintf("; the data's longest sample (%d tokens) is truncated to it", pf.SeqLenMax.V)
	}
}

// applySbatchNodes takes the node count of a batch script's #SBATCH
// directives as the cluster's, unless the project declares one: a Ray job
// started in the allocation (OpenRLHF's train_ppo_ray_slurm.sh) spans all
// its nodes, whatever the actor alone asks for.
func applySbatchNodes(p *plan.Plan, j *Job) {
	if j.Script == nil || j.Script.Script == nil || p.Hardware.Nodes.From.Kind == plan.FromProject {
		return
	}
	w, ok := j.Script.Script.Sbatch("nodes")
	if !ok {
		return
	}
	if n, err := strconv.Atoi(w.Text); err == nil && n > 0 {
		p.Hardware.Nodes = plan.Of(n, plan.At(j.Script.Path, w.Pos.Line, w.Pos.Column, "#SBATCH --nodes"))
	}
}
