package lint

// SuppressionForTest is a parsed suppression comment, for the external tests.
type SuppressionForTest struct {
	IDs  []string
	Cols []int
}

// ParseSuppressionForTest exposes parseSuppression to the external tests.
func ParseSuppressionForTest(line string) (SuppressionForTest, bool) {
	c, ok := parseSuppression(line)
	return SuppressionForTest{IDs: c.ids, Cols: c.idCol}, ok
}
