import type { ComponentPropsWithoutRef, ReactNode, RefObject } from 'react';
import { useEffect } from 'react';

/** A form's refusals: the message for each field, by the id of the control it belongs to. */
export type FieldErrors = Record<string, string>;

/** What a control needs to be tied to its label, hint and error: its id, aria-invalid and aria-describedby. */
export interface ControlAria {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** The ids a control is described by: its hint and its error, when it has them. */
export function describedBy(id: string, error: string | undefined, hint = false): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function Hint({ id, hint }: { id: string; hint: ReactNode }) {
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  ) : null;
}

export interface FieldProps {
  /** The control's id, which the label points at and the error summary links to. */
  id: string;
  label: ReactNode;
  /** Why the value was refused, shown beside the control and read with it. */
  error?: string | undefined;
  /** A line of help under the label, read with the control. */
  hint?: ReactNode;
}

/**
 * A labelled control with its hint and, when refused, the reason beside it. Give the control as a
 * function of the attributes that tie it to all three (`{(aria) => <input type="date" {...aria} />}`).
 */
export function Field({ id, label, error, hint, children }: FieldProps & { children: (aria: ControlAria) => ReactNode }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error, Boolean(hint)) })}
    </div>
  );
}

export interface TextFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email';
  type?: 'text' | 'email' | 'date' | 'time';
  autoComplete?: string;
}

/** A labelled text input (or date, or time) with its error message next to it, as the public pages' fields have. */
export function TextField({ id, label, value, onChange, error, inputMode = 'text', hint, type = 'text', autoComplete = 'off' }: TextFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(aria) => (
        <input
          {...aria}
          type={type}
          inputMode={type === 'text' ? inputMode : undefined}
          autoComplete={autoComplete}
          spellCheck={type === 'email' ? false : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: ReactNode;
}

/** A labelled select with its error beside it; `placeholder` is a first, empty choice. Any other attribute goes to the select. */
export function SelectField({
  id,
  label,
  error,
  hint,
  options,
  placeholder,
  ...select
}: FieldProps & Omit<ComponentPropsWithoutRef<'select'>, 'id' | 'children'> & { options: readonly Option[]; placeholder?: ReactNode }) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(aria) => (
        <select {...select} {...aria}>
          {placeholder === undefined ? null : <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled textarea with its error beside it. Any other attribute goes to the textarea. */
export function TextAreaField({ id, label, error, hint, ...textarea }: FieldProps & Omit<ComponentPropsWithoutRef<'textarea'>, 'id' | 'children'>) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(aria) => <textarea {...textarea} {...aria} />}
    </Field>
  );
}

export interface Choice {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

/**
 * Radios or checkboxes in a fieldset whose legend asks the question. Each control's id is
 * `choiceId(value, index)`: by default the first one's is `name`, so the error summary's link lands
 * on the group. Without `selected` the controls keep their own state (a form read with FormData).
 */
export function Choices({
  name,
  legend,
  type,
  choices,
  error,
  hint,
  selected,
  onChange,
  disabled = false,
  choiceId = (value, index) => (index === 0 ? name : `${name}-${value}`),
}: {
  name: string;
  legend: ReactNode;
  type: 'radio' | 'checkbox';
  choices: readonly Choice[];
  error?: string | undefined;
  hint?: ReactNode;
  selected?: string | readonly string[];
  onChange?: (value: string, checked: boolean) => void;
  disabled?: boolean;
  choiceId?: (value: string, index: number) => string;
}) {
  const isChecked = (value: string) => (typeof selected === 'string' ? selected === value : selected?.includes(value));
  return (
    <fieldset className={error ? 'choices field field-error' : 'choices field'} aria-describedby={describedBy(name, error, Boolean(hint))}>
      <legend>{legend}</legend>
      <Hint id={name} hint={hint} />
      <ErrorText id={name} error={error} />
      {choices.map((c, i) => {
        const id = choiceId(c.value, i);
        return (
          <div className="choice" key={c.value}>
            <input
              id={id}
              name={name}
              type={type}
              value={c.value}
              checked={selected === undefined ? undefined : isChecked(c.value)}
              disabled={disabled}
              onChange={onChange ? (e) => onChange(c.value, e.target.checked) : undefined}
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
 * The problems at the top of a form: the message, and a link to each field at fault (in the order
 * of `labels` when given, each prefixed with its label). With `focusRef` it takes focus when shown,
 * so a screen reader reads the problem and the keyboard starts there. `id` names its heading, so
 * give each form on a page its own.
 */
export function ErrorSummary({
  id = 'error-summary',
  title = 'There is a problem',
  message,
  errors = {},
  labels,
  hrefOf = (field) => `#${field}`,
  focusRef,
  attempt = 0,
}: {
  id?: string;
  title?: string;
  message?: string | null;
  errors?: FieldErrors;
  labels?: Record<string, string>;
  hrefOf?: (field: string) => string;
  focusRef?: RefObject<HTMLDivElement | null>;
  attempt?: number;
}) {
  useEffect(() => {
    if (message && focusRef) focusRef.current?.focus();
  }, [attempt, message, focusRef]);
  const order = labels ? Object.keys(labels) : [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(errors)
    .filter(([, text]) => Boolean(text))
    .sort(([a], [b]) => rank(a) - rank(b));
  if (!message && entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={focusRef ? -1 : undefined} ref={focusRef} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {message ? <p>{message}</p> : null}
      {entries.length ? (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              <a href={hrefOf(field)}>
                {labels?.[field] ? `${labels[field]}: ` : ''}
                {text}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
