#include "gen/placeholders.h"

#include <gtest/gtest.h>

namespace strata::gen {
namespace {

Placeholders values() {
  return Placeholders::for_names(name_forms("invoice_line"), name_forms("order_history"),
                                 "acme-shop");
}

TEST(Placeholders, ExpandsEveryNameSpelling) {
  EXPECT_EQ(values().expand_text("{{name}} {{Name}} {{name-kebab}} {{NAME}} {{nameCamel}}"),
            "invoice_line InvoiceLine invoice-line INVOICE_LINE invoiceLine");
  EXPECT_EQ(
      values().expand_text("{{context}} {{Context}} {{context-kebab}} {{CONTEXT}} {{workspace}}"),
      "order_history OrderHistory order-history ORDER_HISTORY acme-shop");
}

TEST(Placeholders, LeavesUnknownBracesAlone) {
  EXPECT_EQ(values().expand_text("${{ github.ref }} {{strata}} {{ name }} {{"),
            "${{ github.ref }} {{strata}} {{ name }} {{");
  EXPECT_EQ(values().expand_text("f\"{{{name}}_id}\""), "f\"{invoice_line_id}\"");
  EXPECT_EQ(values().expand_text("{{Name}}Id {{name}}s"), "InvoiceLineId invoice_lines");
}

TEST(Placeholders, ExpandsPathsAndDropsTmpl) {
  EXPECT_EQ(values().expand_path("src/__context___domain/__name__.py.tmpl"),
            "src/order_history_domain/invoice_line.py");
  EXPECT_EQ(values().expand_path("tests/test___name__.py.tmpl"), "tests/test_invoice_line.py");
  EXPECT_EQ(values().expand_path("pkg/__init__.py.tmpl"), "pkg/__init__.py");
  EXPECT_EQ(values().expand_path("__Name__/__name-kebab__.ts.tmpl"), "InvoiceLine/invoice-line.ts");
  EXPECT_EQ(values().expand_path("plain.txt"), "plain.txt");
}

TEST(Placeholders, ExtraValuesAreExpandedToo) {
  Placeholders p = values();
  p.set("owner", "team-a");
  EXPECT_EQ(p.expand_text("owned by {{owner}}"), "owned by team-a");
}

}  // namespace
}  // namespace strata::gen
