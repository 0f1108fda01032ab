import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCompletions } from './completions-csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\nd,e,f,g')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['d', 'e', 'f', 'g'],
    ]);
  });
});

describe('readCompletions (the training platform export)', () => {
  it('reads the example file in docs/examples, every row usable', () => {
    const result = readCompletions(readFileSync(new URL('../../../../docs/examples/training-completions.csv', import.meta.url), 'utf8'));
    expect('rows' in result && result.rejected).toEqual([]);
    expect('rows' in result && result.rows.map((r) => [r.module, r.status])).toContainEqual(['smart-facilitator', 'completed']);
  });

  it('takes columns in any order, module names or codes, UK dates, and numbers rows as a spreadsheet does', () => {
    const result = readCompletions('\uFEFFStatus,Date,Module,Email,Name\n\nIn progress,01/11/2026,Getting SMART,A.Person@Example.org,"Person, A"\ncompleted,2026-11-02,veterans-module,a.person@example.org,A Person\n');
    expect(result).toEqual({
      rejected: [],
      rows: [
        { line: 3, email: 'a.person@example.org', name: 'Person, A', module: 'getting-smart', status: 'in_progress', date: '2026-11-01' },
        { line: 4, email: 'a.person@example.org', name: 'A Person', module: 'veterans-module', status: 'completed', date: '2026-11-02' },
      ],
    });
  });

  it('keeps every unreadable row with all its reasons', () => {
    const result = readCompletions('email,name,module,status,date\nnot-an-email,X,Juggling,passed,2026-13-01');
    expect(result).toEqual({
      rows: [],
      rejected: [
        {
          line: 2,
          email: 'not-an-email',
          reason: expect.stringMatching(/^The email address is missing or not in the right form; "Juggling" is not a module .*; "passed" is not a status: .*; "2026-13-01" is not a date: .*\.$/),
        },
      ],
    });
  });

  it('refuses an empty file and a header without the needed columns', () => {
    expect(readCompletions('\n')).toEqual({ fileProblem: expect.stringContaining('The file is empty') });
    expect(readCompletions('email,module\n')).toEqual({ fileProblem: 'The header row has no name, status, date column. Expected: email, name, module, status, date.' });
  });
});
