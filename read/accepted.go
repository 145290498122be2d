package read

import (
	"bufio"
	"embed"
	"io"
	"strings"
)

// acceptedData lists, for the frameworks whose parser rejects keys it does
// not define, the argument names it defines, one per line; each file says
// which release and source files it was listed from.
//
//go:embed data/*.txt
var acceptedData embed.FS

// AcceptedArgs returns the argument names the named framework's own parser
// defines (a frontend's name: "ms-swift", "axolotl"; a verl dialect's:
// "verl", "EasyR1"; one entry's: "OpenRLHF train_ppo_ray"; or one release's:
// "OpenRLHF v0.11.0"), from the list its
// frontend carries, or nil when the frontend carries none. A fix writes
// only keys in this list, or, for a parser that extends the Trainer's
// (ms-swift's), the Trainer's arguments.
func AcceptedArgs(framework string) map[string]bool {
	file := ""
	for _, fe := range frontends {
		if fe.name == framework && fe.accepts != "" {
			file = fe.accepts
		}
	}
	// verl's frontend reads two dialects, each with its own config.
	for _, d := range []verlDialect{verlMain, verlEasyR1} {
		if d.name == framework && d.accepts != "" {
			file = d.accepts
		}
	}
	if f, ok := entryAccepts[framework]; ok {
		file = f
	}
	if file == "" {
		return nil
	}
	return acceptedList(file)
}

// acceptedList reads one embedded argument list.
func acceptedList(file string) map[string]bool {
	f, err := acceptedData.Open("data/" + file)
	if err != nil {
		panic(err) // embedded at build time: a missing file is a build error
	}
	defer f.Close()
	return NameList(f)
}

// entryAccepts lists the flags of one entry of a framework whose entries
// define different flags, by "framework entry" name, and of a release
// whose spelling differs from the one the frontend names ("OpenRLHF
// v0.11.0": its dotted flags); the framework's own list holds those every
// entry defines.
var entryAccepts = map[string]string{
	"OpenRLHF train_ppo_ray":         "openrlhf-v0.9.0-train_ppo_ray-args.txt",
	"OpenRLHF v0.11.0":               "openrlhf-v0.11.0-args.txt",
	"OpenRLHF v0.11.0 train_ppo_ray": "openrlhf-v0.11.0-train_ppo_ray-args.txt",
}

// NameList reads a list of names, one per line, blank lines and # comments
// left out: the format of the argument lists frontends and rules carry.
func NameList(r io.Reader) map[string]bool {
	out := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out[line] = true
		}
	}
	return out
}
