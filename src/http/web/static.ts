// The built front-end (web/, `npm run build -w web`): the console under /app/ and the Mini App
// under /miniapp/, each a single page with hash routes, so only files are served here. web/dist
// sits at the project root; the build copies it to dist/web/dist, the same relative place.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const WEB_DIST = path.resolve(__dirname, '../../../web/dist');

export const WEB_PAGES = ['app', 'miniapp'] as const;

/**
 * The pages load only their own scripts, styles and API (a session token lives in the page, so
 * injected script is what to keep out; inline styles are allowed, the Telegram SDK sets some). The console is never framed (clickjacking); the Mini App is
 * framed by Telegram's web client and by the sandbox page.
 */
export const CONTENT_SECURITY_POLICY: Record<(typeof WEB_PAGES)[number], string> = {
  app: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  miniapp:
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'self' https://web.telegram.org",
};

export const webStaticRoutes: FastifyPluginAsync<{ dist?: string }> = async (app, options) => {
  const dist = options.dist ?? WEB_DIST;
  for (const page of WEB_PAGES) {
    // The page's relative asset paths need the trailing slash.
    app.get(`/${page}`, { schema: { hide: true } as object }, async (_request, reply) =>
      reply.redirect(`/${page}/`, 301),
    );
    const root = path.join(dist, page);
    if (!existsSync(path.join(root, 'index.html'))) {
      // A checkout before its first build: say how to get the page instead of a bare 404.
      app.get(`/${page}/*`, { schema: { hide: true } as object }, async (_request, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(`The ${page} page is not built yet: run \`npm run build\` (or \`npm run dev\`, which builds it).`),
      );
      continue;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: `/${page}/`,
      decorateReply: false,
      // index.html names its hashed assets: always revalidate it, cache the assets for good.
      setHeaders: (reply, filePath) => {
        if (filePath.endsWith('.html')) {
          reply.header('cache-control', 'no-cache');
          reply.header('content-security-policy', CONTENT_SECURITY_POLICY[page]);
          reply.header('x-content-type-options', 'nosniff');
        } else {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
      cacheControl: false,
    });
  }
};
