import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { unusedTotpCode } from './totp-codes.js';

/**
 * Real Partner Hub processes for the tests that need them (several instances, fault tests): start
 * one on a database, stop or kill it, sign in through its real forms, and a real SMTP server.
 */
const root = path.resolve(import.meta.dirname, '../..');

export async function startSmtp() {
  const received: { to: string[]; subject: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '' });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Polls until the check passes or the time is up; bounded, so a broken instance fails the test rather than hanging it. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
}

export interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}

export async function startInstance(name: string, databaseUrl: string, smtpUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`, DATABASE_URL: databaseUrl, DEMO_DATA: 'off', SMTP_URL: smtpUrl, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const instance = { name, url: `http://127.0.0.1:${port}`, child, output };
  await waitFor(`${name} to answer /healthz`, async () => {
    if (child.exitCode !== null) throw new Error(`${name} stopped at start-up:\n${output.join('')}`);
    return fetch(`${instance.url}/healthz`).then((r) => r.ok, () => false);
  }, 60_000);
  return instance;
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Cookies from fetch responses, sent back as a browser would. */
export class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response): this {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
export const postForm = (url: string, jar: Jar, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });


/** Kills the instance at once, as a crash or an out-of-memory kill would (no clean shutdown). */
export async function killInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGKILL');
  await exited;
}

/** Signs a person in through the instance's real sign-in form (and its two-factor form for staff); returns their cookies and CSRF token. */
export async function signInOverHttp(url: string, person: { email: string; password: string; totpSecret?: string | null }) {
  const jar = new Jar();
  const page = await fetch(`${url}/sign-in`);
  jar.take(page);
  const first = await postForm(`${url}/sign-in`, jar, { _csrf: formToken(await page.text()), email: person.email, password: person.password });
  jar.take(first);
  if (first.headers.get('location')?.startsWith('/sign-in/two-factor')) {
    if (!person.totpSecret) throw new Error(`${person.email} was asked for a code but has no two-factor secret`);
    const codePage = await fetch(`${url}/sign-in/two-factor`, { headers: { cookie: jar.header() } });
    jar.take(codePage);
    const second = await postForm(`${url}/sign-in/two-factor`, jar, { _csrf: formToken(await codePage.text()), code: await unusedTotpCode(person.totpSecret) });
    jar.take(second);
  }
  const me = await fetch(`${url}/api/v1/me`, { headers: { cookie: jar.header() } });
  if (me.status !== 200) throw new Error(`Signing ${person.email} in over HTTP failed (${me.status})`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { jar, csrf: csrfToken, headers: () => ({ cookie: jar.header(), 'x-csrf-token': csrfToken, 'content-type': 'application/json' }) };
}
