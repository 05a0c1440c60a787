#!/usr/bin/env python3
"""Where a Freight server's CPU goes, by thread, while a job runs (Linux /proc; no agent, no JFR).

    bench/threads.py PID OUT      samples every 0.25 s until SIGTERM, then writes OUT

For each thread name (digits folded, so freight-commit-12 and -13 add up) OUT has the CPU
seconds used and the seconds spent runnable but waiting for a core (schedstat). A thread whose
CPU plus run-queue wait is near the job's wall time is the one the job waits for; GC threads
show what allocation costs. Threads that end during the job (a job's reader and commit threads)
are counted up to their last sample.
"""
import collections
import os
import re
import signal
import sys
import time

pid, out = int(sys.argv[1]), sys.argv[2]
first, last, names = {}, {}, {}
stop = False


def on_term(*_):
    global stop
    stop = True


def snap():
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            run_ns, wait_ns, _ = open(f"/proc/{pid}/task/{tid}/schedstat").read().split()
        except OSError:
            continue  # the thread ended between listing and reading
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        now = (ticks, int(run_ns), int(wait_ns))
        first.setdefault(tid, now)
        last[tid] = now
        names[tid] = re.sub(r"\d+", "N", comm)


signal.signal(signal.SIGTERM, on_term)
hz = os.sysconf("SC_CLK_TCK")
t0 = time.time()
while not stop:
    try:
        snap()
    except FileNotFoundError:
        break  # the server is gone
    time.sleep(0.25)
wall = time.time() - t0
cpu, queued = collections.Counter(), collections.Counter()
for tid, (ticks, _, wait) in last.items():
    cpu[names[tid]] += (ticks - first[tid][0]) / hz
    queued[names[tid]] += (wait - first[tid][2]) / 1e9
with open(out, "w") as f:
    f.write(f"sampled {wall:.1f} s; CPU {sum(cpu.values()):.1f} s in all\n")
    f.write("| thread | CPU s | waiting for a core s |\n|---|---|---|\n")
    for name, s in cpu.most_common():
        if s >= 0.05 or queued[name] >= 0.05:
            f.write(f"| {name} | {s:.2f} | {queued[name]:.2f} |\n")
