package shell

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/document"
)

// TestParseEmbedded: an embedded script's words point where their text is
// written in the file that holds it, its environment is exported to the
// launch, and "$@" and $1 expand to the arguments it is given, each a word
// of its own.
func TestParseEmbedded(t *testing.T) {
	at := func(l, c int) document.Pos { return document.Pos{Line: l, Column: c} }
	e := Embedded{
		Text: []Piece{
			{Text: "cd 'sub'\n", Pos: at(3, 5)},
			{Text: "torchrun --nproc_per_node=$NGPU train.py \"$@\" --seed $1\n", Pos: at(10, 7), Exact: true},
		},
		Env:  []Var{{Name: "NGPU", Value: Piece{Text: "4", Pos: at(5, 12), Exact: true}}},
		Args: []Piece{{Text: "--lr", Pos: at(20, 9), Exact: true}, {Text: "1e-5 x", Pos: at(21, 9), Exact: true}},
	}
	sc, err := ParseEmbedded("job.yaml", e, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Commands) != 1 {
		t.Fatalf("%d commands, want 1", len(sc.Commands))
	}
	c := sc.Commands[0]
	if n, how, ok := c.WorldSize(); !ok || n != 4 {
		t.Errorf("world size %d (%s), want 4 from NGPU", n, how)
	}
	if c.Pos != at(10, 7) || c.Program.Pos != at(10, 39) || c.Dir != "sub" {
		t.Errorf("command at %v, program at %v, dir %q; want 10:7, 10:39, sub", c.Pos, c.Program.Pos, c.Dir)
	}
	var texts []string
	for _, w := range c.Args {
		texts = append(texts, w.Text)
	}
	if got := strings.Join(texts, "|"); got != "--lr|1e-5 x|--seed|--lr" {
		t.Errorf("args %q, want --lr|1e-5 x|--seed|--lr", got)
	}
	if c.Args[1].Origin != at(21, 9) {
		t.Errorf("second argument from %v, want 21:9", c.Args[1].Origin)
	}
	var exported bool
	for _, a := range c.Env {
		exported = exported || a.Name == "NGPU" && a.Value.Text == "4"
	}
	if !exported {
		t.Errorf("NGPU not among the command's environment: %+v", c.Env)
	}
	if _, err := ParseEmbedded("job.yaml", Embedded{Text: []Piece{{Text: "a\x00b"}}}, nil); err == nil {
		t.Error("a NUL byte was read as script text")
	}
}

// TestPerGPU: the launches whose process count is the machine's GPU count
// and nothing else.
func TestPerGPU(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"trl sft --model_name_or_path m\n", true},
		{"llamafactory-cli train x.yaml\n", true},
		{"deepspeed train.py --deepspeed ds.json\n", true},
		{"deepspeed --num_gpus 4 train.py\n", false},
		{"deepspeed --hostfile h train.py\n", false},
		{"CUDA_VISIBLE_DEVICES=$DEV deepspeed train.py\n", false},
		{"deepspeed $OPTS train.py\n", false},
		{"torchrun --nproc_per_node $N train.py\n", false},
		{"accelerate launch train.py\n", false},
		{"python train.py\n", false},
	} {
		t.Run(c.src, func(t *testing.T) {
			sc, err := Parse("run.sh", []byte(c.src))
			if err != nil || len(sc.Commands) != 1 {
				t.Fatalf("%v, %d commands", err, len(sc.Commands))
			}
			if got := sc.Commands[0].PerGPU(); got != c.want {
				t.Errorf("PerGPU %v, want %v", got, c.want)
			}
		})
	}
}

// TestTorchrunEnvDefaults: torchrun takes --nproc_per_node and --nnodes
// from PET_NPROC_PER_NODE and PET_NNODES when they are not given.
func TestTorchrunEnvDefaults(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int // 0: unknown
	}{
		{"export PET_NPROC_PER_NODE=4\nexport PET_NNODES=2\ntorchrun train.py\n", 8},
		{"export PET_NNODES=3\ntorchrun --nproc_per_node 8 train.py\n", 24},
		{"export PET_NNODES=4\ntorchrun --nnodes 1 --nproc_per_node 8 train.py\n", 8},
		{"export PET_NNODES=1:4\ntorchrun --nproc_per_node 8 train.py\n", 0},
		{"export PET_NPROC_PER_NODE=auto\ntorchrun train.py\n", 0},
	} {
		t.Run(c.src, func(t *testing.T) {
			sc, err := Parse("run.sh", []byte(c.src))
			if err != nil || len(sc.Commands) != 1 {
				t.Fatalf("%v, %d commands", err, len(sc.Commands))
			}
			n, how, ok := sc.Commands[0].WorldSize()
			if !ok {
				n = 0
			}
			if n != c.want {
				t.Errorf("world size %d (%s), want %d", n, how, c.want)
			}
		})
	}
}

// TestParseEmbeddedAsFile: a script handed over as one piece written at
// the start of its file reads exactly as the file does, positions and all.
func TestParseEmbeddedAsFile(t *testing.T) {
	seeds, _ := filepath.Glob(filepath.Join(testdataDir, "*.sh"))
	if len(seeds) == 0 {
		t.Fatal("no scripts")
	}
	for _, p := range seeds {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(src, []byte("#SBATCH")) {
			continue // a batch script's header seeds Slurm's variables; an embedded script has none
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			file, err := Parse("run.sh", src)
			if err != nil {
				t.Fatal(err)
			}
			emb, err := ParseEmbedded("run.sh", Embedded{Text: []Piece{{Text: string(src), Pos: document.Pos{Line: 1, Column: 1}, Exact: true}}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := render(emb), render(file); got != want {
				t.Errorf("embedded reads differently from the file:\n--- embedded\n%s--- file\n%s", got, want)
			}
		})
	}
}

// TestTorchrunPerNodeEnv: a launch whose --nnodes alone is unknown takes
// its processes per node from PET_NPROC_PER_NODE too, and names the
// variable without an equals sign.
func TestTorchrunPerNodeEnv(t *testing.T) {
	sc, err := Parse("run.sh", []byte("export PET_NPROC_PER_NODE=4\nexport PET_NNODES=2\ntorchrun train.py\ntorchrun --nnodes=$N train.py\n"))
	if err != nil || len(sc.Commands) != 2 {
		t.Fatalf("%v, %d commands", err, len(sc.Commands))
	}
	if _, how, ok := sc.Commands[0].WorldSize(); !ok || how != "PET_NPROC_PER_NODE 4 × PET_NNODES 2" {
		t.Errorf("world size shown as %q (ok %v)", how, ok)
	}
	if per, _, ok := sc.Commands[1].PerNodeWorld(); !ok || per != 4 {
		t.Errorf("per node %d (ok %v), want 4", per, ok)
	}
}
