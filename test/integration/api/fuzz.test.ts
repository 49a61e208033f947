// Property-based fuzzing of the OpenAPI document: for every /api operation in /docs/json, fast-check
// generates requests from its schemas (path parameters, query, headers, body), conforming ones and
// broken ones (numbers past int4 and 2^53, huge offsets, NUL bytes, long strings, wrong types,
// unknown or missing fields, malformed JSON), sends them with app.inject to a real app on a test
// database, Temporal and Redis, with valid tokens of several roles. No answer may be a 5xx, and every
// 2xx must match the response schema the document gives for it.
//
// Bounded: FUZZ_RUNS requests per operation (default 40, about 1,500 in all). A failure prints the
// request and the seed; replay with FUZZ_SEED=<seed>.
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { User, UserRole } from '../../../src/db/entities';
import type { RoleSlug } from '../../../src/domain';
import { apiRoutes } from '../../../src/http/api';
import { registerApiDocs } from '../../../src/http/api/docs';
import { ApiTokenService } from '../../../src/services/api-tokens';
import { createItemWithParts, createUser } from '../../support/factories';
import { type Hints, type JsonSchema, schemaArb } from './schema-arbitraries';
import { startApi, SYSTEM_TOKEN, type ApiHarness } from './support';

jest.setTimeout(300_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: JsonSchema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>> };

interface FuzzRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** undefined: no body; {raw}: sent as is (malformed JSON and the like). */
  body: unknown;
  token: string;
}

const ROLES: RoleSlug[] = ['master', 'technician', 'qc_inspector', 'ops_manager'];

let api: ApiHarness;
let app: FastifyInstance;
let checker: FastifyInstance;
let doc: Doc;
const pool: { id: number; roles: RoleSlug[] }[] = [];
const hints: Hints = {};
const lastError = new Map<string, unknown>();

/** The /api plugin as buildHttpServer registers it, with a rate limit the fuzzer never reaches. */
async function fuzzApp(): Promise<FastifyInstance> {
  const instance = Fastify({ bodyLimit: 1024 * 1024, ajv: { customOptions: { allErrors: true } } });
  instance.addHook('onError', async (request, _reply, error) => {
    lastError.set(String(request.headers['x-fuzz-id']), error);
  });
  await registerApiDocs(instance);
  await instance.register(apiRoutes, {
    prefix: '/api',
    deps: api.deps,
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  await instance.ready();
  return instance;
}

/** Some data for requests to reach: users of each role, items with parts, tickets in several states. */
async function seed(): Promise<void> {
  const orm = api.workshop.db.orm;
  for (const role of ROLES) pool.push({ id: (await createUser(orm, { roles: [role] })).id, roles: [role] });
  const tech = pool.find((u) => u.roles[0] === 'technician')!;
  const serials: string[] = [];
  const partIds: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const { item, parts } = await createItemWithParts(orm, { partNames: ['Frame', 'Wheel'] });
    serials.push(item.serialNumber);
    partIds.push(...parts.map((p) => p.id));
  }
  // Tickets: under review, new, assigned to the pool technician, in progress.
  for (const [i, steps] of [[], ['approve'], ['approve', 'assign'], ['approve', 'assign', 'start']].entries()) {
    const { item, parts } = await createItemWithParts(orm, { partNames: ['Fork'] });
    const created = await api.call('POST', '/api/tickets', {
      body: { serial_number: item.serialNumber, part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 10 }] },
    });
    expect([i, created.status]).toEqual([i, 201]);
    const ticketId = created.body.id as number;
    if (steps.includes('approve')) await api.call('POST', `/api/tickets/${ticketId}/approve-review`);
    if (steps.includes('assign'))
      await api.call('POST', `/api/tickets/${ticketId}/assign`, { body: { technician_id: tech.id } });
    if (steps.includes('start')) {
      const token = (await issueTokens())[1];
      expect((await api.call('POST', `/api/tickets/${ticketId}/actions/start`, { token })).status).toBe(200);
    }
  }
  hints.serial_number = fc.oneof(fc.constantFrom(...serials), fc.stringMatching(/^RM-[A-Z0-9]{4,12}$/));
  hints.serial = hints.serial_number;
  hints.part_id = fc.constantFrom(...partIds);
  hints.technician_id = fc.constantFrom(...pool.map((u) => u.id));
  hints.version = fc.integer({ min: 1, max: 4 });
}

/** Fresh tokens for the pool users, who are made active with their roles again (fuzzed writes change them). */
async function issueTokens(): Promise<string[]> {
  const em = api.workshop.db.orm.em.fork();
  const service = new ApiTokenService({ orm: api.workshop.db.orm });
  const tokens: string[] = [];
  for (const user of pool) {
    await em.nativeUpdate(User, { id: user.id }, { isActive: true });
    await em.nativeDelete(UserRole, { user: user.id });
    for (const role of user.roles) await em.insert(UserRole, { user: user.id, role });
    const issued = await service.issue({ id: user.id, roles: user.roles }, user.id, 'fuzz');
    tokens.push(issued.plaintext);
  }
  return tokens;
}

function requestArb(op: Operation, tokens: string[], nastyWeight: number): fc.Arbitrary<FuzzRequest> {
  const options = { nastyWeight, hints };
  const params = op.parameters ?? [];
  const group = (where: Parameter['in']) => {
    const list = params.filter((p) => p.in === where);
    return fc.record(Object.fromEntries(list.map((p) => [p.name, schemaArb(p.schema, options, p.name)])), {
      requiredKeys: list.filter((p) => where === 'path' || p.required).map((p) => p.name),
    });
  };
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<unknown> = bodySchema
    ? nastyWeight > 0
      ? fc.oneof(
          { weight: 10, arbitrary: schemaArb(bodySchema, options) },
          fc.constantFrom(
            undefined,
            { raw: '{"' },
            { raw: '[]' },
            { raw: 'null' },
            { raw: '"text"' },
            { raw: '1e999' },
          ),
        )
      : schemaArb(bodySchema, options)
    : fc.constant(undefined);
  return fc.record({
    path: group('path'),
    query: group('query'),
    headers: group('header'),
    body,
    token: fc.oneof({ weight: 3, arbitrary: fc.constant(SYSTEM_TOKEN) }, fc.constantFrom(...tokens)),
  });
}

const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'object' && value !== null
      ? JSON.stringify(value)
      : String(value);

/**
 * Percent-encodes a path segment; a lone surrogate becomes the invalid UTF-8 bytes a careless
 * client would send for it (encodeURIComponent refuses it).
 */
function encodeSegment(value: string): string {
  let out = '';
  for (const char of value) {
    const cp = char.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** Header values a real HTTP client can send (no control characters). */
const sendableHeader = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

let requestCounter = 0;

async function send(method: string, template: string, request: FuzzRequest) {
  const fuzzId = String((requestCounter += 1));
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(asText(request.path[name])));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, asText(item));
  }
  const headers: Record<string, string> = { authorization: `Bearer ${request.token}`, 'x-fuzz-id': fuzzId };
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined && value !== null && sendableHeader(asText(value))) headers[key] = asText(value);
  }
  let payload: string | undefined;
  if (request.body !== undefined) {
    const raw = (request.body as { raw?: unknown } | null)?.raw;
    payload = typeof raw === 'string' ? raw : JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  const query = search.toString();
  const res = await app.inject({
    method: method.toUpperCase() as 'GET',
    url: query ? `${path}?${query}` : path,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  return { res, url: query ? `${path}?${query}` : path, payload, error: lastError.get(fuzzId) };
}

/** One checker route per documented 2xx response schema; validation as fastify does it, but strict. */
async function responseChecker(operations: [string, string, Operation][]): Promise<FastifyInstance> {
  const instance = Fastify({
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false } },
  });
  for (const [method, path, op] of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      const schema = response.content?.['application/json']?.schema;
      if (!status.startsWith('2') || !schema) continue;
      instance.post(
        `/${method}${path.replace(/[{}]/g, '_')}/${status}`,
        { schema: { body: schema } },
        async () => ({}),
      );
    }
  }
  await instance.ready();
  return instance;
}

beforeAll(async () => {
  api = await startApi();
  app = await fuzzApp();
  await seed();
  doc = (await app.inject({ url: '/docs/json' })).json() as Doc;
  checker = await responseChecker(operationsOf(doc));
});
afterAll(async () => {
  await checker?.close();
  await app?.close();
  await api?.stop();
});

function operationsOf(document: Doc): [string, string, Operation][] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]): [string, string, Operation] => [method, path, op]),
    );
}

it('no generated request to any documented operation gets a 5xx, and every 2xx matches its schema', async () => {
  const operations = operationsOf(doc);
  expect(operations.length).toBeGreaterThanOrEqual(36);
  const failures: string[] = [];
  /** Answers per operation and status class, printed with FUZZ_VERBOSE (how deep the requests got). */
  const statuses: Record<string, Record<string, number>> = {};
  let sent = 0;
  const started = Date.now();
  for (const [method, template, op] of operations) {
    const tokens = await issueTokens();
    const arb = fc.oneof(
      { weight: 1, arbitrary: requestArb(op, tokens, 0) },
      { weight: 2, arbitrary: requestArb(op, tokens, 1) },
    );
    const result = await fc.check(
      fc.asyncProperty(arb, async (request) => {
        sent += 1;
        const { res, url, payload, error } = await send(method, template, request);
        const counts = (statuses[`${method.toUpperCase()} ${template}`] ??= {});
        counts[res.statusCode] = (counts[res.statusCode] ?? 0) + 1;
        const where = `${method.toUpperCase()} ${url}${payload === undefined ? '' : ` ${payload.slice(0, 300)}`}`;
        if (res.statusCode >= 500) {
          const cause = error instanceof Error ? `${error.name}: ${error.message}` : res.body;
          throw new Error(`${res.statusCode} for ${where}: ${cause}`);
        }
        if (res.statusCode < 300) {
          const check = await checker.inject({
            method: 'POST',
            url: `/${method}${template.replace(/[{}]/g, '_')}/${res.statusCode}`,
            headers: { 'content-type': 'application/json' },
            payload: res.body,
          });
          if (check.statusCode !== 200) {
            throw new Error(`${res.statusCode} for ${where} does not match its schema: ${check.body}`);
          }
        }
      }),
      // Bounded: stop at the first failure of an operation (no shrinking against a live server).
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (result.failed) {
      const reason =
        result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      failures.push(`${method.toUpperCase()} ${template} (seed ${result.seed}): ${reason.slice(0, 1500)}`);
    }
  }
  // The size and depth of the run, for whoever tunes FUZZ_RUNS.
  if (process.env.FUZZ_VERBOSE) console.log(`fuzz: ${sent} requests in ${Date.now() - started} ms`, statuses);
  expect(failures).toEqual([]);
});
