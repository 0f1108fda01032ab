import { type ChangeEvent, type FormEvent, useState } from 'react';
import type { TrainingImportReport } from '../../../../shared/schemas/training-progress.js';
import { api, ApiError } from '../../../app/api.js';
import { CsvFields } from '../../../components/ui/csv-fields.js';
import { ErrorSummary } from '../../../components/ui/field.js';
import { Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';

const STATUS: Record<string, string> = { enrolled: 'Enrolled', in_progress: 'In progress', completed: 'Completed', withdrawn: 'Withdrawn' };

/**
 * Central Office loads the online training platform's CSV export (decision 055): choose the file
 * or paste it, check it (a dry run that writes nothing and lists every row it would refuse and
 * why), then import it. The import is all-or-nothing and can be repeated.
 */
export function TrainingImportPage() {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<TrainingImportReport | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    setReport(null);
    setChecked(null);
    setNotice(null);
  }

  async function send(dryRun: boolean) {
    setError(null);
    setNotice(null);
    if (!csv.trim()) {
      setError('Choose the CSV file or paste its contents first.');
      return;
    }
    setBusy(true);
    try {
      const answer = await api<TrainingImportReport>('/training/imports', { method: 'POST', body: JSON.stringify({ csv, dryRun }) });
      setReport(answer);
      setChecked(dryRun ? csv : null);
      if (!dryRun) {
        const recorded = answer.accepted.filter((a) => a.outcome === 'recorded').length;
        setNotice(`Imported: ${recorded} ${recorded === 1 ? 'row' : 'rows'} recorded, ${answer.accepted.length - recorded} unchanged, ${answer.certificatesIssued} ${answer.certificatesIssued === 1 ? 'certificate' : 'certificates'} issued.`);
      }
    } catch (e) {
      if (e instanceof ApiError && e.body?.error.details && typeof e.body.error.details === 'object' && 'rejected' in e.body.error.details) {
        setReport(e.body.error.details as TrainingImportReport);
        setChecked(null);
      }
      setError(e instanceof ApiError ? e.message : 'The file could not be checked. Try again.');
    } finally {
      setBusy(false);
    }
  }

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(true);
  }

  const canImport = report !== null && report.dryRun && report.rejected.length === 0 && checked === csv && report.rows > 0;
  return (
    <Page title="Import training completions">
      <p>
        Load the online training platform&apos;s CSV export. The file needs a header row with the columns <code>email</code>, <code>name</code>, <code>module</code>,{' '}
        <code>status</code> and <code>date</code>. Checking it writes nothing and lists every row that would be refused and why; nothing is imported while any row is
        refused. Importing the same file again changes nothing.
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      <ErrorSummary id="import-errors" message={error} />
      <form onSubmit={check} noValidate>
        <CsvFields
          id="csv"
          hint="The export from the training platform, up to 2 MB."
          fileName={fileName}
          csv={csv}
          onFile={(e) => void chooseFile(e)}
          onText={(text) => {
            setCsv(text);
            setFileName(null);
          }}
        />
        <button type="submit" disabled={busy}>
          Check the file
        </button>
      </form>
      {report ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{report.dryRun ? 'Check report' : report.imported ? 'Import report' : 'Not imported'}</h2>
          <p>
            {report.rows} {report.rows === 1 ? 'row' : 'rows'} read: {report.accepted.length} accepted, {report.rejected.length} refused.
          </p>
          {report.rejected.length > 0 ? (
            <Table
              stacked
              caption="Rows refused: correct them in the file and check it again"
              rows={report.rejected}
              rowKey={(_, i) => i}
              columns={[
                { header: 'Line', cell: (r) => r.line },
                { header: 'Email', cell: (r) => r.email },
                { header: 'Why', cell: (r) => r.reason },
              ]}
            />
          ) : null}
          {report.accepted.length > 0 ? (
            <Table
              stacked
              caption="Rows accepted"
              rows={report.accepted}
              rowKey={(_, i) => i}
              columns={[
                { header: 'Line', cell: (a) => a.line },
                { header: 'Email', cell: (a) => a.email },
                { header: 'Module', cell: (a) => a.module },
                { header: 'Status', cell: (a) => STATUS[a.status] ?? a.status },
                { header: 'Outcome', cell: (a) => (a.outcome === 'recorded' ? (report.dryRun ? 'Would be recorded' : 'Recorded') : 'Already recorded') },
              ]}
            />
          ) : null}
          {canImport ? (
            <button type="button" disabled={busy} onClick={() => void send(false)}>
              Import {report.accepted.length} {report.accepted.length === 1 ? 'row' : 'rows'}
            </button>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
