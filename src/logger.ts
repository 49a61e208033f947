import pino, { type Logger } from 'pino';
import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';

export type { Logger };

export function createLogger(level: string, name = 'ticketflow'): Logger {
  return pino({ name, level, base: { service: name } });
}

/** Log lines about one ticket carry `ticket_id`, so they can be correlated across processes. */
export function ticketLogger(logger: Logger, ticketId: number | string): Logger {
  return logger.child({ ticket_id: ticketId });
}

const levelMap: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Bridges the Temporal runtime and workflow/activity loggers into pino. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: TemporalLogLevel, message: string, meta?: LogMetadata): void {
    this.logger[levelMap[level]]({ ...meta, source: 'temporal' }, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
