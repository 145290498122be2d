package read

import (
	"regexp"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/document"
)

// launchers match the words that start a training launch: the training
// launchers the shell reader knows (shell/launch.go launch), each with the
// subcommand that trains where it has subcommands (`accelerate launch`,
// `llamafactory-cli`/`lmf train`, `axolotl train`, `trl sft|dpo|grpo|…`,
// `swift sft|pt|rlhf`, `tune run`, `xtuner train`, `litgpt finetune…`), and
// torchrun or deepspeed also as a wrapper script named for it (VideoChat2's
// `bash torchrun.sh … tasks/train_pt.py`). pythonTrain matches Python, or
// uv run (SkyRL's `uv run --isolated --extra fsdp -m skyrl_train…`),
// running a program or module whose name says it trains (train, finetune,
// sft, dpo, ppo, grpo, pretrain), looked for only when no launcher word is
// found.
var (
	launchers = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[\s;&|("'])((?:torchrun|deepspeed)(?:\.sh)?\s|accelerate\s+launch\s|(?:llamafactory-cli|lmf|axolotl|xtuner)\s+train\s|` +
			`trl\s+(?:sft|dpo|grpo|kto|reward|rloo|orpo|ppo)\s|swift\s+(?:sft|pt|rlhf)\s|tune\s+run\s|litgpt\s+finetune\S*\s)`)
	})
	pythonTrain = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[\s;&|("'])((?:python[0-9.]*\s+(?:-\S+\s+)*|uv\s+run\s+(?:\S+\s+)*?)(?:-m\s+\S*(?:train|finetune|sft|dpo|ppo|grpo)\S*|\S*(?:train|finetune|fine_tune|sft|dpo|ppo|grpo|pretrain)\S*\.py))`)
	})
)

// unreadLaunch finds the first line of a script, outside comments and
// echo lines, that looks like a training launch: when the shell reader found
// no launch it could read, such a line is a launch it did not follow, and
// the file must not pass as one with nothing to check.
func unreadLaunch(src []byte) (document.Pos, string, bool) {
	lines := strings.Split(string(src), "\n")
	for _, re := range []*regexp.Regexp{launchers(), pythonTrain()} {
		for i, line := range lines {
			t := strings.TrimSpace(line)
			if t == "" || t[0] == '#' || strings.HasPrefix(t, "echo ") {
				continue
			}
			m := re.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			text := strings.TrimRight(strings.TrimSpace(line[m[2]:]), " \\")
			if len(text) > 60 {
				text = text[:57] + "…"
			}
			return document.Pos{Line: i + 1, Column: m[2] + 1}, "`" + text + "`", true
		}
	}
	return document.Pos{}, "", false
}

// quoteList writes names as a list of code spans: `a`, `b` and `c`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
