/** The pricing rule itself: deterministic, so both variants give the same answer. */
export function discountPct(customerId: number): number {
  return (customerId % 4) * 5
}
