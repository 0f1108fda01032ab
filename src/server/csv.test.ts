import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends, quoting commas and quotes', () => {
    expect(toCsv(['Name', 'Total'], [['Riverside, Preston', 700], ['The "Hub"', null]])).toBe('Name,Total\r\n"Riverside, Preston",700\r\n"The ""Hub""",\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const csv = toCsv(['Name'], [['=HYPERLINK("http://x","y")'], ['+1'], ['-2+3'], ['@SUM(A1)'], ['\tTab']]);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([`"'=HYPERLINK(""http://x"",""y"")"`, `"'+1"`, `"'-2+3"`, `"'@SUM(A1)"`, `"'\tTab"`]);
  });

  it('leaves negative numbers as numbers', () => {
    expect(toCsv(['n'], [[-5]])).toBe('n\r\n-5\r\n');
  });
});
