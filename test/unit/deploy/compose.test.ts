// docker-compose.yml against the config, .env.example, the committed deploy/ files and the
// workflows' search attributes: what compose passes, publishes, mounts and waits for.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config';
import { ALL_SEARCH_ATTRIBUTES } from '../../../src/contracts/search-attributes';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  env_file?: string | string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test: string[] };
  entrypoint?: string[];
  restart?: string;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const processes = ['app', 'worker'] as const;

/** `NAME=value` lines of .env.example: what `cp .env.example .env` gives. */
const envExample = new Map(
  [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]] as const),
);
/** `# NAME=` lines: variables only compose reads (documented, commented out). */
const composeOnly = [...read('.env.example').matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

/** Compose's interpolation of ${NAME}, ${NAME:-default}, ${NAME-default} and $$, with .env = vars. */
function interpolate(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Z][A-Z0-9_]*)(?:(:?)-([^}]*))?\}/g, (match, name, colon, fallback) => {
    if (match === '$$') return '$';
    const set = vars.get(name);
    if (fallback === undefined) return set ?? '';
    return set === undefined || (colon && set === '') ? fallback : set;
  });
}

/** The environment a process gets: .env (here .env.example) overridden by compose's `environment`. */
function processEnv(name: (typeof processes)[number]): Record<string, string> {
  const env: Record<string, string> = Object.fromEntries(envExample);
  for (const [key, value] of Object.entries(services[name].environment ?? {}))
    env[key] = interpolate(String(value), envExample);
  return env;
}

const mounts = (service: Service) =>
  (service.volumes ?? []).map((v) => {
    const [source, target] = v.split(':');
    return { source, target };
  });

/** Problems the compose-spec JSON schema (shipped in the dclint package) finds in a compose file. */
async function schemaProblems(file: string): Promise<string[]> {
  // An ES module with a CommonJS build; its type declarations don't resolve under node16.
  const { DCLinter } = await import('dclint');
  const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
  const [result]: { messages: { rule: string; message: string }[] }[] = linter.lintFiles([file], false);
  return result.messages
    .filter((m) => ['invalid-yaml', 'invalid-schema', 'unknown-error'].includes(m.rule))
    .map((m) => m.message);
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file by the compose-spec schema', async () => {
    expect(await schemaProblems(path.join(root, 'docker-compose.yml'))).toEqual([]);
    // The check is live: a misspelt key is refused.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tf-compose-'));
    try {
      const broken = path.join(dir, 'docker-compose.yml');
      writeFileSync(broken, composeText.replace('stop_grace_period:', 'stop_grace_periods:'));
      expect(await schemaProblems(broken)).toEqual([expect.stringContaining('additional properties')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives app and worker every config variable through .env, and pins only in-network values', () => {
    const pinned = {
      app: [
        'NODE_ENV',
        'DATABASE_URL',
        'REDIS_URL',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'TEMPORAL_TLS',
        'HTTP_HOST',
        'HTTP_PORT',
      ],
      worker: ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TLS'],
    };
    for (const name of processes) {
      const service = services[name];
      expect([service.env_file].flat()).toContain('.env');
      const set = Object.keys(service.environment ?? {});
      // Every variable compose passes is one the config reads ...
      expect(set.filter((v) => !(CONFIG_VARIABLES as string[]).includes(v))).toEqual([]);
      // ... and compose pins no more than these, so every other one comes from .env.
      expect(set.sort()).toEqual([...pinned[name]].sort());
    }
    // .env is where an operator sets them: all documented (also checked in test/unit/config).
    expect([...CONFIG_VARIABLES].filter((v) => !envExample.has(v))).toEqual([]);
  });

  it('starts app and worker with a valid production config from a copied .env.example', () => {
    for (const name of processes) {
      const config = loadConfig(processEnv(name), name);
      expect(config.nodeEnv).toBe('production');
      expect(config.database.url).toMatch(/@postgres:5432\//);
      expect(config.redis.url).toBe('redis://redis:6379');
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.temporal.tls).toBeUndefined();
    }
    // The port the app listens on is the one its healthcheck, the published port and Caddy use.
    const port = loadConfig(processEnv('app'), 'app').http.port;
    expect(services.app.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/readyz`);
    expect(services.app.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    expect(read('deploy/caddy/Caddyfile')).toMatch(new RegExp(`reverse_proxy app:${port}\\b`));
  });

  it('agrees with .env.example on every default both state, and documents every variable it reads', () => {
    const defaults = [...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*):?-([^}]*)\}/g)].map((m) => [m[1], m[2]]);
    expect(defaults.length).toBeGreaterThan(0);
    for (const [name, fallback] of defaults) {
      const example = envExample.get(name);
      if (example) expect({ name, fallback }).toEqual({ name, fallback: example });
    }
    const interpolated = new Set([...composeText.matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...interpolated].filter((name) => !envExample.has(name) && !composeOnly.includes(name))).toEqual([]);
  });

  it('uses one namespace everywhere: the config default, .env.example and the namespace job', () => {
    const configDefault = loadConfig({}, 'dev').temporal.namespace;
    expect(envExample.get('TEMPORAL_NAMESPACE')).toBe(configDefault);
    const expressions = [
      services.app.environment?.TEMPORAL_NAMESPACE,
      services.worker.environment?.TEMPORAL_NAMESPACE,
      services['temporal-namespace'].environment?.TEMPORAL_NAMESPACE,
      services['temporal-ui'].environment?.TEMPORAL_DEFAULT_NAMESPACE,
    ];
    expect(new Set(expressions)).toEqual(new Set([`\${TEMPORAL_NAMESPACE:-${configDefault}}`]));
  });

  it('mounts the committed dynamic config where DYNAMIC_CONFIG_FILE_PATH points', () => {
    const temporal = services.temporal;
    const file = String(temporal.environment?.DYNAMIC_CONFIG_FILE_PATH);
    expect(path.posix.isAbsolute(file)).toBe(true);
    const mount = mounts(temporal).find((m) => file.startsWith(`${m.target}/`));
    expect(mount).toBeDefined();
    const committed = path.join(root, mount!.source, path.posix.relative(mount!.target, file));
    expect(existsSync(committed)).toBe(true);

    const settings = parse(readFileSync(committed, 'utf8')) as Record<string, { value: unknown }[]>;
    for (const [key, values] of Object.entries(settings)) {
      expect({ key, isList: Array.isArray(values) && values.length > 0 }).toEqual({ key, isList: true });
      for (const entry of values) expect(Object.keys(entry)).toContain('value');
    }
    // What ticketflow's services call: Workflow Update and Update-with-Start.
    expect(settings['frontend.enableUpdateWorkflowExecution']).toEqual([{ value: true }]);
    expect(settings['frontend.enableExecuteMultiOperation']).toEqual([{ value: true }]);
    expect(settings).not.toHaveProperty('system.forceSearchAttributesCacheRefreshOnRead');
  });

  it('runs the committed one-shot scripts, and every service waits for what it needs', () => {
    for (const [job, script] of [
      ['temporal-schema', 'setup-schema.sh'],
      ['temporal-namespace', 'create-namespace.sh'],
    ] as const) {
      const service = services[job];
      expect(service.entrypoint).toEqual(['sh', `/deploy/${script}`]);
      const mount = mounts(service).find((m) => m.target === '/deploy');
      expect(existsSync(path.join(root, mount!.source, script))).toBe(true);
      expect(service.restart).toBe('no');
    }

    const conditions: Record<string, Record<string, string>> = {};
    for (const [name, service] of Object.entries(services)) {
      const deps = service.depends_on ?? {};
      expect(Array.isArray(deps)).toBe(false); // long form: a condition for every dependency
      conditions[name] = Object.fromEntries(
        Object.entries(deps as Record<string, { condition?: string }>).map(([dep, d]) => [dep, d.condition ?? '']),
      );
      for (const [dep, condition] of Object.entries(conditions[name])) {
        expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy')
          expect({ dep, healthcheck: !!services[dep].healthcheck }).toEqual({
            dep,
            healthcheck: true,
          });
      }
      if (service.restart !== 'no')
        expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
    expect(conditions.temporal['temporal-schema']).toBe('service_completed_successfully');
    expect(conditions['temporal-namespace'].temporal).toBe('service_healthy');
    for (const name of processes)
      expect(conditions[name]).toEqual({
        postgres: 'service_healthy',
        redis: 'service_healthy',
        'temporal-namespace': 'service_completed_successfully',
      });
  });

  it('leaves shell expansions to the containers ($$), never to compose', () => {
    expect(composeText).not.toMatch(/(?<!\$)\$\(/);
    expect(services.temporal.healthcheck?.test.join(' ')).toContain('$$(hostname -i)');
  });

  it('publishes only on loopback, except Caddy on 80 and 443 in the proxy profile', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'caddy') continue;
      if (name !== 'jaeger') expect(service.profiles).toBeUndefined();
      for (const port of service.ports ?? [])
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
    expect(services['temporal-ui'].ports).toEqual(['127.0.0.1:8080:8080']);

    const caddy = services.caddy;
    expect(caddy.profiles).toEqual(['proxy']);
    expect(caddy.ports).toEqual(['80:80', '443:443', '443:443/udp']);
    expect(caddy.environment?.PUBLIC_HOST).toBe('${PUBLIC_HOST:-}');
    expect(composeOnly).toContain('PUBLIC_HOST');
    const caddyfile = mounts(caddy).find((m) => m.target === '/etc/caddy/Caddyfile');
    expect(caddyfile?.source).toBe('./deploy/caddy/Caddyfile');
    expect(read('deploy/caddy/Caddyfile')).toMatch(/^\{\$PUBLIC_HOST\} \{$/m);
  });

  it('runs Jaeger only in its profile: UI and OTLP/HTTP on loopback, the endpoint the README names', () => {
    const jaeger = services.jaeger;
    expect(jaeger.profiles).toEqual(['jaeger']);
    expect(jaeger.image).toMatch(/^jaegertracing\/all-in-one:\d+\.\d+\.\d+$/);
    expect(jaeger.ports).toEqual(['127.0.0.1:16686:16686', '127.0.0.1:4318:4318']);
    // Tracing stays off in the stack until .env names the collector, which then is valid config.
    for (const name of processes) expect(loadConfig(processEnv(name), 'app').tracing.enabled).toBe(false);
    const traced = loadConfig({ ...processEnv('app'), OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, 'app');
    expect(traced.tracing).toEqual({ enabled: true, otlpEndpoint: 'http://jaeger:4318' });
  });

  it('registers exactly the search attributes the workflows upsert', () => {
    const script = read('deploy/temporal/create-namespace.sh');
    const declared = /^SEARCH_ATTRIBUTES='([^']*)'$/m.exec(script)?.[1].split(' ');
    const typeNames: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int' };
    expect(declared?.sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${typeNames[key.type]}`).sort());
  });
});
