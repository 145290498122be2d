package read

import (
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// resolveCompanions finds the models an RL or preference job names for
// its reference, critic, reward model or teacher the way the policy's is
// found (catalog, local folder, hub cache). One that names the policy's
// own model takes the policy's; one that cannot be found is left unset,
// and the estimator costs it as the policy's size and says so.
func resolveCompanions(p *plan.Plan, j *Job, env func(string) string) {
	for i := range p.RL.Companions {
		c := &p.RL.Companions[i]
		if !c.ModelRef.Set || c.Model.Set {
			continue
		}
		if p.ModelRef.Set && strings.TrimSpace(c.ModelRef.V) == strings.TrimSpace(p.ModelRef.V) {
			c.Model = p.Model
			continue
		}
		var found plan.Plan
		if err := resolveName(&found, j, c.ModelRef, env, false); err != nil || !found.Model.Set {
			continue
		}
		c.Model = found.Model
		for _, a := range found.Assumptions {
			p.Assume("%s model: %s", c.Role, a)
		}
	}
}
