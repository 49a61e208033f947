// OpenAPI 3 document of the HTTP app (@fastify/swagger) and Swagger UI at /docs (document at
// /docs/json). Register before any route so every route is seen. The Telegram webhook is left out.
//
// Swagger UI serves its assets through @fastify/static, which needs an ESM-only dependency
// (content-disposition 3). Runtimes that cannot require() ESM (Node < 20.19, jest's module system)
// fail to load it; then the document is still served at /docs/json and the UI is skipped with a
// warning, instead of the whole HTTP app failing to start.
import swagger from '@fastify/swagger';
import { fastifySwaggerUi } from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { BEARER_SCHEME } from './schemas';

export const API_VERSION = '1.0.0';

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ticketflow REST API',
        version: API_VERSION,
        description:
          'The workshop service desk for scripts and other systems: users and roles, inventory, tickets and ' +
          'their whole lifecycle, access requests, rules config and XP. Writes run the same Temporal ' +
          'workflows as the Telegram bot. Authenticate with `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description:
              'API_TOKEN (acts as the `system` super admin) or a per-user token from POST /api/users/{id}/tokens',
          },
        },
      },
      tags: [
        { name: 'tickets', description: 'Intake, lifecycle actions, history' },
        { name: 'users', description: 'Users and roles' },
        { name: 'tokens', description: 'Per-user API tokens' },
        { name: 'xp', description: 'XP totals, history, leaderboard' },
        { name: 'inventory', description: 'Inventories, categories, items, parts' },
        { name: 'access-requests', description: 'Moderation of Telegram access requests' },
        { name: 'rules', description: 'Versioned rules config' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    hideUntagged: true,
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/webhook') ? { ...schema, hide: true } : schema,
      url,
    }),
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      markOptionalBodies(documentObject.openapiObject.paths ?? {});
      return documentObject.openapiObject;
    },
  });
  await app.register(async (docs) => {
    try {
      // The plugin function itself (not its fastify-plugin wrapper): a failure to load the UI's
      // modules then surfaces here, before it registered anything.
      await swaggerUiPlugin(docs, { routePrefix: DOCS_PREFIX });
    } catch (err) {
      if (!isModuleLoadFailure(err)) throw err;
      app.log.warn({ err }, 'Swagger UI unavailable in this runtime; serving only the OpenAPI document');
      docs.get(`${DOCS_PREFIX}/json`, { schema: { hide: true } }, async () => app.swagger());
    }
  });
}

const DOCS_PREFIX = '/docs';

type Operation = {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { required?: unknown[] } }> };
};

/**
 * @fastify/swagger marks every request body required; under /api a missing body is read as `{}`,
 * so a body without required fields may be left out.
 */
function markOptionalBodies(paths: Record<string, unknown>): void {
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const body = operation?.requestBody;
      const schema = body?.content?.['application/json']?.schema;
      if (body && schema && !schema.required?.length) body.required = false;
    }
  }
}

/** The UI plugin is an async function; its typings declare the callback form. */
const swaggerUiPlugin = fastifySwaggerUi as unknown as (
  instance: FastifyInstance,
  options: { routePrefix: string },
) => Promise<void>;

function isModuleLoadFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // By name: jest's module system throws its sandbox's SyntaxError, not this realm's.
  return (
    (err as { name?: unknown } | null)?.name === 'SyntaxError' ||
    code === 'ERR_REQUIRE_ESM' ||
    code === 'ERR_REQUIRE_ASYNC_MODULE'
  );
}
