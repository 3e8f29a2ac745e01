#pragma once
// Helpers shared by the emitters' shape tests: contracts that use every
// field type (scalars, optional, list, tuple, nested and empty DTOs), methods
// with no, one and several parameters and every kind of result, names that
// need case conversion; a substring count and a check that Python parses a
// module. Test-only; nothing outside *_test.cc includes this.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <regex>
#include <string>
#include <utility>

#include "service/contract.h"
#include "service/cpp_contract.h"
#include "service/typescript_contract.h"
#include "util/temp_dir.h"

namespace strata::service_test {

// The api layer of `order_items`: dtos.py, then port.py.
inline const char* k_py_shapes_dtos = R"(from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemDto:
    sku: str
    quantity: int = 1
    price: float = 0.0
    gift: bool = False
    note: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineItemDto:
    line_id: str
    item: ItemDto
    extras: list[ItemDto]
    replacement: ItemDto | None = None


@dataclass(frozen=True)
class EmptyDto:
    pass
)";

inline const char* k_py_shapes_port = R"(from __future__ import annotations

from typing import Protocol

from order_items_api.dtos import EmptyDto, ItemDto, LineItemDto


class OrderItemsNotFoundError(LookupError):
    pass


class OrderItemsService(Protocol):
    def count_all(self) -> int: ...

    def add_line(self, order_id: str, line: LineItemDto, quantity: int, urgent: bool) -> str: ...

    def find_line(self, line_id: str) -> LineItemDto | None: ...

    def list_lines(self) -> list[LineItemDto]: ...

    def clear(self) -> None: ...

    def ping(self, probe: EmptyDto) -> EmptyDto: ...
)";

inline service::Contract py_shapes_contract(const std::string& dtos = k_py_shapes_dtos,
                                            const std::string& port = k_py_shapes_port) {
  auto c = service::parse_python_contract("order_items", dtos, "contexts/order_items/api/dtos.py",
                                          port, "contexts/order_items/api/port.py");
  EXPECT_TRUE(c.ok()) << c.error().str();
  return c.ok() ? *c : service::Contract{};
}

// A TypeScript api layer of `order_lines` with every type its codec carries.
inline const char* k_ts_shapes_dto = R"(export interface ItemDto {
  readonly sku: string;
  readonly quantity: number;
  readonly gift: boolean;
  readonly status: "open" | "closed";
  readonly note?: string;
  readonly tags: readonly string[];
}

export interface LineDto {
  readonly id: string;
  readonly item: ItemDto;
  readonly extras: Array<ItemDto>;
  readonly replacement: ItemDto | null;
}

export interface ErrorDto {
  readonly code: string;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorDto };
)";

inline const char* k_ts_shapes_port = R"(import type { ItemDto, LineDto, Result } from "./dto.js";

export interface OrderLinesService {
  countAll(): Promise<number>;
  addLine(orderId: string, line: LineDto, quantity: number, urgent: boolean): Promise<Result<string>>;
  findLine(lineId: string): Promise<Result<LineDto>>;
  maybeLine(lineId: string, note?: string): Promise<LineDto | null>;
  listLines(): Promise<readonly LineDto[]>;
  clear(): Promise<void>;
}
)";

inline service::Contract ts_shapes_contract(const std::string& dto = k_ts_shapes_dto,
                                            const std::string& port = k_ts_shapes_port) {
  auto c = service::parse_typescript_contract("order_lines", dto, "dto.ts", port,
                                              "order-lines-service.ts");
  EXPECT_TRUE(c.ok()) << c.error().str();
  return c.ok() ? *c : service::Contract{};
}

// A C++ api layer of `order_items` with every type its codec carries.
inline const char* k_cpp_shapes_dto = R"(namespace order_items::api {
struct ItemDto {
  std::string sku;
  int quantity = 1;
  double price = 0.0;
  bool gift = false;
  std::optional<std::string> note;
  std::vector<std::string> tags;
};
struct LineItemDto {
  std::string line_id;
  ItemDto item;
  std::vector<ItemDto> extras;
  std::optional<ItemDto> replacement;
};
struct EmptyDto {};
enum class ErrorCode { k_invalid, k_not_found, k_unavailable };
struct ErrorDto {
  ErrorCode code;
  std::string message;
};
}
)";

inline const char* k_cpp_shapes_port = R"(class OrderItemsService {
 public:
  virtual ~OrderItemsService() = default;
  virtual Result<long long> count_all() = 0;
  virtual Result<std::string> add_line(const std::string& order_id, const LineItemDto& line,
                                       int quantity, bool urgent) = 0;
  virtual Result<std::optional<LineItemDto>> find_line(const std::string& line_id) = 0;
  virtual Result<std::vector<LineItemDto>> list_lines() = 0;
  virtual Status clear() = 0;
};
)";

inline service::Contract cpp_shapes_contract(const std::string& dto = k_cpp_shapes_dto,
                                             const std::string& port = k_cpp_shapes_port) {
  std::string base = "contexts/order_items/api/src/order_items/api/";
  auto c = service::parse_cpp_contract("order_items", dto, base + "dto.h", port,
                                       base + "order_items_service.h");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? *c : service::Contract{};
}

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Whether an emitted text still holds a template placeholder (@NAME@) that
// the emitter should have filled.
inline bool has_open_placeholder(const std::string& text) {
  static const std::regex k_hole("@[A-Z][A-Z_]*@");
  return std::regex_search(text, k_hole);
}

inline int count_of(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Runs `command` in a shell, returning its exit status and output.
inline std::pair<int, std::string> run_command(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::array<char, 4096> buf{};
  for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.append(buf.data(), n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// "" when Python's own parser accepts `module`, else what it said.
inline std::string python_syntax_error(const std::string& module) {
  testutil::TempDir dir("strata-pyparse");
  dir.write("module.py", module);
  auto [status, out] = run_command(
      "python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' '" +
      dir.path("module.py").string() + "'");
  return status == 0 ? "" : out.empty() ? "python3 failed" : out;
}

}  // namespace strata::service_test
