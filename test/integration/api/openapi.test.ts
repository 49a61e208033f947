// The OpenAPI document: OpenAPI 3.x, structurally valid (checked against a JSON schema of the parts
// we rely on, with fastify's own validator), every /api route the plugin registers is in it with
// its request and response schemas and the bearer requirement, every schema in it compiles, the
// webhook is hidden, and Swagger UI is served at /docs.

// jest's module system cannot load this ESM-only dependency of Swagger UI's static file server (Node
// itself can); a stand-in lets this test load the real Swagger UI. Without it the app serves only
// /docs/json (checked at the end).
jest.mock('content-disposition', () => ({
  create: (filename?: string) => `attachment; filename="${filename ?? ''}"`,
  parse: () => ({ type: 'attachment', parameters: {} }),
}));

import Fastify, { type FastifyInstance } from 'fastify';
import { apiRoutes } from '../../../src/http/api';
import { buildHttpServer } from '../../../src/http/server';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean; schema: object }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  tags?: string[];
};
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A JSON schema of the OpenAPI 3.0 structure this API relies on. */
const ref = { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string' } } };
const mediaTypes = {
  type: 'object',
  minProperties: 1,
  additionalProperties: { type: 'object', required: ['schema'], properties: { schema: { type: 'object' } } },
};
const operationSchema = {
  type: 'object',
  required: ['responses'],
  properties: {
    tags: { type: 'array', items: { type: 'string' } },
    summary: { type: 'string' },
    description: { type: 'string' },
    security: { type: 'array', items: { type: 'object', additionalProperties: { type: 'array' } } },
    parameters: {
      type: 'array',
      items: {
        oneOf: [
          ref,
          {
            type: 'object',
            required: ['name', 'in'],
            properties: {
              name: { type: 'string', minLength: 1 },
              in: { enum: ['query', 'header', 'path', 'cookie'] },
              required: { type: 'boolean' },
              schema: { type: 'object' },
            },
            if: { properties: { in: { const: 'path' } } },
            then: { required: ['name', 'in', 'required'], properties: { required: { const: true } } },
          },
        ],
      },
    },
    requestBody: {
      type: 'object',
      required: ['content'],
      properties: { content: mediaTypes, required: { type: 'boolean' } },
    },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^([1-5][0-9]{2}|[1-5]XX|default)$' },
      additionalProperties: {
        type: 'object',
        required: ['description'],
        properties: { description: { type: 'string' }, content: mediaTypes },
      },
    },
  },
};
const openApiSchema = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.[0-9]+\\.[0-9]+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string' }, version: { type: 'string' } },
    },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        properties: Object.fromEntries(METHODS.map((m) => [m, operationSchema])),
      },
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: { type: 'object' } },
        securitySchemes: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['type'],
            properties: { type: { enum: ['apiKey', 'http', 'oauth2', 'openIdConnect'] }, scheme: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** Every route the API plugin registers, seen by an onRoute hook of a bare fastify. */
async function registeredApiRoutes(): Promise<string[]> {
  const app = Fastify();
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    }
  });
  await app.register(apiRoutes, { prefix: '/api', deps: api.deps });
  await app.close();
  return routes.filter((r) => !r.endsWith('*')).sort();
}

async function documentOf(app: FastifyInstance): Promise<Doc> {
  const res = await app.inject({ url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  return res.json() as Doc;
}

describe('OpenAPI document', () => {
  it('is a structurally valid OpenAPI 3 document with the bearer scheme', async () => {
    const doc = await documentOf(api.app);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });

    // Validate with fastify's own validator: the document as the body of a route whose schema is
    // the OpenAPI structure above.
    const checker = Fastify({ ajv: { customOptions: { allErrors: true } } });
    checker.post('/check', { schema: { body: openApiSchema } }, async () => ({ ok: true }));
    const res = await checker.inject({ method: 'POST', url: '/check', payload: doc });
    expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, '']);
    await checker.close();
  });

  it('lists every /api route with security, request schemas and response schemas', async () => {
    const doc = await documentOf(api.app);
    const registered = await registeredApiRoutes();
    expect(registered).toHaveLength(52);
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(registered);

    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, op.security]).toEqual([where, [{ bearerAuth: [] }]]);
        expect([where, op.tags?.length]).toEqual([where, 1]);
        // Path parameters are declared and typed.
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          const param = op.parameters?.find((p) => p.in === 'path' && p.name === name);
          expect([where, name, param?.required, param?.schema]).toEqual([where, name, true, expect.any(Object)]);
        }
        // Writes with a payload declare it.
        if (['post', 'put', 'patch'].includes(method) && !/(approve-review|\/reject)$/.test(path)) {
          expect([where, op.requestBody?.content['application/json']?.schema]).toEqual([where, expect.any(Object)]);
        }
        // A success response with a JSON schema, and the auth/rate-limit errors.
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect([where, success.length]).toEqual([where, 1]);
        expect([where, op.responses[success[0]].content?.['application/json']?.schema]).toEqual([
          where,
          expect.objectContaining({ type: 'object' }),
        ]);
        for (const status of ['401', '429']) {
          expect([where, status, op.responses[status]?.content?.['application/json']?.schema]).toEqual([
            where,
            status,
            expect.objectContaining({ required: ['error'] }),
          ]);
        }
      }
    }

    // A body without required fields may be left out; the others are required.
    expect(doc.paths['/api/tickets/{id}/actions/{action}'].post.requestBody?.required).toBe(false);
    expect(doc.paths['/api/tickets'].post.requestBody?.required).toBe(true);

    // Query filters are documented.
    const list = doc.paths['/api/tickets'].get.parameters!.map((p) => `${p.in}:${p.name}`);
    expect(list).toEqual(
      expect.arrayContaining(['query:status', 'query:technician_id', 'query:serial', 'query:limit', 'query:offset']),
    );
  });

  it('every schema in it compiles', async () => {
    const doc = await documentOf(api.app);
    const compiler = Fastify();
    let n = 0;
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        const schemas = [
          ...Object.values(op.responses).map((r) => r.content?.['application/json']?.schema),
          op.requestBody?.content['application/json']?.schema,
          // A parameter's schema may carry its default at the root; check it as a property.
          ...(op.parameters ?? []).map((p) => ({ type: 'object', properties: { [p.name]: p.schema } })),
        ].filter((s): s is object => !!s);
        for (const schema of schemas) {
          n += 1;
          compiler.post(`/s${n}`, { schema: { body: schema } }, async () => null);
        }
      }
    }
    await expect(compiler.ready()).resolves.toBeDefined();
    expect(n).toBeGreaterThan(100);
    await compiler.close();
  });

  it('keeps health documented and the webhook hidden; Swagger UI at /docs', async () => {
    const doc = await documentOf(api.app);
    expect(doc.paths['/healthz']?.get).toBeDefined();
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/webhook'))).toBe(false);

    const ui = await api.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.body).toMatch(/swagger/i);
  });

  it('the document needs no token, the API does', async () => {
    expect((await api.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
    expect((await api.app.inject({ url: '/api/tickets' })).statusCode).toBe(401);
    // Another app built the same way serves the same document.
    const again = await buildHttpServer(api.deps);
    expect(Object.keys((await documentOf(again)).paths).sort()).toEqual(
      Object.keys((await documentOf(api.app)).paths).sort(),
    );
    await again.close();
  });
});
