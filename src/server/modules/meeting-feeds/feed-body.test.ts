import { gunzipSync } from 'node:zlib';
import { text } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFeedBytes, EntryIndex, type FeedBytes, type FreshEntry, type ListedEntry, plainFeedStream } from './feed-body.js';

/**
 * The feed body kept gzip-compressed, against the plain reference: after any sequence of changes
 * (entries added, removed, changed, hidden between the listing and the read, reordered), each
 * build's body is exactly `[` + the current entries in listing order + `]`, and an entry whose rows
 * changed is never copied forward from an earlier body.
 */

interface Meeting {
  id: string;
  fingerprint: string;
  json: string;
}

/** A small stand-in for the database: what the listing says, and what a read returns. */
class Listing {
  meetings: Meeting[] = [];
  /** Hidden after the listing was read and before the read: listed, but not returned. */
  hiddenOnRead = new Set<string>();
  reads: string[][] = [];

  listed(): ListedEntry[] {
    return this.meetings.map(({ id, fingerprint }) => ({ id, fingerprint }));
  }

  read = async (ids: readonly string[]): Promise<Map<string, FreshEntry>> => {
    this.reads.push([...ids]);
    const byId = new Map(this.meetings.map((m) => [m.id, m]));
    const out = new Map<string, FreshEntry>();
    for (const id of ids) {
      const m = byId.get(id);
      if (m && !this.hiddenOnRead.has(id)) out.set(id, { fingerprint: m.fingerprint, json: m.json });
    }
    return out;
  };

  /** The body a correct build gives. */
  expected(): string {
    return `[${this.meetings.filter((m) => !this.hiddenOnRead.has(m.id)).map((m) => m.json).join(',')}]`;
  }
}

const plain = (body: FeedBytes) => gunzipSync(body.gzip).toString('utf8');

function entry(id: string, version: number, extra = ''): Meeting {
  return { id, fingerprint: `${version}.1.1.1`, json: JSON.stringify({ slug: id, name: `Meeting ${id} v${version}${extra}` }) };
}

describe('the feed body kept gzip-compressed', () => {
  it('builds the first body a slice at a time and records where each entry lies', async () => {
    const db = new Listing();
    for (let i = 0; i < 10; i++) db.meetings.push(entry(`m${i}`, 1));
    const body = await buildFeedBytes(db.listed(), null, db.read, { readSlice: 3 });
    const text = plain(body);
    expect(text).toBe(db.expected());
    expect(JSON.parse(text)).toHaveLength(10);
    expect(body.length).toBe(Buffer.byteLength(text));
    expect(db.reads.map((r) => r.length)).toEqual([3, 3, 3, 1]);
    const k = body.entries.find('m4');
    expect(text.slice(body.entries.starts[k], body.entries.ends[k])).toBe(db.meetings[4]!.json);
    expect(body.entries.find('m10')).toBe(-1);
  });

  it('reads again only what changed, and never copies a changed or removed entry forward', async () => {
    const db = new Listing();
    for (let i = 0; i < 8; i++) db.meetings.push(entry(`m${i}`, 1));
    const first = await buildFeedBytes(db.listed(), null, db.read);
    db.reads = [];
    // m2 edited, m5 closed (no longer listed), m3a new between m3 and m4.
    db.meetings[2] = entry('m2', 2);
    db.meetings.splice(5, 1);
    db.meetings.splice(4, 0, entry('m3a', 1));
    const second = await buildFeedBytes(db.listed(), first, db.read);
    expect(plain(second)).toBe(db.expected());
    expect(db.reads).toEqual([['m2', 'm3a']]);
    expect(plain(second)).not.toContain('"name":"Meeting m2 v1"');
    expect(plain(second)).not.toContain('"slug":"m5"');
    // The first body is unchanged: a request holding it still gets exactly what it was built as.
    expect(JSON.parse(plain(first)).map((m: { slug: string }) => m.slug)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  it('leaves out a meeting hidden between the listing and the read, and keeps the newer rows a read returns', async () => {
    const db = new Listing();
    for (let i = 0; i < 4; i++) db.meetings.push(entry(`m${i}`, 1));
    const listed = db.listed();
    // Changed after the listing was read: the read returns version 2, which is newer, never older.
    db.meetings[1] = entry('m1', 2);
    db.hiddenOnRead.add('m3');
    const body = await buildFeedBytes(listed, null, db.read);
    expect(plain(body)).toBe(db.expected());
    expect(plain(body)).toContain('Meeting m1 v2');
    // The next build's listing shows version 2: nothing is read again.
    db.hiddenOnRead.clear();
    db.meetings.splice(3, 1);
    db.reads = [];
    const next = await buildFeedBytes(db.listed(), body, db.read);
    expect(db.reads).toEqual([]);
    expect(plain(next)).toBe(db.expected());
  });

  it('copies entries of many bytes and characters of several bytes across zlib stages intact', async () => {
    const db = new Listing();
    const long = 'é☕𝄞 '.repeat(30_000);
    for (let i = 0; i < 6; i++) db.meetings.push(entry(`m${i}`, 1, i % 2 === 0 ? long : 'ü'));
    const first = await buildFeedBytes(db.listed(), null, db.read);
    expect(plain(first)).toBe(db.expected());
    db.meetings[3] = entry('m3', 2, long);
    const second = await buildFeedBytes(db.listed(), first, db.read);
    expect(plain(second)).toBe(db.expected());
    expect(second.length).toBe(Buffer.byteLength(db.expected()));
  });

  it('reads an entry again rather than copy backwards when the listing order changed', async () => {
    const db = new Listing();
    for (let i = 0; i < 5; i++) db.meetings.push(entry(`m${i}`, 1));
    const first = await buildFeedBytes(db.listed(), null, db.read);
    db.reads = [];
    [db.meetings[1], db.meetings[3]] = [db.meetings[3]!, db.meetings[1]!];
    const second = await buildFeedBytes(db.listed(), first, db.read);
    expect(plain(second)).toBe(db.expected());
    expect(db.reads.flat().length).toBeGreaterThan(0);
  });

  it('gives an empty listing an empty array', async () => {
    const db = new Listing();
    const body = await buildFeedBytes([], null, db.read);
    expect(plain(body)).toBe('[]');
    expect(plain(await buildFeedBytes([], body, db.read))).toBe('[]');
  });

  it('streams the plain body decompressed', async () => {
    const db = new Listing();
    for (let i = 0; i < 300; i++) db.meetings.push(entry(`m${i}`, 1, 'x'.repeat(500)));
    const body = await buildFeedBytes(db.listed(), null, db.read);
    expect(await text(plainFeedStream(body))).toBe(db.expected());
  });

  it('matches the reference after any sequence of changes', async () => {
    const id = fc.integer({ min: 0, max: 40 }).map((n) => `m${String(n).padStart(2, '0')}`);
    const change = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id, extra: fc.constantFrom('', 'ß', 'x'.repeat(70_000)) }),
      fc.record({ kind: fc.constant('edit' as const), id }),
      fc.record({ kind: fc.constant('remove' as const), id }),
      fc.record({ kind: fc.constant('hide' as const), id }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(change, { maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 8 }), async (rounds, readSlice) => {
        const db = new Listing();
        const versions = new Map<string, number>();
        let body: FeedBytes | null = null;
        for (const changes of rounds) {
          db.hiddenOnRead.clear();
          for (const c of changes) {
            const at = db.meetings.findIndex((m) => m.id === c.id);
            if (c.kind === 'add' && at < 0) {
              db.meetings.push(entry(c.id, 1, c.extra));
              versions.set(c.id, 1);
            } else if (c.kind === 'edit' && at >= 0) {
              const v = (versions.get(c.id) ?? 1) + 1;
              versions.set(c.id, v);
              db.meetings[at] = entry(c.id, v);
            } else if (c.kind === 'remove' && at >= 0) {
              db.meetings.splice(at, 1);
            } else if (c.kind === 'hide' && at >= 0) {
              // Hidden during this build only if it must be read (a kept entry was checked by its fingerprint).
              db.hiddenOnRead.add(c.id);
              const v = (versions.get(c.id) ?? 1) + 1;
              versions.set(c.id, v);
              db.meetings[at] = entry(c.id, v);
            }
          }
          db.meetings.sort((a, b) => (a.id < b.id ? -1 : 1));
          body = await buildFeedBytes(db.listed(), body, db.read, { readSlice });
          expect(plain(body)).toBe(db.expected());
          expect(body.length).toBe(Buffer.byteLength(db.expected()));
          // A meeting hidden during the read has no entry, so the next build reads it again.
          for (const hidden of db.hiddenOnRead) expect(body.entries.find(hidden)).toBe(-1);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the entry index', () => {
  it('finds every id it holds, and no other, through colliding slots', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id-${i}`);
    const index = new EntryIndex({ ids, fingerprints: ids.map((id) => `${id}.fp`), starts: new Float64Array(1000), ends: new Float64Array(1000) });
    ids.forEach((id, k) => {
      expect(index.find(id)).toBe(k);
      expect(index.fingerprintIs(k, `${id}.fp`)).toBe(true);
      expect(index.fingerprintIs(k, `${id}.f`)).toBe(false);
    });
    expect(index.find('id-1000')).toBe(-1);
    expect(index.find('id-1')).toBe(1);
    expect(index.find('d-1')).toBe(-1);
    expect(EntryIndex.EMPTY.find('id-1')).toBe(-1);
  });
});
