import { test } from "node:test";
import { strictEqual } from "node:assert";
import { receiptLine } from "./receipt";

test("receipt line shows the item and price", () => {
  strictEqual(receiptLine("floor", 100), "floor: €100.00");
});
