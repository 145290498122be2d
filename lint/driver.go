package lint

// DriverRules are the checks the driver makes itself, outside any rule's
// Check: files it cannot read or does not lint, and suppressions that
// name no rule or silence nothing. They have no Check; they
// are listed with the rules so `trainlint rules`, `trainlint explain`, the
// README and SARIF's rule list name them.
func DriverRules() []*Rule {
	return []*Rule{InputError, NotConfig, LaunchNotRead, ConfigTemplate, UnknownRuleID, UnusedSuppression}
}
