package read

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trainlint/trainlint/plan"
)

// TestShowUI: a launch of ShowUI's train.py takes its own argparse defaults
// (batch 1, no accumulation, bf16, eager attention, LoRA of rank 8, a frozen
// vision tower, 1280 visual tokens) and its --ds_zero config; a train.py
// without ShowUI's flags is not read as ShowUI's.
func TestShowUI(t *testing.T) {
	for _, c := range []struct {
		name, cmd           string
		recipe              string
		mb, ga, r           int
		attn, method        string
		side, zero          int
		precision, loadType plan.Dtype
	}{
		{"defaults", "deepspeed train.py --model_id showlab/ShowUI-2B --ds_zero zero2\n", RecipeShowUI, 1, 1, 8, "eager", "lora", 980, 2, plan.BF16, plan.BF16},
		{"full fp16", "deepspeed train.py --ds_zero=zero2 --lora_r 0 --precision fp16 --batch_size 2 --grad_accumulation_steps 4 --attn_imple flash_attention_2 --max_visual_tokens 256\n", RecipeShowUI, 2, 4, 0, "flash_attention_2", "none", 448, 2, plan.FP16, plan.FP16},
		{"another train.py", "deepspeed train.py --model_name_or_path Qwen/Qwen2-VL-2B-Instruct --per_device_train_batch_size 2\n", "", 2, 1, 0, "sdpa", "none", 0, 0, plan.FP32, plan.FP32},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"run.sh": c.cmd, "ds_configs/zero2.json": `{"zero_optimization": {"stage": 2}}`}
			for name, text := range files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Load([]string{filepath.Join(dir, "run.sh")}, Options{})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			p := res.Jobs[0].Plan
			got := []any{p.Recipe.V, p.MicroBatch.V, p.GradAccum.V, p.PEFT.R.V, p.Attention.V, p.PEFT.Method.V, p.Images.Width.V, p.ZeRO.Stage.V, p.Precision.V, p.LoadDtype.V}
			want := []any{c.recipe, c.mb, c.ga, c.r, c.attn, c.method, c.side, c.zero, c.precision, c.loadType}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("recipe, micro batch, accumulation, lora r, attention, peft, image side, zero stage, precision, load dtype:\ngot  %v\nwant %v", got, want)
					break
				}
			}
		})
	}
}
