/**
 * Formats VND the way Vietnamese readers expect: "300 triệu đồng", "1,5 tỷ đồng",
 * "12.500.000 đồng" when the amount is not round.
 */
export function formatVnd(amount: number): string {
  const billion = 1_000_000_000;
  const million = 1_000_000;
  if (amount >= billion && amount % (billion / 100) === 0) {
    return `${trimDecimal(amount / billion)} tỷ đồng`;
  }
  if (amount >= million && amount % (million / 10) === 0) {
    return `${trimDecimal(amount / million)} triệu đồng`;
  }
  return `${groupThousands(amount)} đồng`;
}

/** "12500000" → "12.500.000" (Vietnamese thousands separator). */
export function groupThousands(amount: number): string {
  return Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function trimDecimal(value: number): string {
  return (Math.round(value * 100) / 100).toString().replace(".", ",");
}
