"""Print the mutation score of each mutated file from mutmut's results, and the
mutants that survived (tools/mutation runs it after ``mutmut run``).

A mutant counts as killed when a test failed or timed out with it; one that no test
ran ("no tests") counts as surviving. After an interrupted run, only the mutants that
ran are scored. Usage: ``python tools/mutation_report.py MUTANTS``
where MUTANTS is the mutants/ directory mutmut wrote.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# mutmut's exit codes (mutmut/stats.py): 1 and 3 are test failures, 24, 36, 152, 255 and
# their negatives are timeouts, 0 is a survivor, 5 and 33 mean no test covered it.
KILLED = {1, 3, 24, -24, 36, 152, 255}
NOT_RUN = {None, 2, 34}


def main(argv: list[str]) -> int:
    root = Path(argv[1])
    total_killed = total = 0
    survivors: list[str] = []
    print(f"{'file':32} {'killed':>7} {'of':>5} {'score':>7}")
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        not_run = [key for key, code in codes.items() if code in NOT_RUN]
        if not_run:
            # An interrupted run: score the mutants that ran (mutmut goes on from there).
            print(f"{meta}: {len(not_run)} of {len(codes)} mutants not run yet", file=sys.stderr)
            codes = {key: code for key, code in codes.items() if code not in NOT_RUN}
        killed = sum(code in KILLED for code in codes.values())
        name = str(meta.relative_to(root).with_suffix(""))
        if codes:
            print(f"{name:32} {killed:7} {len(codes):5} {killed / len(codes):7.1%}")
        survivors += sorted(key for key, code in codes.items() if code not in KILLED)
        total_killed += killed
        total += len(codes)
    if total:
        print(f"{'all':32} {total_killed:7} {total:5} {total_killed / total:7.1%}")
    print(f"\n{len(survivors)} surviving mutants (see them with: mutmut show NAME):")
    for name in survivors:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
