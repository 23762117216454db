#!/usr/bin/env python3
"""proofs/wp_pool.py -- runs make proofs' WP work as a pool of jobs.

WP's own work (goal generation, Qed's simplifications) is one thread per
frama-c process, and a process costs only its parse and typing (about 7 CPU
seconds) beyond its functions. So the functions are cut into JOBS groups of
about equal cost (the costs of a previous run, proofs/wp_cost.txt; largest
first, each to the group that has the least so far), and the groups run
WORKERS at a time, the largest first: on two cores the last group ends
close to the moment the other core runs out of work. (Until 2026-12-06 two
fixed halves, one process each: the half with msa_der_check ended five
minutes after the other.)

Each job: a first pass with PASS1's prover flags over its functions, then a
second pass with PASS2's over the functions that have a goal the first left
(WP re-proves a function whole). Each function of RACE (those cvc4 alone
leaves goals in) is a job of its own with PASS2's flags only, started
first.

  wp_pool.py run DIR WORKERS JOBS COSTS FCTS RACE PASS1 PASS2 -- CMD...
      FCTS, RACE: comma-separated; PASS1, PASS2: flags (one string each);
      CMD: the frama-c command without the prover, timeout, -wp-fct and
      report flags. Writes DIR/wp-J.json, DIR/wp-J.log (and -2 for second
      passes) and DIR/wp-reports.txt, the report arguments of wp_count.py
      count, one per job. Exit status 1 when a frama-c process fails.
  wp_pool.py costs FCTS LOG...
      the cost of each function of FCTS in WP logs (the Qed and prover
      times of its goals, in seconds), one "function seconds" line each:
      how proofs/wp_cost.txt is made (see its first lines).
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wp_count  # noqa: E402  (the report reader make proofs counts with)

GOAL = re.compile(r"^\[wp\] \[([^\]]+)\] Goal typed_(\S+) : \w+(.*)$")
TIME = re.compile(r"\((?:Qed:)?([0-9.]+)(ms|s)\)")


def read_costs(path):
    costs = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) == 2 and not line.startswith("#"):
                    costs[w[0]] = float(w[1])
    return costs


def split(fcts, costs, jobs):
    """Longest processing time first: each function, costliest first, to
    the group with the least cost so far."""
    known = sorted(costs[f] for f in fcts if f in costs)
    default = known[len(known) // 2] if known else 1.0
    groups = [[0.0, []] for _ in range(max(1, min(jobs, len(fcts))))]
    for f in sorted(fcts, key=lambda f: (-costs.get(f, default), f)):
        g = min(groups, key=lambda g: g[0])
        g[0] += costs.get(f, default)
        g[1].append(f)
    return [(c, fs) for c, fs in groups if fs]


class Job:
    def __init__(self, name, cost, fcts, passes):
        self.name, self.cost, self.fcts, self.passes = name, cost, fcts, passes
        self.proc = None
        self.log = None
        self.step = 0
        self.start = 0.0
        self.reports = []


def launch(job, d, cmd, fcts, flags):
    suffix = "" if job.step == 0 else "-%d" % (job.step + 1)
    rep = os.path.join(d, "wp-%s%s.json" % (job.name, suffix))
    log = os.path.join(d, "wp-%s%s.log" % (job.name, suffix))
    job.reports.append(rep)
    argv = cmd + flags.split() + ["-wp-fct", ",".join(fcts), "-wp-report-json", rep]
    job.log = log
    with open(log, "w") as out:
        job.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)


def unproved_functions(rep):
    fs = wp_count.functions(rep)
    return sorted(n for n, f in fs.items() if wp_count.unproved(f))


def describe(flags):
    """'-wp-prover z3,cvc4 -wp-timeout 40' -> 'z3 and cvc4, 40 s'"""
    w = flags.split()
    prover = w[w.index("-wp-prover") + 1].replace(",", " and ") if "-wp-prover" in w else "?"
    t = w[w.index("-wp-timeout") + 1] + " s" if "-wp-timeout" in w else "?"
    return "%s, %s" % (prover, t)


def proved_line(log):
    with open(log) as f:
        for line in f:
            if "Proved goals:" in line:
                return " ".join(line.split()[1:])
    return "no summary"


def run(argv):
    d, workers, jobs, costs_path, fcts, race, pass1, pass2 = argv[:8]
    if argv[8] != "--":
        raise SystemExit("wp_pool.py run: -- expected before the command")
    cmd = argv[9:]
    workers, jobs = int(workers), int(jobs)
    costs = read_costs(costs_path)
    race = [f for f in race.split(",") if f]
    fcts = [f for f in fcts.split(",") if f and f not in race]
    # RACE's functions first, each a job of its own, costliest first: their
    # cost is mostly Qed (msa_der_check: 107 of its 125 s), one thread, so
    # such a job started last would end alone on one core
    todo = [Job("race-" + f, costs.get(f, 1.0), [f], [pass2])
            for f in sorted(race, key=lambda f: -costs.get(f, 1.0))]
    rest = [Job("%d" % i, c, fs, [pass1, pass2])
            for i, (c, fs) in enumerate(split(fcts, costs, jobs), 1)]
    todo += sorted(rest, key=lambda j: -j.cost)
    running, done, failed = [], [], False

    def stop(*_):
        for j in running:
            if j.proc and j.proc.poll() is None:
                j.proc.kill()
        sys.exit(1)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    t0 = time.time()
    while todo or running:
        while todo and len(running) < workers and not failed:
            j = todo.pop(0)
            j.start = time.time()
            launch(j, d, cmd, j.fcts, j.passes[0])
            running.append(j)
        if failed and not running:
            break
        time.sleep(0.5)
        for j in list(running):
            rc = j.proc.poll()
            if rc is None:
                continue
            if rc != 0:
                print("proofs: WP job %s failed (exit %d, %s)" % (j.name, rc, j.log))
                failed = True
                running.remove(j)
                continue
            print("proofs: WP job %s (%d function%s; %s): %s, %d s" % (
                j.name, len(j.fcts), "" if len(j.fcts) == 1 else "s", describe(j.passes[j.step]), proved_line(j.log),
                time.time() - j.start), flush=True)
            again = unproved_functions(j.reports[-1]) if j.step == 0 and len(j.passes) > 1 else []
            if again:
                print("proofs: WP job %s: second pass over %s" % (j.name, ",".join(again)),
                      flush=True)
                j.step = 1
                launch(j, d, cmd, again, j.passes[1])
                continue
            running.remove(j)
            done.append(j)
        if failed:
            todo = []
    with open(os.path.join(d, "wp-reports.txt"), "w") as f:
        for j in done:
            f.write(":".join(j.reports) + "\n")
    print("proofs: WP %d jobs, %d at a time, in %d s" % (len(done), workers, time.time() - t0))
    return 1 if failed else 0


def costs(logs):
    tot = {}
    for path in logs:
        with open(path) as f:
            for line in f:
                m = GOAL.match(line)
                if not m:
                    continue
                goal = m.group(2)
                t = sum(float(v) / (1000.0 if u == "ms" else 1.0)
                        for v, u in TIME.findall(m.group(3)))
                tot[goal] = tot.get(goal, 0.0) + t
    return tot


def main(argv):
    if len(argv) >= 11 and argv[1] == "run":
        return run(argv[2:])
    if len(argv) >= 4 and argv[1] == "costs":
        # goal names are typed_<function>_<property>: the function is the
        # longest name of the list (argv[2]) that prefixes the goal
        names = sorted((f for f in argv[2].split(",") if f), key=len, reverse=True)
        per = {}
        for goal, t in costs(argv[3:]).items():
            f = next((n for n in names if goal.startswith(n + "_")), None)
            if f is not None:
                per[f] = per.get(f, 0.0) + t
        for f in sorted(per):
            print("%s %.1f" % (f, per[f]))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
