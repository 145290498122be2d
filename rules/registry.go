// Package rules holds trainlint's checks, one per file, and the registry
// that lists them. Rules only report through their lint.Pass; the driver in
// package lint filters, sorts and prints.
package rules

import "github.com/trainlint/trainlint/lint"

// All returns every rule, in the order `trainlint rules` lists them:
// memory first, then what stops a job at startup, by the file it concerns.
func All() []*lint.Rule {
	return []*lint.Rule{
		// Memory, from the estimate.
		GPUOutOfMemory,
		GPUMemoryHeadroomLow,
		HostMemoryOffloadTooSmall,
		Zero3SaveGathersFullModel,
		EvalAccumulatesLogits,
		MemoryNotChecked,
		NotATrainingJob,

		// DeepSpeed batch arithmetic and the Hugging Face integration.
		DSBatchSizeMissing,
		DSBatchSizeNonpositive,
		DSBatchSizeMismatch,
		DSBatchSizeInexactDerivation,
		DSHFValueMismatch,
		DSAutoOutsideHF,

		// Precision and GPU capabilities.
		FP16BF16BothEnabled,
		BF16UnsupportedGPU,
		TF32UnsupportedGPU,
		FlashAttentionUnsupportedGPU,
		FP8UnsupportedGPU,

		// ZeRO offload.
		OffloadParamNeedsZero3,
		OffloadPartialNeedsZero3,
		OffloadNVMeMissingPath,

		// DeepSpeed keys and syntax.
		DSDeprecatedKey,
		DSDeprecatedAndNewKey,
		DSUnknownKey,
		DSUnknownTopLevelKey,
		DSZeroOptimizationMissing,
		DSUnknownOptimizerType,
		DSMaxGradNormInOptimizerParams,
		DSAmpConflict,
		DSLegacyStage1,
		DSAllreduceSumWithZero3,
		DuplicateKey,
		HjsonSyntax,
		SchemaViolation,

		// Trainer arguments.
		TrainerLoadBestStrategyMismatch,
		TrainerDeepSpeedAndFSDP,
		TrainerAutoFindBatchSizeSharded,
		TrainerPrefetchWithoutWorkers,
		TrainerSaveBestWithoutMetric,
		TrainerPlateauWithoutEval,
		TrainerSaveOnlyModelLoadBest,
		TrainerSaveOnlyModelShardedFSDP,
		TrainerNumberReadAsString,
		TrainerUnknownKey,

		// Accelerate.
		AccelerateDeepSpeedConfigConflict,
		AccelerateUnknownKey,
		AccelerateMixedPrecisionMismatch,
		WorldSizeMismatch,

		// RL trainers (verl, EasyR1, OpenRLHF, TRL).
		RLRolloutTPIndivisible,
		RLRolloutGPUMemoryUtilization,
		RLSequenceBeyondModel,
		RLRayGPUsExceedCluster,
		VerlBatchSizeIndivisible,
		HydraArgumentNotOverride,

		// Adapters and quantization.
		QLoRAWithZero3,
		QuantizationWithoutAdapter,
		GradientCheckpointingWithUseCache,

		// MiniCPM-V finetune.py.
		MiniCPMVFinetuneArgs,

		// TRL.
		TRLGRPOGenerationBatch,
		TRLDPOConfigConflict,
		TRLSyncRefModelConflict,
		TRLDS3GatherWithVLLM,

		// LLaMA-Factory.
		LlamaFactoryQuantizationNeedsLoRA,
		LlamaFactoryQuantizationZeRO3,
		LlamaFactoryPureBF16ZeRO3,
		LlamaFactoryFP8WithQuantization,
		LlamaFactoryGaLoreDeepSpeed,
		LlamaFactoryQuantizedDeviceMapTraining,
		LlamaFactoryNoMixedPrecision,
		LlamaFactoryCutoffLenBeyondModel,
		LlamaFactoryLoRATargetMissing,
		LlamaFactoryTrainArgsConflict,

		// axolotl.
		AxolotlQLoRAWithout4Bit,
		Axolotl4BitWithoutQLoRA,
		Axolotl8BitAnd4Bit,
		AxolotlBatchSizeConflict,
		AxolotlBatchSizeUnderspecified,
		AxolotlEvalBatchSizeMismatch,
		AxolotlDeepSpeedAndFSDP,
		AxolotlActivationOffloadingNeedsGradientCheckpointing,
		AxolotlSamplePackingWithoutFlashAttention,
		AxolotlConfigConflict,

		// Launch scripts.
		ScriptReferencedFileMissing,
		ScriptDeepSpeedWithoutConfig,
		ScriptWorldSizeUnknown,
	}
}
