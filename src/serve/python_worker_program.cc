// The program each Python worker runs (`python -c`), kept in the binary so
// a worker needs nothing installed but the model's own packages and numpy.
// Its framing is docs/formats/python-worker.md; it must match
// python_worker.cc's.

#include "serve/python_worker.h"

namespace strata::serve {

const char* const k_python_worker_program = R"PY(
import importlib.util, json, os, struct, sys
import numpy as np

MAGIC, VERSION = b"STPW", 1
HEAD = struct.Struct("<4sHHQQ")
REQUEST, RESPONSE, READY, ERROR = 1, 2, 3, 4
DTYPES = {"BOOL": "?", "UINT8": "<u1", "INT8": "<i1", "INT16": "<i2", "INT32": "<i4",
          "INT64": "<i8", "FP32": "<f4", "FP64": "<f8"}


def read_exact(stream, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def send(out, kind, head, data=b""):
    text = json.dumps(head).encode()
    out.write(HEAD.pack(MAGIC, VERSION, kind, len(text), len(data)))
    out.write(text)
    out.write(data)
    out.flush()


def decode(head, data):
    arrays, at = {}, 0
    for t in head["inputs"]:
        raw = data[at:at + t["size"]]
        at += t["size"]
        if t["datatype"] == "BYTES":
            items, i = [], 0
            while i < len(raw):
                (n,) = struct.unpack_from("<I", raw, i)
                items.append(raw[i + 4:i + 4 + n])
                i += 4 + n
            arrays[t["name"]] = np.array(items, dtype=object).reshape(t["shape"])
        else:
            arrays[t["name"]] = np.frombuffer(raw, dtype=DTYPES[t["datatype"]]).reshape(t["shape"])
    return arrays


def encode(outputs, specs):
    heads, chunks = [], []
    for spec in specs:
        name = spec["name"]
        if name not in outputs:
            raise KeyError(f"the function returned no output '{name}'")
        arr = np.asarray(outputs[name])
        if spec["datatype"] == "BYTES":
            items = [x if isinstance(x, bytes) else str(x).encode() for x in arr.reshape(-1)]
            raw = b"".join(struct.pack("<I", len(x)) + x for x in items)
        else:
            raw = np.ascontiguousarray(arr, dtype=DTYPES[spec["datatype"]]).tobytes()
        heads.append({"name": name, "datatype": spec["datatype"], "shape": list(arr.shape), "size": len(raw)})
        chunks.append(raw)
    return heads, b"".join(chunks)


def main():
    path, function, specs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a print() in the model must not corrupt the frames
    try:
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
        spec = importlib.util.spec_from_file_location("strata_served_model", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        predict = getattr(module, function)
    except BaseException as e:
        send(out, ERROR, {"error": f"cannot load {path}: {type(e).__name__}: {e}"})
        return 1
    send(out, READY, {"protocol": VERSION, "pid": os.getpid()})
    while True:
        header = read_exact(inp, HEAD.size)
        if header is None:
            return 0
        magic, version, kind, head_size, data_size = HEAD.unpack(header)
        if magic != MAGIC or version != VERSION or kind != REQUEST:
            send(out, ERROR, {"error": "unexpected frame"})
            return 1
        head = json.loads(read_exact(inp, head_size))
        data = read_exact(inp, data_size) if data_size else b""
        try:
            heads, raw = encode(predict(decode(head, data)), specs)
            send(out, RESPONSE, {"outputs": heads}, raw)
        except Exception as e:
            send(out, ERROR, {"error": f"{type(e).__name__}: {e}"})


sys.exit(main())
)PY";

}  // namespace strata::serve
