package read

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// megatronSearchDepth bounds how many folders above a DeepSpeed config are
// searched for signs of Megatron-DeepSpeed, and megatronScriptLimit how many
// scripts of one folder are read.
const (
	megatronSearchDepth = 4
	megatronScriptLimit = 64
)

// MegatronDeepSpeed reports whether a DeepSpeed config linted alone belongs
// to a Megatron-DeepSpeed repository, and says how that shows: a folder
// above it holds Megatron-DeepSpeed's pretrain_gpt.py beside its megatron
// package, or a launch script that runs pretrain_gpt.py with --deepspeed.
//
// Such a config's batch values are read by DeepSpeed over the data-parallel
// group only: Megatron-DeepSpeed hands its mpu (or, with pipeline
// parallelism, a PipelineModule's topology) to deepspeed.initialize
// (microsoft/Megatron-DeepSpeed f4157be megatron/training.py
// setup_model_and_optimizer), so DeepSpeed's world size is the GPUs divided
// by the tensor and pipeline parallel sizes, which the config does not say;
// its run scripts also write the config themselves (cat <<EOT >
// $CONFIG_JSON in examples_deepspeed/universal_checkpointing).
func MegatronDeepSpeed(j *Job) (string, bool) {
	if j == nil || j.DeepSpeed == nil || j.Primary != j.DeepSpeed || j.Trainer != nil || j.Script != nil || j.Accelerate != nil {
		return "", false
	}
	// The folders above the config, up to its repository's root.
	for i, dir := range upwards(filepath.Dir(j.DeepSpeed.Path), ".") {
		if i == megatronSearchDepth {
			break
		}
		if why, ok := megatronFolder(dir); ok {
			return why, true
		}
	}
	return "", false
}

// megatronFolder looks for Megatron-DeepSpeed in one folder.
func megatronFolder(dir string) (string, bool) {
	if st, err := os.Stat(filepath.Join(dir, "megatron")); err == nil && st.IsDir() {
		if _, err := os.Stat(filepath.Join(dir, "pretrain_gpt.py")); err == nil {
			return filepath.Join(dir, "pretrain_gpt.py") + " is Megatron-DeepSpeed's", true
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	read := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sh") || read >= megatronScriptLimit {
			continue
		}
		read++
		path := filepath.Join(dir, e.Name())
		src, err := readSmall(path, indexSizeLimit, nil)
		if err == nil && bytes.Contains(src, []byte("pretrain_gpt.py")) && bytes.Contains(src, []byte("--deepspeed")) {
			return path + " runs Megatron-DeepSpeed's pretrain_gpt.py", true
		}
	}
	return "", false
}
