package grade

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, lateGradebook(), testManifest, -1); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.html", b.Bytes())
	page := b.String()
	// Self-contained: nothing is fetched, whatever the page's links say.
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:|//)|@import|url\(`).FindString(page); m != "" {
		t.Errorf("the page loads something from elsewhere: %s", m)
	}
	for _, want := range []string{
		`<svg id="histogram"`, `<svg id="pass-rates"`,
		`<a href="#s2-bob">bob</a>`, `<details class="student" id="s2-bob">`,
		"✗ timeout 0/3", // a verdict in words, not only in colour
		" Square: 100\n-Done!\n",
		"<li>Start all ten before you join any.", // a hint
		"1 day 6 hours late: 20% off",            // the late penalty, apart from the raw score
		SimilarityNote,
	} {
		if !strings.Contains(page, want) && !strings.Contains(page, htmlEscape(want)) {
			t.Errorf("the page does not have %q", want)
		}
	}
	if strings.Contains(page, "want 7 lines") {
		t.Error("the page says what bob's hidden scenario checks")
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// chromium returns the path of a headless Chromium, or skips.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missingTool(t, "Chromium is not installed (Debian: apt-get install chromium): the report is not opened in a browser")
	return ""
}

// TestHTMLInChromium opens the report in headless Chromium at a student's
// link, as an instructor clicks it, and checks the page as the browser
// built it: the histogram's bars are drawn and the student's section is
// open, with the diff in it.
func TestHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	var b bytes.Buffer
	if err := WriteHTML(&b, lateGradebook(), testManifest, -1); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--dump-dom", "file://"+page+"#s2-bob")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := string(out)
	if n := strings.Count(dom, `<rect class="bar"`); n < 2 {
		t.Errorf("the browser's page has %d bars in its charts:\n%s", n, dom)
	}
	bob := regexp.MustCompile(`(?s)<details class="student" id="s2-bob"([^>]*)>(.*?)</details>`).FindStringSubmatch(dom)
	switch {
	case bob == nil:
		t.Errorf("no section for bob in the browser's page:\n%s", dom)
	case !strings.Contains(bob[1], "open"):
		t.Errorf("bob's section is closed after following the link to it: <details%s>", bob[1])
	case !strings.Contains(bob[2], "-Done!"):
		t.Errorf("bob's open section has no diff:\n%s", bob[2])
	}
	alice := regexp.MustCompile(`<details class="student" id="s1-alice"([^>]*)>`).FindStringSubmatch(dom)
	if alice == nil || strings.Contains(alice[1], "open") {
		t.Errorf("alice's section, not linked to, is not closed: %v", alice)
	}

	// And drawn: the page's picture has the charts' bars in it, in their
	// colour, over a good part of the chart.
	shot := filepath.Join(dir, "report.png")
	cmd = exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile2"),
		"--hide-scrollbars", "--window-size=1000,1200", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
		"--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bar := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 == 0x33 && g>>8 == 0x33 && b>>8 == 0x55 { // svg .bar { fill: #335 }
				bar++
			}
		}
	}
	if bar < 2000 {
		t.Errorf("the screenshot has %d pixels of the bars' colour: the charts are not drawn", bar)
	}
}
