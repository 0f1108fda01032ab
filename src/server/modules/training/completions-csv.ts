import { isIsoDate, type IsoDate } from '../../../domain/iso-date.js';
import { lineNumbers, parseCsv } from '../../csv-read.js';
import { isTrainingModuleCode, type ProgressStatus, TRAINING_MODULES, type TrainingModuleCode } from '../../../domain/training/pathway.js';

/**
 * The online training platform's CSV export, read into rows (docs/examples/training-completions.csv;
 * the columns are documented in docs/decisions/055-training-platform-csv-import.md).
 * Columns, in any order, with a header row: email, name, module, status, date. Anything else is
 * ignored. A row that cannot be read is kept with its reason, so the dry run lists every one.
 */

export interface CompletionRow {
  /** The line of the file, counting the header as line 1, as a spreadsheet shows it. */
  line: number;
  email: string;
  name: string;
  module: TrainingModuleCode;
  status: ProgressStatus;
  date: IsoDate;
}

export interface RejectedRow {
  line: number;
  email: string;
  reason: string;
}

const REQUIRED = ['email', 'name', 'module', 'status', 'date'] as const;

const STATUSES: Record<string, ProgressStatus> = {
  enrolled: 'enrolled',
  'in progress': 'in_progress',
  in_progress: 'in_progress',
  started: 'in_progress',
  completed: 'completed',
  complete: 'completed',
  withdrawn: 'withdrawn',
};

/** The CSV reader is shared (src/server/csv-read.ts); exported here too for the existing callers. */
export { parseCsv };

const MODULE_NAMES = new Map<string, TrainingModuleCode>(TRAINING_MODULES.flatMap((m) => [[m.name.toLowerCase(), m.code], [m.code, m.code]] as [string, TrainingModuleCode][]));

/** 2026-11-01 or 01/11/2026 (the UK order the platform writes). */
function readDate(value: string): IsoDate | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value;
  return isIsoDate(iso) ? iso : null;
}

/** Reads the export: the rows it can use and every row it cannot, with why; or a problem with the whole file. */
export function readCompletions(text: string): { rows: CompletionRow[]; rejected: RejectedRow[] } | { fileProblem: string } {
  const records = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  if (records.length === 0) return { fileProblem: 'The file is empty: it needs a header row (email, name, module, status, date) and a row for each person and module.' };
  const header = records[0]!.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { fileProblem: `The header row has no ${missing.join(', ')} column. Expected: email, name, module, status, date.` };
  const at = Object.fromEntries(REQUIRED.map((c) => [c, header.indexOf(c)])) as Record<(typeof REQUIRED)[number], number>;
  const rows: CompletionRow[] = [];
  const rejected: RejectedRow[] = [];
  // Lines are counted in the raw text so a message points at the spreadsheet's row number.
  const lines = lineNumbers(text);
  records.slice(1).forEach((record, index) => {
    const line = lines[index + 1] ?? index + 2;
    const value = (c: keyof typeof at) => (record[at[c]] ?? '').trim();
    const email = value('email').toLowerCase();
    const problems: string[] = [];
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push('the email address is missing or not in the right form');
    const moduleText = value('module').toLowerCase();
    const module = MODULE_NAMES.get(moduleText) ?? (isTrainingModuleCode(moduleText) ? moduleText : undefined);
    if (!module) problems.push(`"${value('module')}" is not a module of the pathway (${TRAINING_MODULES.map((m) => m.name).join(', ')})`);
    const status = STATUSES[value('status').toLowerCase()];
    if (!status) problems.push(`"${value('status')}" is not a status: use enrolled, in progress, completed or withdrawn`);
    const date = readDate(value('date'));
    if (!date) problems.push(`"${value('date')}" is not a date: use 2026-11-01 or 01/11/2026`);
    if (problems.length) {
      rejected.push({ line, email, reason: `${capitalise(problems.join('; '))}.` });
      return;
    }
    rows.push({ line, email, name: value('name'), module: module!, status: status!, date: date! });
  });
  return { rows, rejected };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
