import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../../src/config';
import { temporalConnectionOptions } from '../../../src/temporal/client';

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
    expect(config.temporal).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'ticketflow',
      registerSearchAttributes: true,
    });
    expect(config.temporal.tls).toBeUndefined();
    expect(temporalConnectionOptions(config.temporal)).toEqual({ address: 'localhost:7233' });
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

  it('reads TRUST_PROXY: off by default, on for any proxy, or the listed addresses and ranges', () => {
    expect(loadConfig(validProduction, 'app').trustProxy).toBe(false);
    expect(loadConfig({ ...validProduction, TRUST_PROXY: 'false' }, 'app').trustProxy).toBe(false);
    expect(loadConfig({ ...validProduction, TRUST_PROXY: 'TRUE' }, 'app').trustProxy).toBe(true);
    expect(
      loadConfig({ ...validProduction, TRUST_PROXY: 'loopback, 10.0.0.0/8,172.18.0.2, fd00::/8, ::1' }, 'app')
        .trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', '172.18.0.2', 'fd00::/8', '::1']);
    for (const bad of ['yes', '2', '10.0.0.0/33', 'caddy', 'loopback,,10.0.0.1']) {
      expect(problemsOf({ ...validProduction, TRUST_PROXY: bad })).toEqual([
        'TRUST_PROXY: must be false, true, or comma-separated addresses or CIDR ranges ' +
          '(loopback, linklocal and uniquelocal name the private ones)',
      ]);
    }
  });

  // docker-compose.yml (what it passes to app and worker) is checked in test/unit/deploy.
  it('documents every variable in .env.example', () => {
    const root = path.resolve(__dirname, '../../..');
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  describe('Temporal on an existing cluster or Temporal Cloud', () => {
    let dir: string;
    let cert: string;
    let key: string;
    let ca: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'tf-config-'));
      [cert, key, ca] = ['client.pem', 'client.key', 'ca.pem'].map((name) => {
        const file = path.join(dir, name);
        writeFileSync(file, `-----BEGIN ${name}-----\n`);
        return file;
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const cloud = {
      ...validProduction,
      TEMPORAL_ADDRESS: 'desk.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'desk.a1b2c',
    };
    const apiKey = 'eyJhbGciOiJFUzI1NiJ9.secret-part.signature';

    it('an API key implies TLS and is handed to the connection', () => {
      const config = loadConfig({ ...cloud, TEMPORAL_API_KEY: apiKey }, 'worker');
      expect(config.temporal.tls).toEqual({});
      expect(temporalConnectionOptions(config.temporal)).toEqual({
        address: 'desk.a1b2c.tmprl.cloud:7233',
        tls: {},
        apiKey,
      });
    });

    it('never prints the API key: not in JSON, util.inspect, string interpolation or config errors', () => {
      const config = loadConfig({ ...cloud, TEMPORAL_API_KEY: apiKey }, 'app');
      expect(JSON.stringify(config)).not.toContain('secret-part');
      expect(inspect(config, { depth: 10 })).not.toContain('secret-part');
      expect(`${config.temporal.apiKey}`).toBe('[redacted]');
      expect(config.temporal.apiKey?.reveal()).toBe(apiKey);

      const problems = problemsOf({ ...cloud, TEMPORAL_API_KEY: 'has secret-part inside', TEMPORAL_TLS: 'false' });
      expect(problems).toEqual(['TEMPORAL_API_KEY: must not contain whitespace']);
      const refused = problemsOf({ ...cloud, TEMPORAL_API_KEY: apiKey, TEMPORAL_TLS: 'false' });
      expect(refused).toEqual([expect.stringMatching(/^TEMPORAL_API_KEY: needs TLS/)]);
      expect(refused.join()).not.toContain('secret-part');
    });

    it('mTLS with a private CA and server name: files are read when connecting', () => {
      const config = loadConfig(
        {
          ...cloud,
          TEMPORAL_TLS_CERT_PATH: cert,
          TEMPORAL_TLS_KEY_PATH: key,
          TEMPORAL_TLS_CA_PATH: ca,
          TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
        },
        'app',
      );
      expect(config.temporal.tls).toEqual({
        certPath: cert,
        keyPath: key,
        caPath: ca,
        serverName: 'temporal.internal',
      });
      const { tls } = temporalConnectionOptions(config.temporal);
      expect(tls?.serverNameOverride).toBe('temporal.internal');
      expect(tls?.clientCertPair?.crt.toString()).toContain('client.pem');
      expect(tls?.clientCertPair?.key.toString()).toContain('client.key');
      expect(tls?.serverRootCACertificate?.toString()).toContain('ca.pem');
    });

    it('TEMPORAL_TLS alone turns TLS on with the system CAs; false keeps plain text', () => {
      expect(loadConfig({ ...cloud, TEMPORAL_TLS: 'true' }, 'app').temporal.tls).toEqual({});
      expect(loadConfig({ ...cloud, TEMPORAL_TLS: 'false' }, 'app').temporal.tls).toBeUndefined();
      expect(problemsOf({ ...cloud, TEMPORAL_TLS: 'maybe' })).toEqual(['TEMPORAL_TLS: must be true or false']);
    });

    it('refuses a certificate without its key, a key without its certificate, unreadable files, and TLS settings with TLS off', () => {
      expect(problemsOf({ ...cloud, TEMPORAL_TLS_CERT_PATH: cert })).toEqual([
        'TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)',
      ]);
      expect(problemsOf({ ...cloud, TEMPORAL_TLS_KEY_PATH: key })).toEqual([
        'TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set (mTLS needs both)',
      ]);
      expect(
        problemsOf({ ...cloud, TEMPORAL_TLS_CERT_PATH: path.join(dir, 'missing.pem'), TEMPORAL_TLS_KEY_PATH: dir }),
      ).toEqual(['TEMPORAL_TLS_CERT_PATH: must be a readable file', 'TEMPORAL_TLS_KEY_PATH: must be a readable file']);
      expect(problemsOf({ ...cloud, TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_PATH: ca })).toEqual([
        'TEMPORAL_TLS_CA_PATH: set, but TEMPORAL_TLS is false',
      ]);
    });

    it('registers search attributes unless switched off', () => {
      expect(loadConfig(cloud, 'worker').temporal.registerSearchAttributes).toBe(true);
      for (const off of ['false', '0', 'no', 'OFF'])
        expect(
          loadConfig({ ...cloud, TEMPORAL_REGISTER_SEARCH_ATTRIBUTES: off }, 'worker').temporal
            .registerSearchAttributes,
        ).toBe(false);
      expect(problemsOf({ ...cloud, TEMPORAL_REGISTER_SEARCH_ATTRIBUTES: 'sometimes' })).toEqual([
        'TEMPORAL_REGISTER_SEARCH_ATTRIBUTES: must be true or false',
      ]);
    });
  });
});
