// Embedded PGlite behind its Postgres socket server, started the way src/dev.ts starts it (in
// memory here), in a process of its own: PGlite loads its WebAssembly with a dynamic import that
// jest's module sandbox refuses. Run by startPglite() below through tsx; prints `host:port` once
// listening and stops when its parent closes stdin or sends SIGTERM.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface PgliteServer {
  /** postgres://postgres@host:port/postgres, as src/dev.ts passes it to the app. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the server process (tests). */
export async function startPglite(): Promise<PgliteServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`PGlite server exited (${code}) before listening`)));
  });
  return {
    url: `postgres://postgres@${address}/postgres`,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server
      .stop()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.stdout.write(`${server.getServerConn()}\n`);
}

if (require.main === module) void serve();
