"""Saves the TorchScript MLP as an MLflow pyfunc model for `mlflow models serve`.

Usage: python mlflow_model.py MODEL_PT OUT_DIR
"""
import pathlib
import sys

import mlflow.pyfunc

code = pathlib.Path(__file__).with_name("mlflow_pyfunc.py")
mlflow.pyfunc.save_model(sys.argv[2], python_model=str(code), artifacts={"model": sys.argv[1]})
