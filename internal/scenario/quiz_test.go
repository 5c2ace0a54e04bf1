package scenario

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseQuiz(t *testing.T) {
	text := `# Quiz

Intro, with a box that belongs to no question:
- [x] ignored

## 1. First?

Some words about the question.

- [ ] one
- [x] two
* [X] three

## 2. Second, with a sub-heading after its choices?

- [ ] alpha
- [ ] beta

### Notes
- [x] not a choice of question 2
`
	qs, err := parseQuiz("quiz.md", text)
	if err != nil {
		t.Fatal(err)
	}
	want := []quizQuestion{
		{Number: 1, Text: "First?", Choices: []string{"one", "two", "three"}, Ticked: []byte("bc")},
		{Number: 2, Text: "Second, with a sub-heading after its choices?", Choices: []string{"alpha", "beta"}},
	}
	if !reflect.DeepEqual(qs, want) {
		t.Errorf("got  %+v\nwant %+v", qs, want)
	}
}

func TestParseQuizErrors(t *testing.T) {
	cases := map[string]string{
		"no questions":        "just text\n- [ ] a\n",
		"question twice":      "## 1. A\n- [ ] a\n## 1. B\n- [ ] b\n",
		"question no choices": "## 1. A\n- [ ] a\n## 2. B\ntext\n",
	}
	wants := map[string]string{
		"no questions":        "quiz.md has no questions",
		"question twice":      "quiz.md line 3: question 1 comes twice",
		"question no choices": "quiz.md: question 2 has no choices",
	}
	for name, text := range cases {
		_, err := parseQuiz("quiz.md", text)
		if err == nil || !strings.Contains(err.Error(), wants[name]) {
			t.Errorf("%s: err = %v, want %q", name, err, wants[name])
		}
	}
}

func TestParseAnswers(t *testing.T) {
	text := `# comments and blank lines are ignored

1: b
1a: Wrong,
    because.
1b: Right.
2: c, a
2b:   Spaces are trimmed.
`
	as, err := parseAnswers("answers.txt", text)
	if err != nil {
		t.Fatal(err)
	}
	want := []quizAnswer{
		{Number: 1, Right: []byte("b"), Why: map[byte]string{'a': "Wrong, because.", 'b': "Right."}},
		{Number: 2, Right: []byte("ac"), Why: map[byte]string{'b': "Spaces are trimmed."}},
	}
	if !reflect.DeepEqual(as, want) {
		t.Errorf("got  %+v\nwant %+v", as, want)
	}
}

func TestParseAnswersErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"", "answers.txt has no answers"},
		{"1: b\n1: c\n", "line 2: the answer to question 1 is given twice"},
		{"1: b\n1a: x\n1a: y\n", "line 3: 1a is explained twice"},
		{"1a: x\n", "explains question 1 but does not say which choices are right"},
		{"1: B\n", `"B" is not a choice's letter`},
		{"1: a a\n", `"a" comes twice`},
		{"1:\n", "no letters"},
		{"  continued\n", "line 1: an indented line continues an explanation, and there is none above"},
		{"1: a\n\n  continued\n", "line 3: an indented line continues"},
		{"b is right\n", "line 1: want `N: letters` or `Nx: explanation`"},
	}
	for _, c := range cases {
		_, err := parseAnswers("answers.txt", c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.text, err, c.want)
		}
	}
}

func TestMarkQuizDoesNotGiveTheAnswerAway(t *testing.T) {
	qs := []quizQuestion{{Number: 1, Choices: []string{"a", "b", "c"}, Ticked: []byte("a")}}
	as := []quizAnswer{{Number: 1, Right: []byte("b"), Why: map[byte]string{'a': "Not a.", 'b': "B is the secret.", 'c': "Not c."}}}
	wrong, err := markQuiz("quiz.md", qs, "answers.txt", as)
	if err != nil {
		t.Fatal(err)
	}
	if len(wrong) != 1 || strings.Contains(wrong[0], "secret") || strings.Contains(wrong[0], "Not c.") || !strings.Contains(wrong[0], "a is not right: Not a.") {
		t.Errorf("wrong = %q", wrong)
	}
}
