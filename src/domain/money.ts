// Money is an integer number of pence everywhere (style guide), so formatting never sees a
// fraction of a penny and never has to round.
const POUNDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0, useGrouping: true });

/** Shows an amount of pence as pounds the UK way: 111000 → "£1,110.00", -500 → "-£5.00". */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) {
    throw new RangeError(`formatPence expects a whole number of pence, got ${pence}`);
  }
  // A plain hyphen-minus, as Intl's en-GB currency format writes it, so the text survives CSV
  // exports and search; -0 shows as £0.00.
  const sign = pence < 0 ? '-' : '';
  const magnitude = Math.abs(pence);
  const pounds = Math.floor(magnitude / 100);
  const remainder = magnitude % 100;
  return `${sign}£${POUNDS.format(pounds)}.${String(remainder).padStart(2, '0')}`;
}
