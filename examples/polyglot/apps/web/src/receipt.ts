import { formatEuros } from "@demo/format";

/** One line of a receipt: the item and its formatted price. */
export function receiptLine(item: string, amount: number): string {
  return `${item}: ${formatEuros(amount)}`;
}
