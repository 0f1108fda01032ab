import { formatPostcode, isUkPostcode } from '../../../domain/postcode.js';
import type { DB } from '../../db/database.js';

/**
 * Postcode → coordinates (docs/decisions/071-geocoding-postcodes.md). The configured service
 * (postcodes.io in production, GEOCODER_URL) is asked first; when it is not configured, does not
 * answer within the time limit, or fails, the ONS Postcode Directory table that Central Office
 * loads (`npm run import:postcodes -- FILE`) answers instead. A postcode neither knows is null:
 * callers say so next to the field rather than guessing.
 */

export interface Coordinates {
  latitude: number;
  longitude: number;
  /** Where the answer came from, for the audit trail and support. */
  source: 'service' | 'directory';
}

export interface GeocoderDeps {
  db: DB;
  config: { geocoderUrl: string | undefined };
}

const SERVICE_TIMEOUT_MS = 1500;

/** The postcode as the directory table keys it: capitals, one space ('pr18bu' → 'PR1 8BU'). */
export function postcodeKey(value: string): string {
  return formatPostcode(value.trim());
}

/** Coordinates of a UK postcode, or null when it is not a postcode or neither source knows it. */
export async function geocodePostcode(deps: GeocoderDeps, postcode: string): Promise<Coordinates | null> {
  if (!isUkPostcode(postcode.trim())) return null;
  const key = postcodeKey(postcode);
  if (deps.config.geocoderUrl) {
    const fromService = await askService(deps.config.geocoderUrl, key);
    if (fromService) return fromService;
  }
  const row = await deps.db.selectFrom('postcodes').select(['latitude', 'longitude']).where('postcode', '=', key).executeTakeFirst();
  return row ? { latitude: Number(row.latitude), longitude: Number(row.longitude), source: 'directory' } : null;
}

async function askService(baseUrl: string, key: string): Promise<Coordinates | null> {
  try {
    const url = new URL(`postcodes/${encodeURIComponent(key)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const response = await fetch(url, { signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { result?: { latitude?: unknown; longitude?: unknown } | null };
    const { latitude, longitude } = body.result ?? {};
    if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
    return { latitude, longitude, source: 'service' };
  } catch {
    // Unreachable, slow or malformed: the directory table answers instead.
    return null;
  }
}
