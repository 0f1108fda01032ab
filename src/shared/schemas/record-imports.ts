import { z } from 'zod';

/**
 * Bringing in today's records from CSV files (docs/imports/README.md, decisions 135–139): Central
 * Office checks a file (a dry run), then imports it; the import runs as a job the portal polls.
 */

/** The kinds of file, in the order they are imported: each refers only to kinds before it. */
export const RECORD_IMPORT_KINDS = ['organisations', 'sites', 'licences', 'facilitators', 'training', 'meetings'] as const;
export type RecordImportKind = (typeof RECORD_IMPORT_KINDS)[number];

export const RECORD_IMPORT_KIND_NAMES: Record<RecordImportKind, string> = {
  organisations: 'Organisations',
  sites: 'Sites',
  licences: 'Licences',
  facilitators: 'Facilitators',
  training: 'Training records',
  meetings: 'Meetings',
};

/**
 * The import guide in the portal (decision 180): for each kind of file, in import order, the columns
 * its header must have (the very list the import checks) and the others its example file shows.
 */
export const recordImportGuideSchema = z
  .object({
    files: z.array(
      z.object({
        kind: z.enum(RECORD_IMPORT_KINDS),
        file: z.string(),
        required: z.array(z.string()),
        optional: z.array(z.string()),
        /** Where to download the example file, or null when there is none. */
        exampleUrl: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'RecordImportGuide' });
export type RecordImportGuide = z.infer<typeof recordImportGuideSchema>;
export const recordImportExampleParamsSchema = z.object({ kind: z.enum(RECORD_IMPORT_KINDS) });

/** The largest CSV accepted, in characters (the route's body limit is a little above it). */
export const RECORD_IMPORT_MAX_CHARS = 2_000_000;

export const recordImportRequestSchema = z
  .strictObject({
    kind: z.enum(RECORD_IMPORT_KINDS, { error: 'Choose which kind of file this is' }),
    csv: z
      .string({ error: 'Choose the CSV file or paste its contents' })
      .min(1, 'Choose the CSV file or paste its contents')
      .max(RECORD_IMPORT_MAX_CHARS, 'The file is too large: split it into parts of 2 MB or less'),
    dryRun: z.boolean().default(true),
  })
  .meta({ id: 'RecordImportRequest' });
export type RecordImportRequest = z.infer<typeof recordImportRequestSchema>;

export const recordImportOutcomes = ['created', 'updated', 'unchanged'] as const;

export const recordImportReportSchema = z
  .object({
    kind: z.enum(RECORD_IMPORT_KINDS),
    dryRun: z.boolean(),
    /** True once the file's records are written (never for a dry run or a refused file). */
    imported: z.boolean(),
    rows: z.number().int(),
    /** Every row that cannot be imported: its spreadsheet line, the record it names and every reason. */
    rejected: z.array(z.object({ line: z.number().int(), key: z.string(), reason: z.string() })),
    /** Every other row: what it does (would do, in a dry run), and anything to know about it. */
    accepted: z.array(z.object({ line: z.number().int(), key: z.string(), outcome: z.enum(recordImportOutcomes), note: z.string().nullable() })),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  })
  .meta({ id: 'RecordImportReport' });
export type RecordImportReport = z.infer<typeof recordImportReportSchema>;

export const recordImportRunSchema = z
  .object({
    id: z.string(),
    kind: z.enum(RECORD_IMPORT_KINDS),
    dryRun: z.boolean(),
    /** running: still working; finished: checked (dry run) or imported; refused: some rows cannot be imported, nothing written; failed: stopped by an error, nothing written. */
    status: z.enum(['running', 'finished', 'refused', 'failed']),
    phase: z.enum(['checking', 'importing', 'done']),
    /** Rows handled so far in this phase, out of total. */
    done: z.number().int(),
    total: z.number().int(),
    message: z.string().nullable(),
    report: recordImportReportSchema.nullable(),
  })
  .meta({ id: 'RecordImportRun' });
export type RecordImportRun = z.infer<typeof recordImportRunSchema>;

export const recordImportRunParamsSchema = z.object({ id: z.string().max(64) });
