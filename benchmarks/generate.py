"""Generate a realistic synthetic roadmap of N items (all sections, cross-track
dependencies), in one file or split across M files.

    python benchmarks/generate.py 10000 -o /tmp/roadmap-10k.yaml
    python benchmarks/generate.py 10000 --files 20 -o /tmp/roadmap-10k/
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

TRACKS = ["model", "data", "ethics", "monitoring", "experiments", "team"]
PHASES = ["feasibility", "prototype", "training", "integration", "experimentation", "go-live"]
STATUSES = ["done", "done", "in-progress", "planned", "planned", "planned", "at-risk"]


def header(n: int) -> str:
    return f"""\
# yaml-language-server: $schema=../schemas/roadmap.schema.json
roadmap:
  name: Synthetic roadmap of {n} items
  owner: pm-0
  period: {{start: 2026-Q1, end: 2027-Q4}}
  review: 2026-12-07
  split: {{explore: 30, exploit: 70}}
outcomes:
  - id: outcome-0
    title: Reduce support load by 30%
    problem: Agents spend most of their week on repetitive tickets
    metric: tickets handled by humans per week
    direction: lower
    baseline: 12000
    target: 8400
    due: 2027-Q2
  - id: outcome-1
    title: Keep CSAT at or above 4.5
    problem: Automation must not make customers unhappier
    metric: CSAT
    baseline: 4.4
    target: 4.5
    due: 2027-Q4
people:
""" + "".join(
        f"  - {{id: pm-{i}, name: Person {i}, capacity: {1 if i % 3 else 0.5}, skills: [ml-eng, annotation]}}\n"
        for i in range(max(5, n // 100))
    )


def body(n: int, rng: random.Random, first: int, count: int, with_sections: bool) -> str:
    out: list[str] = []
    people = max(5, n // 100)
    if with_sections:
        models = max(3, n // 200)
        datasets = max(4, n // 100)
        out.append("datasets:\n")
        for d in range(datasets):
            out.append(
                f"""\
  - id: dataset-{d}
    title: Dataset {d} from the ticket export
    source: zendesk
    refresh: weekly
    quality_sla: under 1% missing labels
    pii: {'true' if d % 2 else 'false'}
    retention: 18mo
    consent: terms of service section 4
    labelling: {{vendor: acme-labels, throughput: 2000, backlog: {d * 100}, quality: 10% double review}}
    duration: 4w
    start: 2026-01-05
"""
            )
        out.append("models:\n")
        for m in range(models):
            out.append(
                f"""\
  - id: model-{m}
    title: Model {m}
    stage: {['experimentation', 'staged-rollout', 'production'][m % 3]}
    outcome: outcome-{m % 2}
    datasets: [dataset-{m % datasets}, dataset-{(m + 1) % datasets}]
    retraining: monthly
    revalidation: quarterly
    user_facing: true
    fallback: Talk to a human
    edge_case_logging: low-confidence answers go to the review queue
    metrics:
      - name: f1
        direction: higher
        baseline: 0.71
        current: 0.78
        targets: {{2026-Q1: 0.72, 2026-Q2: 0.75, 2026-Q3: 0.8, 2026-Q4: 0.82}}
      - name: p95_latency_ms
        unit: ms
        direction: lower
        baseline: 900
        current: 700
        targets: {{2026-Q2: 800, 2026-Q4: 600}}
    thresholds:
      - {{metric: f1, min: 0.7, action: retrain}}
      - {{metric: p95_latency_ms, max: 1200, action: rollback}}
"""
            )
        out.append("audits:\n")
        for a in range(max(2, n // 500)):
            out.append(
                f"""\
  - id: audit-{a}
    title: Fairness audit {a}
    models: [model-{a % models}]
    groups: [english, spanish, german]
    metric: equal opportunity difference
    threshold: 0.05
    cadence: quarterly
    due: 2026-09-30
"""
            )
        out.append("experiments:\n")
        for e in range(max(2, n // 500)):
            out.append(
                f"""\
  - id: experiment-{e}
    title: Experiment {e}
    hypothesis: Suggested answers raise deflection
    metric: deflection rate
    success: +5pp at p < 0.05
    decide_by: 2026-10-15
    model: model-{e % models}
"""
            )
    if count:
        out.append("items:\n")
    base = dt.date(2026, 1, 5)
    for i in range(first, first + count):
        track = TRACKS[i % len(TRACKS)]
        deps = sorted({f"item-{rng.randrange(max(0, i - 200), i)}" for _ in range(rng.randint(1, 3))}) if i else []
        start = base + dt.timedelta(days=7 * (i * 90 // max(n, 1)))
        out.append(
            f"""\
  - id: item-{i}
    title: Work item {i} on the {track} track
    track: {track}
    phase: {PHASES[i % len(PHASES)]}
    status: {STATUSES[i % len(STATUSES)]}
    owner: pm-{i % people}
    start: {start.isoformat()}
    duration: {rng.randint(1, 6)}w
    depends_on: [{', '.join(deps)}]
    outcome: outcome-{i % 2}
    mode: {'explore' if i % 4 == 0 else 'exploit'}
"""
        )
    return "".join(out)


def generate(n: int, files: int = 1, seed: int = 0) -> dict[str, str]:
    """File name -> YAML text of a synthetic roadmap with ``n`` items."""
    rng = random.Random(seed)
    if files <= 1:
        return {"roadmap.yaml": header(n) + body(n, rng, 0, n, True)}
    out = {"roadmap.yaml": header(n) + body(n, rng, 0, 0, True)}
    per_file = -(-n // files)
    for index in range(files):
        first = index * per_file
        count = max(0, min(per_file, n - first))
        out[f"items-{index:03d}.yaml"] = body(n, rng, first, count, False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", type=int)
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    documents = generate(args.items, args.files, args.seed)
    target = Path(args.output)
    if len(documents) == 1 and target.suffix in (".yaml", ".yml"):
        target.write_text(next(iter(documents.values())), encoding="utf-8")
        return
    target.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (target / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
