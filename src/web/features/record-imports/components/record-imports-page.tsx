import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import {
  RECORD_IMPORT_KIND_NAMES,
  RECORD_IMPORT_KINDS,
  RECORD_IMPORT_MAX_CHARS,
  type RecordImportGuide,
  type RecordImportKind,
  type RecordImportReport,
  type RecordImportRun,
} from '../../../../shared/schemas/record-imports.js';
import { api, ApiError } from '../../../app/api.js';
import { CsvFields } from '../../../components/ui/csv-fields.js';
import { ErrorSummary, Field, SelectField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { useApi } from '../../../app/use-api.js';
import { Table } from '../../../components/ui/table.js';

const OUTCOMES: Record<RecordImportReport['accepted'][number]['outcome'], [string, string]> = {
  created: ['Would be created', 'Created'],
  updated: ['Would be updated', 'Updated'],
  unchanged: ['Already on Partner Hub', 'Already on Partner Hub'],
};

const POLL_MS = 400;
const number = (n: number) => n.toLocaleString('en-GB');

/** Bytes that mean the file is not CSV text (a spreadsheet's own format, a PDF, an image). */
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/;

/**
 * Bringing in today's records (decisions 135–139): Central Office chooses the kind of file, chooses
 * or pastes it, checks it (a dry run listing every row that would be refused and why), then imports
 * it. Both run as a job on the server; the page polls it and shows how far it has got.
 */
export function RecordImportsPage() {
  const [kind, setKind] = useState<RecordImportKind>('organisations');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [run, setRun] = useState<RecordImportRun | null>(null);
  const [checked, setChecked] = useState<{ kind: RecordImportKind; csv: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  function reset() {
    setRun(null);
    setChecked(null);
    setError(null);
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    reset();
    if (!file) return;
    if (file.size > RECORD_IMPORT_MAX_CHARS) {
      setError(`${file.name} is larger than 2 MB: split it into smaller files and import each.`);
      return;
    }
    const text = await file.text();
    if (BINARY.test(text)) {
      setError(`${file.name} is not a CSV text file. Save the spreadsheet as CSV (comma separated values) and choose that file.`);
      return;
    }
    setFileName(file.name);
    setCsv(text);
  }

  async function follow(started: RecordImportRun): Promise<RecordImportRun> {
    let current = started;
    setRun(current);
    while (current.status === 'running' && alive.current) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      current = await api<RecordImportRun>(`/record-imports/runs/${encodeURIComponent(current.id)}`);
      setRun(current);
    }
    return current;
  }

  async function send(dryRun: boolean) {
    setError(null);
    if (!csv.trim()) {
      setError('Choose the CSV file or paste its contents first.');
      return;
    }
    setBusy(true);
    try {
      const started = await api<RecordImportRun>('/record-imports', { method: 'POST', body: JSON.stringify({ kind, csv, dryRun }) });
      const done = await follow(started);
      setChecked(dryRun && done.status === 'finished' ? { kind, csv } : null);
      if (done.status === 'failed') setError(done.message ?? 'The file could not be handled. Try again.');
    } catch (e) {
      setRun(null);
      setError(e instanceof ApiError ? e.message : 'The file could not be sent. Try again.');
    } finally {
      setBusy(false);
    }
  }

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(true);
  }

  const report = run?.report ?? null;
  const canImport = report !== null && report.dryRun && run?.status === 'finished' && checked?.csv === csv && checked.kind === kind && report.rows > 0;
  const toWrite = report ? report.created + report.updated : 0;
  return (
    <Page title="Import today's records">
      <p>
        Bring in organisations, sites, licences, facilitators, training records and meetings from CSV files, in that order: each file refers to records of the
        files before it. The columns of each file are listed under <a href="#import-guide">The files and their columns</a> below, with an example file for each.
      </p>
      <p>
        Checking a file writes nothing and lists every row that would be refused and why. A file is imported whole or not at all. Importing the same file again
        adds nothing: records already on Partner Hub are left as they are.
      </p>
      <ErrorSummary id="import-errors" message={error} />
      <form onSubmit={check} noValidate>
        <SelectField
          id="import-kind"
          label="Kind of file"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as RecordImportKind);
            reset();
          }}
          options={RECORD_IMPORT_KINDS.map((k, i) => ({ value: k, label: `${i + 1}. ${RECORD_IMPORT_KIND_NAMES[k]}` }))}
        />
        <CsvFields
          id="import"
          hint="A CSV file with a header row, up to 2 MB."
          fileName={fileName}
          csv={csv}
          onFile={(e) => void chooseFile(e)}
          onText={(text) => {
            setCsv(text);
            setFileName(null);
            setChecked(null);
          }}
        />
        <button type="submit" disabled={busy}>
          Check the file
        </button>
      </form>

      <div role="status" aria-live="polite">
        {run?.status === 'running' ? (
          <p>
            {run.phase === 'importing' ? 'Importing' : 'Checking'}: {number(run.done)} of {number(run.total)} rows.
          </p>
        ) : run?.message ? (
          <p className="notice">{run.message}</p>
        ) : null}
      </div>
      {run?.status === 'running' ? (
        <Field id="import-progress" label="Progress">
          {({ id }) => <progress id={id} max={Math.max(run.total, 1)} value={run.done} />}
        </Field>
      ) : null}

      {report ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{report.dryRun ? 'Check report' : report.imported ? 'Import report' : 'Not imported'}</h2>
          <p>
            {RECORD_IMPORT_KIND_NAMES[report.kind]}: {number(report.rows)} {report.rows === 1 ? 'row' : 'rows'} read, {number(report.rejected.length)} refused,{' '}
            {number(report.created)} {report.dryRun ? 'to create' : 'created'}, {number(report.updated)} {report.dryRun ? 'to update' : 'updated'},{' '}
            {number(report.unchanged)} already on Partner Hub.
          </p>
          {report.rejected.length > 0 ? (
            <Table
              stacked
              caption="Rows refused: correct them in the file and check it again"
              rows={report.rejected}
              rowKey={(_, i) => i}
              columns={[
                { header: 'Line', cell: (r) => r.line },
                { header: 'Record', cell: (r) => r.key },
                { header: 'Why', cell: (r) => r.reason },
              ]}
            />
          ) : null}
          {canImport ? (
            <button type="button" disabled={busy} onClick={() => void send(false)}>
              Import {number(report.rows)} {report.rows === 1 ? 'row' : 'rows'}
            </button>
          ) : null}
          {report.accepted.length > 0 ? (
            <Table
              stacked
              caption="Rows accepted"
              rows={report.accepted}
              rowKey={(_, i) => i}
              columns={[
                { header: 'Line', cell: (a) => a.line },
                { header: 'Record', cell: (a) => a.key },
                { header: 'Outcome', cell: (a) => OUTCOMES[a.outcome][report.dryRun ? 0 : 1] },
                { header: 'Note', cell: (a) => a.note ?? '' },
              ]}
            />
          ) : null}
          {report.dryRun && toWrite === 0 && report.rejected.length === 0 && report.rows > 0 ? <p>Every record in this file is already on Partner Hub.</p> : null}
        </section>
      ) : null}
      <ImportGuide />
    </Page>
  );
}

/**
 * The columns of each file and its example, from the server (decision 180): the required columns are
 * the list the import checks each header against, so this guide and the import always agree.
 */
function ImportGuide() {
  const guide = useApi<RecordImportGuide>('/record-imports/guide');
  return (
    <section aria-labelledby="import-guide">
      <h2 id="import-guide">The files and their columns</h2>
      <p>
        Each file is CSV (comma separated, UTF-8) with a header row. Column names may be in any order and are not case-sensitive; other columns are ignored.
        Yes/no columns take yes or no; dates are 2026-11-01 or 01/11/2026.
      </p>
      {guide.state === 'loading' ? <Loading /> : null}
      {guide.state === 'error' ? <ErrorMessage message={guide.message} /> : null}
      {guide.state === 'ready'
        ? guide.data.files.map((f, i) => (
            <section key={f.kind} aria-labelledby={`import-guide-${f.kind}`}>
              <h3 id={`import-guide-${f.kind}`}>
                {i + 1}. {RECORD_IMPORT_KIND_NAMES[f.kind]} ({f.file})
              </h3>
              <p>
                Required columns: <ColumnNames names={f.required} />.
              </p>
              {f.optional.length ? (
                <p>
                  Other columns it may have: <ColumnNames names={f.optional} />.
                </p>
              ) : null}
              {f.exampleUrl ? (
                <p>
                  <a href={f.exampleUrl} download={f.file}>
                    Download an example {f.file}
                  </a>
                </p>
              ) : null}
            </section>
          ))
        : null}
    </section>
  );
}

function ColumnNames({ names }: { names: string[] }) {
  return (
    <>
      {names.map((n, i) => (
        <span key={n}>
          {i > 0 ? ', ' : ''}
          <code>{n}</code>
        </span>
      ))}
    </>
  );
}
