/** Formats an amount in euros with two decimals. */
export function formatEuros(amount: number): string {
  return `€${amount.toFixed(2)}`;
}
