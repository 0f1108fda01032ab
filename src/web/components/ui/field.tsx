import type { ReactNode } from 'react';

export interface TextFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email';
  /** A line of help under the label, read with the field. */
  hint?: ReactNode;
  type?: 'text' | 'email' | 'date';
  autoComplete?: string;
}

/** A labelled text input with its error message next to it, as the public pages' fields have. */
export function TextField({ id, label, value, onChange, error, inputMode = 'text', hint, type = 'text', autoComplete = 'off' }: TextFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        type={type}
        inputMode={type === 'text' ? inputMode : undefined}
        autoComplete={autoComplete}
        spellCheck={type === 'email' ? false : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
