// `npm run migrate`: applies pending migrations to DATABASE_URL and exits.
import { loadConfigOrExit } from '../config';
import { createLogger } from '../logger';
import { migrate } from './migrate';
import { createOrm } from './orm';

async function main(): Promise<void> {
  const config = loadConfigOrExit('migrate');
  const logger = createLogger(config.logLevel, 'ticketflow-migrate');
  const orm = await createOrm({ clientUrl: config.database.url!, poolSize: 2 });
  try {
    const applied = await migrate(orm, { serialize: true });
    logger.info({ applied }, applied.length ? 'migrations applied' : 'nothing to apply');
  } finally {
    await orm.close(true);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
