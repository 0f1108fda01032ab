import { useState } from 'react';
import type { TaskListResponse, TaskResponse } from '../../../../shared/schemas/tasks.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { SelectField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { Pager } from '../../../components/ui/pager.js';
import { Table } from '../../../components/ui/table.js';

const PAGE_SIZE = 25;

/**
 * The tasks inbox (decision 179): Central Office sees every inbox's tasks, a Coordinator the tasks
 * assigned to them. Each task links to the page that deals with it; one no page closes is marked
 * done (or reopened) here.
 */
export function TasksPage({ national }: { national: boolean }) {
  const [inbox, setInbox] = useState('');
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [offset, setOffset] = useState(0);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const query = new URLSearchParams({ status, limit: String(PAGE_SIZE), offset: String(offset), v: String(version) });
  if (inbox) query.set('inbox', inbox);
  const result = useApi<TaskListResponse>(`/tasks?${query.toString()}`);

  async function change(task: TaskResponse, next: 'open' | 'done') {
    setProblem(null);
    try {
      await api<TaskResponse>(`/tasks/${task.id}/status`, { method: 'PUT', body: JSON.stringify({ status: next }) });
      setNotice(next === 'done' ? `Marked done: ${task.title}` : `Reopened: ${task.title}`);
      setVersion((v) => v + 1);
    } catch (e) {
      setNotice(null);
      setProblem(e instanceof ApiError ? e.message : 'The task could not be changed. Try again.');
    }
  }

  return (
    <Page title="Tasks">
      <p>
        {national
          ? "Work Partner Hub has raised for Central Office, by inbox. Open a task's page to deal with it; a task with no page of its own is marked done here."
          : 'Work assigned to you: nominations to enrol and messages to answer. Open a task to deal with it.'}
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {problem ? <ErrorMessage message={problem} /> : null}
      {result.state === 'ready' ? (
        <>
          <h2>Open tasks by inbox</h2>
          <ul className="inbox-counts">
            {result.data.openByInbox.map((i) => (
              <li key={i.code}>
                {i.name}: <strong>{i.open.toLocaleString('en-GB')}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form className="filters" aria-label="Choose tasks" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          id="task-inbox"
          label="Inbox"
          value={inbox}
          placeholder="Every inbox"
          options={result.state === 'ready' ? result.data.openByInbox.map((i) => ({ value: i.code, label: i.name })) : []}
          onChange={(e) => {
            setInbox(e.target.value);
            setOffset(0);
          }}
        />
        <SelectField
          id="task-status"
          label="Show"
          value={status}
          options={[
            { value: 'open', label: 'Open tasks, oldest first' },
            { value: 'done', label: 'Done tasks, most recently closed first' },
          ]}
          onChange={(e) => {
            setStatus(e.target.value === 'done' ? 'done' : 'open');
            setOffset(0);
          }}
        />
      </form>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.items.length === 0 ? <p>{status === 'open' ? 'No open tasks here.' : 'No done tasks here.'}</p> : null}
      {result.state === 'ready' && result.data.items.length > 0 ? (
        <>
          <Table
            caption={status === 'open' ? 'Open tasks' : 'Done tasks'}
            stacked
            rows={result.data.items}
            rowKey={(t) => t.id}
            columns={[
              { header: 'Task', rowHeader: true, cell: (t) => (t.link ? <a href={t.link}>{t.title}</a> : t.title) },
              { header: 'Kind', cell: (t) => t.kindName },
              { header: 'Inbox', cell: (t) => t.inbox?.name ?? 'None' },
              { header: status === 'open' ? 'Raised' : 'Closed', cell: (t) => formatDateTime(status === 'open' ? t.raisedAt : (t.closedAt ?? t.raisedAt)) },
              { header: 'Action', cell: (t) => <TaskAction task={t} onChange={change} /> },
            ]}
          />
          <Pager noun="Tasks" offset={offset} shown={result.data.items.length} total={result.data.total} pageSize={PAGE_SIZE} onPage={setOffset} />
        </>
      ) : null}
    </Page>
  );
}

function TaskAction({ task, onChange }: { task: TaskResponse; onChange: (task: TaskResponse, next: 'open' | 'done') => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  if (task.closedByItsPage) return <>{task.status === 'open' ? 'Closed when done on its page' : 'Done on its page'}</>;
  const next = task.status === 'open' ? 'done' : 'open';
  return (
    <button
      type="button"
      className="button-secondary"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void onChange(task, next).finally(() => setBusy(false));
      }}
    >
      {next === 'done' ? 'Mark done' : 'Reopen'} <span className="visually-hidden">{task.title}</span>
    </button>
  );
}
