package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

func mustRate(t *testing.T, text string) Rate {
	t.Helper()
	rate, err := ParseRate(text)
	if err != nil {
		t.Fatalf("ParseRate(%q): %v", text, err)
	}
	return rate
}

func TestRateFailsExactlyTheShareEvenlySpread(t *testing.T) {
	for _, text := range []string{"0", "1", "0.5", "0.05", "0.2", "1/3", "0.29", "0.999", "0.000001"} {
		rate := mustRate(t, text)
		failed, lastFailure, widestGap := uint64(0), uint64(0), uint64(0)
		for n := uint64(1); n <= 200_000; n++ {
			if rate.Fails(n) {
				failed++
				if gap := n - lastFailure; lastFailure > 0 && gap > widestGap {
					widestGap = gap
				}
				lastFailure = n
			}
			// Exactly floor(n·rate) of the first n requests have failed, at every n.
			if want := n * rate.Num / rate.Den; failed != want {
				t.Fatalf("rate %s: %d of the first %d requests failed, want %d", text, failed, n, want)
			}
		}
		// Evenly: failures are never further apart than ceil(1/rate).
		if rate.Num > 0 && widestGap > (rate.Den+rate.Num-1)/rate.Num {
			t.Errorf("rate %s: failures %d requests apart", text, widestGap)
		}
	}
}

func TestRateFailsBeyondOneDenominator(t *testing.T) {
	rate := mustRate(t, "0.1234567")
	start := uint64(1) << 40 // far past where n·Num would overflow
	failed := 0
	for n := start; n < start+rate.Den; n++ {
		if rate.Fails(n) {
			failed++
		}
	}
	if failed != int(rate.Num) {
		t.Fatalf("%d failures in one period of %d, want %d", failed, rate.Den, rate.Num)
	}
}

func TestParseRateRefusesWhatIsNotAShare(t *testing.T) {
	for text, problem := range map[string]string{
		"abc":          "not a number",
		"-0.1":         "between 0 and 1",
		"1.5":          "between 0 and 1",
		"0.1234567891": "too precise",
	} {
		if _, err := ParseRate(text); err == nil || !strings.Contains(err.Error(), problem) {
			t.Errorf("ParseRate(%q) = %v, want an error about %q", text, err, problem)
		}
	}
}

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestLoadConfig(t *testing.T) {
	defaults, err := LoadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if defaults.Version != "dev" || defaults.ErrorRate.Num != 0 || defaults.Drain != 5*time.Second || defaults.Port != 8080 {
		t.Errorf("defaults: %+v", defaults)
	}
	config, err := LoadConfig(env(map[string]string{
		"APP_VERSION": "2.0.0-rc.1", "APP_ERROR_RATE": "0.25", "APP_LATENCY": "150ms",
		"APP_CPU_BURN": "20ms", "DRAIN": "0s", "PORT": "9090",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Version: "2.0.0-rc.1", ErrorRate: Rate{1, 4}, Latency: 150 * time.Millisecond,
		CPUBurn: 20 * time.Millisecond, Drain: 0, Port: 9090}
	if config != want {
		t.Errorf("got %+v, want %+v", config, want)
	}
	for name, value := range map[string]string{
		"APP_VERSION": "1.0 beta", "APP_ERROR_RATE": "50%", "APP_LATENCY": "fast",
		"APP_CPU_BURN": "-1s", "DRAIN": "1h", "PORT": "80808",
	} {
		_, err := LoadConfig(env(map[string]string{name: value}))
		if err == nil || !strings.HasPrefix(err.Error(), name+"=") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: got %v, want one line naming the variable", name, value, err)
		}
	}
}

func TestAFaultLimitedToClustersShowsOnlyThere(t *testing.T) {
	for _, cluster := range []string{"eu-1", "us-1", ""} {
		config, err := LoadConfig(env(map[string]string{"APP_ERROR_RATE": "1", "APP_FAIL_IN": "us-1,ap-1", "CLUSTER": cluster}))
		if err != nil {
			t.Fatal(err)
		}
		handler := NewApp(config).Handler()
		want := http.StatusOK
		if cluster == "us-1" {
			want = http.StatusInternalServerError
		}
		if got := get(t, handler, "/").Code; got != want {
			t.Errorf("in %q: got %d, want %d", cluster, got, want)
		}
	}
	for name, value := range map[string]string{"APP_FAIL_IN": "us-1;rm", "CLUSTER": "US_1"} {
		_, err := LoadConfig(env(map[string]string{name: value}))
		if err == nil || !strings.HasPrefix(err.Error(), name+"=") {
			t.Errorf("%s=%q: got %v, want one line naming the variable", name, value, err)
		}
	}
}

func get(t *testing.T, handler http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, path, nil))
	return recorder
}

func TestRootAnswersTheErrorShareAndEveryAnswerNamesTheVersion(t *testing.T) {
	handler := NewApp(Config{Version: "3.0.0", ErrorRate: Rate{1, 20}}).Handler()
	statuses := map[int]int{}
	for range 200 {
		answer := get(t, handler, "/")
		statuses[answer.Code]++
		if answer.Header().Get("X-App-Version") != "3.0.0" {
			t.Fatalf("X-App-Version %q", answer.Header().Get("X-App-Version"))
		}
		if !strings.Contains(answer.Body.String(), `"version":"3.0.0"`) {
			t.Fatalf("body %q", answer.Body.String())
		}
	}
	if statuses[500] != 10 || statuses[200] != 190 {
		t.Errorf("statuses %v, want 10×500 and 190×200", statuses)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/nowhere"} {
		if version := get(t, handler, path).Header().Get("X-App-Version"); version != "3.0.0" {
			t.Errorf("%s: X-App-Version %q", path, version)
		}
	}
	if code := get(t, handler, "/nowhere").Code; code != http.StatusNotFound {
		t.Errorf("/nowhere: %d", code)
	}
}

func TestRootLatencyAndCPUBurn(t *testing.T) {
	handler := NewApp(Config{Version: "1", ErrorRate: Rate{0, 1}, Latency: 60 * time.Millisecond, CPUBurn: 40 * time.Millisecond}).Handler()
	started := time.Now()
	if code := get(t, handler, "/").Code; code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if took := time.Since(started); took < 100*time.Millisecond {
		t.Errorf("answered in %s, want ≥ 100ms (latency + CPU burn)", took)
	}
}

func TestMetrics(t *testing.T) {
	handler := NewApp(Config{Version: "1.4.2", ErrorRate: Rate{1, 2}}).Handler()
	for range 4 {
		get(t, handler, "/")
	}
	get(t, handler, "/healthz")
	get(t, handler, "/wp-admin")
	text := get(t, handler, "/metrics").Body.String()
	for _, line := range []string{
		`http_requests_total{code="200",method="GET",path="/"} 2`,
		`http_requests_total{code="500",method="GET",path="/"} 2`,
		`http_requests_total{code="404",method="GET",path="other"} 1`,
		`http_request_duration_seconds_bucket{method="GET",path="/",le="0.001"}`,
		`http_request_duration_seconds_bucket{method="GET",path="/",le="10"} 4`,
		`app_info{version="1.4.2"} 1`,
		`go_goroutines `,
		`process_cpu_seconds_total `,
	} {
		if !strings.Contains(text, line) {
			t.Errorf("/metrics lacks %q", line)
		}
	}
	// Probes and scrapes are not the users' requests: no series of theirs.
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if strings.Contains(text, `path="`+path+`"`) {
			t.Errorf("/metrics counts %s, which only probes and scrapes ask", path)
		}
	}
}

// A process that is not yet serving is not ready: readiness is set once the listener serves.
func TestNotReadyBeforeServing(t *testing.T) {
	if code := get(t, NewApp(Config{Version: "1"}).Handler(), "/readyz").Code; code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before Serve: %d, want 503", code)
	}
}

func TestDrainFailsReadinessKeepsServingThenStops(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + listener.Addr().String()
	app := NewApp(Config{Version: "5.0.0", ErrorRate: Rate{0, 1}, Drain: 600 * time.Millisecond})
	stop, signal := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(stop, listener, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	client := &http.Client{Timeout: 2 * time.Second}
	status := func(path string) (int, http.Header) {
		t.Helper()
		response, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		_, _ = io.Copy(io.Discard, response.Body)
		response.Body.Close()
		return response.StatusCode, response.Header
	}
	if code, _ := status("/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz while serving: %d", code)
	}
	signal() // SIGTERM
	drainStarted := time.Now()
	time.Sleep(50 * time.Millisecond)
	if code, _ := status("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %d, want 503", code)
	}
	for range 5 {
		code, header := status("/")
		if code != http.StatusOK || header.Get("X-App-Version") != "5.0.0" {
			t.Errorf("/ while draining: %d %q", code, header.Get("X-App-Version"))
		}
	}
	if code, _ := status("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while draining: %d (liveness must hold, or the kubelet restarts it)", code)
	}
	select {
	case err := <-done:
		t.Fatalf("stopped %s after SIGTERM, before the drain period: %v", time.Since(drainStarted), err)
	case <-time.After(300 * time.Millisecond):
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("still serving 3s after the drain period")
	}
	if took := time.Since(drainStarted); took < 600*time.Millisecond {
		t.Errorf("stopped %s after SIGTERM, want ≥ the 600ms drain", took)
	}
	if _, err := net.DialTimeout("tcp", listener.Addr().String(), time.Second); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("after shutdown, connecting gave %v, want connection refused", err)
	}
}

func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	app := NewApp(Config{Version: "1", ErrorRate: Rate{0, 1}, Latency: 400 * time.Millisecond, Drain: 0})
	stop, signal := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(stop, listener, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	answered := make(chan int, 1)
	go func() {
		response, err := http.Get("http://" + listener.Addr().String() + "/")
		if err != nil {
			answered <- -1
			return
		}
		response.Body.Close()
		answered <- response.StatusCode
	}()
	time.Sleep(100 * time.Millisecond) // the request is in flight
	signal()
	if code := <-answered; code != http.StatusOK {
		t.Errorf("request in flight at shutdown: %d, want 200", code)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
