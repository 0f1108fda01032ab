import type { DB } from './db/database.js';
import type { Config } from './env.js';

/** What route modules and services need from the outside world; tests pass their own clock. */
export interface AppDeps {
  db: DB;
  config: Config;
  now: () => Date;
}
