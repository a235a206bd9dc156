-- Paces each wrk connection to one request every BENCH_PACE_MS milliseconds (0: back to back), so the
-- total rate is connections × 1000 / BENCH_PACE_MS per second; prints throughput and latency as JSON.
local pace_ms = tonumber(os.getenv("BENCH_PACE_MS") or "0")
local token = os.getenv("BENCH_TOKEN")

function init(args)
    if token then wrk.headers["Authorization"] = "Bearer " .. token end
end

function delay()
    return pace_ms
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    io.write(string.format(
        '{"requests": %d, "seconds": %.3f, "rate": %.1f, "errors": %d, "non2xx": %d, ' ..
        '"p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
        summary.requests, seconds, summary.requests / seconds,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.errors.status, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000))
end
