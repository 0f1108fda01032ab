// Load for `npm run bench`, in its own process so the app's timings do not share an event loop with
// the load generator. Reads { base, urls, connections, seconds, headers } as JSON on stdin and
// writes the figures as JSON on stdout. Only ever aims at 127.0.0.1, and stops by itself.
import autocannon from 'autocannon';
import { summarise } from './stats.js';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { base, urls, connections, seconds, headers } = JSON.parse(input) as {
  base: string;
  urls: string[];
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
};
if (new URL(base).hostname !== '127.0.0.1') throw new Error('The benchmark load only targets 127.0.0.1');

let next = 0;
// autocannon reports p97.5 but not p95, so every response time is kept and summarised here.
const times: number[] = [];
const statuses: Record<string, number> = {};
let finish: (result: autocannon.Result) => void = () => undefined;
let fail: (error: unknown) => void = () => undefined;
const finished = new Promise<autocannon.Result>((resolve, reject) => {
  finish = resolve;
  fail = reject;
});
const instance = autocannon(
  {
  url: base,
  connections,
  duration: Math.min(seconds, 60),
  headers: headers ?? {},
  requests: [{ setupRequest: (request) => ({ ...request, path: urls[next++ % urls.length]! }) }],
  },
  (error, result) => (error ? fail(error) : finish(result)),
);
instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
  times.push(responseTime);
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
});
const result = await finished;
const s = summarise(times);
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    total: times.length,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    errors: result.errors + result.timeouts,
    non2xx: times.length - Object.entries(statuses).filter(([code]) => code.startsWith('2')).reduce((n, [, c]) => n + c, 0),
    statuses,
  }),
);
