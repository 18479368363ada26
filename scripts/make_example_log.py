"""Generate the bundled example log, ``data/examples/remotasks-caracas-week.csv``.

The log is illustrative, not a real worker's: a week of a Remotasks worker in
Caracas shaped on what "Maria" told the press (FACTS.md: three days a week,
about ten hours a day; categorisation tasks of a few minutes paid as little
as $0.11; unpaid training before starting). Every other figure here (search
times, rejection and return rates, waiting) is an assumption chosen to be
plausible, and is labelled as such in the docs. Run from the repository root:

    python scripts/make_example_log.py
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

OUT = Path("src/labourchain/data/examples/remotasks-caracas-week.csv")
CARACAS = timezone(timedelta(hours=-4))  # America/Caracas, no DST since 2016


def main() -> None:
    rng = np.random.default_rng(20240304)
    rows: list[dict[str, str]] = []

    def add(
        t: datetime,
        minutes: int,
        activity: str,
        reward: float | None = None,
        task: str = "",
        kind: str = "",
        note: str = "",
    ) -> datetime:
        rows.append(
            {
                "start": t.isoformat(),
                "minutes": str(minutes),
                "activity": activity,
                "reward": "" if reward is None else f"{reward:.2f}",
                "currency": "" if reward is None else "USD",
                "platform": "Remotasks" if activity != "outage" else "",
                "client": "unknown client" if reward is not None else "",
                "task_id": task,
                "kind": kind,
                "note": note,
            }
        )
        return t + timedelta(minutes=minutes)

    task_no = 0
    for day, date in enumerate((4, 6, 8)):  # Mon, Wed, Fri of the week of 2024-03-04
        t = datetime(2024, 3, date, 8, 0, tzinfo=CARACAS)
        end = t + timedelta(hours=10)
        if day == 0:
            t = add(
                t, 95, "training", note="illustrative log (see docs): guidelines for a new project"
            )
            t = add(t, 25, "qualification", note="unpaid test for the project")
        while t < end - timedelta(minutes=15):
            if rng.random() < 0.12:
                t = add(t, int(rng.integers(10, 40)), "waiting", note="queue empty")
                continue
            t = add(t, int(rng.integers(2, 9)), "search")
            task_no += 1
            minutes = int(rng.integers(3, 8))
            reward = float(rng.choice([0.11, 0.15, 0.20, 0.25, 0.30]))
            u = rng.random()
            activity = "paid" if u < 0.85 else ("rejected" if u < 0.93 else "returned")
            t = add(t, minutes, activity, reward, task=f"cat-{task_no:04d}", kind="categorisation")
        if day == 2:
            t = add(t, 10, "admin", note="withdrawal request")
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
