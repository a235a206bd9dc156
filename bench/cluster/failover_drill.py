#!/usr/bin/env python3
"""Failover drill: real nodes of one region on loopback, jobs firing every second, repeated faults.

Measures, over --repetitions runs each:
  kill -9      -> every shard of the victim led again (acquired_at), and first ledger write under a new epoch
  SIGSTOP past the failure timeout -> every shard of the frozen node led again
  SIGSTOP shorter than the timeout -> shards moved (must be 0)
  join         -> share of shards moved to the joining node (ideal 1/N)
and the lateness of callbacks due around each fault. Prints a Markdown table.

Usage: failover_drill.py --binary B --postgres URL --redis URL [--nodes 3] [--repetitions 20]
Only processes this script started are signalled, by PID; everything binds to 127.0.0.1.
"""
import argparse, json, os, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


class Drill:
    def __init__(self, args):
        self.args = args
        self.region = "drill-" + uuid.uuid4().hex[:6]
        self.secret = "drill-secret-" + uuid.uuid4().hex
        self.folder = tempfile.mkdtemp(prefix="meridian-drill-")
        self.ports = [free_port() for _ in range(args.nodes)]
        self.processes = {}
        self.api = {}

    def sql(self, query):
        result = subprocess.run(["psql", "-qtAX", self.args.postgres, "-c", query], capture_output=True, text=True, check=True)
        return [line.split("|") for line in result.stdout.strip().splitlines() if line]

    def node_id(self, index):
        return f"{self.region}-{index}"

    def start_node(self, index):
        seeds = [f"127.0.0.1:{port}" for i, port in enumerate(self.ports) if i != index]
        configuration = {
            "nodeID": self.node_id(index), "region": self.region, "apiHost": "127.0.0.1", "apiPort": 0,
            "clusterHost": "127.0.0.1", "clusterPort": self.ports[index], "seeds": seeds,
            "postgresURL": self.args.postgres, "redisURL": self.args.redis, "jwtSecret": self.secret,
            "allowPrivateTargets": True, "logLevel": "info", "shutdownGraceSeconds": 5,
        }
        path = os.path.join(self.folder, f"node-{index}.json")
        with open(path, "w") as file:
            json.dump(configuration, file)
        log = open(os.path.join(self.folder, f"node-{index}.log"), "a")
        self.processes[index] = subprocess.Popen([self.args.binary, "node", "--config", path], stdout=log, stderr=log)
        deadline = time.time() + 20
        while time.time() < deadline:
            for line in open(log.name):
                if '"msg":"API listening"' in line:
                    self.api[index] = "http://127.0.0.1:" + json.loads(line)["api.port"]
            if index in self.api and self.ready(index):
                return
            time.sleep(0.05)
        raise RuntimeError(f"node {index} did not start; see {log.name}")

    def ready(self, index):
        try:
            return urllib.request.urlopen(self.api[index] + "/readyz", timeout=1).status == 200
        except Exception:
            return False

    def holders(self):
        rows = self.sql(f"select shard, holder_node, epoch, extract(epoch from acquired_at) from shard_leases where region = '{self.region}'")
        return {int(shard): (holder, int(epoch), float(acquired)) for shard, holder, epoch, acquired in rows}

    def wait_balanced(self, live, timeout=20):
        """Every shard held by a live node and every live node holds some."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            holders = self.holders()
            owners = {holder for holder, _, _ in holders.values()}
            if len(holders) == 256 and owners == {self.node_id(i) for i in live}:
                time.sleep(0.5)
                if self.holders() == holders:
                    return holders
            time.sleep(0.1)
        raise RuntimeError("shards did not settle")

    def create_jobs(self, count):
        token = subprocess.run([self.args.binary, "token", "--tenant", "drill", "--secret", self.secret],
                               capture_output=True, text=True, check=True).stdout.strip()
        receiver = self.start_receiver()
        for index in range(count):
            body = json.dumps({"name": f"drill-{index}", "schedule": "@every 1s", "misfirePolicy": "fireAll",
                               "target": {"url": receiver, "timeoutMs": 1000},
                               "retry": {"maxAttempts": 1}}).encode()
            request = urllib.request.Request(self.api[0] + "/v1/jobs", data=body, method="POST", headers={
                "authorization": f"Bearer {token}", "content-type": "application/json"})
            urllib.request.urlopen(request, timeout=5).read()

    def start_receiver(self):
        secret = subprocess.run([self.args.binary, "tenant-secret", "--postgres", self.args.postgres, "--tenant", "drill"],
                                capture_output=True, text=True, check=True).stdout.strip()
        log = open(os.path.join(self.folder, "receiver.log"), "a")
        self.processes["receiver"] = subprocess.Popen(
            [self.args.binary, "receiver", "--port", "0", "--secret", secret], stdout=log, stderr=log)
        deadline = time.time() + 20
        while time.time() < deadline:
            for line in open(log.name):
                if '"msg":"Receiver listening"' in line:
                    return "http://127.0.0.1:" + json.loads(line)["port"] + "/drill"
            time.sleep(0.05)
        raise RuntimeError("the receiver did not start")

    def wait_until_mid_phase(self):
        latest = float(self.sql(f"select extract(epoch from max(nominal_at)) from fires where region = '{self.region}'")[0][0])
        target = latest + 0.5
        while target < time.time():
            target += 1
        time.sleep(target - time.time())

    def first_write_after(self, shards, epochs):
        clauses = " or ".join(f"(shard = {s} and epoch > {epochs[s]})" for s in shards)
        rows = self.sql(f"select extract(epoch from min(created_at)) from fires where region = '{self.region}' and ({clauses})")
        return float(rows[0][0]) if rows and rows[0][0] else None

    def run(self):
        live = list(range(self.args.nodes))
        for index in live:
            self.start_node(index)
        self.create_jobs(self.args.jobs)
        self.wait_balanced(live)
        time.sleep(3)
        results = {"kill": [], "kill_write": [], "freeze": [], "short_moved": [], "join_share": []}

        for repetition in range(self.args.repetitions):
            victim = repetition % self.args.nodes
            self.kill_once(victim, results)
            self.freeze_once((victim + 1) % self.args.nodes, results)
            self.short_freeze_once((victim + 2) % self.args.nodes, results)
            print(f"repetition {repetition + 1}: kill {results['kill'][-1]:.3f} s, freeze {results['freeze'][-1]:.3f} s, "
                  f"join share {results['join_share'][-1]:.3f}, short freeze moved {results['short_moved'][-1]}", flush=True)
        self.report(results)

    def kill_once(self, victim, results):
        self.wait_until_mid_phase()
        before = self.holders()
        shards = [s for s, (holder, _, _) in before.items() if holder == self.node_id(victim)]
        killed = time.time()
        self.processes[victim].send_signal(signal.SIGKILL)
        self.processes[victim].wait()
        others = [i for i in range(self.args.nodes) if i != victim]
        after = self.wait_balanced(others)
        results["kill"].append(max(after[s][2] for s in shards) - killed)
        first = self.first_write_after(shards, {s: before[s][1] for s in shards})
        if first:
            results["kill_write"].append(first - killed)

        settled = self.holders()
        self.start_node(victim)
        joined = self.wait_balanced(range(self.args.nodes))
        moved = [s for s in joined if joined[s][0] != settled[s][0]]
        results["join_share"].append(len(moved) / 256)

    def freeze_once(self, victim, results):
        self.wait_until_mid_phase()
        before = self.holders()
        shards = [s for s, (holder, _, _) in before.items() if holder == self.node_id(victim)]
        frozen = time.time()
        self.processes[victim].send_signal(signal.SIGSTOP)
        deadline = time.time() + 15
        while time.time() < deadline:
            now = self.holders()
            if all(now[s][0] != self.node_id(victim) for s in shards):
                break
            time.sleep(0.05)
        now = self.holders()
        results["freeze"].append(max(now[s][2] for s in shards) - frozen)
        self.processes[victim].send_signal(signal.SIGCONT)
        self.wait_balanced(range(self.args.nodes))

    def short_freeze_once(self, victim, results):
        self.wait_until_mid_phase()
        before = {s: (h, e) for s, (h, e, _) in self.holders().items()}
        self.processes[victim].send_signal(signal.SIGSTOP)
        time.sleep(self.args.short_freeze_ms / 1000)
        self.processes[victim].send_signal(signal.SIGCONT)
        time.sleep(3)
        after = {s: (h, e) for s, (h, e, _) in self.holders().items()}
        results["short_moved"].append(sum(1 for s in before if before[s] != after.get(s)))

    def report(self, results):
        lateness = self.sql(
            f"select percentile_cont(array[0.5, 0.99]) within group (order by lateness_ms), max(lateness_ms), count(*) "
            f"from fires where region = '{self.region}' and lateness_ms is not null")[0]
        print()
        print(f"| figure ({self.args.repetitions} repetitions, {self.args.nodes} nodes, 256 shards) | p50 | p99 | max |")
        print("|---|---|---|---|")
        for key, label, unit in [("kill", "kill -9 → all its shards led again", "s"),
                                 ("kill_write", "kill -9 → first ledger write by a new owner", "s"),
                                 ("freeze", f"SIGSTOP → all its shards led again", "s"),
                                 ("join_share", f"share of shards moved on join (ideal {1 / self.args.nodes:.3f})", ""),
                                 ("short_moved", f"shards moved by a {self.args.short_freeze_ms} ms SIGSTOP", "")]:
            values = results[key]
            print(f"| {label} | {percentile(values, 50):.3f} {unit} | {percentile(values, 99):.3f} {unit} | {max(values):.3f} {unit} |")
        median, p99 = (float(value) for value in lateness[0].strip("{}").split(","))
        print(f"| callback lateness over the whole drill ({lateness[2]} callbacks) | {median:.1f} ms | {p99:.1f} ms | "
              f"{float(lateness[1]):.1f} ms |")

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--short-freeze-ms", type=int, default=300)
    args = parser.parse_args()
    drill = Drill(args)
    try:
        drill.run()
    finally:
        drill.stop()


if __name__ == "__main__":
    sys.exit(main())
