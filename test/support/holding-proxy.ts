// A Bot API proxy for crash tests: forwards every call to the fake Bot API, except those a rule
// picks, which it holds open without answering (and never forwards) — a request in flight that the
// worker sending it can die in the middle of.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** The caller hung up (e.g. its process was killed). */
  closed: boolean;
}

export interface HoldingProxy {
  /** Use as TELEGRAM_API_ROOT. */
  url: string;
  held: HeldCall[];
  /** Holds the calls `rule` picks from now on (until `stopHolding`). */
  hold(rule: (method: string, params: Record<string, unknown>) => boolean): void;
  stopHolding(): void;
  waitForHeld(timeoutMs?: number): Promise<HeldCall>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let rule: ((method: string, params: Record<string, unknown>) => boolean) | null = null;
  const held: HeldCall[] = [];
  const open = new Set<ServerResponse>();
  const waiters: ((call: HeldCall) => void)[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = (req.url ?? '').split('/').pop() ?? '';
      let params: Record<string, unknown> = {};
      if (String(req.headers['content-type']).includes('json') && body.length > 0) {
        params = JSON.parse(body.toString()) as Record<string, unknown>;
      }
      if (rule?.(method, params)) {
        const call: HeldCall = { method, params, at: Date.now(), closed: false };
        held.push(call);
        open.add(res);
        res.on('close', () => {
          call.closed = true;
          open.delete(res);
        });
        waiters.splice(0).forEach((w) => w(call));
        return;
      }
      try {
        const answer = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: req.headers['content-type'] ? { 'content-type': String(req.headers['content-type']) } : {},
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch {
        res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    hold(next) {
      rule = next;
    },
    stopHolding() {
      rule = null;
    },
    waitForHeld(timeoutMs = 20_000) {
      if (held.length > 0) return Promise.resolve(held[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing held after ${timeoutMs} ms`)), timeoutMs);
        waiters.push((call) => {
          clearTimeout(timer);
          resolve(call);
        });
      });
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
