package read

import (
	"bytes"
	"path/filepath"
	"regexp"

	"github.com/trainlint/trainlint/plan"
)

// pinFiles are the files in which a Python repository pins its
// dependencies, searched in this order in each folder.
var pinFiles = []string{"requirements.txt", "setup.py", "pyproject.toml"}

// deepSpeedPinLine is a line pinning DeepSpeed to one release:
// deepspeed==0.15.4 in requirements.txt, "deepspeed==0.15.4", in setup.py's
// install_requires or pyproject.toml's dependencies.
var deepSpeedPinLine = regexp.MustCompile(`(?m)^\s*["']?deepspeed\s*==\s*([0-9]+(?:\.[0-9]+){1,2})\b`)

// deepSpeedPin finds the DeepSpeed release the repository of the job's
// DeepSpeed config pins: the nearest pin file in the config's folder or a
// folder above it, up to the repository root, that pins deepspeed==X.
func deepSpeedPin(j *Job) plan.Value[string] {
	if j.DeepSpeed == nil {
		return plan.Value[string]{}
	}
	dir := filepath.Dir(j.DeepSpeed.Path)
	for _, folder := range upwards(dir, "") {
		for _, name := range pinFiles {
			path := filepath.Join(folder, name)
			src, err := readSmall(path, 1<<20, nil)
			if err != nil || src == nil {
				continue
			}
			m := deepSpeedPinLine.FindSubmatchIndex(src)
			if m == nil {
				continue
			}
			line := 1 + bytes.Count(src[:m[2]], []byte("\n"))
			col := m[2] - bytes.LastIndexByte(src[:m[2]], '\n')
			return plan.Of(string(src[m[2]:m[3]]), plan.At(path, line, col, "deepspeed"))
		}
	}
	return plan.Value[string]{}
}
