package textdist

import "testing"

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"stage", "stage", 0},
		{"stgae", "stage", 2},
		{"overlap_com", "overlap_comm", 1},
		{"v100", "a100", 1},
		{"", "abc", 3},
		{"ünï", "uni", 2},
	}
	for _, tt := range tests {
		if got := Levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
