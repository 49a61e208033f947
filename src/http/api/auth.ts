// Bearer authentication of /api: every request names a token; the principal it resolves to is the
// actor of whatever the request does.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, DomainError } from '../../domain';
import { type ApiPrincipal, ApiTokenExpiredError, type ApiTokenService } from '../../services/api-tokens';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /api authentication hook; null only before it ran. */
    principal: ApiPrincipal | null;
  }
}

/** No usable bearer token (API 401). */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  constructor(
    readonly reason: 'missing' | 'invalid' | 'expired',
    /** The moment an expired token expired. */
    readonly expiredAt?: Date,
  ) {
    super(
      reason === 'missing'
        ? 'Send an API token as "Authorization: Bearer <token>".'
        : reason === 'expired'
          ? `The API token expired at ${expiredAt?.toISOString() ?? '?'}; rotate it or issue a new one.`
          : 'The API token is unknown, revoked, or its user is inactive.',
    );
  }
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

export function bearerToken(header: string | undefined): string | null {
  const match = header ? BEARER.exec(header) : null;
  return match ? match[1] : null;
}

export function authenticate(tokens: ApiTokenService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedError('missing');
    const principal = await tokens.authenticate(token).catch((err: unknown) => {
      if (err instanceof ApiTokenExpiredError) throw new UnauthorizedError('expired', err.expiredAt);
      throw err;
    });
    if (!principal) throw new UnauthorizedError('invalid');
    request.principal = principal;
  };
}

export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new UnauthorizedError('missing');
  return request.principal;
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { id: principal.userId, roles: principal.roles };
}

/** Reads of workshop data need some role; an active user without any gets the domain refusal. */
export function requireSomeRole(actor: Actor): void {
  if (actor.roles.length === 0) throw new DomainError('role.forbidden');
}
