import pino from 'pino';
import { PinoTemporalLogger, ticketLogger } from '../../src/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('logging', () => {
  it('a ticket logger carries ticket_id on every line', () => {
    const { logger, lines } = capture();
    ticketLogger(logger, 42).child({ event: 'x' }).info({ action: 'start' }, 'ticket action applied');
    expect(lines[0]).toMatchObject({
      ticket_id: 42,
      event: 'x',
      action: 'start',
      msg: 'ticket action applied',
      level: 30,
    });
  });

  it('bridges Temporal log levels and metadata into pino', () => {
    const { logger, lines } = capture();
    const temporal = new PinoTemporalLogger(logger);
    temporal.warn('activity failed', { workflowId: 'ticket-7' });
    temporal.log('DEBUG', 'polling');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'activity failed', workflowId: 'ticket-7', source: 'temporal' }),
      expect.objectContaining({ level: 20, msg: 'polling', source: 'temporal' }),
    ]);
  });
});
