"""``python -m bench``: Threadscope's benchmark table.

    python -m bench                # the full table (about 15 minutes on 2 cores)
    python -m bench --quick        # every case on tiny inputs: a smoke test (CI)
    python -m bench --only sentiment,parallel --runs 5

Rows: parse throughput of the saved-page loader (100k comments; 1M within the cold open), the
fast sentiment scorers against the naive per-row TextBlob and VADER calls on the same comments
(ratios, and the largest difference between their numbers), score_parallel on every core against
one, ``python -m analytics export`` of 100k comments against the naive loop doing the same
scoring, cold open (parse and analyse) against warm open (the cache) of 1M comments, the
dashboard's page reruns after a filter change on those 1M comments, and the peak resident memory
of each measurement. Each figure is the median of ``--runs`` runs unless its row says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import REPO, machine
from .cases import CASES, DEFAULT_WORK, corpus

TARGETS = (
    "targets (issue 6): fastscore >= 20x naive TextBlob and >= 5x naive VADER on one core; "
    "score_parallel >= 1.8x on 2 cores from 100k comments; warm open of 1M comments <= 3 s; "
    "analysing 1M comments under 2.5 GB resident, serving them under 1.5 GB (memory in MiB, 2^20 bytes; each "
    "target row says how it stands with GB as 10^9 bytes and as GiB); a page rerun after a filter change within 1 s"
)


def _run_case(name: str, args: dict, log) -> list[dict]:
    """Run one case in a fresh process and return its rows."""
    print(f"  {name} {json.dumps(args)} ...", file=log, flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--case", name, "--case-args", json.dumps(args)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench case {name} failed:\n{done.stderr}")
    rows = json.loads(done.stdout)
    print(f"    {time.perf_counter() - started:,.0f} s", file=log, flush=True)
    return rows


def _value(row: dict) -> str:
    v = row["value"]
    if row["unit"] == "not run":
        return "-"
    if row["unit"] == "absolute":
        return f"{v:.1e}" if v else "0"
    if row["unit"] == "s" and v < 10:
        return f"{v:.2f}"
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    lines = ["| measure | input | median | unit | compared | peak RSS |", "|---|---|--:|---|--:|--:|"]
    for r in rows:
        lines.append(f"| {r['measure']} | {r['input']} | {_value(r)} | {r['unit']} | {r['compare']} | {r['rss']} |")
    return "\n".join(lines)


def plan(args: argparse.Namespace) -> list[tuple[str, dict, int]]:
    """(case, its arguments, corpus size it needs), in order."""
    cases = args.only.split(",") if args.only else list(CASES)
    steps = []
    for name in cases:
        if name == "parse":
            steps += [
                (
                    "parse",
                    {"runs": args.runs if size <= args.parse_sizes[0] else args.big_runs, "max_seconds": args.budget},
                    size,
                )
                for size in args.parse_sizes
            ]
        elif name == "sentiment":
            steps.append(("sentiment", {"sample": args.sample, "runs": args.runs}, args.sentiment_corpus))
        elif name == "parallel":
            steps.append(("parallel", {"runs": args.runs, "workers": args.workers}, args.parallel_size))
        elif name == "export":
            steps.append(("export", {"runs": args.export_runs}, args.export_size))
        elif name == "open":
            steps.append(("open", {"cache": args.cache, "runs": args.runs}, args.open_size))
        elif name == "dashboard":
            steps.append(("dashboard", {"cache": args.cache, "runs": args.runs}, args.open_size))
        else:
            raise SystemExit(f"error: unknown case {name!r}; cases: {', '.join(CASES)}")
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny inputs, one table in seconds (smoke test)")
    parser.add_argument("--only", help="comma-separated cases: " + ", ".join(CASES))
    parser.add_argument("--runs", type=int, help="runs per figure (median); default 3")
    parser.add_argument(
        "--parse-sizes",
        help="corpus sizes to parse, comma-separated; default 100000 (the open case parses the 1M corpus)",
    )
    parser.add_argument("--sample", type=int, help="comments scored naively and fast; default 2000")
    parser.add_argument("--parallel-size", type=int, help="comments for the parallel case; default 100000")
    parser.add_argument("--workers", type=int, help="processes for the parallel case; default every core")
    parser.add_argument("--export-size", type=int, help="comments for the export case; default 100000")
    parser.add_argument("--export-runs", type=int, default=1, help="runs of the export case (default 1)")
    parser.add_argument(
        "--open-size", type=int, help="comments for the cold and warm open and the dashboard cases; default 1000000"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="seconds a parse size may take: fewer runs once the next would pass it, and "
        "a size skipped whose one run would, at the rate of the smaller (default 300)",
    )
    parser.add_argument("--work", default=str(DEFAULT_WORK), help=f"folder for corpora (default {DEFAULT_WORK})")
    parser.add_argument("--json", help="also write the rows and the machine line to this file")
    parser.add_argument(
        "--markdown",
        help="also write the printed report (header, table, targets) to this file, e.g. bench/results/latest.md",
    )
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--case-args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.case:  # inside the measuring process
        rows = CASES[args.case](**json.loads(args.case_args))
        print(json.dumps(rows))
        return 0

    from analytics.scoring.fastscore import default_workers

    quick = args.quick
    args.runs = args.runs or 3
    args.big_runs = 1 if not quick else args.runs
    args.parse_sizes = (
        [int(s) for s in args.parse_sizes.split(",")] if args.parse_sizes else [2_000] if quick else [100_000]
    )
    args.sample = args.sample or (100 if quick else 2_000)
    args.parallel_size = args.parallel_size or (3_000 if quick else 100_000)
    args.sentiment_corpus = 2_000 if quick else 100_000
    args.workers = args.workers or max(2, default_workers())
    args.export_size = args.export_size or (2_000 if quick else 100_000)
    args.open_size = args.open_size or (3_000 if quick else 1_000_000)
    work = Path(args.work)
    args.cache = str(work / "open-cache")  # the open case's entry, reopened by the dashboard case
    work.mkdir(parents=True, exist_ok=True)
    log = sys.stderr
    started = datetime.now(UTC)
    machine_line = machine()
    print(f"Threadscope benchmark: {machine_line}", file=log, flush=True)
    rows: list[dict] = []
    parse_rate = None
    for name, case_args, size in plan(args):
        if name == "parse" and parse_rate is not None:
            expected = size / parse_rate
            if expected > args.budget:
                rows.append(
                    {
                        "measure": "parse saved pages (analytics.load)",
                        "input": f"{size:,} comments",
                        "value": 0,
                        "unit": "not run",
                        "compare": "",
                        "rss": f"skipped: about {expected:,.0f} s at the rate above (--budget {args.budget:g})",
                    }
                )
                continue
        print(f"corpus of {size:,} comments ...", file=log, flush=True)
        folder = corpus(size, work)
        case_rows = _run_case(name, {"folder": str(folder), **case_args}, log)
        if name == "parse":
            parse_rate = case_rows[0]["value"]
        rows += case_rows
    finished = datetime.now(UTC)
    header = (
        f"Threadscope benchmark, {finished:%Y-%m-%d %H:%M} UTC, {(finished - started).total_seconds():,.0f} s"
        f"{' (--quick: tiny inputs, not a measurement)' if quick else ''}\n"
        f"Machine: {machine_line} at the start, "
        f"{'{:.1f} {:.1f} {:.1f}'.format(*os.getloadavg()) if hasattr(os, 'getloadavg') else '?'} at the end\n"
        f"Each figure: the median of {args.runs} runs unless its row says otherwise; comparisons "
        f"measured side by side, run after run, in one process per row group.\n"
    )
    report = f"{header}\n{table(rows)}\n\n{TARGETS}\n"
    print(report, end="")
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(
            f"`python -m bench{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`\n\n"
            + report.replace("\n", "  \n", 2),
            encoding="utf-8",
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"header": header, "machine": machine_line, "rows": rows}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
