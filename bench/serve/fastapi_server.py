"""The FastAPI peer: the same TorchScript model behind KServe v2 JSON infer.

Usage: uvicorn-run by run.sh: python fastapi_server.py MODEL_PT PORT
"""
import sys

import numpy as np
import torch
import uvicorn
from fastapi import FastAPI, Request

torch.set_num_threads(1)
MODEL = torch.jit.load(sys.argv[1]).eval()
app = FastAPI()


@app.post("/v2/models/mlp/infer")
async def infer(request: Request) -> dict:
    body = await request.json()
    inp = body["inputs"][0]
    x = torch.from_numpy(np.asarray(inp["data"], dtype=np.float32).reshape(inp["shape"]))
    with torch.inference_mode():
        y = MODEL(x).numpy()
    return {"model_name": "mlp", "outputs": [
        {"name": "output", "datatype": "FP32", "shape": list(y.shape), "data": y.reshape(-1).tolist()}]}


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
