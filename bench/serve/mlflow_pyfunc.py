"""The MLflow peer's model code (MLflow's models-from-code): the TorchScript MLP."""
import mlflow.pyfunc
import numpy as np
from mlflow.models import set_model


class TorchScriptMlp(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        import torch

        torch.set_num_threads(1)
        self.model = torch.jit.load(context.artifacts["model"]).eval()

    def predict(self, context, model_input, params=None):
        import torch

        x = torch.from_numpy(np.asarray(model_input, dtype=np.float32))
        with torch.inference_mode():
            return self.model(x).numpy()


set_model(TorchScriptMlp())
