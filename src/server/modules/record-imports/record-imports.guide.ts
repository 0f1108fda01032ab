import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RECORD_IMPORT_KINDS, type RecordImportGuide, type RecordImportKind } from '../../../shared/schemas/record-imports.js';
import { projectRoot } from '../../paths.js';
import { requiredColumns } from './record-imports.service.js';

/**
 * The import guide Central Office reads in the portal (decision 180), built from what the import
 * itself uses so the two cannot disagree: the required columns are the list the import checks a
 * header against, and the example files are docs/imports/examples, which the integration tests import.
 */

const examplesDir = path.join(projectRoot, 'docs', 'imports', 'examples');

/** The example CSV file for a kind of import, or null when there is none. */
export async function exampleCsv(kind: RecordImportKind): Promise<string | null> {
  try {
    return await readFile(path.join(examplesDir, `${kind}.csv`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Each kind of file in import order: its required columns, and the optional ones its example shows. */
export async function importGuide(): Promise<RecordImportGuide> {
  const files = await Promise.all(
    RECORD_IMPORT_KINDS.map(async (kind) => {
      const required = [...requiredColumns(kind)];
      const example = await exampleCsv(kind);
      const header = example?.split(/\r?\n/, 1)[0]?.split(',').map((c) => c.trim().toLowerCase()) ?? [];
      return {
        kind,
        file: `${kind}.csv`,
        required,
        optional: header.filter((c) => c && !required.includes(c)),
        exampleUrl: example === null ? null : `/api/v1/record-imports/examples/${kind}`,
      };
    }),
  );
  return { files };
}
