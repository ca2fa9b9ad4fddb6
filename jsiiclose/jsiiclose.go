// Package jsiiclose ends the jsii runtime, the Node.js process through
// which a Go CDK app uses the CDK, without a false alarm.
//
// jsii-runtime-go (v1.139.0) waits for that process twice: a goroutine
// started with the process calls cmd.Wait and prints "Runtime process exited
// abnormally: <error>" when Wait fails, and jsii.Close calls cmd.Wait again
// after asking the process to exit. Both waits are woken by the same exit;
// whichever reaps the process second fails ("waitid: no child processes",
// or "exec: Wait was already called"), so when Close wins, about one run in
// four, a successful synth ends with that message on stderr. Close here
// runs jsii.Close with stderr passed through a filter that drops only those
// lost-race messages, and waits for the runtime's wait goroutine to finish
// before it restores stderr. A real abnormal exit (an exit status, a
// signal) still shows.
package jsiiclose

import (
	"bufio"
	"io"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/aws/jsii-runtime-go"
)

// lostRace matches what the runtime's wait goroutine prints when jsii.Close
// reaped the process first: the process is gone and was waited for.
var lostRace = regexp.MustCompile(`Runtime process exited abnormally: (?:(?:waitid|wait): no child processes|exec: Wait was already called)\n?`)

// waiter identifies the runtime's wait goroutine in a stack dump.
const waiter = "jsii-runtime-go/internal/kernel/process.(*Process).ensureStarted.func"

// maxWait bounds the wait for that goroutine: it ends as soon as the
// process it waited for is reaped, which jsii.Close has done.
const maxWait = 5 * time.Second

// Close ends the jsii runtime as jsii.Close does (the Node.js process
// exits and its temporary folder is removed), quietly when it succeeded.
// Like jsii.Close, it may be deferred in main and called when no runtime
// was started.
func Close() {
	real := os.Stderr
	r, w, err := os.Pipe()
	if err != nil {
		jsii.Close()
		return
	}
	os.Stderr = w
	done := make(chan struct{})
	go func() {
		filter(real, r)
		close(done)
	}()
	jsii.Close()
	waitForWaiter(maxWait)
	os.Stderr = real
	w.Close()
	<-done
	r.Close()
}

// filter copies r to out, line by line, without the lost-race messages
// (which have no newline of their own, so they may prefix a line).
func filter(out io.Writer, r io.Reader) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if kept := lostRace.ReplaceAllString(line, ""); kept != "" {
			io.WriteString(out, kept)
		}
		if err != nil {
			return
		}
	}
}

// waitForWaiter returns once no goroutine runs the runtime's wait, or
// after at most d.
func waitForWaiter(d time.Duration) {
	deadline := time.Now().Add(d)
	buf := make([]byte, 1<<20)
	for time.Now().Before(deadline) {
		n := runtime.Stack(buf, true)
		if !strings.Contains(string(buf[:n]), waiter) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}
