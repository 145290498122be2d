package read

import "testing"

// TestCheckpointOffload: the switches of LLaMA-Factory, axolotl and
// torchtune that keep checkpointed layer inputs in host memory, and the
// forms that leave them on the GPU.
func TestCheckpointOffload(t *testing.T) {
	const lf = "model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nfinetuning_type: lora\ntemplate: qwen\ncutoff_len: 4096\n"
	const ax = "base_model: Qwen/Qwen2.5-7B\nsequence_len: 4096\nmicro_batch_size: 1\n"
	const tt = "model:\n  _component_: torchtune.models.llama3_1.lora_llama3_1_8b\nbatch_size: 2\n"
	for _, c := range []struct {
		name, src       string
		ckpt, offloaded bool
	}{
		{"llamafactory use_unsloth_gc", lf + "use_unsloth_gc: true\n", true, true},
		{"llamafactory default", lf, true, false},
		{"llamafactory use_unsloth_gc false", lf + "use_unsloth_gc: false\n", true, false},
		{"axolotl gradient_checkpointing offload", ax + "gradient_checkpointing: offload\n", true, true},
		{"axolotl gradient_checkpointing offload_disk", ax + "gradient_checkpointing: offload_disk\n", true, true},
		{"axolotl activation_offloading legacy", ax + "gradient_checkpointing: true\nactivation_offloading: legacy\n", true, true},
		{"axolotl activation_offloading true", ax + "gradient_checkpointing: true\nactivation_offloading: true\n", true, true},
		{"axolotl activation_offloading false", ax + "gradient_checkpointing: true\nactivation_offloading: false\n", true, false},
		{"torchtune offloading", tt + "enable_activation_checkpointing: True\nenable_activation_offloading: True\n", true, true},
		{"torchtune checkpointing only", tt + "enable_activation_checkpointing: True\n", true, false},
	} {
		p := rlPlanOf(t, "train.yaml", c.src)
		if p.GradientCheckpointing.V != c.ckpt || p.CheckpointOffload.V != c.offloaded {
			t.Errorf("%s: checkpointing %v, offload %v; want %v, %v", c.name, p.GradientCheckpointing.V, p.CheckpointOffload.V, c.ckpt, c.offloaded)
		}
	}
}
