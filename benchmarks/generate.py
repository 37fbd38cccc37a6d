"""Generate a realistic synthetic roadmap of N items (all sections, cross-track
dependencies, people and teams who do the work), in one file or split across M files.

N // 100 people (at least 5: 100 people at 10,000 items), 2 to 5 teams (one of them a
vendor with a capacity and no members), and work that names who does it: most items,
datasets, audits and experiments have `assignees` (one person, sometimes two, sometimes a
team) or `any_of` two or three people, many an `effort` below their duration, and some
`skills` (a few that nobody has). People have 0 to 2 vacations of 1 or 2 weeks. Staffing
draws from its own seeded stream, so the dependencies and durations are those of the
same seed without it.

    python benchmarks/generate.py 10000 -o /tmp/roadmap-10k.yaml
    python benchmarks/generate.py 10000 --files 20 -o /tmp/roadmap-10k/
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

TRACKS = ["model", "data", "ethics", "monitoring", "experiments", "team"]
PHASES = ["feasibility", "prototype", "training", "integration", "experimentation", "go-live"]
STATUSES = ["done", "done", "in-progress", "planned", "planned", "planned", "at-risk"]
SKILLS = ["ml-eng", "annotation", "data-eng", "mlops", "evaluation", "nlp"]
RARE_SKILLS = ["rlhf", "legal-review"]  # work asks for them; nobody has them
FIRST_MONDAY = dt.date(2026, 1, 5)
PERIOD_WEEKS = 100  # vacations start on one of the 100 Mondays from 2026-01-05 (the last 2027-11-29)


@dataclass
class Staffing:
    """The roadmap's people and teams, and a seeded stream that staffs the work."""

    people: list[tuple[str, float, list[str], list[tuple[dt.date, dt.date]]]]  # id, capacity, skills, off
    teams: list[tuple[str, list[str]]]  # id, members (people ids)
    vendor: str  # a team of `capacity: 3`, no members, with annotation
    rng: random.Random
    holders: dict[str, list[str]] = field(default_factory=dict)  # skill -> people ids

    @classmethod
    def of(cls, n: int, seed: int) -> Staffing:
        rng = random.Random(f"staffing-{seed}")
        people = []
        for i in range(max(5, n // 100)):
            skills = sorted(rng.sample(SKILLS, rng.randint(1, 3)))
            off = []
            for _ in range(rng.choice((0, 1, 1, 2))):
                start = FIRST_MONDAY + dt.timedelta(weeks=rng.randrange(PERIOD_WEEKS))
                off.append((start, start + dt.timedelta(days=7 * rng.randint(1, 2) - 3)))  # Monday to Friday
            people.append((f"pm-{i}", 1 if i % 3 else 0.5, skills, sorted(off)))
        # 2 to 5 teams, the vendor among them. Teams are drawn from the first 100 people, so
        # they stop growing at 10,000 items (about 20 people each): a pooled team's work is
        # booked on every member, and teams that grew with N would make it grow as N squared.
        count = min(5, max(2, len(people) // 20))
        teams = [(f"team-{t}", [pid for j, (pid, *_rest) in enumerate(people[:100]) if j % (count - 1) == t and j % 7])
                 for t in range(count - 1)]
        staffing = cls(people, teams, "vendor-labels", rng)
        for pid, _capacity, skills, _off in people:
            for skill in skills:
                staffing.holders.setdefault(skill, []).append(pid)
        return staffing

    def yaml(self) -> str:
        out = ["people:\n"]
        for pid, capacity, skills, off in self.people:
            periods = ", ".join(f"{{start: {a.isoformat()}, end: {b.isoformat()}, reason: vacation}}" for a, b in off)
            out.append(f"  - {{id: {pid}, name: Person {pid[3:]}, capacity: {capacity}, skills: [{', '.join(skills)}], off: [{periods}]}}\n")
        out.append("teams:\n")
        for tid, members in self.teams:
            out.append(f"  - {{id: {tid}, name: Team {tid[5:]}, members: [{', '.join(members)}]}}\n")
        out.append(f"  - {{id: {self.vendor}, name: Acme Labels (vendor), capacity: 3, skills: [annotation]}}\n")
        return "".join(out)

    def person(self, skill: str | None) -> str:
        """Someone with ``skill`` most of the time, anyone otherwise."""
        if skill in self.holders and self.rng.random() < 0.8:
            return self.rng.choice(self.holders[skill])
        return self.rng.choice(self.people)[0]

    def work(self, indent: str, days: int | None, skill_chance: float = 0.4, effort_chance: float = 0.8,
             kinds: list[str] = SKILLS) -> str:
        """YAML lines naming who does a piece of work of ``days`` working days (None:
        no duration), its effort and its skills; 1 in 10 pieces of work names nobody."""
        rng = self.rng
        if rng.random() < 0.1:
            return ""
        skills: list[str] = []
        roll = rng.random()
        if roll < 0.01:
            skills = [rng.choice(RARE_SKILLS)]
        elif roll < skill_chance:
            skills = sorted(rng.sample(kinds, rng.randint(1, 2)))
        lead = skills[0] if skills else None
        lines = []
        roll = rng.random()
        if roll < 0.1:  # one of two or three people
            names = list(dict.fromkeys(self.person(lead) for _ in range(rng.randint(2, 3))))
            lines.append(f"any_of: [{', '.join(names)}]" if len(names) > 1 else f"assignees: [{names[0]}]")
        elif roll < 0.2:  # a team: the vendor for annotation
            team = self.vendor if lead == "annotation" or rng.random() < 0.2 else rng.choice(self.teams)[0]
            lines.append(f"assignees: [{team}]")
        elif roll < 0.35:  # two people
            names = list(dict.fromkeys(self.person(lead) for _ in range(2)))
            lines.append(f"assignees: [{', '.join(names)}]")
        else:
            lines.append(f"assignees: [{self.person(lead)}]")
        team = lines[0].startswith("assignees: [team-")  # a whole team full-time is not how teams are asked
        if days is None or team or rng.random() < effort_chance:  # below the duration: a third of it at most
            top = max(1, (days or 15) // 3)
            lines.append(f"effort: {rng.randint(1, top)}d")
        if skills:
            lines.append(f"skills: [{', '.join(skills)}]")
        return "".join(f"{indent}{line}\n" for line in lines)


def header(n: int, staffing: Staffing) -> str:
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
""" + staffing.yaml()


def body(n: int, rng: random.Random, staffing: Staffing, first: int, count: int, with_sections: bool) -> str:
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
                + staffing.work("    ", 20, skill_chance=1.0, kinds=["data-eng", "annotation"])
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
    duration: 2w
"""
                # each occurrence a two-week window for a few days of effort
                + staffing.work("    ", 10, kinds=["evaluation", "ml-eng"])
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
                + staffing.work("    ", None, kinds=["ml-eng", "evaluation", "nlp"])
            )
    if count:
        out.append("items:\n")
    base = dt.date(2026, 1, 5)
    # Items depend on items up to `window` before them. The longest chain, and so how long
    # the schedule runs, goes as N / window: a window of 200 up to 10,000 items (the plan
    # ends in 2038), then 2% of N, so larger roadmaps are denser, not decades longer.
    window = max(200, n // 50)
    for i in range(first, first + count):
        track = TRACKS[i % len(TRACKS)]
        deps = sorted({f"item-{rng.randrange(max(0, i - window), i)}" for _ in range(rng.randint(1, 3))}) if i else []
        start = base + dt.timedelta(days=7 * (i * 90 // max(n, 1)))
        weeks = rng.randint(1, 6)
        # A third of the work is estimated (from two thirds of its likely length to twice
        # it), drawn from the item's number so that the rest of the roadmap stays as it was.
        length = (f"estimate: {{low: {max(1, weeks * 14 // 3)}d, likely: {weeks}w, high: {2 * weeks}w}}" if i % 3 == 1
                  else f"duration: {weeks}w")
        out.append(
            f"""\
  - id: item-{i}
    title: Work item {i} on the {track} track
    track: {track}
    phase: {PHASES[i % len(PHASES)]}
    status: {STATUSES[i % len(STATUSES)]}
    owner: pm-{i % people}
    start: {start.isoformat()}
    {length}
    depends_on: [{', '.join(deps)}]
    outcome: outcome-{i % 2}
    mode: {'explore' if i % 4 == 0 else 'exploit'}
"""
            + staffing.work("    ", 5 * weeks)
        )
    return "".join(out)


def generate(n: int, files: int = 1, seed: int = 0) -> dict[str, str]:
    """File name -> YAML text of a synthetic roadmap with ``n`` items."""
    rng = random.Random(seed)
    staffing = Staffing.of(n, seed)
    if files <= 1:
        return {"roadmap.yaml": header(n, staffing) + body(n, rng, staffing, 0, n, True)}
    out = {"roadmap.yaml": header(n, staffing) + body(n, rng, staffing, 0, 0, True)}
    per_file = -(-n // files)
    for index in range(files):
        first = index * per_file
        count = max(0, min(per_file, n - first))
        out[f"items-{index:03d}.yaml"] = body(n, rng, staffing, first, count, False)
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
