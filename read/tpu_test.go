package read

import (
	"strings"
	"testing"
)

// TestTPUJob checks that a launch on TPUs gets one memory gap naming the
// TPU instead of a GPU memory verdict, and a GPU launch none.
func TestTPUJob(t *testing.T) {
	const train = "python train.py --model_name_or_path Qwen/Qwen2.5-0.5B --per_device_train_batch_size 4\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"PJRT_DEVICE exported", "export PJRT_DEVICE=TPU &&\n" + train, "`PJRT_DEVICE=TPU`"},
		{"PJRT_DEVICE prefix", "PJRT_DEVICE=TPU " + train, "`PJRT_DEVICE=TPU`"},
		{"XRT runtime", "export XRT_TPU_CONFIG=\"localservice;0;localhost:51011\"\n" + train, "`XRT_TPU_CONFIG="},
		{"accelerate --tpu", "accelerate launch --tpu train.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", "`accelerate launch --tpu`"},
		{"xla_spawn", "python -m torch_xla.distributed.xla_spawn --num_cores 8 train.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", "xla_spawn"},
		{"GPU runtime", "export PJRT_DEVICE=CUDA\n" + train, ""},
		{"GPU launch", train, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", tc.src)
			tpu := len(p.MemoryGaps) == 1 && p.MemoryGaps[0].Kind == GapTPUJob
			switch {
			case tc.want == "" && tpu:
				t.Errorf("read as a TPU job: %+v", p.MemoryGaps)
			case tc.want != "" && (!tpu || !strings.Contains(p.MemoryGaps[0].What, tc.want)):
				t.Errorf("memory gaps %+v, want one TPU job naming %s", p.MemoryGaps, tc.want)
			case tc.want != "" && p.Processes.Set:
				t.Errorf("processes %d from the launch, want none: PyTorch/XLA spawns its own", p.Processes.V)
			}
		})
	}
}
