import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs a job now-ish and then every `everyMs`, one run at a time, logging failures. Jobs must be
 * idempotent (the renewal run is): several app instances may each run them, and a run that dies
 * part-way is simply run again.
 */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly options: { enabled: boolean } = { enabled: true },
  ) {}

  every(name: string, everyMs: number, job: () => Promise<unknown>, firstAfterMs = 10_000): void {
    // An instance started with SCHEDULED_JOBS=off only serves requests; another instance runs the jobs.
    if (!this.options.enabled) return;
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      const run = job()
        .then((result) => this.log.info({ job: name, result }, 'scheduled job finished'))
        .catch((err: unknown) => this.log.error({ err, job: name }, 'scheduled job failed; it runs again next time'))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    };
    this.timers.push(setTimeout(() => void tick(), firstAfterMs));
    this.timers.push(setInterval(() => void tick(), everyMs));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    await Promise.allSettled([...this.running]);
  }
}
