"""Trains tiny models of each serve backend and writes a model repository.

Usage: make_models.py REPO. Writes REPO/NAME/VERSION/ (strata-model.json
plus the model's file) for:
  mlp      TorchScript MLP (versions 1 and 2, different weights)
  boost    XGBoost regressor saved as XGBoost JSON (version 1)
  pipeline scikit-learn pipeline behind a python predict function (version 1)
and REPO/expected.json: fixed inputs and each framework's own predictions,
which the test compares with the server's answers.
"""
import json
import pathlib
import pickle
import sys

import numpy as np

REPO = pathlib.Path(sys.argv[1])
RNG = np.random.default_rng(7)
X = RNG.normal(size=(64, 4)).astype(np.float32)
Y_CLASS = (X[:, 0] + X[:, 1] > 0).astype(np.int64) + (X[:, 2] > 1).astype(np.int64)
Y_REG = (2 * X[:, 0] - X[:, 1] + 0.5 * X[:, 2] * X[:, 3]).astype(np.float32)
QUERY = X[:5]
expected = {"query": QUERY.tolist()}


def manifest(name, version, backend, file, inputs, outputs, **extra):
    d = REPO / name / version
    d.mkdir(parents=True, exist_ok=True)
    m = {"format_version": 1, "name": name, "version": version, "backend": backend, "file": file,
         "inputs": inputs, "outputs": outputs, **extra}
    (d / "strata-model.json").write_text(json.dumps(m, indent=2))
    return d


def torch_mlp(version, seed):
    import torch

    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
    d = manifest("mlp", version, "torchscript", "model.pt",
                 [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}],
                 [{"name": "output", "datatype": "FP32", "shape": [-1, 3]}])
    traced = torch.jit.trace(net, torch.from_numpy(QUERY))
    traced.save(str(d / "model.pt"))
    with torch.no_grad():
        expected[f"mlp:{version}"] = net(torch.from_numpy(QUERY)).numpy().tolist()


def xgboost_model():
    import xgboost

    model = xgboost.XGBRegressor(n_estimators=12, max_depth=3, learning_rate=0.3, random_state=0)
    model.fit(X, Y_REG)
    d = manifest("boost", "1", "xgboost", "model.xgb.json",
                 [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}],
                 [{"name": "prediction", "datatype": "FP32", "shape": [-1]}])
    model.get_booster().save_model(str(d / "model.xgb.json"))
    expected["boost:1"] = model.predict(QUERY).tolist()
    expected["xgboost_version"] = xgboost.__version__


PREDICT = '''"""The python backend's entry: a scikit-learn pipeline's class probabilities."""
import pathlib
import pickle

import numpy as np

with open(pathlib.Path(__file__).with_name("pipeline.pkl"), "rb") as f:
    PIPELINE = pickle.load(f)


def predict(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    x = inputs["input"]
    if x.shape[0] and x[0, 0] == -999:  # the test's way to crash a worker
        import os
        os._exit(3)
    return {"probabilities": PIPELINE.predict_proba(x)}
'''


def sklearn_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X.astype(np.float64), Y_CLASS)
    d = manifest("pipeline", "1", "python", "predict.py",
                 [{"name": "input", "datatype": "FP64", "shape": [-1, 4]}],
                 [{"name": "probabilities", "datatype": "FP64", "shape": [-1, 3]}],
                 python={"function": "predict"})
    (d / "pipeline.pkl").write_bytes(pickle.dumps(pipe))
    (d / "predict.py").write_text(PREDICT)
    expected["pipeline:1"] = pipe.predict_proba(QUERY.astype(np.float64)).tolist()


torch_mlp("1", 1)
torch_mlp("2", 2)
xgboost_model()
sklearn_pipeline()
(REPO / "expected.json").write_text(json.dumps(expected))
print(f"make_models: wrote mlp (1, 2), boost, pipeline into {REPO}")
