/**
 * Reading CSV files people upload (the training platform's export, decision 055; today's records,
 * decision 135). RFC 4180: a header row, quoted fields may hold commas, quotes and line breaks; a
 * leading byte-order mark is ignored. Every record keeps the spreadsheet line it starts on, so a
 * report can point at the row to correct.
 */

/** Splits CSV text into records of fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The spreadsheet line number on which each non-blank record starts. */
export function lineNumbers(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let recordStart = 1;
  let blank = true;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i <= input.length; i += 1) {
    const c = input[i];
    if (c === undefined || (!quoted && (c === '\n' || c === '\r'))) {
      if (!blank) starts.push(recordStart);
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      line += 1;
      recordStart = line;
      blank = true;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (c === '\n') line += 1;
    if (c.trim() !== '' && c !== ',') blank = false;
  }
  return starts;
}

/** Whether uploaded text looks like a binary file rather than CSV text (NUL or other control bytes, or bytes that were not text). */
export function looksBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(text);
}

/** One data row: its spreadsheet line and a reader of its columns by (lower-case) name. */
export interface CsvRow {
  line: number;
  /** The trimmed value of a column; '' when the column or the value is missing. */
  get(column: string): string;
}

/**
 * Reads a CSV with a header row: column names are case-insensitive, in any order, other columns
 * ignored, blank rows skipped. Answers the rows, or what is wrong with the whole file.
 */
export function readCsvTable(text: string, required: readonly string[]): { header: string[]; rows: CsvRow[] } | { fileProblem: string } {
  const lines = lineNumbers(text);
  const records = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  if (records.length === 0) return { fileProblem: `The file is empty: it needs a header row (${required.join(', ')}) and a row for each record.` };
  const header = records[0]!.map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) return { fileProblem: `The header row has no ${missing.join(', ')} ${missing.length === 1 ? 'column' : 'columns'}. Expected: ${required.join(', ')}.` };
  const at = new Map(header.map((h, i) => [h, i] as const).reverse());
  const rows = records.slice(1).map((record, index): CsvRow => {
    const line = lines[index + 1] ?? index + 2;
    return {
      line,
      get: (column) => {
        const i = at.get(column);
        return i === undefined ? '' : (record[i] ?? '').trim();
      },
    };
  });
  return { header, rows };
}
