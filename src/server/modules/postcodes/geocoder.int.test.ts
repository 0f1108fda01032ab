import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/support/test-database.js';
import { geocodePostcode } from './geocoder.js';

/**
 * The geocoder against a real HTTP server on 127.0.0.1 standing in for postcodes.io (the only third
 * party here), and the real postcodes table.
 */

let database: TestDatabase;
let server: http.Server;
let serviceUrl: string;
let behaviour: 'answer' | 'fail' | 'slow' | 'unknown' | 'garbled' = 'answer';
const asked: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db
    .insertInto('postcodes')
    .values([
      { postcode: 'PR1 8BU', latitude: 53.75867, longitude: -2.70341, town: 'Preston' },
      { postcode: 'EH1 1YZ', latitude: 55.95056, longitude: -3.18748, town: 'Edinburgh' },
    ])
    .execute();
  server = http.createServer((request, response) => {
    asked.push(decodeURIComponent(request.url ?? ''));
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (behaviour === 'answer') return send(200, { status: 200, result: { postcode: 'PR1 8BU', latitude: 53.7592, longitude: -2.7048 } });
    if (behaviour === 'unknown') return send(404, { status: 404, error: 'Postcode not found' });
    if (behaviour === 'garbled') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end('<html>maintenance</html>');
    }
    if (behaviour === 'fail') return send(500, { status: 500, error: 'Internal error' });
    // 'slow': answers long after the geocoder's time limit.
    const timer = setTimeout(() => send(200, { status: 200, result: { latitude: 1, longitude: 1 } }), 5000);
    request.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});
beforeEach(() => {
  asked.length = 0;
  behaviour = 'answer';
});

describe('geocoding postcodes', () => {
  it('answers from the ONS directory table when no service is configured, in any written form of the postcode', async () => {
    const deps = { db: database.db, config: { geocoderUrl: undefined } };
    expect(await geocodePostcode(deps, 'pr18bu')).toEqual({ latitude: 53.75867, longitude: -2.70341, source: 'directory' });
    expect(await geocodePostcode(deps, ' EH1 1YZ ')).toEqual({ latitude: 55.95056, longitude: -3.18748, source: 'directory' });
    expect(await geocodePostcode(deps, 'ZZ9 9ZZ')).toBeNull();
  });

  it('asks the configured service first and takes its answer', async () => {
    const deps = { db: database.db, config: { geocoderUrl: serviceUrl } };
    expect(await geocodePostcode(deps, 'pr1 8bu')).toEqual({ latitude: 53.7592, longitude: -2.7048, source: 'service' });
    expect(asked).toEqual(['/postcodes/PR1 8BU']);
  });

  it('falls back to the directory when the service fails, does not know the postcode or answers nonsense', async () => {
    const deps = { db: database.db, config: { geocoderUrl: `${serviceUrl}/` } };
    for (const b of ['fail', 'unknown', 'garbled'] as const) {
      behaviour = b;
      expect(await geocodePostcode(deps, 'PR1 8BU')).toEqual({ latitude: 53.75867, longitude: -2.70341, source: 'directory' });
    }
    expect(asked).toHaveLength(3);
  });

  it('gives up on a service that does not answer in time and answers from the directory', async () => {
    behaviour = 'slow';
    const started = performance.now();
    const answer = await geocodePostcode({ db: database.db, config: { geocoderUrl: serviceUrl } }, 'EH1 1YZ');
    expect(answer).toEqual({ latitude: 55.95056, longitude: -3.18748, source: 'directory' });
    expect(asked).toEqual(['/postcodes/EH1 1YZ']);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('falls back when the service cannot be reached at all', async () => {
    const deps = { db: database.db, config: { geocoderUrl: 'http://127.0.0.1:1' } };
    expect(await geocodePostcode(deps, 'PR1 8BU')).toMatchObject({ source: 'directory' });
  });

  it('answers null for something that is not a postcode without asking anyone', async () => {
    expect(await geocodePostcode({ db: database.db, config: { geocoderUrl: serviceUrl } }, 'not a postcode')).toBeNull();
    expect(asked).toEqual([]);
  });
});
