package shell

import (
	"strings"
	"testing"
)

func TestSbatch(t *testing.T) {
	tests := []struct {
		name, src, opt string
		want           string // "" when absent
		line, col      int
	}{
		{"short with comment", "#!/bin/bash\n#SBATCH -p { partition }\n#SBATCH -N 2                       # 64x8x4\n", "nodes", "2", 3, 12},
		{"long attached", "#SBATCH --nodes=4\n#SBATCH --ntasks-per-node=1\n", "nodes", "4", 1, 17},
		{"dashed name", "#SBATCH --ntasks-per-node=1\n", "ntasks_per_node", "1", 1, 27},
		{"last wins", "#SBATCH -N 1\n#SBATCH --nodes 3\n", "nodes", "3", 2, 17},
		{"after a command", "set -x\n#SBATCH -N 2\n", "nodes", "", 0, 0},
		{"boolean before", "#SBATCH --exclusive -N 2\n", "nodes", "2", 1, 24},
		{"commented out", "##SBATCH -N 2\n", "nodes", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("job.sh", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			w, ok := sc.Sbatch(tt.opt)
			if got := map[bool]string{true: w.Text}[ok]; got != tt.want {
				t.Fatalf("Sbatch(%q) = %q, %v; want %q", tt.opt, w.Text, ok, tt.want)
			}
			if ok && (w.Pos.Line != tt.line || w.Pos.Column != tt.col) {
				t.Errorf("value at %s, want %d:%d", w.Pos, tt.line, tt.col)
			}
		})
	}
}

// TestSbatchFollowed: `sbatch [options] script args` reads the batch script
// as bash reads a child script, its arguments its positional parameters,
// so the branch the argument selects is the one launched; a job script of
// another kind, or sbatch --wrap, is not followed.
func TestSbatchFollowed(t *testing.T) {
	files := map[string]string{
		"job.sbatch": "#!/bin/bash\n#SBATCH --nodes 1\nif [ \"$1\" = \"convert\" ]; then\n  torchrun --nproc_per_node=8 convert.py\nelse\n  torchrun --nproc_per_node=8 finetune.py --lr 1e-5\nfi\n",
	}
	open := func(name string) ([]byte, error) { return []byte(files[name]), nil }
	for _, c := range []struct{ name, src, program string }{
		{"argument picks a branch", "sbatch --nodes=1 --job-name=ft job.sbatch finetune\n", "finetune.py"},
		{"the other branch", "sbatch -N 1 job.sbatch convert\n", "convert.py"},
		{"not a batch script", "sbatch job.py\n", ""},
		{"--wrap", "sbatch --wrap \"torchrun --nproc_per_node=8 x.py\"\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, err := ParseWith("run.sh", []byte(c.src), open)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, cmd := range sc.Commands {
				if !cmd.Unreachable {
					got = append(got, cmd.Program.Text)
				}
			}
			want := []string{}
			if c.program != "" {
				want = []string{c.program}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("launches %q, want %q", got, want)
			}
		})
	}
}
