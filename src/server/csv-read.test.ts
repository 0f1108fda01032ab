import { describe, expect, it } from 'vitest';
import { looksBinary, readCsvTable } from './csv-read.js';

describe('readCsvTable', () => {
  it('reads columns by name in any order and case, keeping each row’s spreadsheet line', () => {
    const text = '\uFEFFName,LEGACY_ID,extra\r\n"Example, Trust",ORG-1,x\r\n\r\n"Two\nlines",ORG-2,y\r\nLast,ORG-3\r\n';
    const table = readCsvTable(text, ['legacy_id', 'name']);
    if ('fileProblem' in table) throw new Error(table.fileProblem);
    expect(table.rows.map((r) => [r.line, r.get('legacy_id'), r.get('name'), r.get('missing')])).toEqual([
      [2, 'ORG-1', 'Example, Trust', ''],
      [4, 'ORG-2', 'Two\nlines', ''],
      [6, 'ORG-3', 'Last', ''],
    ]);
  });

  it('names the missing columns, and an empty file', () => {
    expect(readCsvTable('name\nx\n', ['legacy_id', 'name', 'postcode'])).toEqual({ fileProblem: 'The header row has no legacy_id, postcode columns. Expected: legacy_id, name, postcode.' });
    expect(readCsvTable(' \n', ['name'])).toEqual({ fileProblem: 'The file is empty: it needs a header row (name) and a row for each record.' });
  });
});

describe('looksBinary', () => {
  it('tells CSV text from a binary file read as text', () => {
    expect(looksBinary('a,b\r\n"c\td",é\n')).toBe(false);
    expect(looksBinary('PK\u0003\u0004')).toBe(true);
    expect(looksBinary('%PDF-1.7 \uFFFD\uFFFD')).toBe(true);
  });
});
