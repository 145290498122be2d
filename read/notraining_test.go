package read

import "testing"

func TestDataPrepFolder(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		declined  bool
	}{
		{"verl dataset builder", "python examples/data_preprocess/gsm8k.py --local_save_dir /data/gsm8k/\n", true},
		{"builder as a module", "python -m examples.data_preprocess.math_dataset --local_dir ~/data/math\n", true},
		{"training script", "torchrun --nproc_per_node=8 train.py --model_name_or_path Qwen/Qwen2.5-0.5B\n", false},
		{"a service beside the trainer", "python ./verl_tool/servers/tools/utils/retrieval_server.py --index_path e5.index --topk 3 &\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := rlPlanOf(t, "run.sh", tc.src)
			if p.NotTraining.Set != tc.declined {
				t.Errorf("declined %v (%q), want %v", p.NotTraining.Set, p.NotTraining.V, tc.declined)
			}
		})
	}
}
