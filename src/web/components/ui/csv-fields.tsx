import type { ChangeEvent } from 'react';
import { Field, TextAreaField } from './field.js';

/**
 * The two ways to give Partner Hub a CSV file: choose the file, or paste its text. The controls'
 * ids are `${id}-file` and `${id}-text`; the file's hint says which file was chosen, once one is.
 */
export function CsvFields({
  id,
  hint,
  fileName,
  csv,
  onFile,
  onText,
}: {
  id: string;
  hint: string;
  fileName: string | null;
  csv: string;
  onFile: (event: ChangeEvent<HTMLInputElement>) => void;
  onText: (text: string) => void;
}) {
  return (
    <>
      <Field id={`${id}-file`} label="CSV file" hint={fileName ? `Chosen: ${fileName}` : hint}>
        {(aria) => <input {...aria} type="file" accept=".csv,text/csv" onChange={onFile} />}
      </Field>
      <TextAreaField id={`${id}-text`} label="Or paste the CSV" rows={6} spellCheck={false} value={csv} onChange={(e) => onText(e.target.value)} />
    </>
  );
}
