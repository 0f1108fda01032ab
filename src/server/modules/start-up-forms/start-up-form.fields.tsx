import type { ReactNode } from 'react';
import type { FieldProblem } from './start-up-form.steps.js';

// Form parts the Start-Up Form needs beyond src/server/views/form.tsx: a select, a text area, a
// single checkbox with its own message, and an error summary that can list several messages for
// one field (a site can break more than one licensing rule at once).

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function ErrorText({ id, error }: { id: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** The first option, for "nothing chosen yet". */
  placeholder: string;
  value?: string | undefined;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const { name, error, hint } = props;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={name}>{props.label}</label>
      <Hint id={name} hint={hint} />
      <ErrorText id={name} error={error} />
      <select id={name} name={name} defaultValue={props.value ?? ''} aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? true : undefined}>
        <option value="">{props.placeholder}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextAreaField(props: { name: string; label: string; value?: string | undefined; hint?: ReactNode; error?: string | undefined; autoComplete?: string; rows?: number }) {
  const { name, error, hint } = props;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={name}>{props.label}</label>
      <Hint id={name} hint={hint} />
      <ErrorText id={name} error={error} />
      <textarea
        id={name}
        name={name}
        rows={props.rows ?? 3}
        defaultValue={props.value}
        autoComplete={props.autoComplete}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

/** One checkbox that answers a question of its own (a declaration), with its own message. */
export function CheckboxField(props: { name: string; label: ReactNode; checked: boolean; hint?: ReactNode; error?: string | undefined }) {
  const { name, error, hint } = props;
  return (
    <div className={error ? 'field field-error single-choice' : 'field single-choice'}>
      <ErrorText id={name} error={error} />
      <div className="choice">
        <input id={name} name={name} type="checkbox" value="yes" defaultChecked={props.checked} aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? true : undefined} />
        <label htmlFor={name}>{props.label}</label>
        <Hint id={name} hint={hint} />
      </div>
    </div>
  );
}

/**
 * The GOV.UK error summary for a list of problems: each message links to its field (on this page,
 * or on the step that asks for it).
 */
export function ProblemSummary({ problems, href }: { problems: readonly FieldProblem[]; href?: (problem: FieldProblem) => string }) {
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {problems.map((problem, i) => (
          <li key={`${problem.id}-${i}`}>
            <a href={href ? href(problem) : `#${problem.id}`}>{problem.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The first message for each field id, for fields that show one message. */
export function firstMessages(problems: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const problem of problems) out[problem.id] ??= problem.message;
  return out;
}
