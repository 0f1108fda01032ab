import type { ReactNode } from 'react';

export type FieldErrors = Record<string, string | undefined>;

/** A summary of what to fix, linked to each field, as the GOV.UK pattern does. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface TextFieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  error?: string | undefined;
  hint?: ReactNode;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  required?: boolean;
}

/** A labelled input with its hint and error message next to it. */
export function TextField({ name, label, type = 'text', value, error, hint, autoComplete, inputMode, required }: TextFieldProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error-message" id={`${name}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={value}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        required={required}
      />
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface Choice {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

export interface ChoiceGroupProps {
  type: 'radio' | 'checkbox';
  name: string;
  /** The question the group answers; a fieldset's legend, as WCAG asks for grouped controls. */
  legend: ReactNode;
  choices: readonly Choice[];
  /** The values checked now (what was sent, when the page is shown again). */
  checked: readonly string[];
  hint?: ReactNode;
  error?: string | undefined;
  /** Shows the choices side by side, as for a Yes / No question. */
  inline?: boolean;
}

/**
 * Radios or checkboxes in a fieldset, with the hint and error under the legend. The first input's
 * id is the field's name, so the error summary's link lands on it.
 */
export function ChoiceGroup({ type, name, legend, choices, checked, hint, error, inline }: ChoiceGroupProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <fieldset className="choices" aria-describedby={describedBy}>
        <legend>{legend}</legend>
        {hint ? (
          <p className="hint" id={`${name}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="error-message" id={`${name}-error`}>
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        <div className={inline ? 'choice-list choice-list-inline' : 'choice-list'}>
          {choices.map((choice, index) => {
            const id = index === 0 ? name : `${name}-${choice.value}`;
            return (
              <div className="choice" key={choice.value}>
                <input
                  id={id}
                  name={name}
                  type={type}
                  value={choice.value}
                  defaultChecked={checked.includes(choice.value)}
                  aria-describedby={choice.hint ? `${id}-hint` : undefined}
                />
                <label htmlFor={id}>{choice.label}</label>
                {choice.hint ? (
                  <p className="hint choice-hint" id={`${id}-hint`}>
                    {choice.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
