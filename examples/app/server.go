package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// App is the service: its handlers, its metrics and its lifecycle state.
type App struct {
	config   Config
	hostname string
	// failsHere: the config's ErrorRate applies in this cluster (Config.FailsHere, fixed at start).
	failsHere bool
	// served counts answers of `/`; the n-th fails when config.ErrorRate.Fails(n).
	served   atomic.Uint64
	ready    atomic.Bool
	draining atomic.Bool
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// Paths the metrics name; anything else is "other", so a scan cannot grow the label set.
var knownPaths = map[string]bool{"/": true}

// What the kubelet's probes and Prometheus ask every second or two is not the users' traffic:
// counted, it would dilute an error ratio (two probes a second per pod against a release's few
// user requests) and pull a latency quantile down, so a breach would show later than it happens.
var uncountedPaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodPatch: true, http.MethodOptions: true,
}

func NewApp(config Config) *App {
	hostname, _ := os.Hostname()
	app := &App{config: config, hostname: hostname, failsHere: config.FailsHere(), registry: prometheus.NewRegistry()}
	app.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total",
		Help: "HTTP requests answered, by status code, method and path.",
	}, []string{"code", "method", "path"})
	app.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method and path.",
		Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
	}, []string{"method", "path"})
	info := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "app_info",
		Help: "The version this process runs (always 1).",
	}, []string{"version"})
	info.WithLabelValues(config.Version).Set(1)
	app.registry.MustRegister(
		app.requests, app.duration, info,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	// Both outcomes of `/` exist from the start, so the first failures show in rate() and an
	// error ratio never divides by a missing series.
	for _, code := range []string{"200", "500"} {
		app.requests.WithLabelValues(code, http.MethodGet, "/")
	}
	return app
}

// Handler serves every endpoint, instrumented, each answer naming the version.
func (app *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", app.serveRoot)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeText(w, http.StatusOK, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		switch {
		case app.draining.Load():
			writeText(w, http.StatusServiceUnavailable, "draining\n")
		case !app.ready.Load():
			writeText(w, http.StatusServiceUnavailable, "starting\n")
		default:
			writeText(w, http.StatusOK, "ready\n")
		}
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(app.registry, promhttp.HandlerOpts{}))
	return app.instrument(mux)
}

func (app *App) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		w.Header().Set("X-App-Version", app.config.Version)
		if app.draining.Load() {
			// Each connection closes after its answer, so clients reconnect (to whatever now
			// serves) instead of finding their idle connection gone at shutdown.
			w.Header().Set("Connection", "close")
		}
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		path := r.URL.Path
		if uncountedPaths[path] {
			return
		}
		if !knownPaths[path] {
			path = "other"
		}
		method := r.Method
		if !knownMethods[method] {
			method = "other"
		}
		app.requests.WithLabelValues(strconv.Itoa(recorder.status), method, path).Inc()
		app.duration.WithLabelValues(method, path).Observe(time.Since(started).Seconds())
	})
}

type rootAnswer struct {
	Version string `json:"version"`
	Host    string `json:"host"`
	Error   string `json:"error,omitempty"`
}

func (app *App) serveRoot(w http.ResponseWriter, r *http.Request) {
	fails := app.config.ErrorRate.Fails(app.served.Add(1)) && app.failsHere
	if app.config.Latency > 0 {
		select {
		case <-time.After(app.config.Latency):
		case <-r.Context().Done():
			return
		}
	}
	burnCPU(app.config.CPUBurn)
	answer := rootAnswer{Version: app.config.Version, Host: app.hostname}
	status := http.StatusOK
	if fails {
		status = http.StatusInternalServerError
		answer.Error = "this release fails a share of its requests (APP_ERROR_RATE=" + app.config.ErrorRate.String() + ")"
	}
	body, _ := json.Marshal(answer)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// burnCPU keeps one core busy for the duration (wall time, hashing), as slow code would.
func burnCPU(duration time.Duration) {
	if duration <= 0 {
		return
	}
	deadline := time.Now().Add(duration)
	block := make([]byte, 4096)
	for time.Now().Before(deadline) {
		sum := sha256.Sum256(block)
		block[0] = sum[0]
	}
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Serve answers on listener until stop is done, then drains: readiness fails at once (so the
// endpoint leaves the Service and routes), the app keeps answering for config.Drain, and only
// then shuts down gracefully, finishing the requests in flight.
func (app *App) Serve(stop context.Context, listener net.Listener, logger *slog.Logger) error {
	server := &http.Server{
		Handler:           app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       90 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	app.ready.Store(true)
	logger.Info("serving", "address", listener.Addr().String(), "version", app.config.Version,
		"error_rate", app.config.ErrorRate.String(), "latency", app.config.Latency.String(),
		"cpu_burn", app.config.CPUBurn.String())

	select {
	case err := <-served:
		return err
	case <-stop.Done():
	}
	app.draining.Store(true)
	logger.Info("draining: unready, still serving", "for", app.config.Drain.String())
	select {
	case err := <-served:
		return err
	case <-time.After(app.config.Drain):
	}
	// Requests in flight may take Latency + CPUBurn; give them that and a margin.
	grace := app.config.Latency + app.config.CPUBurn + 10*time.Second
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := server.Shutdown(ctx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
