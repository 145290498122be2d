package shell

import (
	"testing"

	"github.com/trainlint/trainlint/document"
)

// only parses a one-command script and returns that command.
func only(t *testing.T, src string) *Command {
	t.Helper()
	sc, err := Parse("test.sh", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Commands) != 1 {
		t.Fatalf("%d commands in %q, want 1", len(sc.Commands), src)
	}
	return sc.Commands[0]
}

func TestFlag(t *testing.T) {
	tests := []struct {
		name, src, flag string
		ok              bool
		key, val        string
		valPos          document.Pos
		known           bool
	}{
		{"spaced", "python t.py --lr 1e-5", "lr", true, "--lr", "1e-5", document.Pos{Line: 1, Column: 18}, true},
		{"equals", "python t.py --lr=1e-5", "lr", true, "--lr", "1e-5", document.Pos{Line: 1, Column: 18}, true},
		{"dash spelling matches underscore", "python t.py --per-device-train-batch-size 4", "per_device_train_batch_size", true, "--per-device-train-batch-size", "4", document.Pos{Line: 1, Column: 43}, true},
		{"underscore spelling matches dash", "python t.py --zero_stage 3", "zero-stage", true, "--zero_stage", "3", document.Pos{Line: 1, Column: 26}, true},
		{"name with dashes", "python t.py --bf16", "--bf16", true, "--bf16", "true", document.Pos{Line: 1, Column: 13}, true},
		{"bare before flag", "python t.py --bf16 --tf32 True", "bf16", true, "--bf16", "true", document.Pos{Line: 1, Column: 13}, true},
		{"bare at end", "python t.py --tf32 True --gradient_checkpointing", "gradient_checkpointing", true, "--gradient_checkpointing", "true", document.Pos{Line: 1, Column: 25}, true},
		{"negative number is a value", "python t.py --vision_select_layer -1", "vision_select_layer", true, "--vision_select_layer", "-1", document.Pos{Line: 1, Column: 35}, true},
		{"last wins", "python t.py --lr 1 --lr 2", "lr", true, "--lr", "2", document.Pos{Line: 1, Column: 25}, true},
		{"absent", "python t.py --lr 1", "seed", false, "", "", document.Pos{}, false},
		{"launcher option is not a program flag", "torchrun --nproc_per_node 2 t.py", "nproc_per_node", false, "", "", document.Pos{}, false},
		{"unknown value", "python t.py --output_dir $1", "output_dir", true, "--output_dir", "$1", document.Pos{Line: 1, Column: 26}, false},
		{"unknown value after equals", "python t.py --seed=$RANDOM", "seed", true, "--seed", "$RANDOM", document.Pos{Line: 1, Column: 20}, false},
		{"value through a variable", "LR=3e-4\npython t.py --lr=$LR", "lr", true, "--lr", "3e-4", document.Pos{Line: 2, Column: 18}, true},
		{"continued line", "python t.py \\\n  --lr \\\n  1e-5", "lr", true, "--lr", "1e-5", document.Pos{Line: 3, Column: 3}, true},
		{"quoted value", `python t.py --report_to "none"`, "report_to", true, "--report_to", "none", document.Pos{Line: 1, Column: 25}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := only(t, tt.src)
			key, val, ok := c.Flag(tt.flag)
			if ok != tt.ok {
				t.Fatalf("Flag(%q) ok=%v, want %v", tt.flag, ok, tt.ok)
			}
			if !ok {
				return
			}
			if key.Text != tt.key || val.Text != tt.val || val.Pos != tt.valPos || val.Known != tt.known {
				t.Errorf("Flag(%q) = %q %q at %s known=%v, want %q %q at %s known=%v",
					tt.flag, key.Text, val.Text, val.Pos, val.Known, tt.key, tt.val, tt.valPos, tt.known)
			}
			if !key.Known {
				t.Errorf("key %q is unknown, want known", key.Text)
			}
		})
	}
}

func TestFlagOrigin(t *testing.T) {
	c := only(t, "ARGS=\"--lr=1e-5 --bf16\"\npython t.py $ARGS")
	_, val, ok := c.Flag("lr")
	if !ok || val.Text != "1e-5" {
		t.Fatalf("Flag(lr) = %q, %v", val.Text, ok)
	}
	if want := (document.Pos{Line: 2, Column: 13}); val.Pos != want {
		t.Errorf("value at %s, want the expansion's position %s", val.Pos, want)
	}
	if want := (document.Pos{Line: 1, Column: 12}); val.Origin != want {
		t.Errorf("value written at %s, want %s", val.Origin, want)
	}
}

// TestWordAt: a flag that one written word spread into several words (a
// quoted variable's value expanded unquoted, an array) is cited where it is
// written inside that value, key and value alike; anything else where the
// word is written on the command line.
func TestWordAt(t *testing.T) {
	pos := func(line, col int) document.Pos { return document.Pos{Line: line, Column: col} }
	tests := []struct {
		name, src, flag string
		key, val        document.Pos
	}{
		{"written on the command line", "python t.py --lr 1e-5", "lr", pos(1, 13), pos(1, 18)},
		{"inside a quoted variable", "args=\"\n  --lr 1e-5 \\\n  --bf16 True\"\npython t.py ${args}", "bf16", pos(3, 3), pos(3, 10)},
		{"first flag of the value", "args=\"--lr 1e-5 --bf16\"\npython t.py $args", "lr", pos(1, 7), pos(1, 12)},
		{"bare switch inside a variable", "args=\"--lr 1e-5 --bf16\"\npython t.py $args", "bf16", pos(1, 17), pos(1, 17)},
		{"key=value inside a variable", "args=\"--seed 1 --lr=1e-5\"\npython t.py $args", "lr", pos(1, 16), pos(1, 21)},
		{"value from a variable in the value", "llm=m/x\nargs=\"--model \"${llm}\" --bf16\"\npython t.py $args", "model", pos(2, 7), pos(1, 5)},
		{"computed value", "b=4\nargs=\"--bs $((b*2)) --bf16\"\npython t.py $args", "bs", pos(2, 7), pos(3, 13)},
		{"array element", "A=(--lr 1e-5 --bf16)\npython t.py \"${A[@]}\"", "lr", pos(1, 4), pos(1, 9)},
		{"one word from a variable stays at the expansion", "LR=1e-5\npython t.py --lr $LR", "lr", pos(2, 13), pos(2, 18)},
		{"variable holding one flag stays at the expansion", "X=--bf16\npython t.py $X", "bf16", pos(2, 13), pos(2, 13)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, val, ok := only(t, tt.src).Flag(tt.flag)
			if !ok {
				t.Fatalf("Flag(%q) not found", tt.flag)
			}
			if key.At() != tt.key || val.At() != tt.val {
				t.Errorf("Flag(%q): key at %s, value %q at %s; want %s and %s", tt.flag, key.At(), val.Text, val.At(), tt.key, tt.val)
			}
		})
	}
}

// TestWordAtSourced: flags a sourced file's variable holds are written in
// that file, so they point at the expansion in the script read.
func TestWordAtSourced(t *testing.T) {
	files := map[string]string{"vars.sh": "ARGS=\"--lr 1e-5\n  --bf16\"\n"}
	open := func(name string) ([]byte, error) { return []byte(files[name]), nil }
	sc, err := ParseWith("main.sh", []byte("source vars.sh\npython t.py $ARGS\n"), open)
	if err != nil || len(sc.Commands) != 1 {
		t.Fatalf("ParseWith: %d commands, %v", len(sc.Commands), err)
	}
	key, val, ok := sc.Commands[0].Flag("bf16")
	if want := (document.Pos{Line: 2, Column: 13}); !ok || key.At() != want || val.At() != want {
		t.Errorf("--bf16 (%v) at %s, value at %s; want both at %s", ok, key.At(), val.At(), want)
	}
}

func TestArgPairs(t *testing.T) {
	c := only(t, "deepspeed --num_gpus 2 main.py --data_path a b --gradient_checkpointing --lr=1e-4 positional --deepspeed")
	var got []string
	for _, p := range c.ArgPairs() {
		got = append(got, p.Key.Text+"="+p.Value.Text)
	}
	want := []string{"--data_path=a", "--gradient_checkpointing=true", "--lr=1e-4", "--deepspeed=true"}
	if len(got) != len(want) {
		t.Fatalf("ArgPairs = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pair %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestLauncherFlag(t *testing.T) {
	tests := []struct {
		name, src, flag, val string
		ok                   bool
	}{
		{"torchrun dash spelling", "torchrun --nproc-per-node=4 t.py", "nproc_per_node", "4", true},
		{"deepspeed short include", "deepspeed -i localhost:0,1 t.py", "include", "localhost:0,1", true},
		{"srun attached short", "srun -N2 python t.py", "nodes", "2", true},
		{"srun short", "srun -n 16 python t.py", "ntasks", "16", true},
		{"boolean takes no value", "torchrun --standalone --nproc_per_node 2 t.py", "standalone", "true", true},
		{"accelerate config", "accelerate launch --config_file cfg.yaml t.py", "config_file", "cfg.yaml", true},
		{"absent", "torchrun t.py --nnodes 2", "nnodes", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, val, ok := only(t, tt.src).LauncherFlag(tt.flag)
			if ok != tt.ok || val.Text != tt.val {
				t.Errorf("LauncherFlag(%q) = %q, %v; want %q, %v", tt.flag, val.Text, ok, tt.val, tt.ok)
			}
		})
	}
}
