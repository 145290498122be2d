package shell

import "testing"

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
