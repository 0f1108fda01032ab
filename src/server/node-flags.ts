/**
 * The V8 settings production starts Node with (docs/decisions/165-app-memory-under-search-load.md).
 * They can only be given on the command line: V8 sizes its heap before any of our code runs, and
 * NODE_OPTIONS refuses --heap-growing-percent. `npm run start:production`, the systemd unit in docs/DEPLOYMENT.md and the
 * benchmark all start the server with them; the server warns at start-up when they are missing.
 *
 * - `--max-semi-space-size=16`: the young generation at most 2 × 16 MB, as it was up to Node 20.
 *   Node 24 lets it grow to 2 × 64 MB on a machine with this much memory, which a busy server
 *   reaches within seconds and keeps resident; the requests' short-lived objects die young either way.
 * - `--heap-growing-percent=50`: a full collection once the old generation has grown by half
 *   since the last one, rather than by up to four times: the feed build's and the search index's
 *   garbage then never holds more than tens of MB, and V8 keeps what it grew to resident.
 */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=50'] as const;

/** The production flags this process was started without (neither on the command line nor in NODE_OPTIONS). */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((f) => f.split('=')[0]!.replaceAll('_', '-'));
  return PRODUCTION_NODE_FLAGS.filter((flag) => !given.includes(flag.split('=')[0]!));
}
