import { once } from 'node:events';
import type { DuplexOptions } from 'node:stream';
import { createGunzip, createGzip, type Gunzip, type Gzip, type ZlibOptions } from 'node:zlib';

/**
 * The Meeting Guide feed's body, kept only gzip-compressed (docs/decisions/165-app-memory-under-search-load.md).
 *
 * The body is a JSON array of entries in slug order. A build writes it straight into gzip, a slice
 * of entries at a time, so the 54 MB of plain text is never held whole; what is kept is the
 * compressed body (about 6 % of it) and, for the next build, each entry's byte range in the plain
 * text and the fingerprint of the rows it was made from. The next build decompresses the previous
 * body as a stream and copies every unchanged entry's bytes forward, in order, writing only the
 * changed ones anew. A body is never changed once built; a new build makes a new one.
 *
 * No database: the rows are read by the function the caller passes, so it is tested alone
 * (feed-body.test.ts).
 */

/** A listed meeting as the listing read names it, in slug order. */
export interface ListedEntry {
  id: string;
  fingerprint: string;
}

/** An entry made from rows read just now: the fingerprint of those rows and the entry's JSON text. */
export interface FreshEntry {
  fingerprint: string;
  json: string;
}

/** Reads the given meetings' entries; a meeting hidden since the listing was read is left out. */
export type ReadEntries = (ids: readonly string[]) => Promise<ReadonlyMap<string, FreshEntry>>;

/** A built body: gzip-compressed, with where each entry lies in the plain text (for the next build). */
export interface FeedBytes {
  gzip: Buffer;
  /** The plain body's length in bytes. */
  length: number;
  entries: EntryIndex;
}

/**
 * Each entry's meeting id, fingerprint and byte range in the plain body, found by id. Held as two
 * flat strings (every id, every fingerprint) and typed arrays rather than a Map of small strings: an
 * index of 100,000 entries is a few MB, and keeps no part of the listing text it was read from alive.
 */
export class EntryIndex {
  readonly size: number;
  private readonly ids: string;
  private readonly idEnds: Uint32Array;
  private readonly fingerprints: string;
  private readonly fingerprintEnds: Uint32Array;
  /** Open addressing by the id's hash: entry position + 1, or 0 for an empty slot. */
  private readonly slots: Uint32Array;
  /** Each entry's first byte and the byte after its last, in the plain body. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;

  constructor(entries: { ids: readonly string[]; fingerprints: readonly string[]; starts: Float64Array; ends: Float64Array }) {
    const n = entries.ids.length;
    this.size = n;
    // join() makes new flat strings, so the listing's own text can be freed.
    this.ids = entries.ids.join('');
    this.fingerprints = entries.fingerprints.join('');
    this.idEnds = cumulativeLengths(entries.ids);
    this.fingerprintEnds = cumulativeLengths(entries.fingerprints);
    this.starts = entries.starts;
    this.ends = entries.ends;
    let capacity = 16;
    while (capacity < n * 2) capacity *= 2;
    this.slots = new Uint32Array(capacity);
    for (let k = 0; k < n; k++) {
      let slot = hash(entries.ids[k]!) & (capacity - 1);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (capacity - 1);
      this.slots[slot] = k + 1;
    }
  }

  static readonly EMPTY = new EntryIndex({ ids: [], fingerprints: [], starts: new Float64Array(0), ends: new Float64Array(0) });

  /** The entry's position, or -1 if the id has none. */
  find(id: string): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(id) & mask; ; slot = (slot + 1) & mask) {
      const k = this.slots[slot]! - 1;
      if (k < 0) return -1;
      const start = k === 0 ? 0 : this.idEnds[k - 1]!;
      if (this.idEnds[k]! - start === id.length && this.ids.startsWith(id, start)) return k;
    }
  }

  /** Whether entry k was made from rows with this fingerprint. */
  fingerprintIs(k: number, fingerprint: string): boolean {
    const start = k === 0 ? 0 : this.fingerprintEnds[k - 1]!;
    return this.fingerprintEnds[k]! - start === fingerprint.length && this.fingerprints.startsWith(fingerprint, start);
  }
}

function cumulativeLengths(values: readonly string[]): Uint32Array {
  const ends = new Uint32Array(values.length);
  let total = 0;
  values.forEach((v, i) => (ends[i] = total += v.length));
  return ends;
}

/** FNV-1a over the UTF-16 code units: enough to spread uuids over the slots. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface BuildOptions {
  /** Meetings read per call of `read` at most (bounds what a build holds at once). */
  readSlice?: number;
  /** zlib's level; 6 (its default) makes the feed about 6 % of its size. */
  level?: number;
}

const READ_SLICE = 2000;
const GZIP_LEVEL = 6;
/** Bytes handed to zlib at a time, and how far the build may run ahead of it. */
const STAGE_BYTES = 64 * 1024;
const AHEAD_BYTES = 1024 * 1024;

const OPEN = 0x5b; // [
const COMMA = 0x2c; // ,
const CLOSE = 0x5d; // ]

/** Plain bytes in, gzip out: collects the compressed body while the build writes. */
class CompressingWriter {
  private readonly gzip: Gzip;
  private readonly out: Buffer[] = [];
  private readonly ended: Promise<unknown>;
  /** Stages zlib has finished reading, for reuse: the build makes no garbage of its plain text. */
  private readonly spare: Buffer[] = [];
  private stage: Buffer = Buffer.allocUnsafeSlow(STAGE_BYTES);
  private at = 0;
  length = 0;

  constructor(level: number) {
    // zlib passes stream options on to its Transform (@types/node leaves them out of ZlibOptions).
    this.gzip = createGzip({ level, chunkSize: STAGE_BYTES, writableHighWaterMark: AHEAD_BYTES } as ZlibOptions & DuplexOptions);
    this.gzip.on('data', (chunk: Buffer) => this.out.push(chunk));
    this.ended = once(this.gzip, 'end');
    // Seen by `ended` (once rejects on 'error'); without a listener an error would be thrown.
    this.gzip.on('error', () => undefined);
  }

  private handOver(): void {
    if (this.at === 0) return;
    // zlib reads the bytes later, on the thread pool: the stage is reused only once it has.
    const stage = this.stage;
    this.gzip.write(stage.subarray(0, this.at), () => this.spare.push(stage));
    this.stage = this.spare.pop() ?? Buffer.allocUnsafeSlow(STAGE_BYTES);
    this.at = 0;
  }

  byte(value: number): void {
    if (this.at === STAGE_BYTES) this.handOver();
    this.stage[this.at] = value;
    this.at += 1;
    this.length += 1;
  }

  text(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes <= STAGE_BYTES - this.at) {
      this.stage.write(value, this.at, 'utf8');
      this.at += bytes;
      this.length += bytes;
    } else {
      this.copy(Buffer.from(value, 'utf8'), 0, bytes);
    }
  }

  /** Copies source[start, end) in. */
  copy(source: Buffer, start: number, end: number): void {
    let from = start;
    while (from < end) {
      if (this.at === STAGE_BYTES) this.handOver();
      const n = Math.min(STAGE_BYTES - this.at, end - from);
      source.copy(this.stage, this.at, from, from + n);
      this.at += n;
      this.length += n;
      from += n;
    }
  }

  /** Waits while zlib is more than AHEAD_BYTES behind, so the plain text never piles up. */
  async keepPace(): Promise<void> {
    if (this.gzip.writableNeedDrain) await once(this.gzip, 'drain');
  }

  async finish(): Promise<Buffer> {
    this.handOver();
    this.gzip.end();
    await this.ended;
    return Buffer.concat(this.out);
  }

  destroy(): void {
    this.gzip.destroy();
  }
}

/** The previous body's plain bytes, decompressed as a stream and read forward only. */
class ForwardReader {
  private readonly gunzip: Gunzip;
  private readonly chunks: AsyncIterator<Buffer>;
  private chunk: Buffer = Buffer.alloc(0);
  /** Where `chunk` starts in the plain body. */
  private chunkStart = 0;

  constructor(gzip: Buffer) {
    this.gunzip = createGunzip({ chunkSize: STAGE_BYTES, readableHighWaterMark: AHEAD_BYTES } as ZlibOptions & DuplexOptions);
    this.gunzip.end(gzip);
    this.chunks = this.gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Copies plain bytes [start, end) into the writer; start is never before the last copy's end. */
  async copyTo(out: CompressingWriter, start: number, end: number): Promise<void> {
    let at = start;
    while (at < end) {
      const chunkEnd = this.chunkStart + this.chunk.length;
      if (at >= chunkEnd) {
        const next = await this.chunks.next();
        if (next.done) throw new Error('The previous feed body is shorter than its entries say');
        this.chunkStart = chunkEnd;
        this.chunk = next.value;
        continue;
      }
      if (at < this.chunkStart) throw new Error('Feed entries copied out of order');
      const from = at - this.chunkStart;
      const n = Math.min(this.chunk.length - from, end - at);
      out.copy(this.chunk, from, from + n);
      at += n;
    }
  }

  close(): void {
    this.gunzip.destroy();
  }
}

/**
 * Builds the body for the listing given (slug order). An entry of the previous body whose
 * fingerprint is unchanged is copied forward; the others are read through `read`, at most
 * `readSlice` at a time, in listing order, and written as they come. An entry read is used
 * whatever its fingerprint (it can only be newer than the listing's); one that `read` leaves out
 * (hidden in between) is left out of the body.
 */
export async function buildFeedBytes(
  listed: readonly ListedEntry[],
  previous: FeedBytes | null,
  read: ReadEntries,
  options: BuildOptions = {},
): Promise<FeedBytes> {
  const readSlice = options.readSlice ?? READ_SLICE;
  const out = new CompressingWriter(options.level ?? GZIP_LEVEL);
  const reader = previous && previous.entries.size > 0 ? new ForwardReader(previous.gzip) : null;
  const before = previous?.entries ?? EntryIndex.EMPTY;
  try {
    const ids: string[] = [];
    const fingerprints: string[] = [];
    const starts = new Float64Array(listed.length);
    const ends = new Float64Array(listed.length);
    // Where the last entry chosen for copying ends in the previous body: copies only go forward.
    let copiedTo = 0;
    /** The previous body's position of an entry to copy forward, or -1 to write it anew. */
    const reuse = (m: ListedEntry): number => {
      const k = before.find(m.id);
      if (k < 0 || !before.fingerprintIs(k, m.fingerprint) || before.starts[k]! < copiedTo) return -1;
      copiedTo = before.ends[k]!;
      return k;
    };
    out.byte(OPEN);
    let from = 0;
    while (from < listed.length) {
      // A window of the listing with at most readSlice entries to read: the whole listing after a
      // small change (one read), a slice at a time for a first build.
      const plan: number[] = [];
      const toRead: string[] = [];
      let to = from;
      for (; to < listed.length && toRead.length < readSlice; to++) {
        const k = reuse(listed[to]!);
        plan.push(k);
        if (k < 0) toRead.push(listed[to]!.id);
      }
      const fresh = toRead.length > 0 ? await read(toRead) : null;
      for (let i = from; i < to; i++) {
        const m = listed[i]!;
        const k = plan[i - from]!;
        const entry = k < 0 ? fresh?.get(m.id) : undefined;
        if (k < 0 && !entry) continue;
        const n = ids.length;
        if (n > 0) out.byte(COMMA);
        starts[n] = out.length;
        if (k >= 0) await reader!.copyTo(out, before.starts[k]!, before.ends[k]!);
        else out.text(entry!.json);
        ends[n] = out.length;
        ids.push(m.id);
        fingerprints.push(k >= 0 ? m.fingerprint : entry!.fingerprint);
        await out.keepPace();
      }
      from = to;
    }
    out.byte(CLOSE);
    const gzip = await out.finish();
    const n = ids.length;
    return { gzip, length: out.length, entries: new EntryIndex({ ids, fingerprints, starts: starts.slice(0, n), ends: ends.slice(0, n) }) };
  } catch (error) {
    out.destroy();
    throw error;
  } finally {
    reader?.close();
  }
}

/** The plain body, decompressed as it is sent. */
export function plainFeedStream(body: Pick<FeedBytes, 'gzip'>): Gunzip {
  const gunzip = createGunzip({ chunkSize: STAGE_BYTES });
  gunzip.end(body.gzip);
  return gunzip;
}
