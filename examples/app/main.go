// The example application the pipeline builds, deploys, verifies and rolls back: a small HTTP
// service whose behaviour (version, error share, latency, CPU cost) is fixed when its image is
// built, so a bad release is bad code, not a switch flipped on a running process.
//
//	GET /          {"version","host"} — 500 for APP_ERROR_RATE of requests, after APP_LATENCY and APP_CPU_BURN
//	GET /healthz   liveness
//	GET /readyz    readiness: 503 while starting and while draining after SIGTERM
//	GET /metrics   http_requests_total{code,method,path}, http_request_duration_seconds{method,path}
//	               (users' requests only: not the probes' and scrapes' paths above and this one),
//	               app_info{version}, Go and process metrics
//
// Every answer carries X-App-Version. Environment: APP_VERSION, APP_ERROR_RATE (0..1),
// APP_LATENCY and APP_CPU_BURN (Go durations), DRAIN (default 5s), PORT (default 8080).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

func main() {
	config, err := LoadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "app: invalid configuration: %v\n", err)
		os.Exit(1)
	}
	logger := slog.New(slog.NewTextHandler(os.Stdout, nil))
	listener, err := net.Listen("tcp", ":"+strconv.Itoa(config.Port))
	if err != nil {
		fmt.Fprintf(os.Stderr, "app: %v\n", err)
		os.Exit(1)
	}
	stop, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	if err := NewApp(config).Serve(stop, listener, logger); err != nil {
		fmt.Fprintf(os.Stderr, "app: %v\n", err)
		os.Exit(1)
	}
}
