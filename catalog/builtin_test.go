package catalog

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// vendoredConfigs lists the config.json transcriptions under testdata with the hub repo each came from:
// testdata/archs/counts.json names them for the decoders, testdata/models/vlm/README.md for the VLMs.
func vendoredConfigs(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{} // path → repo
	var counts struct {
		Models []struct{ File, Repo string } `json:"models"`
	}
	archs := filepath.Join("..", "testdata", "archs")
	data, err := os.ReadFile(filepath.Join(archs, "counts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &counts); err != nil {
		t.Fatal(err)
	}
	for _, m := range counts.Models {
		files[filepath.Join(archs, m.File)] = m.Repo
	}
	vlm := filepath.Join("..", "testdata", "models", "vlm")
	f, err := os.Open(filepath.Join(vlm, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 3 || !strings.HasSuffix(strings.TrimSpace(cells[1]), ".json") {
			continue
		}
		if repo := strings.Fields(cells[2]); len(repo) > 0 { // "OpenGVLab/InternVL2-1B (remote code)"
			files[filepath.Join(vlm, strings.TrimSpace(cells[1]))] = repo[0]
		}
	}
	return files
}

// TestBuiltinMatchesItsSourceConfig parses every vendored config.json whose repo a builtin entry names as its
// source_config and requires the entry to be exactly what the parser builds: the catalog and `--model-config`
// must agree dimension by dimension, not only in the total.
func TestBuiltinMatchesItsSourceConfig(t *testing.T) {
	// Where the sources disagree on a dimension that no published total settles, with why.
	disputed := map[string]string{
		"Qwen/Qwen2.5-VL-72B-Instruct": "tower MLP 3456 (as the 32B, whose exact total needs it) against the transcription's 3420",
	}
	bySource := map[string]Model{}
	for _, m := range Builtin().Models() {
		bySource[m.SourceConfig] = m
	}
	checked := 0
	for path, repo := range vendoredConfigs(t) {
		want, ok := bySource[repo]
		if !ok {
			continue
		}
		t.Run(repo, func(t *testing.T) {
			if why, ok := disputed[repo]; ok {
				t.Skip(why)
			}
			got, err := LoadHFConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			got, want := got.normalized(), want.normalized()
			if !reflect.DeepEqual(got.Text, want.Text) {
				t.Errorf("text:\nconfig.json %+v\ncatalog     %+v", got.Text, want.Text)
			}
			if !reflect.DeepEqual(got.Vision, want.Vision) || !reflect.DeepEqual(got.Projector, want.Projector) ||
				got.Slicing != want.Slicing {
				t.Errorf("vision:\nconfig.json %+v %+v %+v\ncatalog     %+v %+v %+v", got.Vision, got.Projector,
					got.Slicing, want.Vision, want.Projector, want.Slicing)
			}
			if got.Quantization != want.Quantization {
				t.Errorf("quantization: config.json %q, catalog %q", got.Quantization, want.Quantization)
			}
		})
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d builtin entries have a vendored config.json; want at least 20", checked)
	}
}
