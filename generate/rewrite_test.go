package generate

import (
	"strings"
	"testing"

	"github.com/trainlint/trainlint/document"
	"github.com/trainlint/trainlint/lint"
)

func set(path string, v any) lint.Change {
	return lint.Change{Path: strings.Split(path, "."), Op: lint.Set, Value: v}
}

func del(path string) lint.Change {
	return lint.Change{Path: strings.Split(path, "."), Op: lint.Delete}
}

func rename(path, to string) lint.Change {
	return lint.Change{Path: strings.Split(path, "."), Op: lint.Rename, NewKey: to}
}

const dsZero2 = `{
  "bf16": {"enabled": "auto"},
  "zero_optimization": {
    "stage": 2,
    "overlap_comm": true,
    "reduce_bucket_size": "auto",
    "allgather_bucket_size": 5e8
  },
  "gradient_accumulation_steps": "auto",
  "train_micro_batch_size_per_gpu": "auto"
}
`

const trainerYAML = `# Hugging Face TrainingArguments for a full fine-tune.
output_dir: out/sft
model_name_or_path: meta-llama/Meta-Llama-3-8B
bf16: true  # A100
per_device_train_batch_size: 8
gradient_accumulation_steps: 2
learning_rate: 2.0e-5
deepspeed: ds_zero2.json
`

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		changes []lint.Change
		want    string
	}{
		{
			name:    "json set number keeps e-notation",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization.allgather_bucket_size", int64(2e8))},
			want:    strings.Replace(dsZero2, "5e8", "2e8", 1),
		},
		{
			name:    "json set int",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization.stage", 3)},
			want:    strings.Replace(dsZero2, `"stage": 2`, `"stage": 3`, 1),
		},
		{
			name:    "json set bool",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization.overlap_comm", false)},
			want:    strings.Replace(dsZero2, `"overlap_comm": true`, `"overlap_comm": false`, 1),
		},
		{
			name:    "json set auto writes a string",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization.stage", "auto")},
			want:    strings.Replace(dsZero2, `"stage": 2`, `"stage": "auto"`, 1),
		},
		{
			name:    "json insert nested at end of object",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization.offload_optimizer.device", "cpu")},
			want: strings.Replace(dsZero2, `"allgather_bucket_size": 5e8
  },`, `"allgather_bucket_size": 5e8,
    "offload_optimizer": {
      "device": "cpu"
    }
  },`, 1),
		},
		{
			name:    "json insert map value merges",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization", map[string]any{"stage": 3, "offload_param": map[string]any{"device": "cpu", "pin_memory": true}})},
			want: strings.Replace(strings.Replace(dsZero2, `"stage": 2`, `"stage": 3`, 1), `"allgather_bucket_size": 5e8
  },`, `"allgather_bucket_size": 5e8,
    "offload_param": {
      "device": "cpu",
      "pin_memory": true
    }
  },`, 1),
		},
		{
			name:    "json insert into inline object",
			src:     dsZero2,
			changes: []lint.Change{set("bf16.loss_scale", 0)},
			want:    strings.Replace(dsZero2, `{"enabled": "auto"}`, `{"enabled": "auto", "loss_scale": 0}`, 1),
		},
		{
			name:    "json insert top level",
			src:     dsZero2,
			changes: []lint.Change{set("gradient_clipping", 1.0)},
			want:    strings.Replace(dsZero2, `"train_micro_batch_size_per_gpu": "auto"`, `"train_micro_batch_size_per_gpu": "auto",`+"\n"+`  "gradient_clipping": 1`, 1),
		},
		{
			name:    "json insert large number follows the file's e-notation",
			src:     dsZero2,
			changes: []lint.Change{set("zero_optimization.sub_group_size", int64(1e8))},
			want:    strings.Replace(dsZero2, `"allgather_bucket_size": 5e8`, `"allgather_bucket_size": 5e8,`+"\n"+`    "sub_group_size": 1e8`, 1),
		},
		{
			name:    "json insert into empty object",
			src:     `{"zero_optimization": {}}`,
			changes: []lint.Change{set("zero_optimization.stage", 2)},
			want:    `{"zero_optimization": {"stage": 2}}`,
		},
		{
			name:    "json insert into empty multi-line object",
			src:     "{\n}\n",
			changes: []lint.Change{set("zero_optimization.stage", 2)},
			want:    "{\n  \"zero_optimization\": {\n    \"stage\": 2\n  }\n}\n",
		},
		{
			name:    "json insert after trailing comma and comment",
			src:     "{\n\t\"a\": 1, // one\n\t\"b\": 2, // two\n}\n",
			changes: []lint.Change{set("c", 3)},
			want:    "{\n\t\"a\": 1, // one\n\t\"b\": 2, // two\n\t\"c\": 3,\n}\n",
		},
		{
			name:    "json insert keeps a comment after the last value",
			src:     "{\n  \"a\": 1 // one\n}\n",
			changes: []lint.Change{set("b", "x")},
			want:    "{\n  \"a\": 1, // one\n  \"b\": \"x\"\n}\n",
		},
		{
			name:    "json replace null with mapping",
			src:     "{\n  \"zero_optimization\": {\n    \"offload_optimizer\": null\n  }\n}\n",
			changes: []lint.Change{set("zero_optimization.offload_optimizer.device", "cpu")},
			want:    "{\n  \"zero_optimization\": {\n    \"offload_optimizer\": {\n      \"device\": \"cpu\"\n    }\n  }\n}\n",
		},
		{
			name:    "json set list",
			src:     `{"a": ["x"]}`,
			changes: []lint.Change{set("a", []string{"q_proj", "v_proj"})},
			want:    `{"a": ["q_proj", "v_proj"]}`,
		},
		{
			name:    "json rename",
			src:     dsZero2,
			changes: []lint.Change{rename("zero_optimization.allgather_bucket_size", "reduce_scatter_size")},
			want:    strings.Replace(dsZero2, `"allgather_bucket_size"`, `"reduce_scatter_size"`, 1),
		},
		{
			name:    "json delete middle",
			src:     dsZero2,
			changes: []lint.Change{del("zero_optimization.overlap_comm")},
			want:    strings.Replace(dsZero2, "    \"overlap_comm\": true,\n", "", 1),
		},
		{
			name:    "json delete last",
			src:     dsZero2,
			changes: []lint.Change{del("zero_optimization.allgather_bucket_size")},
			want:    strings.Replace(dsZero2, "\"reduce_bucket_size\": \"auto\",\n    \"allgather_bucket_size\": 5e8\n", "\"reduce_bucket_size\": \"auto\"\n", 1),
		},
		{
			name:    "json delete last top level",
			src:     dsZero2,
			changes: []lint.Change{del("train_micro_batch_size_per_gpu")},
			want:    strings.Replace(dsZero2, "\"gradient_accumulation_steps\": \"auto\",\n  \"train_micro_batch_size_per_gpu\": \"auto\"\n", "\"gradient_accumulation_steps\": \"auto\"\n", 1),
		},
		{
			name:    "json delete inline",
			src:     `{"a": {"x": 1, "y": 2, "z": 3}}`,
			changes: []lint.Change{del("a.y"), del("a.z")},
			want:    `{"a": {"x": 1}}`,
		},
		{
			name:    "json delete only key",
			src:     `{"a": {"x": 1}}`,
			changes: []lint.Change{del("a.x")},
			want:    `{"a": {}}`,
		},
		{
			name:    "json delete missing is a no-op",
			src:     dsZero2,
			changes: []lint.Change{del("zero_optimization.nope"), del("nope.deeper")},
			want:    dsZero2,
		},
		{
			name:    "json crlf",
			src:     "{\r\n  \"a\": 1\r\n}\r\n",
			changes: []lint.Change{set("b", 2)},
			want:    "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n",
		},
		{
			name:    "yaml set keeps comment",
			src:     trainerYAML,
			changes: []lint.Change{set("bf16", false), set("fp16", true)},
			want:    strings.Replace(trainerYAML, "bf16: true  # A100", "bf16: false  # A100", 1) + "fp16: true\n",
		},
		{
			name:    "yaml set numbers",
			src:     trainerYAML,
			changes: []lint.Change{set("per_device_train_batch_size", 2), set("gradient_accumulation_steps", 8)},
			want:    strings.Replace(strings.Replace(trainerYAML, "size: 8", "size: 2", 1), "steps: 2", "steps: 8", 1),
		},
		{
			name:    "yaml insert at end",
			src:     trainerYAML,
			changes: []lint.Change{set("gradient_checkpointing", true)},
			want:    trainerYAML + "gradient_checkpointing: true\n",
		},
		{
			name:    "yaml insert without final newline",
			src:     "a: 1",
			changes: []lint.Change{set("b", "x y")},
			want:    "a: 1\nb: x y",
		},
		{
			name:    "yaml insert nested with the file's indent",
			src:     "a:\n    x: 1\n    y: 2\n# trailing comment\n",
			changes: []lint.Change{set("a.z", 3), set("b.c.d", "e")},
			want:    "a:\n    x: 1\n    y: 2\n    z: 3\nb:\n    c:\n        d: e\n# trailing comment\n",
		},
		{
			name:    "yaml insert after block scalar and list",
			src:     "a: |\n  text\n  more\nl:\n- x\n- y\n",
			changes: []lint.Change{set("b", 1)},
			want:    "a: |\n  text\n  more\nl:\n- x\n- y\nb: 1\n",
		},
		{
			name:    "yaml keep quote style",
			src:     "optim: 'adamw_torch'\nattn_implementation: \"eager\"\n",
			changes: []lint.Change{set("optim", "adamw_torch_fused"), set("attn_implementation", "sdpa")},
			want:    "optim: 'adamw_torch_fused'\nattn_implementation: \"sdpa\"\n",
		},
		{
			name:    "yaml quote strings that look like other types",
			src:     "a: x\n",
			changes: []lint.Change{set("a", "true"), set("b", "1e5"), set("c", "yes")},
			want:    "a: \"true\"\nb: \"1e5\"\nc: \"yes\"\n",
		},
		{
			name:    "yaml bool keeps capitalization",
			src:     "tune_vision: True\n",
			changes: []lint.Change{set("tune_vision", false)},
			want:    "tune_vision: False\n",
		},
		{
			name:    "yaml float is PyYAML-safe",
			src:     "learning_rate: 1\n",
			changes: []lint.Change{set("learning_rate", 2e-5)},
			want:    "learning_rate: 0.00002\n",
		},
		{
			name:    "yaml empty value",
			src:     "a:\nb: 1\n",
			changes: []lint.Change{set("a", 3)},
			want:    "a: 3\nb: 1\n",
		},
		{
			name:    "yaml flow mapping key without a value",
			src:     "0: {000, b: 1}\n",
			changes: []lint.Change{set("0.000", false)},
			want:    "0: {000: false, b: 1}\n",
		},
		{
			name:    "yaml multi-line plain scalar",
			src:     "a: one\n  two # c\nb: 1\n",
			changes: []lint.Change{set("a", "x")},
			want:    "a: x # c\nb: 1\n",
		},
		{
			name:    "yaml flow mapping ending in a key without a value",
			src:     "m: {a, b}\n",
			changes: []lint.Change{set("m.c", 1), del("m.a")},
			want:    "m: {b, c: 1}\n",
		},
		{
			name:    "yaml empty value before a comment",
			src:     "a: # c\nb: 1\n",
			changes: []lint.Change{set("a", 3)},
			want:    "a: 3 # c\nb: 1\n",
		},
		{
			name:    "yaml flow mapping",
			src:     "training:\n  images: {width: 1344, height: 1344, per_sample: 1}\n",
			changes: []lint.Change{set("training.images.width", 500), set("training.images.height", 500), set("training.images.max_slices", 4)},
			want:    "training:\n  images: {width: 500, height: 500, per_sample: 1, max_slices: 4}\n",
		},
		{
			name:    "yaml flow mapping delete",
			src:     "hardware: {gpu: v100-16gb, gpus_per_node: 4, nodes: 1}\n",
			changes: []lint.Change{del("hardware.nodes"), del("hardware.gpu")},
			want:    "hardware: {gpus_per_node: 4}\n",
		},
		{
			name:    "yaml inline deepspeed mapping",
			src:     "output_dir: x\ndeepspeed:\n  zero_optimization:\n    stage: 2\n  bf16: {enabled: auto}\nlearning_rate: 1.0e-5\n",
			changes: []lint.Change{set("deepspeed.zero_optimization.stage", 3), set("deepspeed.zero_optimization.offload_param.device", "cpu")},
			want:    "output_dir: x\ndeepspeed:\n  zero_optimization:\n    stage: 3\n    offload_param:\n      device: cpu\n  bf16: {enabled: auto}\nlearning_rate: 1.0e-5\n",
		},
		{
			name:    "yaml list value",
			src:     "lora_target_modules:\n  - q_proj\n  - v_proj\nr: 8\n",
			changes: []lint.Change{set("lora_target_modules", []string{"q_proj", "k_proj", "v_proj"})},
			want:    "lora_target_modules:\n  - q_proj\n  - k_proj\n  - v_proj\nr: 8\n",
		},
		{
			name:    "yaml rename and delete",
			src:     "# head\nper_gpu_train_batch_size: 4 # old name\nfoo:\n  bar: 1\n  baz: 2\nlast: x\n",
			changes: []lint.Change{rename("per_gpu_train_batch_size", "per_device_train_batch_size"), del("foo.bar"), del("last")},
			want:    "# head\nper_device_train_batch_size: 4 # old name\nfoo:\n  baz: 2\n",
		},
		{
			name:    "yaml delete only nested key leaves an empty mapping",
			src:     "foo:\n  bar: 1\nx: 2\n",
			changes: []lint.Change{del("foo.bar")},
			want:    "foo: {}\nx: 2\n",
		},
		{
			name:    "yaml delete a block mapping",
			src:     "a: 1\nfsdp_config:\n  x: 1\n  # note\n  y: [1,\n    2]\nb: 2\n",
			changes: []lint.Change{del("fsdp_config")},
			want:    "a: 1\nb: 2\n",
		},
		{
			name:    "yaml empty file",
			src:     "",
			changes: []lint.Change{set("a.b", 1)},
			want:    "a:\n  b: 1\n",
		},
		{
			name:    "yaml comment-only file",
			src:     "# nothing yet\n",
			changes: []lint.Change{set("a", true)},
			want:    "# nothing yet\na: true\n",
		},
		{
			name:    "yaml crlf",
			src:     "a: 1\r\nb:\r\n  c: 2\r\n",
			changes: []lint.Change{set("b.d", 3)},
			want:    "a: 1\r\nb:\r\n  c: 2\r\n  d: 3\r\n",
		},
		{
			name:    "yaml mapping in a sequence item",
			src:     "a:\n  - name: x\n    v: 1\n  - name: y\n",
			changes: []lint.Change{set("b", 1)},
			want:    "a:\n  - name: x\n    v: 1\n  - name: y\nb: 1\n",
		},
		{
			name:    "yaml scalar replaced by a mapping",
			src:     "deepspeed: none\nx: 1\n",
			changes: []lint.Change{set("deepspeed.zero_optimization.stage", 2)},
			want:    "deepspeed:\n  zero_optimization:\n    stage: 2\nx: 1\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := document.Parse("f", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Apply(doc, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
			checkApplied(t, doc, got, tt.changes)
			again, err := Apply(mustParse(t, got), tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(got) {
				t.Errorf("applying again changed the file:\n%s", again)
			}
			if string(doc.Src) != tt.src {
				t.Error("Apply modified the document's source")
			}
		})
	}
}

func TestApplyErrors(t *testing.T) {
	tests := []struct {
		name, src string
		change    lint.Change
		want      string
	}{
		{"list root", "- a\n", set("x", 1), "not a mapping"},
		{"through a list", "a: [1]\n", set("a.b", 1), "is a list"},
		{"alias", "x: &v 1\ny: *v\n", set("y", 2), "alias"},
		{"bad value", "a: 1\n", set("a", struct{}{}), "unsupported value type"},
		{"rename onto existing", "a: 1\nb: 2\n", rename("a", "b"), "already exists"},
		{"empty path", "a: 1\n", lint.Change{Op: lint.Set, Value: 1}, "empty key path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Apply(mustParse(t, []byte(tt.src)), []lint.Change{tt.change})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func mustParse(t *testing.T, src []byte) *document.Document {
	t.Helper()
	doc, err := document.Parse("f", src)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return doc
}

// checkApplied re-parses the result and checks every Set value is there and
// every deleted key is gone.
func checkApplied(t *testing.T, before *document.Document, got []byte, changes []lint.Change) {
	t.Helper()
	doc := mustParse(t, got)
	if doc.Format != before.Format {
		t.Fatalf("format changed from %s to %s", before.Format, doc.Format)
	}
	for _, c := range expand(changes) {
		path := c.Path
		if c.Op == lint.Rename {
			path = append(append([]string(nil), path[:len(path)-1]...), c.NewKey)
		}
		_, v := document.Lookup(doc.Root, path...)
		switch c.Op {
		case lint.Delete:
			if v != nil {
				t.Errorf("%v still present", c.Path)
			}
		default:
			if v == nil {
				t.Errorf("%v missing after the change", path)
			} else if c.Op == lint.Set && !equalValue(v, c.Value) {
				t.Errorf("%v = %q (%s), want %v", path, v.Value, v.Tag, c.Value)
			}
		}
	}
}
