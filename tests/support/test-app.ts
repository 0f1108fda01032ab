import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/server/app.js';
import type { AppDeps } from '../../src/server/deps.js';
import { type Config, loadConfig } from '../../src/server/env.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  clock: TestClock;
  /** What services take: the same database, configuration and clock as the app. */
  deps: AppDeps;
  close(): Promise<void>;
}

/** A clock tests can move forward, for timeouts and expiries. */
export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
  /** Pretends it is this moment now (time still passes from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}

/** The whole app on a database of its own, for app.inject() tests. */
export async function createTestApp(options: Partial<Pick<BuildAppOptions, 'extraRoutes' | 'webRoot'>> & { env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://partnerhub.test', ...options.env });
  const clock = new TestClock();
  const app = await buildApp({ config, db: database.db, now: clock.now, ...options });
  return {
    app,
    database,
    config,
    clock,
    deps: { db: database.db, config, now: clock.now },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
