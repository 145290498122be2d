package generate

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/trainlint/trainlint/lint"
	"github.com/trainlint/trainlint/read"
)

// inScriptKeys rewrites a knob's changes of the script's arguments (its
// Trainer-side file or launch command) into the keys the job's recipe
// defines, and returns nil when one of them is a setting the script cannot
// take (read.Spellings, kept by each framework's frontend). Changes of
// DeepSpeed, Accelerate and project files pass unchanged.
func inScriptKeys(t *target, changes []lint.Change) []lint.Change {
	j := t.job
	if j == nil || j.Plan == nil {
		return changes
	}
	keys := read.Spellings(j)
	if keys == nil {
		return changes
	}
	var out []lint.Change
	at := map[string]int{}
	for _, c := range changes {
		if !t.scriptArgs(c) || len(c.Path) == 0 {
			out = append(out, c)
			continue
		}
		last := len(c.Path) - 1
		dash := strings.HasPrefix(c.Path[last], "--")
		k, ok := keys[strings.TrimPrefix(c.Path[last], "--")]
		if !ok {
			k, ok = keys[read.AnyKey]
		}
		if !ok {
			out = append(out, c)
			continue
		}
		switch {
		case k.Refuse:
			return nil
		case k.Key == "":
			continue
		}
		spelled := []lint.Change{t.spelled(c, k.Key, dash)}
		if k.Value != nil {
			if spelled[0].Value = k.Value(c.Value); spelled[0].Value == nil {
				return nil
			}
		}
		if k.Bare {
			// A switch: on is the flag alone (a nil Set), off no flag.
			on, _ := spelled[0].Value.(bool)
			spelled[0].Value = nil
			if !on {
				spelled[0].Op = lint.Delete
			}
		}
		for _, key := range slices.Sorted(maps.Keys(k.Also)) {
			also := t.spelled(c, key, dash)
			also.Value = k.Also[key]
			spelled = append(spelled, also)
		}
		// Two knob keys may meet in one script key (use_peft and
		// load_in_4bit in Firefly's train_mode): the later one wins.
		for _, c := range spelled {
			id := c.File + "\x00" + strings.Join(c.Path, "\x00")
			if i, seen := at[id]; seen {
				out[i] = c
				continue
			}
			at[id] = len(out)
			out = append(out, c)
		}
	}
	return out
}

// spelled is c with its key replaced by key: a flag of the launch command
// (dash), a word of it, or in the Trainer-side file a dotted path from
// where c's key sat (AutoTrain's params.batch_size), unless c already
// edits that path (a value read from the section it sits in, as olmocr's
// training.gradient_checkpointing).
func (t *target) spelled(c lint.Change, key string, dash bool) lint.Change {
	if parts := strings.Split(key, "."); !dash && len(parts) > 1 && t.job.Trainer != nil && c.File == t.job.Trainer.Path &&
		len(c.Path) >= len(parts) && slices.Equal(c.Path[len(c.Path)-len(parts):], parts) {
		return c
	}
	last := len(c.Path) - 1
	c.Path = append([]string(nil), c.Path[:last]...)
	switch {
	case dash:
		c.Path = append(c.Path, "--"+key)
	case t.job.Trainer != nil && c.File == t.job.Trainer.Path:
		c.Path = append(c.Path, strings.Split(key, ".")...)
	default:
		c.Path = append(c.Path, key)
	}
	return c
}

// scriptArgs reports whether c edits the script's arguments: the job's
// Trainer-side file or its launch command.
func (t *target) scriptArgs(c lint.Change) bool {
	j := t.job
	switch {
	case j.Script != nil && c.File == j.Script.Path:
		return true
	case j.Trainer != nil && c.File == j.Trainer.Path:
		return c.Path[0] != "deepspeed"
	}
	return false
}

// recipeFreeze freezes a part ("vision" or "llm") in the keys of the job's
// recipe: InternVL's freeze_backbone/freeze_llm, qwen-vl-finetune's
// tune_mm_vision/tune_mm_llm false, LLaVA's freeze_backbone
// (the LLM; its tower is frozen already), or LLaVA-NeXT's mm_tunable_parts
// without the part when the job lists them. It returns nil for other jobs.
func (t *target) recipeFreeze(part string) []lint.Change {
	r, ok := t.trainerRoot()
	if !ok || t.job.Plan == nil {
		return nil
	}
	switch recipe := t.job.Plan.Recipe.V; {
	case recipe == read.RecipeInternVL:
		return []lint.Change{t.change(r, map[string]string{"vision": "freeze_backbone", "llm": "freeze_llm"}[part], true)}
	case recipe == read.RecipeQwen && part == "vision":
		return []lint.Change{t.change(r, "fix_vit", true)}
	case recipe == read.RecipeQwenVL:
		return []lint.Change{t.change(r, map[string]string{"vision": "tune_mm_vision", "llm": "tune_mm_llm"}[part], false)}
	case recipe == read.RecipeLLaVANeXT:
		if _, v := has(r, []string{"mm_tunable_parts"}); v != nil {
			drop := map[string]string{"vision": "mm_vision_tower", "llm": "mm_language_model"}[part]
			var keep []string
			for _, p := range strings.Split(v.Value, ",") {
				if p = strings.TrimSpace(p); p != "" && p != drop {
					keep = append(keep, p)
				}
			}
			if len(keep) == 0 {
				return nil
			}
			return []lint.Change{t.change(r, "mm_tunable_parts", strings.Join(keep, ","))}
		}
		fallthrough
	case recipe == read.RecipeLLaVA:
		if part == "llm" {
			return []lint.Change{t.change(r, "freeze_backbone", true)}
		}
	}
	return nil
}

// scriptTitle words a knob's title with the keys of the job's recipe
// (`gradient_checkpointing` is `grad_checkpoint` for InternVL). A key whose
// value the spelling converts is reworded with the value it writes
// ("`gradient_checkpointing` to true" is "`disable_gradient_checkpointing`
// to false" for AutoTrain). In a config whose keys the spellings place
// under a section (read.TrainerVocab), the title names the key as the
// section writes it, as the knobs name the keys they find there. Every
// spelling rewords the title as the knob wrote it, so none rewords
// another's result.
func scriptTitle(job *read.Job, title string) string {
	if job == nil || job.Plan == nil {
		return title
	}
	nested := job.Trainer != nil && read.TrainerVocab(job.Trainer.Format)
	type edit struct {
		at, end int
		to      string
	}
	var edits []edit
	derived := false
	for from, k := range read.Spellings(job) {
		switch {
		case k.Key == "":
			if !k.Refuse && from == "gradient_accumulation_steps" {
				derived = true
			}
			continue
		case k.Bare:
			// `key: value` and `key` both become the switch.
			re := regexp.MustCompile("`" + regexp.QuoteMeta(from) + "(: [^`]*)?`")
			for _, m := range re.FindAllStringIndex(title, -1) {
				edits = append(edits, edit{m[0], m[1], "`--" + k.Key + "`"})
			}
			continue
		}
		key := k.Key
		if nested {
			key = key[strings.LastIndex(key, ".")+1:]
		}
		if key == from {
			// The framework's own key, whose value the spelling converts
			// where a knob found it: the title shows the value written.
			continue
		}
		pattern := "`" + regexp.QuoteMeta(from) + "`"
		if k.Value != nil {
			pattern += ` to (true|false|"[^"]*")`
		}
		re := regexp.MustCompile(pattern)
		for _, m := range re.FindAllStringSubmatchIndex(title, -1) {
			to := "`" + key + "`"
			if k.Value != nil {
				var v any = strings.Trim(title[m[2]:m[3]], `"`)
				if w := title[m[2]:m[3]]; w == "true" || w == "false" {
					v = w == "true"
				}
				if s, ok := k.Value(v).(string); ok {
					to += fmt.Sprintf(" to %q", s)
				} else {
					to += fmt.Sprintf(" to %v", k.Value(v))
				}
			}
			edits = append(edits, edit{m[0], m[1], to})
		}
	}
	slices.SortFunc(edits, func(a, b edit) int { return b.at - a.at })
	for _, e := range edits {
		title = title[:e.at] + e.to + title[e.end:]
	}
	if derived {
		// The framework derives the accumulation from its own global
		// batch (verl's mini batch, OpenRLHF's --train_batch_size).
		title = accumulationCount.ReplaceAllString(title, "an accumulation of $1 (the framework derives it)")
	}
	return title
}

// accumulationCount is a title's "`gradient_accumulation_steps` N".
var accumulationCount = regexp.MustCompile("`gradient_accumulation_steps` ([0-9]+)")

// spelledField returns where a setting no file of the job holds is
// written when the job's framework spells it in its own launch arguments:
// a DeepSpeed setting of a framework that builds that config from its
// flags (OpenRLHF's --zero_stage, --adam_offload), or an RL setting
// (field.spelled: verl's rollout overrides). It goes on the launch
// command under the field's name, which inScriptKeys renames. It reports
// false when the job's framework does not spell the name.
func (t *target) spelledField(f field) (root, string, bool) {
	name := f.spelled
	if name == "" && len(f.deepspeed) > 0 {
		name = f.deepspeed[0]
	}
	if name == "" || t.job.Plan == nil {
		return root{}, "", false
	}
	spells := read.Spellings(t.job)
	k, ok := spells[name]
	if !ok {
		k, ok = spells[read.AnyKey]
	}
	// A refused name is placed all the same: inScriptKeys then refuses
	// every change of the knob, not just this one.
	if !ok || (k.Key == "" && !k.Refuse) {
		return root{}, "", false
	}
	r, ok := t.trainerRoot()
	if !ok || r.kind != read.Script {
		return root{}, "", false
	}
	return r, name, true
}
