// The REST API on real servers: startWorkshop (Postgres, Redis, Temporal dev server, worker) plus
// buildHttpServer with the same deps, a system token, and small helpers around app.inject.
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../src/deps';
import type { RoleSlug } from '../../../src/domain';
import { buildHttpServer } from '../../../src/http/server';
import { createLogger } from '../../../src/logger';
import { createUser } from '../../support/factories';
import { startWorkshop, type Workshop, type WorkshopOptions } from '../../support/workshop';

export const SYSTEM_TOKEN = 'system-token-for-api-tests-0123456789';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export interface CallOptions {
  /** Bearer token; `null` sends no Authorization header. Default: the system token. */
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  workshop: Workshop;
  app: FastifyInstance;
  deps: CoreDeps;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  call<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: CallOptions,
  ): Promise<ApiResponse<T>>;
  /** A new active user with the roles and a token of their own (issued through the API). */
  userWithToken(roles: RoleSlug[]): Promise<{ id: number; token: string; tokenId: number }>;
  stop(): Promise<void>;
}

export async function startApi(options: WorkshopOptions = {}): Promise<ApiHarness> {
  const workshop = await startWorkshop({ ...options, env: { API_TOKEN: SYSTEM_TOKEN, ...options.env } });
  const deps: CoreDeps = {
    config: workshop.config,
    logger: createLogger(process.env.API_TEST_LOG_LEVEL ?? 'silent'),
    orm: workshop.db.orm,
    redis: workshop.redis,
    temporal: workshop.env.client,
  };
  const app = await buildHttpServer(deps);
  await app.ready();

  const call: ApiHarness['call'] = async (method, url, callOptions = {}) => {
    const token = callOptions.token === undefined ? SYSTEM_TOKEN : callOptions.token;
    const res = await app.inject({
      method,
      url,
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...callOptions.headers },
      ...(callOptions.body === undefined ? {} : { payload: callOptions.body as object }),
    });
    const text = res.body;
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };

  return {
    workshop,
    app,
    deps,
    call,
    async userWithToken(roles) {
      const user = await createUser(workshop.db.orm, { roles });
      const res = await call<{ id: number; token: string }>('POST', `/api/users/${user.id}/tokens`, {
        body: { name: 'test' },
      });
      if (res.status !== 201) throw new Error(`token not issued: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: user.id, token: res.body.token, tokenId: res.body.id };
    },
    async stop() {
      await app.close();
      await workshop.stop();
    },
  };
}
