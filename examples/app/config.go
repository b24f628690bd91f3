package main

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is everything the process does, fixed at start from its environment. The image bakes
// the values in (Containerfile ARG → ENV): a release's behaviour is its code and build, never a
// switch flipped on a running process.
type Config struct {
	Version   string
	ErrorRate Rate
	// FailIn, when set, limits ErrorRate to the clusters it lists (comma-separated names; the
	// process learns its cluster from CLUSTER): a fault that shows only where a setting differs.
	FailIn string
	// Cluster is where the process runs (CLUSTER: the cluster's cluster-info ConfigMap).
	Cluster string
	// Latency is added to every answer of `/`.
	Latency time.Duration
	// CPUBurn is busy CPU work done for every answer of `/`.
	CPUBurn time.Duration
	// Drain is how long the process keeps serving, unready, after SIGTERM.
	Drain time.Duration
	Port  int
}

// Rate is an exact fraction Num/Den (0 ≤ Num ≤ Den ≤ 1e9) of requests to fail.
type Rate struct{ Num, Den uint64 }

// maxRateDenominator keeps Fails' products within uint64 (Den² ≤ 1e18).
const maxRateDenominator = 1_000_000_000

// Fails reports whether the n-th request (n ≥ 1) fails: when floor(n·rate) > floor((n-1)·rate),
// so exactly floor(n·rate) of the first n requests fail, spread as evenly as integers allow.
// The pattern repeats every Den requests, so n is reduced modulo Den first (no overflow).
func (r Rate) Fails(n uint64) bool {
	if r.Num == 0 || n == 0 {
		return false
	}
	m := n % r.Den
	if m == 0 {
		m = r.Den
	}
	return m*r.Num/r.Den > (m-1)*r.Num/r.Den
}

func (r Rate) String() string {
	if r.Num == 0 {
		return "0"
	}
	return strings.TrimRight(strings.TrimRight(big.NewRat(int64(r.Num), int64(r.Den)).FloatString(9), "0"), ".")
}

// ParseRate reads a share of requests: a decimal ("0.05", "5e-2") or a fraction ("1/3").
func ParseRate(text string) (Rate, error) {
	value, ok := new(big.Rat).SetString(text)
	if !ok {
		return Rate{}, errors.New("not a number")
	}
	if value.Sign() < 0 || value.Cmp(big.NewRat(1, 1)) > 0 {
		return Rate{}, errors.New("must be between 0 and 1")
	}
	if !value.Denom().IsUint64() || value.Denom().Uint64() > maxRateDenominator {
		return Rate{}, errors.New("too precise (at most 9 decimal places)")
	}
	return Rate{Num: value.Num().Uint64(), Den: value.Denom().Uint64()}, nil
}

var versionPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$`)

var clusterPattern = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// FailsHere reports whether ErrorRate applies where the process runs: everywhere without FailIn,
// else only in the clusters FailIn lists.
func (c Config) FailsHere() bool {
	if c.FailIn == "" {
		return true
	}
	for _, name := range strings.Split(c.FailIn, ",") {
		if name == c.Cluster {
			return true
		}
	}
	return false
}

// LoadConfig reads and checks the environment; an empty or unset variable takes its default.
// The error names the variable and its value, as one line.
func LoadConfig(getenv func(string) string) (Config, error) {
	config := Config{Version: "dev", ErrorRate: Rate{Num: 0, Den: 1}, Drain: 5 * time.Second, Port: 8080}
	invalid := func(name, value, problem string) error {
		return fmt.Errorf("%s=%q: %s", name, value, problem)
	}
	if value := getenv("APP_VERSION"); value != "" {
		if !versionPattern.MatchString(value) {
			return Config{}, invalid("APP_VERSION", value, "a version is 1-128 letters, digits, '.', '_', '+' or '-'")
		}
		config.Version = value
	}
	if value := getenv("APP_ERROR_RATE"); value != "" {
		rate, err := ParseRate(value)
		if err != nil {
			return Config{}, invalid("APP_ERROR_RATE", value, err.Error()+" (a share of requests, 0..1)")
		}
		config.ErrorRate = rate
	}
	if value := getenv("APP_FAIL_IN"); value != "" {
		for _, name := range strings.Split(value, ",") {
			if !clusterPattern.MatchString(name) {
				return Config{}, invalid("APP_FAIL_IN", value, "expected cluster names (lower-case DNS labels) separated by commas")
			}
		}
		config.FailIn = value
	}
	if value := getenv("CLUSTER"); value != "" {
		if !clusterPattern.MatchString(value) {
			return Config{}, invalid("CLUSTER", value, "expected a cluster name (a lower-case DNS label)")
		}
		config.Cluster = value
	}
	durations := []struct {
		name  string
		limit time.Duration
		into  *time.Duration
	}{
		{"APP_LATENCY", time.Minute, &config.Latency},
		{"APP_CPU_BURN", 10 * time.Second, &config.CPUBurn},
		{"DRAIN", 5 * time.Minute, &config.Drain},
	}
	for _, duration := range durations {
		value := getenv(duration.name)
		if value == "" {
			continue
		}
		parsed, err := time.ParseDuration(value)
		if err != nil || parsed < 0 || parsed > duration.limit {
			return Config{}, invalid(duration.name, value, fmt.Sprintf("expected a Go duration from 0 to %s, e.g. 250ms", duration.limit))
		}
		*duration.into = parsed
	}
	if value := getenv("PORT"); value != "" {
		port, err := strconv.Atoi(value)
		if err != nil || port < 1 || port > 65535 {
			return Config{}, invalid("PORT", value, "expected a TCP port, 1-65535")
		}
		config.Port = port
	}
	return config, nil
}
