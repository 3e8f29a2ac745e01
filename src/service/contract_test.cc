#include "service/contract.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

using K = TypeRef::Kind;

const char* k_dtos = R"(
"""Data transfer objects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpenRequest:
    name: str
    currency: str = "EUR"  # three letters


@dataclass(frozen=True)
class LineDto:
    """One line."""

    sku: str
    cents: int


@dataclass(frozen=True)
class OrderDto:
    id: str
    items: tuple[LineDto, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
        }
)";

const char* k_port = R"(
from typing import Protocol


class OrderNotFoundError(LookupError):
    def __init__(self, aggregate_id: object) -> None:
        super().__init__(f"no order with id {aggregate_id}")


class OrderService(Protocol):
    """Use cases."""

    def open(self, request: OpenRequest) -> str:
        """Opens one.
        Returns its id."""
        ...

    def rename(
        self,
        order_id: str,
        name: str,
    ) -> None: ...

    def list_all(self) -> list[OrderDto]: ...

    def _private(self) -> None: ...
)";

Contract parse() {
  auto c = parse_python_contract("order", k_dtos, "dtos.py", k_port, "port.py");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().str());
  return c.ok() ? *c : Contract{};
}

TEST(Contract, ReadsTheDataclassesWithTheirFieldsAndDefaults) {
  Contract c = parse();
  ASSERT_EQ(c.dtos.size(), 3u);
  EXPECT_EQ(c.dtos[0].name, "OpenRequest");
  ASSERT_EQ(c.dtos[0].fields.size(), 2u);
  EXPECT_EQ(c.dtos[0].fields[1].default_text, "\"EUR\"");
  const Dto& order = c.dtos[2];
  ASSERT_EQ(order.fields.size(), 3u) << "the to_dict method is not a field";
  EXPECT_EQ(order.fields[1].type.kind, K::k_tuple);
  EXPECT_EQ(order.fields[1].type.args[0].kind, K::k_dto);
  EXPECT_EQ(order.fields[2].type.kind, K::k_optional);
}

TEST(Contract, ReadsThePortsPublicMethodsEvenSplitOverLines) {
  Contract c = parse();
  EXPECT_EQ(c.port, "OrderService");
  EXPECT_EQ(c.not_found, "OrderNotFoundError");
  ASSERT_EQ(c.methods.size(), 3u);
  EXPECT_EQ(c.methods[0].name, "open");
  EXPECT_EQ(c.methods[0].returns.kind, K::k_str);
  EXPECT_EQ(c.methods[1].name, "rename");
  ASSERT_EQ(c.methods[1].params.size(), 2u);
  EXPECT_EQ(c.methods[1].params[1].name, "name");
  EXPECT_EQ(c.methods[1].returns.kind, K::k_none);
  EXPECT_EQ(c.methods[2].returns.kind, K::k_list);
}

TEST(Contract, ParsesTypeExpressions) {
  std::vector<std::string> dtos = {"A"};
  EXPECT_EQ(parse_python_type("Optional[A]", dtos).kind, K::k_optional);
  EXPECT_EQ(parse_python_type("None | int", dtos).args[0].kind, K::k_int);
  EXPECT_EQ(parse_python_type("list[ tuple[A, ...] ]", dtos).args[0].kind, K::k_tuple);
  EXPECT_EQ(parse_python_type("'A'", dtos).kind, K::k_dto);
  EXPECT_EQ(parse_python_type("int | str", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_python_type("dict[str, int]", dtos).kind, K::k_unknown);
}

TEST(Contract, NamesTypesTheWireCannotCarry) {
  std::string port =
      std::string(k_port) + "\n    def hook(self, f: Callable[[], int]) -> set[str]: ...\n";
  auto c = parse_python_contract("order", k_dtos, "dtos.py", port, "port.py");
  ASSERT_TRUE(c.ok());
  auto bad = unserialisable_types(*c);
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].where, "OrderService.hook: parameter f");
  EXPECT_EQ(bad[0].type, "Callable[[],int]");
  EXPECT_EQ(bad[1].where, "OrderService.hook: result");
  EXPECT_EQ(bad[0].file, "port.py");
}

TEST(Contract, APortWithoutAProtocolClassIsAnError) {
  auto c = parse_python_contract("order", k_dtos, "dtos.py", "class OrderService:\n    pass\n",
                                 "port.py");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("no Protocol class"), std::string::npos);
}

TEST(Contract, TheFingerprintFollowsTheContractNotItsLayout) {
  Contract a = parse();
  std::string spaced = std::string(k_dtos) + "\n\n# a comment\n";
  auto b = parse_python_contract("order", spaced, "dtos.py", k_port, "port.py");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(contract_fingerprint(a), contract_fingerprint(*b));
  b->methods.pop_back();
  EXPECT_NE(contract_fingerprint(a), contract_fingerprint(*b));
}

}  // namespace
}  // namespace strata::service
