import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../../src/config';

const validProduction = {
  NODE_ENV: 'production',
  BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  WEBHOOK_URL: 'https://desk.example.com',
  WEBHOOK_SECRET: 'a-long-enough-secret_123',
  DATABASE_URL: 'postgres://u:p@db:5432/ticketflow',
  REDIS_URL: 'redis://redis:6379',
  MAIN_GROUP_ID: '-1001234567890',
  TECH_GROUPS_MAPPING: '{"alice": -1001111111111, "42": -1002222222222}',
  ADMIN_TELEGRAM_IDS: '111, 222',
  API_TOKEN: 'x'.repeat(32),
};

function problemsOf(env: Record<string, string>, kind: Parameters<typeof loadConfig>[1] = 'app'): string[] {
  try {
    loadConfig(env, kind);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('config', () => {
  it('parses a complete production environment into typed values', () => {
    const config = loadConfig(validProduction, 'app');
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.telegram.mainGroupId).toBe(-1001234567890);
    expect(config.telegram.techGroups).toEqual({ alice: -1001111111111, '42': -1002222222222 });
    expect(config.adminTelegramIds).toEqual([111, 222]);
    expect(config.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'ticketflow' });
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.qcSlaMinutes).toBe(240);
  });

  it('needs nothing at all for npm run dev, and treats empty variables as unset', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: '', DATABASE_URL: '  ', HTTP_PORT: '' }, 'dev');
    expect(config.database.url).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
    expect(config.http.port).toBe(3000);
    expect(config.temporal.address).toBe('localhost:7233');
  });

  it('lists every bad variable with the reason in one error', () => {
    const problems = problemsOf({
      HTTP_PORT: '70000',
      BOT_TOKEN: 'nope',
      TECH_GROUPS_MAPPING: '{not json',
      ADMIN_TELEGRAM_IDS: '1,abc',
      DATABASE_URL: 'mysql://x',
      TELEGRAM_API_ROOT: 'https://api.telegram.org/',
      LOG_LEVEL: 'loud',
    });
    const byVariable = Object.fromEntries(problems.map((p) => [p.split(':')[0], p]));
    expect(Object.keys(byVariable).sort()).toEqual(
      [
        'ADMIN_TELEGRAM_IDS',
        'BOT_TOKEN',
        'DATABASE_URL',
        'HTTP_PORT',
        'LOG_LEVEL',
        'TECH_GROUPS_MAPPING',
        'TELEGRAM_API_ROOT',
      ].sort(),
    );
    expect(byVariable.HTTP_PORT).toContain('from 0 to 65535');
    expect(byVariable.TELEGRAM_API_ROOT).toContain('slash');
  });

  it('refuses to start app or worker without real Postgres and Redis', () => {
    expect(problemsOf({}, 'app')).toEqual([
      expect.stringMatching(/^DATABASE_URL: required/),
      expect.stringMatching(/^REDIS_URL: required/),
    ]);
    expect(problemsOf({ DATABASE_URL: 'postgres://x@y/z' }, 'worker')).toEqual([
      expect.stringMatching(/^REDIS_URL: required/),
    ]);
    expect(problemsOf({ DATABASE_URL: 'postgres://x@y/z' }, 'migrate')).toEqual([]);
  });

  it('checks cross-variable rules', () => {
    const { WEBHOOK_SECRET: _secret, ...withoutSecret } = validProduction;
    expect(problemsOf(withoutSecret)).toEqual(['WEBHOOK_SECRET: required when WEBHOOK_URL is set']);
    expect(problemsOf({ ...validProduction, WEBHOOK_URL: '' })).toEqual([
      'WEBHOOK_URL: required in production (long polling is for development)',
    ]);
    expect(problemsOf({ ...validProduction, SHEETS_CREDS: '{"client_email":"a@b","private_key":"k"}' })).toEqual([
      'SHEETS_SPREADSHEET_ID: required when SHEETS_CREDS is set',
    ]);
  });

  it('documents every variable in .env.example, and docker-compose sets only known ones', () => {
    const root = path.resolve(__dirname, '../../..');
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());

    const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    const envBlock = compose.slice(compose.indexOf('x-ticketflow-env'), compose.indexOf('services:'));
    const appBlock = compose.slice(compose.indexOf('\n  app:'), compose.indexOf('\n  worker:'));
    const setByCompose = [...`${envBlock}\n${appBlock}`.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(setByCompose.length).toBeGreaterThan(10);
    const unknown = setByCompose.filter((name) => !(CONFIG_VARIABLES as string[]).includes(name));
    expect(unknown).toEqual([]);
  });
});
