import { test } from "node:test";
import { strictEqual } from "node:assert";
import { formatEuros } from "./index";

test("formats two decimals", () => {
  strictEqual(formatEuros(3), "€3.00");
});
