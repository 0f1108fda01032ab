/**
 * Amounts typed in pounds, as Central Office writes them ('1,500', '£1,500.00', '410.5'), to whole
 * pence; null when the text is not an amount of money. No floating point: the pounds and pence are
 * read as separate whole numbers.
 */
export function poundsToPence(text: string): number | null {
  const match = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const pounds = Number(match[1]!.replace(/,/g, ''));
  const pence = Number((match[2] ?? '0').padEnd(2, '0'));
  const total = pounds * 100 + pence;
  return Number.isSafeInteger(total) ? total : null;
}

/** Pence as pounds for a form field: 150000 → '1500.00'. */
export function penceToPounds(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}
