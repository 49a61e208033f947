// The Mini App in the sandbox: Telegram would open /miniapp with launch parameters in the URL
// fragment (tgWebAppData: initData signed with the bot's token). Here the sandbox plays Telegram:
// it signs a persona's initData with the sandbox bot's token, and the page opens the Mini App in a
// frame. The app then signs in exactly as in Telegram (POST /auth/miniapp).
import type { FastifyPluginAsync } from 'fastify';
import type * as InitDataNode from '@telegram-apps/init-data-node' with { 'resolution-mode': 'import' };
import { SANDBOX_BOT_TOKEN, type Sandbox } from './sandbox';

/** Telegram's light theme, as a client sends it (tgWebAppThemeParams). */
const THEME = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#999999',
  link_color: '#2481cc',
  button_color: '#2481cc',
  button_text_color: '#ffffff',
  secondary_bg_color: '#efeff3',
};

export const sandboxMiniAppRoutes: FastifyPluginAsync<{ sandbox: Sandbox }> = async (app, { sandbox }) => {
  const { sign } = (await import('@telegram-apps/init-data-node')) as typeof InitDataNode;

  app.get<{ Params: { telegramId: number }; Querystring: { ticket?: number } }>(
    '/sandbox/api/personas/:telegramId/miniapp',
    {
      schema: {
        hide: true,
        params: { type: 'object', properties: { telegramId: { type: 'integer' } } },
        querystring: { type: 'object', properties: { ticket: { type: 'integer', minimum: 1 } } },
      } as object,
    },
    async (request, reply) => {
      const persona = sandbox.persona(request.params.telegramId);
      if (!persona) return reply.code(404).send({ error: 'unknown persona' });
      const [firstName, ...rest] = persona.name.split(' ');
      const initData = sign(
        {
          user: {
            id: persona.telegramId,
            first_name: firstName ?? persona.name,
            last_name: rest.join(' ') || undefined,
            username: persona.username,
            language_code: persona.languageCode,
          },
          query_id: `sandbox-${Date.now()}`,
        },
        SANDBOX_BOT_TOKEN,
        new Date(),
      );
      const fragment = new URLSearchParams({
        tgWebAppData: initData,
        tgWebAppVersion: '8.0',
        tgWebAppPlatform: 'web',
        tgWebAppThemeParams: JSON.stringify(THEME),
      });
      const search = request.query.ticket ? `?ticket=${request.query.ticket}` : '';
      return { url: `/miniapp/${search}#${fragment.toString()}` };
    },
  );
};
