"""Run by MLflow's own python (tests/mlflow_server.py): log runs and register models as a
training pipeline does, with MLflow's client.

argv: the tracking URI, then a JSON spec:
  {"runs": {NAME: [[key, value, step, timestamp_ms], ...]},
   "versions": [[MODEL, RUN_NAME], ...],      # one new version each, in order
   "aliases": [[MODEL, ALIAS, VERSION], ...]}
Prints {"runs": {NAME: RUN_ID}, "versions": [VERSION, ...]} as its last line.
"""

import json
import sys

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric

uri, spec = sys.argv[1], json.loads(sys.argv[2])
mlflow.set_tracking_uri(uri)
client = MlflowClient(uri)
experiment = client.get_experiment_by_name("roadmap-tests") or client.get_experiment(client.create_experiment("roadmap-tests"))
runs = {}
for name, points in spec.get("runs", {}).items():
    run = client.create_run(experiment.experiment_id, run_name=name)
    client.log_batch(run.info.run_id, metrics=[Metric(key, value, timestamp, step) for key, value, step, timestamp in points])
    client.set_terminated(run.info.run_id)
    runs[name] = run.info.run_id
versions = []
for model, run_name in spec.get("versions", []):
    try:
        client.create_registered_model(model)
    except mlflow.exceptions.MlflowException:
        pass  # registered already
    run_id = spec.get("known", {}).get(run_name) or runs[run_name]
    versions.append(client.create_model_version(model, f"runs:/{run_id}/model", run_id=run_id).version)
for model, alias, version in spec.get("aliases", []):
    client.set_registered_model_alias(model, alias, str(version))
print(json.dumps({"runs": runs, "versions": versions}))
