package read

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/trainlint/trainlint/plan"
)

// verlVersionFile is where verl keeps its version (setup.py reads
// verl/version/version), in its own repository and in the repositories that
// vendor a copy of it (Logic-RL, TinyZero).
const verlVersionFile = "verl/version/version"

// verlVendorDepth bounds how many folders above a launch script are searched
// for a vendored verl.
const verlVendorDepth = 4

// verlRemovedKeys are keys of verl's ppo_trainer.yaml that later releases
// removed, each with the last release that still has it. Hydra overrides
// only keys its config holds (a new key needs +key=), so a script that
// overrides one runs a verl no newer than that release.
var verlRemovedKeys = map[string]string{
	// fsdp_config.grad_offload: dropped by volcengine/verl 9db5232 (#284,
	// February 2025, "support offload parameter and optimizer during
	// rollout"); v0.2.0.post2 is the last release with it.
	"actor_rollout_ref.actor.fsdp_config.grad_offload": "0.2.0.post2",
	"critic.model.fsdp_config.grad_offload":            "0.2.0.post2",
}

// verlVersion says which verl a job runs when its repository shows it: the
// version file of a verl the repository vendors, found in a folder above
// the script, or else the last release that has a key the script overrides.
// It is unset when nothing says.
func verlVersion(script string, over map[string]hydraOverride) plan.Value[string] {
	// The folders above the script, up to its repository's root.
	for i, path := range upwards(filepath.Dir(script), filepath.FromSlash(verlVersionFile)) {
		if i == verlVendorDepth {
			break
		}
		if src, err := readSmall(path, 64, nil); err == nil && src != nil {
			if v := strings.TrimSpace(string(src)); v != "" {
				return plan.Of(v, plan.Origin{Kind: plan.FromFile, File: path, Line: 1, Column: 1, Note: "the copy of verl this repository vendors"})
			}
		}
	}
	for key, last := range verlRemovedKeys {
		if o, ok := over[key]; ok && !o.appended {
			return plan.Of(last, plan.Origin{Kind: plan.FromFile, File: script, Line: o.keyPos.Line, Column: o.keyPos.Column, Key: key,
				Note: "at most, as the script overrides `" + key + "`, which later releases removed"})
		}
	}
	return plan.Value[string]{}
}

// ReleaseOlder reports whether release v is older than release, comparing
// major, minor and patch: verl's versions as verl/version/version writes
// them (0.1, 0.2.0.post2, 0.3.0 against v0.3.0.post0) and DeepSpeed's pins
// (0.15.4 against 0.16.6).
func ReleaseOlder(v, release string) bool {
	a, b := releaseTriple(v), releaseTriple(release)
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func releaseTriple(v string) [3]int {
	var out [3]int
	parts := strings.Split(strings.TrimPrefix(v, "v"), ".")
	for i := 0; i < len(parts) && i < len(out); i++ {
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			break
		}
		out[i] = n
	}
	return out
}
