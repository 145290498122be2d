package schemas

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trainlint/trainlint/document"
)

// TestCompile compiles every embedded schema and checks it is valid JSON
// with the draft, id and title an editor needs.
func TestCompile(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			c, err := get(name)
			if err != nil {
				t.Fatal(err)
			}
			// Properties and references compile on first use; all of them now.
			compileAll(c.root, map[*node]bool{})
			src, _ := Source(name)
			var doc map[string]any
			if err := json.Unmarshal(src, &doc); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"$schema", "$id", "title"} {
				if doc[k] == nil {
					t.Errorf("missing %q", k)
				}
			}
		})
	}
	if _, err := Source("nope"); err == nil || !strings.Contains(err.Error(), "deepspeed") {
		t.Errorf("Source of an unknown name: %v, want an error listing the names", err)
	}
}

// TestViolations checks that each violation is a leaf cause at the key's
// position, with a message that says what was expected and what was found.
func TestViolations(t *testing.T) {
	for _, c := range []struct {
		name, schema, src string
		py                bool
		want              []string // "line:col key [keyword] message"
	}{
		{"enum or auto", "deepspeed", `{"zero_optimization": {"stage": 4}}`, false,
			[]string{`1:24 zero_optimization.stage [anyOf] expected one of 0, 1, 2, 3 or "auto", found 4`}},
		{"type or auto", "deepspeed", `{"train_batch_size": "two"}`, false,
			[]string{`1:2 train_batch_size [anyOf] expected an integer or "auto", found string "two"`}},
		{"range in an alternative", "deepspeed", `{"gradient_clipping": -1}`, false,
			[]string{`1:2 gradient_clipping [minimum] must be at least 0, found -1`}},
		{"unknown key in a closed section", "deepspeed", `{"zero_optimization": {"stage": 3, "offload_params": {}}}`, false,
			[]string{`1:36 zero_optimization.offload_params [additionalProperties] unknown key "offload_params"`}},
		{"unknown top-level key is allowed", "deepspeed", `{"made_up": 1, "zero_optimization": {"stage": 2}}`, false, nil},
		{"element counts written as floats are integers", "deepspeed", `{"zero_optimization": {"stage": 3, "reduce_bucket_size": 5e8, "sub_group_size": 1e9}}`, false, nil},
		{"items", "deepspeed", `{"optimizer": {"params": {"betas": [0.9]}}}`, false,
			[]string{`1:27 optimizer.params.betas [minItems] expected 2 items, found 1`}},
		{"numeric strings pass for the Trainer", "trainer", "learning_rate: '3e-5'\nper_device_train_batch_size: '4'\nbf16: 'True'\n", false, nil},
		{"long enum is counted", "trainer", "optim: adamw\n", false,
			[]string{`1:1 optim [enum] expected one of 43 names, found string "adamw"`}},
		{"required", "accelerate", "num_processes: 2\n", false,
			[]string{`1:1  [required] missing required key "distributed_type"`}},
		{"PyYAML no", "accelerate", "distributed_type: MULTI_GPU\nmixed_precision: no\n", true,
			[]string{`2:1 mixed_precision [enum] expected one of "no", "fp16", "bf16", "fp8", found boolean false`}},
		{"YAML 1.2 no", "accelerate", "distributed_type: MULTI_GPU\nmixed_precision: no\n", false, nil},
		{"PyYAML NO is accepted as distributed_type", "accelerate", "distributed_type: NO\n", true, nil},
		{"SageMaker fields", "accelerate", "compute_environment: AMAZON_SAGEMAKER\ndistributed_type: DATA_PARALLEL\nec2_instance_type: ml.p3.2xlarge\niam_role_name: r\n", false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := document.Parse("x", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			validate := Validate
			if c.py {
				validate = ValidatePython
			}
			vs, err := validate(c.schema, d.Root)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				n := at(v)
				got = append(got, fmt.Sprintf("%d:%d %s [%s] %s", n.Line, n.Column, v.Key, v.Keyword, v.Message))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestProperties(t *testing.T) {
	if got := strings.Join(Properties("deepspeed", "zero_optimization", "offload_param"), " "); got != "buffer_count buffer_size device max_in_cpu nvme_path pin_memory" {
		t.Errorf("offload_param keys: %s", got)
	}
	top := Properties("deepspeed")
	for _, k := range []string{"train_batch_size", "zero_optimization", "bf16", "bfloat16", "gradient_clipping"} {
		if !contains(top, k) {
			t.Errorf("top-level DeepSpeed keys lack %q", k)
		}
	}
	// Both branches of Accelerate's if/then/else.
	acc := Properties("accelerate")
	for _, k := range []string{"num_processes", "ec2_instance_type", "mixed_precision"} {
		if !contains(acc, k) {
			t.Errorf("Accelerate keys lack %q", k)
		}
	}
	if Properties("nope") != nil || len(Properties("deepspeed", "no_such_section")) > 0 {
		t.Error("unknown schema or path should have no properties")
	}
}
