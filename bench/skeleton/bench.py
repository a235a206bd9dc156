"""Drives the walking-skeleton benchmark against one real node and receiver (see run.sh)."""
import argparse
import datetime
import json
import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what, condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {what}")


def request(method, url, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data:
        req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def wrk(url, token, pace_ms, connections, seconds):
    env = dict(os.environ, BENCH_PACE_MS=str(pace_ms), BENCH_TOKEN=token or "")
    script = os.path.join(os.path.dirname(__file__), "load.lua")
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--fire-seconds", type=int, default=60)
    parser.add_argument("--memory-jobs", type=int, default=10_000)
    parser.add_argument("--skip-http", action="store_true", help="skip the GET measurements")
    parser.add_argument("--keep", action="store_true", help="leave the node running for inspection (Ctrl-C ends)")
    args = parser.parse_args()

    postgres, redis = args.postgres, args.redis
    run = lambda *command: subprocess.run([args.binary, *command], capture_output=True, text=True, check=True).stdout.strip()

    secret = "bench-secret-0123456789abcdef"
    tenant = "bench"
    run("migrate", "--postgres", postgres)
    token = run("token", "--tenant", tenant, "--secret", secret)
    signing_secret = run("tenant-secret", "--postgres", postgres, "--tenant", tenant)

    processes = []
    receiver_port, api_port = free_port(), free_port()
    logs = open(os.path.join(args.scratch, "bench.log"), "w")
    processes.append(subprocess.Popen(
        [args.binary, "receiver", "--port", str(receiver_port), "--secret", signing_secret], stdout=logs, stderr=logs))
    config = {
        "nodeID": "bench-a", "region": "bench", "apiPort": api_port, "postgresURL": postgres, "redisURL": redis,
        "jwtSecret": secret, "allowPrivateTargets": True, "logLevel": "warning",
    }
    config_path = os.path.join(args.scratch, "node.json")
    with open(config_path, "w") as file:
        json.dump(config, file)
    node = subprocess.Popen([args.binary, "node", "--config", config_path], stdout=logs, stderr=logs)
    processes.append(node)

    api = f"http://127.0.0.1:{api_port}"
    receiver = f"http://127.0.0.1:{receiver_port}"
    results = {"machine": {"cores": os.cpu_count()}}
    try:
        wait_for("the node", lambda: request("GET", api + "/readyz")[0] == 200)
        wait_for("the receiver", lambda: request("GET", receiver + "/healthz")[0] == 200)
        time.sleep(2)
        results["memory_idle_mb"] = round(rss_mb(node.pid), 1)

        # 1. GET /v1/jobs/{id} beside /healthz, paced at about 1,000 req/s (12 connections, each waiting 10 ms
        #    after every answer), then unpaced.
        _, job = request("POST", api + "/v1/jobs", token, {
            "name": "bench-get", "schedule": "0 0 1 1 *", "target": {"url": receiver + "/unused"}})
        get_url = f"{api}/v1/jobs/{job['id']}"
        if not args.skip_http:
            results["get_job_paced_1000"] = wrk(get_url, token, 10, 12, 20)
            results["healthz_paced_1000"] = wrk(api + "/healthz", None, 10, 12, 20)
            results["get_job_max"] = wrk(get_url, token, 0, 50, 10)
            results["healthz_max"] = wrk(api + "/healthz", None, 0, 50, 10)

        # 2. Lateness at 100 fires/s: 100 jobs every second for --fire-seconds.
        job_ids = []
        for index in range(100):
            _, created = request("POST", api + "/v1/jobs", token, {
                "name": f"fire-{index}", "schedule": "@every 1s",
                "target": {"url": receiver + "/fire", "timeoutMs": 5000}})
            job_ids.append(created["id"])
        time.sleep(3)
        started = time.time()
        time.sleep(args.fire_seconds)
        for job_id in job_ids:
            request("POST", f"{api}/v1/jobs/{job_id}/pause", token)
        time.sleep(3)
        _, received = request("GET", receiver + "/received")
        window = [r for r in received if r["jobId"] in set(job_ids) and r["path"] == "/fire"]
        measured = [r["latenessMs"] for r in window if instant(r["scheduledAt"]) >= started]
        results["fires"] = {
            "jobs": 100, "seconds": args.fire_seconds, "received": len(measured),
            "rate_per_second": round(len(measured) / args.fire_seconds, 1),
            "lateness_p50_ms": round(statistics.median(measured), 3),
            "lateness_p99_ms": round(percentile(measured, 0.99), 3),
            "lateness_max_ms": round(max(measured), 3),
            "duplicates": len(window) - len({r["fireId"] for r in window}),
        }
        ledger = subprocess.run(
            ["psql", postgres, "-At", "-c",
             "select percentile_cont(array[0.5, 0.99]) within group (order by lateness_ms), max(lateness_ms) "
             "from fires where tenant = 'bench' and state = 'succeeded' "
             f"and nominal_at >= to_timestamp({started})"],
            capture_output=True, text=True, check=True).stdout.strip()
        percentiles, maximum = ledger.split("|")
        p50, p99 = (float(value) for value in percentiles.strip("{}").split(","))
        results["fires"]["ledger_send_lateness_p50_ms"] = round(p50, 3)
        results["fires"]["ledger_send_lateness_p99_ms"] = round(p99, 3)
        results["fires"]["ledger_send_lateness_max_ms"] = round(float(maximum), 3)

        # 3. Resident memory with --memory-jobs active jobs (yearly cron, so none fires during the run).
        for index in range(args.memory_jobs):
            request("POST", api + "/v1/jobs", token, {
                "name": f"memory-{index}", "schedule": "0 0 1 1 *", "target": {"url": receiver + "/unused"}})
        time.sleep(3)
        results["memory_jobs"] = args.memory_jobs
        results["memory_with_jobs_mb"] = round(rss_mb(node.pid), 1)
        if args.keep:
            print(json.dumps(results), flush=True)
            signal.pause()
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    ratio = lambda a, b: round(a / b, 3) if b else None
    results["ratios"] = {} if args.skip_http else {
        "get_vs_healthz_p99_paced": ratio(results["get_job_paced_1000"]["p99_ms"], results["healthz_paced_1000"]["p99_ms"]),
        "get_vs_healthz_rate_max": ratio(results["get_job_max"]["rate"], results["healthz_max"]["rate"]),
    }
    with open(args.output, "w") as file:
        json.dump(results, file, indent=2, sort_keys=True)
    print(json.dumps(results, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
