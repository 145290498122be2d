package read

import "testing"

// TestOwnLoop: a program that calls backward itself and names no Trainer
// runs its own loop; a Trainer script, even one that calls backward in an
// override, and a script that only calls into a training module do not.
func TestOwnLoop(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      bool
	}{
		{"accelerate loop", "accelerator = Accelerator()\nfor batch in loader:\n    loss = model(**batch).loss\n    accelerator.backward(loss)\n    optim.step()\n", true},
		{"plain torch loop", "for batch in loader:\n    loss = model(**batch).loss\n    loss.backward()\n", true},
		{"Trainer subclass that calls backward", "class MyTrainer(Trainer):\n    def training_step(self, model, inputs):\n        loss.backward()\n", false},
		{"HfArgumentParser and an accelerate backward", "parser = HfArgumentParser((ModelArguments, TrainingArguments))\naccelerator.backward(loss)\n", false},
		{"a wrapper that calls into a training module", "from llava.train.train import train\n\nif __name__ == \"__main__\":\n    train(attn_implementation=\"flash_attention_2\")\n", false},
		{"trainer.train()", "trainer = SFTTrainer(model=model)\ntrainer.train()\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ownLoop([]byte(c.src)); got != c.want {
				t.Errorf("ownLoop = %t, want %t", got, c.want)
			}
		})
	}
}
