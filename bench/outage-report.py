#!/usr/bin/env python3
"""Summarises a database outage run of bench/db-outage.sh: RESULT lines, a per-second timeline and the goals.

Inputs are the per-request logs of the posts page (bench/latency-log.lua), the writer's log
(bench/outage-writer.py), the times of the fault and of the restart, and the writer's posts as found in the
database afterwards. All times are wall-clock microseconds since the epoch.
"""

import argparse
import collections
import datetime
import glob
import json
import sys


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers, or None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def ms(microseconds):
    return "-" if microseconds is None else f"{microseconds / 1000:.2f}"


def statuses(rows):
    counts = collections.Counter(row.status for row in rows)
    return ",".join(f"{status}:{count}" for status, count in sorted(counts.items())) or "-"


Response = collections.namedtuple("Response", "sent latency status")
Write = collections.namedtuple("Write", "kind sent latency status post_id title")


def read_page_logs(prefix):
    rows = []
    for path in glob.glob(prefix + ".*"):
        with open(path) as log:
            for line in log:
                sent, latency, status = line.split()
                rows.append(Response(int(sent), int(latency), status))
    return rows


def read_writes(path):
    rows = []
    with open(path) as log:
        for line in log:
            kind, sent, latency, status, post_id, title = line.rstrip("\n").split("\t")
            rows.append(Write(kind, int(sent), int(latency), status, post_id, title))
    return rows


def read_events(path):
    with open(path) as log:
        return {name: int(value) for name, value in (line.split() for line in log if line.strip())}


def read_stored(path):
    """Reads psql's unaligned 'id|title' rows."""
    stored = []
    with open(path) as rows:
        for line in rows:
            if line.strip():
                post_id, title = line.rstrip("\n").split("|", 1)
                stored.append((post_id, title))
    return stored


def read_breaker_transitions(path):
    """Returns (microseconds, message) for each circuit breaker state change in the board's JSON log."""
    transitions = []
    with open(path) as log:
        for line in log:
            if not line.startswith("{") or "Circuit breaker" not in line:
                continue
            entry = json.loads(line)
            # Python before 3.11 rejects the nanoseconds and the Z that the log's timestamps carry.
            stamp = entry["@timestamp"].rstrip("Z")[:26]
            moment = datetime.datetime.fromisoformat(stamp).replace(tzinfo=datetime.timezone.utc)
            transitions.append((int(moment.timestamp() * 1_000_000), entry["message"]))
    return transitions


def latency_summary(rows):
    latencies = [row.latency for row in rows]
    return (f"count={len(rows)} p50_ms={ms(percentile(latencies, 0.50))} p99_ms={ms(percentile(latencies, 0.99))} "
            f"max_ms={ms(max(latencies) if latencies else None)}")


def print_phases(pages, posts, events):
    phases = [("before", events["load_start"], events["fault"]),
              ("outage", events["fault"], events["restart"]),
              ("after", events["restart"], sys.maxsize)]
    for name, start, end in phases:
        page_rows = [row for row in pages if start <= row.sent < end]
        write_rows = [row for row in posts if start <= row.sent < end]
        print(f"RESULT phase={name} page {latency_summary(page_rows)} statuses={statuses(page_rows)}")
        print(f"RESULT phase={name} write {latency_summary(write_rows)} statuses={statuses(write_rows)}")
    outage_pages = [row for row in pages if events["fault"] <= row.sent < events["restart"]]
    for status in sorted({row.status for row in outage_pages}):
        same = [row for row in outage_pages if row.status == status]
        print(f"RESULT outage_page status={status} {latency_summary(same)}")
    return outage_pages


def print_timeline(pages, writes, events):
    """Prints one line per second of the load, numbered from the fault."""
    fault = events["fault"]
    seconds = collections.defaultdict(lambda: ([], []))
    for row in pages:
        seconds[(row.sent - fault) // 1_000_000][0].append(row)
    for row in writes:
        seconds[(row.sent - fault) // 1_000_000][1].append(row)
    print("TIMELINE second_after_fault page_count page_statuses page_p99_ms write_statuses write_max_ms")
    for second in sorted(seconds):
        page_rows, write_rows = seconds[second]
        write_latencies = [row.latency for row in write_rows if row.kind == "post"]
        print(f"TIMELINE {second:+d} {len(page_rows)} {statuses(page_rows)} "
              f"{ms(percentile([row.latency for row in page_rows], 0.99))} {statuses(write_rows)} "
              f"{ms(max(write_latencies) if write_latencies else None)}")


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--page-log", required=True, help="prefix of the page logs (files PREFIX.N)")
    arguments.add_argument("--writes", required=True, help="the writer's log")
    arguments.add_argument("--events", required=True, help="lines 'name microseconds': load_start, fault, restart")
    arguments.add_argument("--stored", required=True, help="psql output 'id|title' of the writer's posts")
    arguments.add_argument("--board-log", required=True, help="the board's JSON log")
    arguments.add_argument("--fast-ms", type=float, default=100, help="a 503 faster than this is fast (default 100)")
    options = arguments.parse_args()

    pages = read_page_logs(options.page_log)
    writes = read_writes(options.writes)
    posts = [row for row in writes if row.kind == "post"]
    events = read_events(options.events)
    stored = read_stored(options.stored)
    fault, restart, fast_us = events["fault"], events["restart"], options.fast_ms * 1000

    print_timeline(pages, writes, events)
    for moment, message in read_breaker_transitions(options.board_log):
        print(f"BREAKER after_fault_ms={ms(moment - fault)} after_restart_ms={ms(moment - restart)} "
              f"{message.split(':')[0]}")
    outage_pages = print_phases(pages, posts, events)
    print(f"RESULT writes attempted={len(writes)} posted={len(posts)} "
          f"form_failed={sum(row.kind == 'form' for row in writes)} "
          f"skipped={sum(row.kind == 'skipped' for row in writes)}")

    fast_503s = [row.sent + row.latency for row in posts
                 if row.status == "503" and row.sent >= fault and row.latency < fast_us]
    first_fast_503 = min(fast_503s) - fault if fast_503s else None
    print(f"RESULT database_stopped_after_fault_ms={ms(events['stopped'] - fault)}")
    print(f"RESULT first_fast_503_after_fault_ms={ms(first_fast_503)} fast_below_ms={options.fast_ms:g}")

    rejected = [row for row in posts if row.status == "503"]
    print(f"RESULT write_503 {latency_summary(rejected)}")
    if fast_503s:
        # The rejections from the first fast one until the restart show the rejection path alone, once taken.
        first_fast_sent = min(row.sent for row in rejected if row.sent + row.latency == min(fast_503s))
        later = [row for row in rejected if first_fast_sent <= row.sent < restart]
        print(f"RESULT write_503_from_first_fast_to_restart {latency_summary(later)}")

    successes_after_restart = [row.sent + row.latency for row in posts
                               if row.status == "303" and row.sent + row.latency >= restart]
    recovery = min(successes_after_restart) - restart if successes_after_restart else None
    print(f"RESULT recovery_first_write_ms={ms(recovery)} database_ready_after_start_ms="
          f"{ms(events['ready'] - restart)}")
    page_503s_after = [row.sent + row.latency for row in pages if row.status == "503" and row.sent >= restart]
    print(f"RESULT page_last_503_after_restart_ms={ms(max(page_503s_after) - restart if page_503s_after else None)}")

    stored_ids = {post_id for post_id, _ in stored}
    stored_titles = collections.Counter(title for _, title in stored)
    acknowledged = [row for row in posts if row.status == "303"]
    lost = [row for row in acknowledged if row.post_id not in stored_ids]
    # A write that got anything but 303 and is stored anyway: its client saw a failure for a stored post.
    stored_unacknowledged = [row for row in posts if row.status != "303" and stored_titles[row.title] > 0]
    duplicated = sum(1 for count in stored_titles.values() if count > 1)
    print(f"RESULT acknowledged={len(acknowledged)} lost={len(lost)} "
          f"stored_without_acknowledgement={len(stored_unacknowledged)} duplicated_titles={duplicated}")
    for row in lost:
        print(f"LOST post_id={row.post_id} title={row.title!r}", file=sys.stderr)

    outage_page_p99 = percentile([row.latency for row in outage_pages], 0.99)
    rejected_p99 = percentile([row.latency for row in rejected], 0.99)
    degraded_p99 = max((value for value in (outage_page_p99, rejected_p99) if value is not None), default=None)
    goals = [
        ("first_fast_503_within_1s", first_fast_503 is not None and first_fast_503 <= 1_000_000,
         f"{ms(first_fast_503)} ms"),
        ("degraded_p99_below_10ms", degraded_p99 is not None and degraded_p99 < 10_000,
         f"page during outage {ms(outage_page_p99)} ms, write 503s {ms(rejected_p99)} ms"),
        ("recovery_within_10s", recovery is not None and recovery <= 10_000_000, f"{ms(recovery)} ms"),
        ("zero_lost_writes", not lost and bool(acknowledged), f"{len(lost)} of {len(acknowledged)} lost"),
    ]
    for name, met, figure in goals:
        print(f"GOAL {name} {'met' if met else 'not_met'} ({figure})")


if __name__ == "__main__":
    main()
