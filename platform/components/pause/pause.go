// The real node's sandbox ("pause") process: PID 1 of every pod on it, holding the pod's
// namespaces. It sleeps until SIGTERM or SIGINT and reaps any child re-parented to it, like
// Kubernetes' own pause. Built statically by platform/components/node-image.mjs (no pull from
// outside: this machine reaches no image registry but its own).
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for received := range signals {
		if received != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
