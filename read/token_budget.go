package read

import (
	"fmt"

	"github.com/trainlint/trainlint/plan"
)

// tokenBudget spells a micro batch of sequences as a budget of tokens per
// GPU: the sequences × seq tokens each.
func tokenBudget(key string, seq int) Spelling {
	if seq <= 0 {
		return refuseKey
	}
	return Spelling{Key: key, Value: func(v any) any {
		if n, ok := v.(int); ok && n > 0 {
			return n * seq
		}
		return nil
	}}
}

// budgetSequences is the micro batch, in sequences of seq tokens, that a
// budget of tok tokens per GPU stands for (verl's use_dynamic_bsz, v0.7.0
// verl/utils/seqlen_balancing.py prepare_dynamic_batch: micro batches of
// at most ppo_max_token_len_per_gpu tokens; OpenRLHF's dynamic batch,
// v0.11.0 ppo_utils/replay_buffer.py setup_dynamic_batch). Padding-free,
// memory follows the tokens, and shorter sequences fill the budget: it is
// counted as whole sequences rounded up, which holds the budget. Padded,
// each sequence takes its row at the cap: the budget holds that many
// whole ones, rounded down. Either way tokenBudget's d × seq reads back
// as d.
func budgetSequences(tok, seq int, paddingFree bool, what string) plan.Value[int] {
	n, how := tok/seq, "rounded down: padded rows"
	if paddingFree {
		n, how = (tok+seq-1)/seq, "rounded up: padding-free, shorter sequences fill the budget"
	}
	return plan.Of(max(1, n), plan.Derived(fmt.Sprintf("%s %d tokens ÷ %d-token sequences, %s", what, tok, seq, how)))
}
