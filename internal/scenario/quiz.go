package scenario

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// A quiz is a Markdown file of numbered questions, each followed by its
// choices as checkboxes; its answers are a separate text file. The formats
// are described in the package documentation.

// quizQuestion is one question of a quiz as the learner filled it in.
type quizQuestion struct {
	Number  int
	Text    string
	Choices []string // choice i has the letter 'a'+i
	Ticked  []byte   // the letters whose box is ticked, in order
}

// quizAnswer is the right choices of one question and the explanation of
// each choice.
type quizAnswer struct {
	Number int
	Right  []byte // letters, in order
	Why    map[byte]string
}

var (
	// questionHeading is `## 3. Which …`.
	questionHeading = regexp.MustCompile(`^##\s+(\d+)\.\s*(.*)$`)
	// choiceBox is `- [ ] text` or `- [x] text` (also * and X).
	choiceBox = regexp.MustCompile(`^\s*[-*+]\s+\[([ xX])\]\s*(.*)$`)
	// answerLine is `3: b` or `3: a, c`.
	answerLine = regexp.MustCompile(`^(\d+):\s*(.*)$`)
	// explanationLine is `3b: why b is right`.
	explanationLine = regexp.MustCompile(`^(\d+)([a-z]):\s*(.*)$`)
)

// maxChoices is the number of letters a … z.
const maxChoices = 26

// parseQuiz reads a quiz in Markdown. name is the file's name, for errors.
func parseQuiz(name, text string) ([]quizQuestion, error) {
	var qs []quizQuestion
	var cur *quizQuestion
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if m := questionHeading.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			for _, q := range qs {
				if q.Number == n {
					return nil, fmt.Errorf("%s line %d: question %d comes twice", name, i+1, n)
				}
			}
			qs = append(qs, quizQuestion{Number: n, Text: m[2]})
			cur = &qs[len(qs)-1]
			continue
		}
		if strings.HasPrefix(line, "#") {
			cur = nil // another heading ends the question
			continue
		}
		m := choiceBox.FindStringSubmatch(line)
		if m == nil || cur == nil {
			continue
		}
		if len(cur.Choices) == maxChoices {
			return nil, fmt.Errorf("%s line %d: question %d has more than %d choices", name, i+1, cur.Number, maxChoices)
		}
		letter := byte('a' + len(cur.Choices))
		cur.Choices = append(cur.Choices, m[2])
		if m[1] != " " {
			cur.Ticked = append(cur.Ticked, letter)
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s has no questions (a question is a heading `## 1. …`)", name)
	}
	for _, q := range qs {
		if len(q.Choices) == 0 {
			return nil, fmt.Errorf("%s: question %d has no choices (a choice is a line `- [ ] …`)", name, q.Number)
		}
	}
	return qs, nil
}

// parseAnswers reads an answer file. name is the file's name, for errors.
func parseAnswers(name, text string) ([]quizAnswer, error) {
	var as []quizAnswer
	index := map[int]int{} // question number → index in as
	answer := func(n int) *quizAnswer {
		i, ok := index[n]
		if !ok {
			i = len(as)
			index[n] = i
			as = append(as, quizAnswer{Number: n, Why: map[byte]string{}})
		}
		return &as[i]
	}
	// cont is the explanation an indented line continues, if any.
	type explained struct {
		number int
		letter byte
	}
	var cont *explained
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		lineNo := i + 1
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			cont = nil
			continue
		case raw[0] == ' ' || raw[0] == '\t':
			if cont == nil {
				return nil, fmt.Errorf("%s line %d: an indented line continues an explanation, and there is none above", name, lineNo)
			}
			answer(cont.number).Why[cont.letter] += " " + line
			continue
		}
		if m := explanationLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			a := answer(n)
			letter := m[2][0]
			if _, dup := a.Why[letter]; dup {
				return nil, fmt.Errorf("%s line %d: %d%c is explained twice", name, lineNo, n, letter)
			}
			a.Why[letter] = m[3]
			cont = &explained{n, letter}
			continue
		}
		if m := answerLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			a := answer(n)
			if a.Right != nil {
				return nil, fmt.Errorf("%s line %d: the answer to question %d is given twice", name, lineNo, n)
			}
			letters, err := parseLetters(m[2])
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %v", name, lineNo, err)
			}
			a.Right = letters
			cont = nil
			continue
		}
		return nil, fmt.Errorf("%s line %d: want `N: letters` or `Nx: explanation`, found %q", name, lineNo, line)
	}
	for _, a := range as {
		if a.Right == nil {
			return nil, fmt.Errorf("%s explains question %d but does not say which choices are right (`%d: …`)", name, a.Number, a.Number)
		}
	}
	if len(as) == 0 {
		return nil, fmt.Errorf("%s has no answers (an answer is a line `1: b`)", name)
	}
	return as, nil
}

// parseLetters reads "b", "a c" or "a, c": one or more distinct letters.
func parseLetters(s string) ([]byte, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(fields) == 0 {
		return nil, fmt.Errorf("no letters in %q", s)
	}
	var letters []byte
	for _, f := range fields {
		if len(f) != 1 || f[0] < 'a' || f[0] > 'z' {
			return nil, fmt.Errorf("%q is not a choice's letter (a, b, c …)", f)
		}
		if slices.Contains(letters, f[0]) {
			return nil, fmt.Errorf("%q comes twice in %q", f, s)
		}
		letters = append(letters, f[0])
	}
	slices.Sort(letters)
	return letters, nil
}

// quizMismatch is a quiz and an answer file that do not fit together: a
// question without an answer, an answer to no question, a letter with no
// choice. It is the scenario's fault, or a learner's who deleted part of
// the quiz, never a wrong answer.
type quizMismatch struct{ msg string }

func (e *quizMismatch) Error() string { return "quiz: " + e.msg }

// markQuiz holds the learner's ticks against the answers. It returns the
// number of questions answered wrongly and, for each, what is wrong, in
// the quiz's order; or a *quizMismatch.
func markQuiz(quizName string, qs []quizQuestion, answersName string, as []quizAnswer) (wrong []string, err error) {
	byNumber := map[int]quizAnswer{}
	for _, a := range as {
		byNumber[a.Number] = a
	}
	for _, q := range qs {
		a, ok := byNumber[q.Number]
		if !ok {
			return nil, &quizMismatch{fmt.Sprintf("question %d of %s has no answer in %s", q.Number, quizName, answersName)}
		}
		delete(byNumber, q.Number)
		for _, l := range a.Right {
			if int(l-'a') >= len(q.Choices) {
				return nil, &quizMismatch{fmt.Sprintf("%s says %c is right for question %d, which has only %d choices in %s", answersName, l, q.Number, len(q.Choices), quizName)}
			}
		}
		if slices.Equal(q.Ticked, a.Right) {
			continue
		}
		wrong = append(wrong, explainQuestion(q, a))
	}
	for _, a := range as {
		if _, left := byNumber[a.Number]; left {
			return nil, &quizMismatch{fmt.Sprintf("%s answers question %d, which is not in %s", answersName, a.Number, quizName)}
		}
	}
	return wrong, nil
}

// explainQuestion says what is wrong with the learner's answer to q,
// without giving the right answer away: the explanation of every wrong
// box ticked, or that a right box is missing.
func explainQuestion(q quizQuestion, a quizAnswer) string {
	head := fmt.Sprintf("question %d", q.Number)
	if len(q.Ticked) == 0 {
		return head + ": no box ticked"
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(": you ticked ")
	b.WriteString(joinLetters(q.Ticked))
	for _, l := range q.Ticked {
		if slices.Contains(a.Right, l) {
			continue
		}
		fmt.Fprintf(&b, "\n    %c is not right", l)
		if why := a.Why[l]; why != "" {
			b.WriteString(": ")
			b.WriteString(why)
		}
	}
	missing := 0
	for _, l := range a.Right {
		if !slices.Contains(q.Ticked, l) {
			missing++
		}
	}
	if missing > 0 {
		b.WriteString("\n    a right box is not ticked")
	}
	return b.String()
}

// joinLetters writes letters as "a", "a and c", "a, b and d".
func joinLetters(ls []byte) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// cmdQuiz is `quiz QUIZFILE ANSWERFILE`.
func cmdQuiz(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("quiz: usage: quiz QUIZFILE ANSWERFILE")
	}
	read := readerFor(ts)
	quizText, err := read(args[0])
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	answersText, err := read(args[1])
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	quizName, answersName := filepath.Base(args[0]), filepath.Base(args[1])
	qs, err := parseQuiz(quizName, quizText)
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	as, err := parseAnswers(answersName, answersText)
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	wrong, err := markQuiz(quizName, qs, answersName, as)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	switch {
	case len(wrong) > 0 && !neg:
		ts.Fatalf("quiz: %d of %d questions are not right yet:\n%s", len(wrong), len(qs), strings.Join(wrong, "\n"))
	case len(wrong) == 0 && neg:
		ts.Fatalf("quiz: every answer in %s is right, and should not be", quizName)
	}
}
