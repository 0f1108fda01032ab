import { isIsoDate, type IsoDate } from '../../../domain/iso-date.js';
import { formatPostcode, isUkPostcode, nationOfPostcode } from '../../../domain/postcode.js';
import { NATIONS, type NationCode, type RegionCode } from '../../../domain/reference.js';
import { regionOfPostcode } from '../../../domain/region-of-postcode.js';
import type { CsvRow } from '../../csv-read.js';

/**
 * Reading the values of one row of an import file. Each reader collects every problem with the row
 * (not just the first) as a sentence naming the column, so the dry run shows all there is to fix.
 */

export interface ReadRow<T> {
  line: number;
  /** The record the row names (its legacy id, number or email), shown in the report. */
  key: string;
  problems: string[];
  value: T | null;
}

export class RowReader {
  readonly problems: string[] = [];
  constructor(private readonly row: CsvRow) {}

  /** A text column; `required` adds a problem when it is blank. */
  text(column: string, options: { required?: boolean; max?: number } = {}): string | null {
    const value = this.row.get(column);
    if (!value) {
      if (options.required) this.problems.push(`${column} is blank`);
      return null;
    }
    const max = options.max ?? 500;
    if (value.length > max) {
      this.problems.push(`${column} is longer than ${max} characters`);
      return null;
    }
    return value;
  }

  /** One of some words (case-insensitive, spaces or hyphens as underscores are forgiven); blank gives `fallback`. */
  oneOf<T extends string>(column: string, allowed: readonly T[], options: { required?: boolean; fallback?: T; names?: Record<string, T> } = {}): T | null {
    const raw = this.row.get(column);
    if (!raw) {
      if (options.fallback !== undefined) return options.fallback;
      if (options.required) this.problems.push(`${column} is blank: use ${allowed.join(', ')}`);
      return null;
    }
    const lower = raw.toLowerCase();
    const named = options.names?.[lower];
    if (named) return named;
    const found = allowed.find((a) => a === lower || a.replace(/[-_]/g, ' ') === lower.replace(/[-_]/g, ' '));
    if (!found) this.problems.push(`${column} "${raw}" is not one of ${allowed.join(', ')}`);
    return found ?? null;
  }

  /** yes/no (also true/false, y/n, 1/0); blank gives `fallback`. */
  yesNo(column: string, fallback: boolean | null): boolean | null {
    const raw = this.row.get(column).toLowerCase();
    if (!raw) {
      if (fallback === null) this.problems.push(`${column} is blank: use yes or no`);
      return fallback;
    }
    if (['yes', 'y', 'true', '1'].includes(raw)) return true;
    if (['no', 'n', 'false', '0'].includes(raw)) return false;
    this.problems.push(`${column} "${this.row.get(column)}" is not yes or no`);
    return null;
  }

  /** A date as 2026-11-01 or the UK 01/11/2026. */
  date(column: string, options: { required?: boolean } = {}): IsoDate | null {
    const raw = this.row.get(column);
    if (!raw) {
      if (options.required) this.problems.push(`${column} is blank: use a date like 2026-11-01 or 01/11/2026`);
      return null;
    }
    const date = readDate(raw);
    if (!date) this.problems.push(`${column} "${raw}" is not a date: use 2026-11-01 or 01/11/2026`);
    return date;
  }

  email(column: string, options: { required?: boolean } = {}): string | null {
    const raw = this.row.get(column).toLowerCase();
    if (!raw) {
      if (options.required) this.problems.push(`${column} is blank`);
      return null;
    }
    if (!isEmail(raw)) {
      this.problems.push(`${column} "${raw}" is not an email address`);
      return null;
    }
    return raw;
  }

  /** A UK postcode, formatted ('pr18bu' → 'PR1 8BU'), with its nation and region (the nation column settles a border postcode). */
  place(postcodeColumn: string, nationColumn: string, options: { required?: boolean } = { required: true }): { postcode: string; nation: NationCode; region: RegionCode } | null {
    const raw = this.row.get(postcodeColumn);
    if (!raw) {
      if (options.required) this.problems.push(`${postcodeColumn} is blank`);
      return null;
    }
    if (!isUkPostcode(raw)) {
      this.problems.push(`${postcodeColumn} "${raw}" is not a UK postcode`);
      return null;
    }
    const given = this.oneOf(nationColumn, NATIONS.map((n) => n.code), { names: Object.fromEntries(NATIONS.map((n) => [n.name.toLowerCase(), n.code])) });
    const nation = nationOfPostcode(raw) ?? given;
    if (!nation) {
      this.problems.push(`${postcodeColumn} "${raw}" is in an area that crosses a border: say which nation in the ${nationColumn} column`);
      return null;
    }
    const region = regionOfPostcode(raw, nation);
    if (!region) {
      this.problems.push(`${postcodeColumn} "${raw}" is not in England, Scotland, Wales or Northern Ireland`);
      return null;
    }
    return { postcode: formatPostcode(raw), nation, region };
  }

  /** A list in one cell, separated by semicolons. */
  list(column: string): string[] {
    return this.row
      .get(column)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

export function isEmail(value: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
}

/** 2026-11-01 or 01/11/2026. */
export function readDate(value: string): IsoDate | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value.trim();
  return isIsoDate(iso) ? iso : null;
}

/** The sentence the report shows for a row's problems. */
export function reasonOf(problems: string[]): string {
  const text = [...new Set(problems)].join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
