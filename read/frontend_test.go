package read

import "testing"

// TestFrontendRegistry: every frontend is named once, says what it reads,
// and has what its role needs to be read at all.
func TestFrontendRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, fe := range frontends {
		t.Run(fe.name, func(t *testing.T) {
			if fe.name == "" || seen[fe.name] {
				t.Fatalf("frontend name %q is empty or repeated", fe.name)
			}
			seen[fe.name] = true
			if fe.reads == "" {
				t.Error("reads is empty: the README's list of frontends would not say what it reads")
			}
			switch fe.role {
			case argsRole:
				if (fe.owns == nil || fe.apply == nil) && fe.command == nil {
					t.Error("an args frontend needs owns and apply, or a command")
				}
			case trainerRole:
				if fe.apply == nil {
					t.Error("the Trainer frontend needs apply")
				}
			case launcherRole, engineRole:
				if fe.config == nil {
					t.Error("a config frontend needs config")
				}
			}
			for recipe, m := range fe.spells {
				if len(m) == 0 {
					t.Errorf("spells for recipe %q are empty", recipe)
				}
				for key, s := range m {
					if s.Refuse && s.Key != "" {
						t.Errorf("recipe %q: %q both refused and spelled %q", recipe, key, s.Key)
					}
				}
				if got := Spellings(recipe); len(got) != len(m) {
					t.Errorf("Spellings(%q) does not find this frontend's table", recipe)
				}
			}
		})
	}
	if Spellings("") != nil || Spellings("no-such-recipe") != nil {
		t.Error("Spellings of an unknown recipe is not nil")
	}
}
