"""Each broken roadmap gives exactly these `line:col: message` problems (table-driven)."""

from __future__ import annotations

import textwrap

import pytest
from conftest import HEADER, run_cli

# (case id, YAML after the 3-line header, expected problems as "line:col: message")
CASES = [
    (
        "unknown-key",
        """\
        items:
          - id: a
            title: A
            track: data
            titel: typo
        """,
        ["8:5: unknown key 'titel' (did you mean 'title'?)"],
    ),
    (
        # Inside { } a comma ends a value: the words after it became a key with no value.
        "comma-in-a-flow-value",
        """\
        items:
          - {id: a, title: Fraud, waste, abuse, track: data}
          - {id: b, title: B, track: data, owner: Ana, Ben}
          - {id: c, title: C, track: data, titel: typo}
        """,
        ["5:27: unknown key 'waste'; inside {{ }} a comma ends a value: quote it, title: \"Fraud, waste, abuse\"",
         "5:34: unknown key 'abuse'; inside {{ }} a comma ends a value: quote it, title: \"Fraud, waste, abuse\"",
         "6:48: unknown key 'Ben'; inside {{ }} a comma ends a value: quote it, owner: \"Ana, Ben\"",
         "7:36: unknown key 'titel' (did you mean 'title'?)"],
    ),
    (
        "unknown-top-level-section",
        """\
        iterms: []
        """,
        ["4:1: unknown key 'iterms' (did you mean 'items'?)"],
    ),
    (
        "missing-required-key-points-at-parent-mapping",
        """\
        items:
          - id: a
            track: data
        """,
        ["5:5: missing required key 'title' in item 'a'"],
    ),
    (
        "wrong-type",
        """\
        items:
          - id: a
            title: A
            track: data
            depends_on: b
        """,
        ["8:17: depends_on: expected a list, got 'b'"],
    ),
    (
        "not-a-number",
        """\
        models:
          - id: m
            title: M
            metrics:
              - {name: f1, baseline: high}
        """,
        ["8:30: baseline: 'high' is not a number"],
    ),
    (
        "empty-value-for-required-text",
        """\
        items:
          - id: a
            title:
            track: data
        """,
        ["6:11: title: empty value; expected text"],
    ),
    (
        "bad-quarter-with-suggestion",
        """\
        models:
          - id: m
            title: M
            metrics:
              - name: f1
                baseline: 0.7
                targets: {Q3-2026: 0.8}
        """,
        ["10:19: targets: 'Q3-2026' is not a quarter; write 2026-Q3"],
    ),
    (
        "bad-duration",
        """\
        items:
          - id: a
            title: A
            track: data
            duration: 3 weeks
        """,
        ["8:15: duration: '3 weeks' is not a duration; write a whole number and a unit: 10d, 3w, 2mo, 1y"],
    ),
    (
        "impossible-date",
        """\
        items:
          - id: a
            title: A
            track: data
            start: 2026-13-45
        """,
        ["8:12: start: '2026-13-45' is not a valid date: month must be in 1..12"],
    ),
    (
        "compact-date-is-not-silently-a-timestamp",
        """\
        items:
          - id: a
            title: A
            track: data
            start: 20260105
        """,
        ["8:12: start: '20260105' is not a date; write YYYY-MM-DD, e.g. 2026-03-31"],
    ),
    (
        "enum-typo",
        """\
        models:
          - id: m
            title: M
            stage: stagd
        """,
        ["7:12: stage: 'stagd' is not one of experimentation, staged-rollout, production, retired (did you mean 'staged-rollout'?)"],
    ),
    (
        "dangling-dependency",
        """\
        items:
          - id: label-tickets
            title: A
            track: data
          - id: b
            title: B
            track: model
            depends_on: [label-ticket]
        """,
        ["11:18: depends_on: unknown id 'label-ticket' (did you mean 'label-tickets'?)"],
    ),
    (
        "reference-to-the-wrong-kind",
        """\
        items:
          - id: a
            title: A
            track: data
            outcome: b
          - id: b
            title: B
            track: data
        """,
        ["8:14: outcome: 'b' is an item, not an outcome"],
    ),
    (
        "cycle",
        """\
        items:
          - id: a
            title: A
            track: data
            depends_on: [c]
          - id: b
            title: B
            track: data
            depends_on: [a]
          - id: c
            title: C
            track: data
            depends_on: [b]
        """,
        ["8:18: dependency cycle: a -> c -> b -> a"],
    ),
    (
        "duplicate-id-in-one-file",
        """\
        items:
          - id: a
            title: A
            track: data
        datasets:
          - id: a
            title: also A
        """,
        ["9:9: duplicate id 'a': already used by an item at {file}:5:9"],
    ),
    (
        "duplicate-key",
        """\
        items:
          - id: a
            title: A
            track: data
            title: B
        """,
        ["8:5: duplicate key 'title': first written at line 6, again at line 8; YAML would silently keep only the last one"],
    ),
    (
        "end-before-start",
        """\
        items:
          - id: a
            title: A
            track: data
            start: 2026-03-01
            end: 2026-02-01
        """,
        ["9:10: end 2026-02-01 is before start 2026-03-01"],
    ),
    (
        "start-duration-end-disagree",
        """\
        items:
          - id: a
            title: A
            track: data
            start: 2026-03-02
            duration: 1w
            end: 2026-03-10
        """,
        ["10:10: end 2026-03-10 contradicts start 2026-03-02 + duration 1w (which ends 2026-03-08); give two of start, end and duration"],
    ),
    (
        "target-outside-period",
        """\
        models:
          - id: m
            title: M
            metrics:
              - name: f1
                baseline: 0.7
                targets: {2027-Q1: 0.8}
        """,
        ["10:19: target for 2027-Q1 is outside the roadmap (the roadmap's period is 2026-Q1 to 2026-Q4)"],
    ),
    (
        "threshold-on-a-metric-the-model-lacks",
        """\
        models:
          - id: m
            title: M
            metrics:
              - {name: recall, baseline: 0.7}
            thresholds:
              - {metric: recal, min: 0.6, action: retrain}
        """,
        ["10:18: threshold on unknown metric 'recal' (did you mean 'recall'?); model 'm' has metrics: recall"],
    ),
    (
        "unknown-track",
        """\
        items:
          - id: a
            title: A
            track: modle
        """,
        [
            "7:12: track: unknown track 'modle' (did you mean 'model'?); the standard tracks are model, data, ethics, "
            "monitoring, experiments, team, custom ones are declared under 'tracks:'"
        ],
    ),
    (
        "owner-must-be-a-declared-person-when-people-are-declared",
        """\
        people:
          - {id: ana, name: Ana}
        items:
          - id: a
            title: A
            track: data
            owner: anna
        """,
        ["10:12: owner: unknown person, team or stakeholder 'anna' (did you mean 'ana'?)"],
    ),
    (
        "malformed-yaml",
        """\
        items:
          - id: a
            title: "unclosed
            track: data
        """,
        ["6:12: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 6); a quote or bracket opened here is never closed"],
    ),
    (
        "unknown-tag",
        """\
        items: !!python/object:os.system []
        """,
        ["4:8: unsupported YAML tag '!!python/object:os.system': a roadmap holds plain data only"],
    ),
    (
        "dates-near-the-end-of-time-are-a-message-not-a-crash",
        """\
        items:
          - {id: a, title: A, track: data, start: 9999-12-30, duration: 5d, end: 9999-12-31}
        """,
        ["5:43: start: '9999-12-30' is out of range: years 1900 to 2999", "5:74: end: '9999-12-31' is out of range: years 1900 to 2999"],
    ),
    (
        "unknown-owner-says-where-to-declare-it",
        """\
        people:
          - {id: ana, name: Ana}
        items:
          - {id: a, title: A, track: data, owner: zed}
        """,
        ["7:43: owner: unknown person, team or stakeholder 'zed'; declare it under people:, teams: or stakeholders:"],
    ),
    (
        "absurd-duration",
        """\
        items:
          - {id: a, title: A, track: data, duration: 99999999999999999999y}
        """,
        ["5:46: duration: '99999999999999999999y' is longer than 100 years"],
    ),
    (
        "nan-and-infinity-are-not-numbers",
        """\
        models:
          - id: m
            title: M
            metrics:
              - {name: f1, baseline: nan, current: 1e999}
        """,
        ["8:30: baseline: 'nan' is not a number", "8:44: current: '1e999' is too large a number"],
    ),
    (
        "yaml-1.1-booleans-are-not-booleans",
        """\
        models:
          - {id: m, title: M, user_facing: yes}
        """,
        ["5:36: user_facing: 'yes' is not true or false (write true or false; yes/no/on/off are not booleans here)"],
    ),
    (
        "a-quarter-where-a-date-is-expected",
        """\
        items:
          - {id: a, title: A, track: data, due: 2026-Q3}
        """,
        ["5:41: due: '2026-Q3' is a quarter, but a date is expected here; write a day, e.g. 2026-09-30 (the quarter's last)"],
    ),
    (
        "one-bad-key-does-not-hide-the-entrys-other-problems",
        """\
        items:
          - {id: a, title: A, track: data, status: finished, depends_on: [typo], start: 2026-02-01, end: 2026-01-01}
        """,
        [
            "5:44: status: 'finished' is not one of planned, in-progress, at-risk, blocked, done, cancelled",
            "5:67: depends_on: unknown id 'typo'",
            "5:98: end 2026-01-01 is before start 2026-02-01",
        ],
    ),
    (
        "a-broken-metrics-list-does-not-cascade-into-threshold-errors",
        """\
        models:
          - id: m
            title: M
            metrics: [{name: f1}]
            thresholds: [{metric: f1, min: 0.5, action: retrain}]
        """,
        ["7:15: missing required key 'baseline' in metrics[0] of model 'm'"],
    ),
    (
        "problems-inside-an-alias-are-reported-where-it-is-used",
        """\
        items:
          - {id: a, title: A, track: data, depends_on: &deps [nope]}
          - {id: b, title: B, track: data, depends_on: *deps}
        """,
        ["5:55: depends_on: unknown id 'nope'", "6:48: depends_on: unknown id 'nope'"],
    ),
    (
        "a-reference-to-the-wrong-kind-of-thing",
        """\
        outcomes:
          - {id: o, title: O, problem: P, metric: m, baseline: 1, target: 2, due: 2026-Q3}
        items:
          - {id: a, title: A, track: data, depends_on: [o]}
        """,
        ["7:49: depends_on: 'o' is an outcome, not work (an item, model, dataset, audit, experiment, decision, ...)"],
    ),
    (
        "a-dependency-listed-twice",
        """\
        items:
          - {id: a, title: A, track: data}
          - {id: b, title: B, track: data, depends_on: [a, a]}
        """,
        ["6:52: depends_on: 'a' is listed twice"],
    ),
    (
        "did-you-mean-ignores-case",
        """\
        models:
          - id: m
            title: M
            metrics: [{name: f1, baseline: 0.7}]
            thresholds: [{metric: F1, min: 0.5, action: retrain}]
        """,
        ["8:27: threshold on unknown metric 'F1' (did you mean 'f1'?); model 'm' has metrics: f1"],
    ),
    (
        "colon-in-an-unquoted-title",
        """\
        items:
          - id: a
            title: Phase 2: rollout
            track: data
        """,
        [
            "6:19: YAML syntax error: mapping values are not allowed in this context; a value that contains ': ' must be "
            'quoted (title: "Phase 2: rollout"), or this line is indented further than the keys around it'
        ],
    ),
    (
        "percent-sign-on-a-number",
        """\
        outcomes:
          - {id: o, title: O, problem: P, metric: m, baseline: 2.1%, target: 1, due: 2026-Q3}
        """,
        ["5:56: baseline: '2.1%' is not a number; write it without the % sign (as a percentage or a fraction, as the field's other values)"],
    ),
    (
        "list-written-as-a-comma-string",
        """\
        items:
          - id: a
            title: A
            track: data
            depends_on: b, c
        """,
        ["8:17: depends_on: expected a list, got 'b, c'; write [b, c]"],
    ),
    (
        # A person who also signs off decisions: one person in two roles, referred to, not repeated.
        "stakeholder-who-is-a-person",
        """\
        people:
          - {id: carla, name: Carla Mendes}
        stakeholders:
          - {id: ops-lead, person: carla, role: customer-ops}
          - {id: cro, role: exec}
          - {id: carla, name: Carla Mendes, role: customer-ops}
          - {id: dpo, person: eva, role: compliance}
          - {id: ops, person: ops-lead, role: compliance}
        decisions:
          - {id: go, title: Go?, due: 2026-06-01, sign_off: [ops-lead, carla]}
          - {id: go-2, title: Go?, due: 2026-06-01, sign_off: [ops-lead, cro]}
        """,
        ["8:5: stakeholders: a stakeholder needs a name, or the person they are (person: PERSON_ID)",
         "9:10: duplicate id 'carla': already used by a person at {file}:5:10; a stakeholder who is this person needs an id "
         "of its own and `person: carla`",
         "10:23: person: unknown person 'eva'; declare it under people:",
         "11:23: person: 'ops-lead' is a stakeholder, not a person",
         "13:64: sign_off: 'carla' is a person, not a stakeholder; the stakeholder who is this person is 'ops-lead'"],
    ),
    (
        "a-person-named-to-sign-off",
        """\
        people:
          - {id: carla, name: Carla Mendes}
        stakeholders:
          - {id: cro, name: Henrike Vos, role: exec}
        decisions:
          - {id: go, title: Go?, due: 2026-06-01, sign_off: [carla]}
        """,
        ["9:54: sign_off: 'carla' is a person, not a stakeholder; to let them sign off, add a stakeholder with `person: carla`"],
    ),
    (
        "streaming-data-and-its-freshness",
        """\
        datasets:
          - {id: a, title: A, refresh: streaming, freshness: 2m}
          - {id: b, title: B, refresh: stream}
          - {id: c, title: C, refresh: streaming, freshness: 15 minutes}
          - {id: d, title: D, refresh: daily, freshness: 0s}
          - {id: e, title: E, refresh: daily, freshness: 2mo}
        monitors:
          - {id: m1, title: Lag, dataset: a, watches: consumer lag}
          - {id: m2, title: Lag, dataset: m1, watches: consumer lag}
          - {id: m3, title: Lag, dataset: f, watches: consumer lag}
        """,
        ["6:32: refresh: 'stream' is not a refresh rate; write streaming, or a cadence: daily, weekly, biweekly, monthly, "
         "quarterly, yearly, or an interval such as 2w",
         "7:54: freshness: '15 minutes' is not a freshness; write a whole number and a unit: 200ms, 30s, 5m, 2h, 1d",
         "8:50: freshness: '0s' is not a freshness: data cannot be fresher than new",
         "9:50: freshness: '2mo' is not a freshness; write a whole number and a unit: 200ms, 30s, 5m, 2h, 1d",
         "12:35: dataset: 'm1' is a monitor, not a dataset",
         "13:35: dataset: unknown dataset 'f'; declare it under datasets:"],
    ),
    (
        "champion-challenger-and-experiment-kinds",
        """\
        models:
          - {id: gbm, title: GBM}
          - {id: seq, title: Seq, challenges: gbm}
          - {id: self, title: Self, challenges: self}
          - {id: d, title: D, challenges: txn}
          - {id: e, title: E, challenges: ghost}
        datasets:
          - {id: txn, title: Txn}
        experiments:
          - {id: x, title: X, kind: backtest, traffic: 100, hypothesis: H, metric: M, success: S}
          - {id: y, title: Y, kind: shadow, traffic: 100, hypothesis: H, metric: M, success: S}
          - {id: z, title: Z, kind: canary, hypothesis: H, metric: M, success: S}
        """,
        ["7:41: challenges: 'self' is this model; name the champion it would replace",
         "8:35: challenges: 'txn' is a dataset, not a model",
         "9:35: challenges: unknown model 'ghost'; declare it under models:",
         "13:48: traffic: a backtest runs on past data and sees no live traffic: leave traffic out, or make it a shadow run",
         "15:29: kind: 'canary' is not one of ab, multivariate, interleaving, shadow, backtest, hypothesis"],
    ),
    (
        "what-a-metric-was-measured-on-and-its-labels-matured-to",
        """\
        datasets:
          - {id: holdout, title: Hold-out}
        models:
          - id: m
            title: M
            datasets: [holdout]
            metrics:
              - {name: a, baseline: 0.1, measured: 2026-10-02, evaluated_on: holdout, labels_until: 2026-10-02}
              - {name: c, baseline: 0.1, labels_until: 2026-10-03}
              - {name: d, baseline: 0.1, evaluated_on: m}
              - {name: e, baseline: 0.1, evaluated_on: holdut}
          - id: n
            title: N
            metrics:
              - {name: b, baseline: 0.1, measured: 2026-10-02, labels_until: 2026-10-03}
        """,
        ["13:48: evaluated_on: 'm' is a model, not a dataset",
         "14:48: evaluated_on: unknown dataset 'holdut' (did you mean 'holdout'?)",
         "18:70: labels_until: 2026-10-03 is after the day the value was measured (2026-10-02): labels cannot have "
         "matured to a day not yet reached"],
    ),
    (
        "fairness-by-attribute-with-a-ratio-or-a-difference",
        """\
        audits:
          - {id: a1, title: A, attributes: {region: [NL, PL]}, comparison: ratio, worse: higher, threshold: 1}
          - {id: a2, title: A, attributes: {region: [NL, PL]}, comparison: ratio, worse: higher, threshold: 0.99}
          - {id: a3, title: A, attributes: {region: [NL, PL]}, comparison: ratio, worse: lower, threshold: 1}
          - {id: a4, title: A, attributes: {region: [NL, PL]}, comparison: ratio, worse: lower, threshold: 1.01}
          - {id: a5, title: A, attributes: {region: [NL, PL]}, comparison: ratio, threshold: 0}
          - {id: a6, title: A, attributes: {region: [NL, PL]}, comparison: difference, threshold: 0}
          - {id: a7, title: A, attributes: {region: [NL, PL]}, comparison: difference, threshold: -0.01}
          - {id: a8, title: A, groups: [NL, PL], threshold: -0.01}
          - {id: b1, title: B, attributes: {region: [NL, PL], card: [debit]}, intersections: [[region, card]], reference: "region: NL"}
          - {id: b2, title: B, attributes: {region: [NL, PL]}, intersections: [[region, crad]]}
          - {id: b3, title: B, attributes: {region: [NL, PL]}, intersections: [[region]]}
          - {id: b4, title: B, attributes: {region: [NL, PL]}, reference: "region: DE"}
          - {id: b5, title: B, attributes: {region: [NL, PL]}, reference: "card: debit"}
          - {id: b6, title: B, attributes: {region: [NL, PL]}, reference: the Dutch}
          - {id: b7, title: B, groups: [Dutch, Polish], reference: "nation: Dutch"}
          - {id: b8, title: B, attributes: {region: []}, reference: overall}
        """,
        ["6:101: threshold: 0.99 is below 1, but higher is worse: the reference itself (a ratio of 1) would fail; a ratio no group may pass is at least 1, e.g. 1.25",
         "8:100: threshold: 1.01 is above 1, but lower is worse: the reference itself (a ratio of 1) would fail; a ratio no group may fall below is at most 1, e.g. 0.8",
         "9:86: threshold: 0 is not a ratio a group can have: a ratio threshold is above 0",
         "11:91: threshold: -0.01 is below 0: a difference threshold is the largest gap allowed",
         "14:71: intersections: 'crad' is not one of the audit's attributes (region)",
         "15:71: intersections: [region] names 1 attribute: an intersection combines at least two, e.g. [region, card]",
         "16:67: reference: 'DE' is not one of the groups of 'region' (NL, PL)",
         "17:67: reference: 'card' is not one of the audit's attributes (region)",
         "18:67: reference: 'the Dutch' is not a reference group; write overall, best, one of the audit's groups, or ATTRIBUTE: GROUP (e.g. 'region: NL')",
         "20:36: attributes: 'region' names no groups: list the groups compared, e.g. region: [NL, DE]"],
    ),
    (
        "a-metric-drives-an-outcome",
        """\
        outcomes:
          - {id: o, title: O, problem: P, metric: M, baseline: 1, target: 2, due: 2026-Q4}
        models:
          - id: m
            title: M
            metrics:
              - {name: a, baseline: 0.5, drives: [{outcome: o, per: 0.1}]}
              - {name: b, baseline: 0.5, drives: [{outcome: o, moves: 2}]}
              - {name: c, baseline: 0.5, drives: [{outcome: o, per: 0, moves: 2}]}
          - id: n
            title: N
            metrics:
              - {name: d, baseline: 0.5, drives: [{outcome: oo, per: 1, moves: 1}, {outcome: n}]}
        """,
        ["10:43: drives: give per and moves together (per: a change of the metric, moves: the outcome's change for it); moves is missing",
         "11:43: drives: give per and moves together (per: a change of the metric, moves: the outcome's change for it); per is missing",
         "12:43: drives: per: 0 is no change of the metric; give the change the outcome's `moves` is for, e.g. 0.01",
         "16:53: drives: unknown outcome 'oo' (did you mean 'o'?)",
         "16:86: drives: 'n' is a model, not an outcome"],
    ),
    (
        # compute in words, as before, or as numbers; the header's budget lies in the period.
        "compute-as-numbers-and-its-budget",
        """\
        models:
          - {id: a, title: A, compute: 4x A100 for 2 days per retrain}
          - {id: b, title: B, compute: {retrain: 40, serving: 2, note: 1x A10G}}
          - {id: c, title: C, compute: {note: lots}}
          - {id: d, title: D, compute: {retrain: -1}}
          - {id: e, title: E, compute: {retrian: 40}}
          - {id: f, title: F, compute: 60}
          - {id: g, title: G, compute: {serving: 1e308}}
        """,
        ["7:32: compute: give retrain (per run) or serving (around the clock), or write the compute as text",
         "8:42: retrain: -1 should be greater than or equal to 0",
         "9:33: unknown key 'retrian' (did you mean 'retrain'?)",
         "10:32: compute: 60 is a number without what it counts: write {{retrain: 60}} (per retraining run) or {{serving: 60}} "
         "(around the clock), or the compute in words",
         "11:42: serving: '1e308' should be less than or equal to 1000000"],
    ),
    (
        "a-deadline-per-occurrence-of-recurring-work",
        """\
        items:
          - {id: a, title: A, track: ethics, cadence: quarterly, start: 2026-01-12, duration: 1w, due_each: 30d}
          - {id: b, title: B, track: ethics, start: 2026-01-12, duration: 1w, due_each: 30d}
          - {id: c, title: C, track: ethics, cadence: 6w, start: 2026-01-12, duration: 1w, due_each: 30d}
          - {id: d, title: D, track: ethics, cadence: monthly, start: 2026-01-12, duration: 1w, due_each: a month}
        audits:
          - {id: e, title: E, cadence: weekly, due_each: 2d}
        """,
        ["6:81: due_each: a deadline per occurrence is for recurring work: give the work a cadence (monthly, quarterly or yearly), or give it a single deadline with due",
         "7:94: due_each: a cadence of 6w follows no calendar period: a deadline per occurrence needs a cadence of monthly, quarterly or yearly",
         "8:99: due_each: 'a month' is not a duration; write a whole number and a unit: 10d, 3w, 2mo, 1y",
         "10:50: due_each: a cadence of weekly follows no calendar period: a deadline per occurrence needs a cadence of monthly, quarterly or yearly"],
    ),
    (
        "labelling-by-a-team-at-a-rate",
        """\
        teams:
          - {id: bpo, name: BPO, capacity: 2}
        datasets:
          - {id: a, title: A, labelling: {by: bpo, backlog: 100}}
          - {id: b, title: B, labelling: {rate: 50, backlog: 100}}
          - {id: c, title: C, labelling: {by: bpo, rate: 0, backlog: 100}}
          - {id: d, title: D, labelling: {by: bop, rate: 50, backlog: 100}}
          - {id: e, title: E, labelling: {by: a, rate: 50, backlog: 100}}
          - {id: f, title: F, labelling: {by: bpo, rate: 1, backlog: 100000000}}
        """,
        ["7:34: labelling: give by and rate together: rate (examples a full-time person labels a day) is missing",
         "8:34: labelling: give by and rate together: by (the team or person who labels) is missing",
         "9:50: rate: 0 should be greater than 0",
         "10:39: labelling.by: unknown person or team 'bop' (did you mean 'bpo'?)",
         "11:39: labelling.by: 'a' is a dataset, not a person or a team",
         "12:34: labelling: 100,000,000 examples at 1 a day is 100,000,000 person-days of labelling, more than 100 years of work"],
    ),
    (
        # 3mo is quarterly and every 1y yearly; a refresh keeps a cadence's own words; a reference is one of the groups.
        "cadences-by-their-rule-and-references-by-their-groups",
        """\
        items:
          - {id: a, title: A, track: ethics, cadence: 3mo, start: 2026-01-12, duration: 1w, due_each: 30d}
          - {id: b, title: B, track: ethics, cadence: every 1y, start: 2026-01-12, duration: 1w, due_each: 30d}
          - {id: c, title: C, track: ethics, cadence: 2mo, start: 2026-01-12, duration: 1w, due_each: 3d}
        datasets:
          - {id: d, title: D, refresh: 0d}
          - {id: e, title: E, refresh: 200y}
        audits:
          - {id: f, title: F, attributes: {region: [NL, PL]}, intersections: [[region, region]]}
          - {id: g, title: G, groups: [English, German], reference: English}
          - {id: h, title: H, attributes: {region: [NL, PL]}, reference: "  region :  NL "}
        """,
        ["7:95: due_each: a cadence of 2mo follows no calendar period: a deadline per occurrence needs a cadence of monthly, quarterly or yearly",
         "9:32: refresh: '0d' is not a cadence: the interval must be at least 1",
         "10:32: refresh: '200y' is longer than 100 years",
         "12:70: intersections: [region, region] names an attribute twice: an intersection combines different ones"],
    ),
    (
        "valid-roadmap-has-no-problems",
        """\
        items:
          - {id: a, title: A, track: data, start: 2026-03-02, duration: 1w, end: 2026-03-08}
        """,
        [],
    ),
]


@pytest.mark.parametrize(("case", "body", "expected"), CASES, ids=[case[0] for case in CASES])
def test_broken_roadmap_reports_exact_location_and_message(write, case: str, body: str, expected: list[str]) -> None:
    path = write("roadmap.yaml", HEADER + textwrap.dedent(body))
    result = run_cli("validate", str(path))
    problems = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert [p[len(str(path)) + 1 :] for p in problems] == [e.format(file=path) for e in expected]
    assert result.exit_code == (1 if expected else 0)


def test_a_compute_budget_outside_the_period_is_an_error_at_its_quarter(write) -> None:
    path = write("roadmap.yaml", HEADER + "  compute_budget: {2026-Q4: 100, 2027-Q1: 100}\n")
    result = run_cli("validate", str(path))
    assert result.stdout.splitlines()[0] == (f"{path}:4:34: compute budget for 2027-Q1 is outside the roadmap "
                                             "(the roadmap's period is 2026-Q1 to 2026-Q4)")
    assert result.exit_code == 1


@pytest.mark.parametrize(("period", "expected"), [
    ("{start: 2026-Q1, end: 2035-Q4}", []),  # 40 quarters: the most a roadmap plans
    ("{start: 2026-Q1, end: 2036-Q1}", ["3:33: period 2026-Q1 to 2036-Q1 is 41 quarters; a roadmap plans at most 40 (10 years): "
                                        "end it by 2035-Q4, and keep the years after in a roadmap of their own"]),
    ("{start: 2026-Q3, end: 2036-Q3}", ["3:33: period 2026-Q3 to 2036-Q3 is 41 quarters; a roadmap plans at most 40 (10 years): "
                                        "end it by 2036-Q2, and keep the years after in a roadmap of their own"]),
    ("{start: 2026-Q3, end: 2036-Q2}", []),
    ("{start: 2026-Q3, end: 2026-Q1}", ["3:33: period ends (2026-Q1) before it starts (2026-Q3)"]),
    ("{start: 1900-Q1, end: 2999-Q4}", ["3:33: period 1900-Q1 to 2999-Q4 is 4,400 quarters; a roadmap plans at most 40 (10 years): "
                                        "end it by 1909-Q4, and keep the years after in a roadmap of their own"]),
])
def test_a_period_of_centuries_is_refused_with_where_to_end_it(write, period: str, expected: list[str]) -> None:
    """Recurring work recurs to the period's end and the load is counted month by month
    over it: a period spanning centuries made capacity, check and report take many seconds."""
    path = write("roadmap.yaml", HEADER.replace("{start: 2026-Q1, end: 2026-Q4}", period) + "items:\n  - {id: a, title: A, track: data, cadence: weekly, duration: 1d}\n")
    result = run_cli("validate", str(path))
    assert [line[len(str(path)) + 1:] for line in result.stdout.splitlines() if line.startswith(str(path))] == expected
    assert result.exit_code == (1 if expected else 0)
