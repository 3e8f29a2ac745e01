// The generated Python codec run by Python: every contract type survives a
// trip through JSON, absent fields take their defaults, ill-typed values are
// refused, and the dispatcher maps each outcome to its status. The text of
// the module is the emitter's business; what it does is checked here.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "service/python_emitter.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

const char* k_dtos = R"(from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemDto:
    sku: str
    qty: int = 1
    price: float = 0.0
    tags: tuple[str, ...] = ()
    note: str | None = None
    ok: bool = True


@dataclass(frozen=True)
class CartDto:
    items: list[ItemDto]
    best: ItemDto | None = None
    sizes: list[list[int]] | None = None
)";

const char* k_port = R"(from __future__ import annotations

from typing import Protocol

from shop_api.dtos import CartDto


class ShopNotFoundError(LookupError):
    pass


class ShopService(Protocol):
    def put(self, cart: CartDto) -> CartDto: ...

    def count(self) -> int: ...
)";

const char* k_check = R"(import json

import contract as k
from shop_api.dtos import CartDto, ItemDto
from shop_api.port import ShopNotFoundError

item = ItemDto(sku="a", qty=2, price=1.5, tags=("x", "y"), note="n", ok=False)
cart = CartDto(items=[item, ItemDto(sku="b")], best=item, sizes=[[1, 2], []])
wire = json.loads(json.dumps(k.encode_cart_dto(cart)))
assert k.decode_cart_dto(wire) == cart, wire
assert k.decode_cart_dto({"items": []}) == CartDto(items=[]), "absent fields take defaults"
assert k.decode_item_dto({"sku": "b"}) == ItemDto(sku="b")
assert k.decode_item_dto({"sku": "a", "price": 2}).price == 2.0, "an int is a number"
assert k.decode_item_dto({"sku": "a", "note": None}).note is None

for bad in [{}, [], {"sku": 1}, {"sku": "a", "qty": True}, {"sku": "a", "qty": "2"},
            {"sku": "a", "qty": 1.5}, {"sku": "a", "tags": "xy"}, {"sku": "a", "ok": 1},
            {"sku": "a", "price": "1"}, {"sku": "a", "tags": [1]}]:
    try:
        k.decode_item_dto(bad)
    except (TypeError, KeyError):
        continue
    raise SystemExit(f"accepted {bad!r}")


class Service:
    def put(self, cart: CartDto) -> CartDto:
        if not cart.items:
            raise ShopNotFoundError("no such cart")
        if cart.best is None:
            raise ValueError("no best item")
        return cart

    def count(self) -> int:
        return 3


def call(method: str, body: object) -> tuple[int, object]:
    status, out = k.dispatch(Service(), method, json.dumps(body).encode())
    return status, json.loads(out)


assert call("put", {"cart": wire}) == (200, {"result": wire})
assert call("count", {}) == (200, {"result": 3})
assert call("nope", {})[0] == 404
assert call("put", {"cart": 1})[0] == 400
assert call("put", {})[0] == 400, "a missing argument"
assert call("put", {"cart": {"items": []}})[0] == 404, "the port's not-found error"
status, body = call("put", {"cart": {"items": [{"sku": "a"}]}})
assert status == 422 and "no best item" in json.dumps(body), body
print("codec ok")
)";

// Runs `command`, returning its exit status and output.
std::pair<int, std::string> run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::array<char, 4096> buf{};
  for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.append(buf.data(), n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(PythonCodec, RoundTripsEveryTypeAndRefusesIllTypedValues) {
  auto c = parse_python_contract("shop", k_dtos, "dtos.py", k_port, "port.py");
  ASSERT_TRUE(c.ok()) << c.error().str();
  testutil::TempDir dir("strata-codec");
  dir.write("shop_api/__init__.py", "");
  dir.write("shop_api/dtos.py", k_dtos);
  dir.write("shop_api/port.py", k_port);
  dir.write("contract.py", py_contract_module(*c));
  dir.write("check.py", k_check);
  auto [status, out] =
      run("cd '" + dir.root().string() + "' && PYTHONDONTWRITEBYTECODE=1 python3 check.py");
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("codec ok"), std::string::npos) << out;
}

}  // namespace
}  // namespace strata::service
