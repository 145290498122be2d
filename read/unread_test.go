package read

import "testing"

// TestUnreadLaunch: the lines of a script without a readable launch that
// are taken for a launch trainlint did not follow, and those that are not.
func TestUnreadLaunch(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int // 0: none
	}{
		{"wrapper script", "srun -n4 --gres=gpu:8 bash torchrun.sh \\\n  --nproc_per_node=8 tasks/train_pt.py cfg.py\n", 1},
		{"accelerate in bash -c", "srun bash -c \"\n  cd x\n  accelerate launch --config_file a.yaml launch.py loss=ppo\n\"\n", 3},
		{"launcher before python", "python -m train.sample $CKPT\naccelerate launch launch.py\n", 2},
		{"python training program", "$PY train_lora.py --lr 1e-4\npython3 -u src/sft.py\n", 2},
		{"python training module", "python -m llava.train.train_mem\n", 1},
		{"uv run module", "uv run --isolated --extra fsdp -m skyrl_train.entrypoints.main_base \\\n  trainer.epochs=20\n", 1},
		{"axolotl", "CMD=axolotl\n$WRAP axolotl train cfg.yml\n", 2},
		{"trl", "eval $RUN trl grpo --config grpo.yaml\n", 1},
		{"axolotl preprocess", "axolotl preprocess cfg.yml\n", 0},
		{"comment", "# torchrun --nproc_per_node 8 train.py\n", 0},
		{"echo", "echo \"run: deepspeed train.py\"\n", 0},
		{"evaluation", "python eval.py --ckpt x\npip install deepspeedx\n", 0},
		{"nothing", "export A=1\nls\n", 0},
	} {
		pos, text, ok := unreadLaunch([]byte(c.src))
		if ok != (c.line > 0) || pos.Line != c.line {
			t.Errorf("%s: line %d (%s, %v), want %d", c.name, pos.Line, text, ok, c.line)
		}
	}
}
