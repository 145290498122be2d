package read

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/shell"
)

// TestNotHydraOverrides: the words of a verl launch Hydra's override
// parser rejects are found; Hydra's own flags and their values, every
// override form, words from the environment and the pieces of a split
// variable are not; other frameworks' launches are not looked at.
func TestNotHydraOverrides(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"escaped space before a hash", "python3 -m verl.trainer.main_ppo \\\n  a.b=1 \\\n  data.train_files= \\ # TODO: fix\n  trainer.n_gpus_per_node=4\n", []string{" #", "TODO:", "fix"}},
		{"overrides and flags", "python3 -m verl.trainer.main_ppo --config-name ppo_megatron_trainer -cp conf --info defaults +x.y=1 ++z=2 ~w a.b= c=d\n", nil},
		{"cfg value", "python3 -m verl.trainer.main_ppo --cfg job a=1\n", nil},
		{"bare word", "python3 -m verl.trainer.main_ppo trainer.nnodes 2\n", []string{"trainer.nnodes", "2"}},
		{"environment", "python3 -m verl.trainer.main_ppo $EXTRA a=1\n", nil},
		{"split placeholder", "P=\"YOUR PATH\"\npython3 -m verl.trainer.main_ppo actor_rollout_ref.model.path=$P\n", nil},
		{"not verl", "python3 train.py TODO: fix\n", nil},
		{"EasyR1 is not Hydra", "python3 -m verl.trainer.main config=x.yaml TODO\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := shell.Parse("run.sh", []byte(c.src))
			if err != nil || len(s.Commands) == 0 {
				t.Fatalf("parse: %v, %d commands", err, len(s.Commands))
			}
			var got []string
			for _, w := range NotHydraOverrides(s.Commands[0]) {
				got = append(got, w.Text)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
