import { describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';

describe('configuration', () => {
  it('defaults to the embedded database on localhost:3000 with mail kept in the Outbox', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('localhost');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data/pglite' });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.secureCookies).toBe(false);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('runs on PostgreSQL when DATABASE_URL is set, and honours PORT and HOST', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/hub', PORT: '8080', HOST: '0.0.0.0' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/hub' });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
  });

  it('uses Secure cookies in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).secureCookies).toBe(true);
  });

  it('names each variable that is not valid', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });
});
