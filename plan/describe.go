package plan

import (
	"fmt"
	"strings"
)

// Describe lists every set field with its value and origin, one per line,
// in a fixed order: the explanation behind an estimate, and the form the
// readers' golden tests compare.
func (p *Plan) Describe() string {
	var b strings.Builder
	line := func(name string, set bool, v any, from Origin) {
		if !set {
			return
		}
		fmt.Fprintf(&b, "%-28s %-24v ← %s\n", name, v, from)
	}
	model := ""
	if p.Model.Set {
		model = p.Model.V.ID
	}
	gpu := ""
	if p.Hardware.GPU.Set {
		gpu = p.Hardware.GPU.V.Name
	}
	line("not_training", p.NotTraining.Set, p.NotTraining.V, p.NotTraining.From)
	line("model", p.ModelRef.Set, p.ModelRef.V, p.ModelRef.From)
	line("model.resolved", p.Model.Set, model, p.Model.From)
	line("hardware.gpu", p.Hardware.GPU.Set, gpu, p.Hardware.GPU.From)
	line("hardware.gpus_per_node", p.Hardware.GPUsPerNode.Set, p.Hardware.GPUsPerNode.V, p.Hardware.GPUsPerNode.From)
	line("hardware.nodes", p.Hardware.Nodes.Set, p.Hardware.Nodes.V, p.Hardware.Nodes.From)
	line("hardware.cpu_memory_gib", p.Hardware.CPUMemoryGiB.Set, p.Hardware.CPUMemoryGiB.V, p.Hardware.CPUMemoryGiB.From)
	line("processes", p.Processes.Set, p.Processes.V, p.Processes.From)
	line("launcher", p.Launcher.Set, p.Launcher.V, p.Launcher.From)
	line("recipe", p.Recipe.Set, p.Recipe.V, p.Recipe.From)
	line("load_dtype", p.LoadDtype.Set, p.LoadDtype.V, p.LoadDtype.From)
	line("quantization", p.Quant.Set, p.Quant.V, p.Quant.From)
	line("quantize_experts", p.QuantizeExperts.Set, p.QuantizeExperts.V, p.QuantizeExperts.From)
	line("precision", p.Precision.Set, p.Precision.V, p.Precision.From)
	line("tf32", p.TF32.Set, p.TF32.V, p.TF32.From)
	line("fp8", p.FP8.Set, p.FP8.V, p.FP8.From)
	line("micro_batch", p.MicroBatch.Set, p.MicroBatch.V, p.MicroBatch.From)
	line("grad_accum", p.GradAccum.Set, p.GradAccum.V, p.GradAccum.From)
	line("global_batch", p.GlobalBatch.Set, p.GlobalBatch.V, p.GlobalBatch.From)
	line("seq_len", p.SeqLen.Set, p.SeqLen.V, p.SeqLen.From)
	line("packing", p.Packing.Set, p.Packing.V, p.Packing.From)
	line("padding_free", p.PaddingFree.Set, p.PaddingFree.V, p.PaddingFree.From)
	line("pad_to_longest", p.PadToLongest.Set, p.PadToLongest.V, p.PadToLongest.From)
	line("no_padding_mask", p.NoPaddingMask.Set, p.NoPaddingMask.V, p.NoPaddingMask.From)
	line("torch_compile", p.TorchCompile.Set, p.TorchCompile.V, p.TorchCompile.From)
	line("single_device", p.SingleDevice.Set, p.SingleDevice.V, p.SingleDevice.From)
	line("expandable_segments", p.ExpandableSegments.Set, p.ExpandableSegments.V, p.ExpandableSegments.From)
	line("optimizer", p.Optimizer.Set, p.Optimizer.V, p.Optimizer.From)
	line("gradient_checkpointing", p.GradientCheckpointing.Set, p.GradientCheckpointing.V, p.GradientCheckpointing.From)
	line("checkpoint_offload", p.CheckpointOffload.Set, p.CheckpointOffload.V, p.CheckpointOffload.From)
	line("attention", p.Attention.Set, p.Attention.V, p.Attention.From)
	line("loss_chunks", p.ChunkedLoss.Set, p.ChunkedLoss.V, p.ChunkedLoss.From)
	if z := p.ZeRO; z.Enabled {
		line("zero.stage", z.Stage.Set, z.Stage.V, z.Stage.From)
		line("zero.offload_optimizer", z.OffloadOptimizer.Set, z.OffloadOptimizer.V, z.OffloadOptimizer.From)
		line("zero.offload_param", z.OffloadParam.Set, z.OffloadParam.V, z.OffloadParam.From)
		line("zero.nvme_path", z.NVMePath.Set, z.NVMePath.V, z.NVMePath.From)
		line("zero.overlap_comm", z.OverlapComm.Set, z.OverlapComm.V, z.OverlapComm.From)
		line("zero.contiguous_gradients", z.ContiguousGradients.Set, z.ContiguousGradients.V, z.ContiguousGradients.From)
		line("zero.reduce_bucket_size", z.ReduceBucketSize.Set, z.ReduceBucketSize.V, z.ReduceBucketSize.From)
		line("zero.allgather_bucket_size", z.AllgatherBucketSize.Set, z.AllgatherBucketSize.V, z.AllgatherBucketSize.From)
		line("zero.sub_group_size", z.SubGroupSize.Set, z.SubGroupSize.V, z.SubGroupSize.From)
		line("zero.max_live_parameters", z.MaxLiveParameters.Set, z.MaxLiveParameters.V, z.MaxLiveParameters.From)
		line("zero.prefetch_bucket_size", z.PrefetchBucketSize.Set, z.PrefetchBucketSize.V, z.PrefetchBucketSize.From)
		line("zero.param_persistence", z.ParamPersistenceThreshold.Set, z.ParamPersistenceThreshold.V, z.ParamPersistenceThreshold.From)
		line("zero.gather_16bit_on_save", z.Gather16BitOnSave.Set, z.Gather16BitOnSave.V, z.Gather16BitOnSave.From)
	}
	line("fsdp.mode", p.FSDP.Mode.Set, p.FSDP.Mode.V, p.FSDP.Mode.From)
	line("fsdp.cpu_offload", p.FSDP.CPUOffload.Set, p.FSDP.CPUOffload.V, p.FSDP.CPUOffload.From)
	line("peft.method", p.PEFT.Method.Set, p.PEFT.Method.V, p.PEFT.Method.From)
	line("peft.r", p.PEFT.R.Set, p.PEFT.R.V, p.PEFT.R.From)
	line("peft.alpha", p.PEFT.Alpha.Set, p.PEFT.Alpha.V, p.PEFT.Alpha.From)
	line("peft.target_modules", p.PEFT.TargetModules.Set, strings.Join(p.PEFT.TargetModules.V, ","), p.PEFT.TargetModules.From)
	line("peft.target_regex", p.PEFT.TargetRegex.Set, p.PEFT.TargetRegex.V, p.PEFT.TargetRegex.From)
	line("peft.modules_to_save", p.PEFT.ModulesToSave.Set, strings.Join(p.PEFT.ModulesToSave.V, ","), p.PEFT.ModulesToSave.From)
	line("peft.kbit_prep", p.PEFT.KbitPrep.Set, p.PEFT.KbitPrep.V, p.PEFT.KbitPrep.From)
	line("peft.dropout", p.PEFT.Dropout.Set, p.PEFT.Dropout.V, p.PEFT.Dropout.From)
	line("freeze", p.Freeze.Set, strings.Join(p.Freeze.V, ","), p.Freeze.From)
	line("images.width", p.Images.Width.Set, p.Images.Width.V, p.Images.Width.From)
	line("images.height", p.Images.Height.Set, p.Images.Height.V, p.Images.Height.From)
	line("images.per_sample", p.Images.PerSample.Set, p.Images.PerSample.V, p.Images.PerSample.From)
	line("images.max_slices", p.Images.MaxSlices.Set, p.Images.MaxSlices.V, p.Images.MaxSlices.From)
	line("images.overview", p.Images.Overview.Set, p.Images.Overview.V, p.Images.Overview.From)
	line("images.slice_size", p.Images.SliceSize.Set, p.Images.SliceSize.V, p.Images.SliceSize.From)
	line("eval.enabled", p.Eval.Enabled.Set, p.Eval.Enabled.V, p.Eval.Enabled.From)
	line("eval.batch_size", p.Eval.BatchSize.Set, p.Eval.BatchSize.V, p.Eval.BatchSize.From)
	line("eval.accumulation_steps", p.Eval.AccumulationSteps.Set, p.Eval.AccumulationSteps.V, p.Eval.AccumulationSteps.From)
	line("eval.prediction_loss_only", p.Eval.PredictionLossOnly.Set, p.Eval.PredictionLossOnly.V, p.Eval.PredictionLossOnly.From)
	p.describeRL(line)
	for _, a := range p.Assumptions {
		fmt.Fprintf(&b, "assumption: %s\n", a)
	}
	return b.String()
}
