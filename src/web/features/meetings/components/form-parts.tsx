import { type ReactNode, type RefObject, useEffect, useState } from 'react';
import { api, ApiError } from '../../../app/api.js';
import type { Loadable } from '../../../app/use-api.js';

export type FieldErrors = Record<string, string>;

/** The ids an input is described by: its hint and its error, when it has them. */
export function describedBy(name: string, errors: FieldErrors, hint = false): string | undefined {
  return [hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
}

function ErrorText({ name, errors }: { name: string; errors: FieldErrors }) {
  return errors[name] ? (
    <p className="error-message" id={`${name}-error`}>
      <span className="visually-hidden">Error: </span>
      {errors[name]}
    </p>
  ) : null;
}

/** A labelled control with its hint and, when refused, the reason beside it. The control's id is `name`. */
export function Field({ name, label, errors, hint, children }: { name: string; label: ReactNode; errors: FieldErrors; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={errors[name] ? 'field field-error' : 'field'}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorText name={name} errors={errors} />
      {children}
    </div>
  );
}

export interface Choice {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

/**
 * Radios or checkboxes in a fieldset whose legend asks the question. The first control's id is
 * `name`, so the error summary's link lands on the group.
 */
export function Choices({
  name,
  legend,
  type,
  choices,
  errors,
  hint,
  selected,
  onChange,
  disabled = false,
}: {
  name: string;
  legend: ReactNode;
  type: 'radio' | 'checkbox';
  choices: Choice[];
  errors: FieldErrors;
  hint?: ReactNode;
  selected: string | string[];
  onChange: (value: string, checked: boolean) => void;
  disabled?: boolean;
}) {
  const isChecked = (value: string) => (Array.isArray(selected) ? selected.includes(value) : selected === value);
  return (
    <fieldset className={errors[name] ? 'choices field field-error' : 'choices field'} aria-describedby={describedBy(name, errors, Boolean(hint))}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorText name={name} errors={errors} />
      {choices.map((c, i) => {
        const id = i === 0 ? name : `${name}-${c.value}`;
        return (
          <div className="choice" key={c.value}>
            <input
              id={id}
              name={name}
              type={type}
              value={c.value}
              checked={isChecked(c.value)}
              disabled={disabled}
              onChange={(e) => onChange(c.value, e.target.checked)}
              aria-describedby={c.hint ? `${id}-hint` : undefined}
            />
            <label htmlFor={id}>{c.label}</label>
            {c.hint ? (
              <p className="choice-hint hint" id={`${id}-hint`}>
                {c.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * The error summary at the top of a form: the API's message and a link to each field at fault.
 * It takes focus when shown, so a screen reader reads the problem and the keyboard starts there.
 */
export function ErrorSummary({ message, errors, labels, focusRef, attempt }: { message: string | null; errors: FieldErrors; labels: Record<string, string>; focusRef: RefObject<HTMLDivElement | null>; attempt: number }) {
  useEffect(() => {
    if (message) focusRef.current?.focus();
  }, [attempt, message, focusRef]);
  if (!message) return null;
  // In the order the fields come on the form, so the summary reads top to bottom.
  const order = Object.keys(labels);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b));
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={focusRef} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <p>{message}</p>
      {entries.length ? (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              <a href={`#${field}`}>
                {labels[field] ? `${labels[field]}: ` : ''}
                {text}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Loads an API path, or nothing while there is no path to load yet (a choice made earlier in the form). */
export function useOptionalApi<T>(path: string | null): Loadable<T> | null {
  const [result, setResult] = useState<Loadable<T> | null>(null);
  useEffect(() => {
    if (!path) {
      setResult(null);
      return;
    }
    let live = true;
    setResult({ state: 'loading' });
    api<T>(path)
      .then((data) => live && setResult({ state: 'ready', data }))
      .catch((error: Error) => live && setResult({ state: 'error', message: error.message, status: error instanceof ApiError ? error.status : 0 }));
    return () => {
      live = false;
    };
  }, [path]);
  return result;
}
