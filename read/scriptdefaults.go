package read

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/trainlint/trainlint/plan"
)

// scriptSeqLenField finds the sequence length a fine-tune script's own
// argument dataclasses default to: `model_max_length: int =
// field(default=512, …)` in the TrainingArguments subclass that Stanford
// Alpaca's train.py (tatsu-lab/stanford_alpaca@761dc5b) introduced and
// its many descendants copy (MetaMath's train_math.py at
// meta-math/MetaMath@fe667b1, Qwen's, Baichuan 2's and DeepSeek-Coder's
// finetune scripts), which HfArgumentParser turns into the flag's default.
var scriptSeqLenField = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]+(model_max_length|max_seq_length)\s*:\s*(?:Optional\[\s*)?int\s*\]?\s*=\s*(?:field\(\s*default\s*=\s*)?([0-9][0-9_]*)\b`)
})

// applyScriptDefaults reads, for a job whose launch runs a Python program of
// the repository that extends TrainingArguments with dataclasses and whose
// sequence length nothing else gave, that program's own default for it.
// The program is looked up as markOwnLoop looks it up.
func applyScriptDefaults(p *plan.Plan, j *Job) {
	if p.SeqLen.Set {
		return
	}
	src, rel, ok := launchedProgram(j)
	if !ok || !bytes.Contains(src, []byte("TrainingArguments")) || !bytes.Contains(src, []byte("@dataclass")) {
		return
	}
	c := j.Command
	m := scriptSeqLenField().FindSubmatchIndex(src)
	if m == nil {
		return
	}
	n, err := strconv.Atoi(strings.ReplaceAll(string(src[m[4]:m[5]]), "_", ""))
	if err != nil || n <= 0 {
		return
	}
	line := 1 + bytes.Count(src[:m[4]], []byte("\n"))
	col := m[4] - bytes.LastIndexByte(src[:m[4]], '\n')
	file := filepath.Join(filepath.Dir(j.Script.Path), filepath.FromSlash(rel))
	if _, err := os.Stat(file); err != nil {
		file = rel
	}
	// A default, not a value written in a config: a fix passes the flag on
	// the launch instead of editing the program.
	p.SeqLen = plan.Of(n, plan.Default(fmt.Sprintf("%s %d at %s:%d:%d, in %s's own TrainingArguments dataclass",
		src[m[2]:m[3]], n, filepath.ToSlash(file), line, col, path.Base(c.Program.Text))))
}
