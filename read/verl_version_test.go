package read

import (
	"os"
	"path/filepath"
	"testing"
)

// TestVerlVersion checks where a verl job's version is found: the version
// file of a vendored verl above the script, else an override of a key only
// older releases hold (appended with +, the key says nothing).
func TestVerlVersion(t *testing.T) {
	const launch = "python3 -m verl.trainer.main_ppo data.train_batch_size=16 actor_rollout_ref.model.path=Qwen/Qwen2.5-7B-Instruct trainer.n_gpus_per_node=4 trainer.nnodes=1"
	for _, tc := range []struct {
		name, vendored, args, want string
	}{
		{"vendored verl", "0.1\n", "", "0.1"},
		{"vendored verl beats the key", "0.1", " actor_rollout_ref.actor.fsdp_config.grad_offload=False", "0.1"},
		{"removed key", "", " actor_rollout_ref.actor.fsdp_config.grad_offload=False", "0.2.0.post2"},
		{"removed key added with +", "", " +actor_rollout_ref.actor.fsdp_config.grad_offload=False", ""},
		{"nothing says", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := t.TempDir()
			if tc.vendored != "" {
				dir := filepath.Join(repo, "verl", "version")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "version"), []byte(tc.vendored), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			script := filepath.Join(repo, "scripts", "run.sh")
			if err := os.MkdirAll(filepath.Dir(script), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(script, []byte(launch+tc.args+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Load([]string{script}, Options{Overrides: Overrides{GPU: "h100-80gb", GPUsPerNode: 8}})
			if len(res.Jobs) != 1 {
				t.Fatalf("%d jobs, want 1 (errors %v)", len(res.Jobs), res.Errors)
			}
			b, ok := ReadVerlBatch(res.Jobs[0])
			if !ok {
				t.Fatal("not read as verl's main_ppo")
			}
			if b.Version.V != tc.want || b.Version.Set != (tc.want != "") {
				t.Errorf("version %q (set %v), want %q", b.Version.V, b.Version.Set, tc.want)
			}
		})
	}
}

func TestReleaseOlder(t *testing.T) {
	for _, tc := range []struct {
		v, release string
		want       bool
	}{
		{"0.1", "v0.2", true},
		{"0.2.0.post2", "v0.3.0.post0", true},
		{"0.2.0.post2", "v0.2", false},
		{"0.3.0", "v0.3.0.post0", false},
		{"0.7.0", "v0.3.0.post0", false},
		{"1.0", "v0.3.0.post0", false},
	} {
		if got := ReleaseOlder(tc.v, tc.release); got != tc.want {
			t.Errorf("ReleaseOlder(%q, %q) = %v, want %v", tc.v, tc.release, got, tc.want)
		}
	}
}
