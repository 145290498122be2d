package generate

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
	"github.com/trainlint/trainlint/shell"
)

const twoStage = `#!/bin/bash
# Two-stage training.
MICRO=4
export SEQ=4096

deepspeed --num_gpus 8 train.py \
    --deepspeed ds_zero3.json \
    --per_device_train_batch_size $MICRO \
    --gradient_accumulation_steps $((32 / MICRO)) \
    --model_max_length $SEQ \
    --bf16 true \
    --gradient_checkpointing

torchrun --nproc_per_node=8 train.py --per_device_train_batch_size=2 --bf16 True --output_dir "out dir"
`

func flagSet(flag string, v any) lint.Change {
	return lint.Change{Path: []string{flag}, Op: lint.Set, Value: v}
}

func TestApplyScript(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		changes []lint.Change
		want    string
		wantErr string
	}{
		{
			name:    "variable and computed value",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(6), "--per_device_train_batch_size"}, Value: 2}, {Path: []string{ScriptCommand(6), "--gradient_accumulation_steps"}, Value: 16}},
			want:    strings.Replace(twoStage, "MICRO=4", "MICRO=2", 1),
		},
		{
			name:    "tune run takes key=value overrides",
			src:     "tune run --nproc_per_node 8 lora_finetune_distributed --config c.yaml \\\n    batch_size=4 dtype=bf16\n",
			changes: []lint.Change{flagSet("--batch_size", 2), flagSet("--gradient_accumulation_steps", 4), flagSet("--tokenizer.max_seq_len", 2048)},
			want:    "tune run --nproc_per_node 8 lora_finetune_distributed --config c.yaml \\\n    batch_size=2 dtype=bf16 \\\n    gradient_accumulation_steps=4 \\\n    tokenizer.max_seq_len=2048\n",
		},
		{
			name:    "computed value that would not match",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(6), "--gradient_accumulation_steps"}, Value: 4}},
			wantErr: "computed by the shell",
		},
		{
			name:    "attached value on one line",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(14), "--per_device_train_batch_size"}, Value: 1}},
			want:    strings.Replace(twoStage, "--per_device_train_batch_size=2", "--per_device_train_batch_size=1", 1),
		},
		{
			name:    "bool keeps case; every command",
			src:     twoStage,
			changes: []lint.Change{flagSet("--bf16", false), flagSet("--fp16", true)},
			want: strings.Replace(strings.Replace(strings.Replace(twoStage, "--bf16 true \\\n    --gradient_checkpointing", "--bf16 false \\\n    --gradient_checkpointing \\\n    --fp16 true", 1),
				"--bf16 True", "--bf16 False", 1), `"out dir"`, `"out dir" --fp16 true`, 1),
		},
		{
			name:    "bare flag gets a value",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(6), "--gradient_checkpointing"}, Value: false}},
			want:    strings.Replace(twoStage, "    --gradient_checkpointing\n", "    --gradient_checkpointing false\n", 1),
		},
		{
			name:    "bare flag already true",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(6), "--gradient-checkpointing"}, Value: true}},
			want:    twoStage,
		},
		{
			name:    "quoted value keeps quotes",
			src:     twoStage,
			changes: []lint.Change{flagSet("--output_dir", "out/2")},
			want:    strings.Replace(strings.Replace(twoStage, `"out dir"`, `"out/2"`, 1), "--gradient_checkpointing\n", "--gradient_checkpointing \\\n    --output_dir out/2\n", 1),
		},
		{
			name:    "delete own line and attached",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{"--deepspeed"}, Op: lint.Delete}, {Path: []string{"--bf16"}, Op: lint.Delete}},
			want:    strings.Replace(strings.Replace(strings.Replace(twoStage, "    --deepspeed ds_zero3.json \\\n", "", 1), "    --bf16 true \\\n", "", 1), " --bf16 True", "", 1),
		},
		{
			name:    "variable value",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(6), "--model_max_length"}, Value: 2048}},
			want:    strings.Replace(twoStage, "SEQ=4096", "SEQ=2048", 1),
		},
		{
			name:    "no such command",
			src:     twoStage,
			changes: []lint.Change{{Path: []string{ScriptCommand(3), "--x"}, Value: 1}},
			wantErr: "no launch command",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ApplyScript([]byte(tt.src), "run.sh", tt.changes)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got\n%s\nwant\n%s\ndiff:\n%s", got, tt.want, Diff("run.sh", []byte(tt.want), got))
			}
			again, err := ApplyScript(got, "run.sh", tt.changes)
			if err != nil || string(again) != string(got) {
				t.Errorf("applying again: %v\n%s", err, Diff("run.sh", got, again))
			}
			checkScript(t, got, tt.changes)
		})
	}
}

// checkScript parses the result and checks each Set flag reads back.
func checkScript(t *testing.T, src []byte, changes []lint.Change) {
	t.Helper()
	s, err := shell.Parse("run.sh", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		line, flag, _ := scriptPath(c.Path)
		for _, cmd := range s.Commands {
			if line != 0 && cmd.Pos.Line != line {
				continue
			}
			_, v, ok := cmd.Flag(flag)
			if read.KeyValueArgs(cmd) {
				key := strings.TrimLeft(flag, "-") + "="
				for _, w := range cmd.Args {
					if strings.HasPrefix(w.Text, key) {
						v, ok = w, true
						v.Text = strings.TrimPrefix(w.Text, key)
					}
				}
			}
			switch {
			case c.Op == lint.Delete && ok:
				t.Errorf("%s still set at line %d", flag, cmd.Pos.Line)
			case c.Op == lint.Set && (!ok || !sameShellValue(v.Text, c.Value)):
				t.Errorf("%s = %q at line %d, want %v", flag, v.Text, cmd.Pos.Line, c.Value)
			}
		}
	}
}
