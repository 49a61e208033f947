import { DEV_SERVER_DYNAMIC_CONFIG } from '../../../src/temporal/dev-server-tuning';
import { DEFAULT_DATABASE_SERVER_URL, DEFAULT_REDIS_URL, parseOptions, UsageError } from '../../../bench/options';

describe('bench options', () => {
  it('defaults: 50 tickets, 5 lifecycles, 3 warm-up, no JSON, local Postgres, stock dev server', () => {
    expect(parseOptions([], {})).toEqual({
      iterations: 50,
      lifecycles: 5,
      warmup: 3,
      json: false,
      databaseServerUrl: DEFAULT_DATABASE_SERVER_URL,
      dynamicConfig: [...DEV_SERVER_DYNAMIC_CONFIG],
      pressTickets: 20,
      concurrency: 20,
      concurrentRounds: 2,
      queryTickets: 100_000,
      redisUrl: DEFAULT_REDIS_URL,
      fromSource: false,
    });
  });

  it('reads the environment, and argv wins over it', () => {
    const env = {
      BENCH_ITERATIONS: '10',
      BENCH_LIFECYCLES: '2',
      BENCH_WARMUP: '0',
      BENCH_JSON: 'true',
      BENCH_DATABASE_SERVER_URL: 'postgresql://bench:secret@db:5433/postgres',
      BENCH_DYNAMIC_CONFIG: 'history.transferProcessorMaxPollRPS=1000  a.b=true',
      BENCH_PRESS_TICKETS: '5',
      BENCH_CONCURRENCY: '4',
      BENCH_CONCURRENT_ROUNDS: '1',
      BENCH_REDIS_URL: 'redis://cache:6380',
      BENCH_QUERY_TICKETS: '0',
    };
    expect(parseOptions([], env)).toEqual({
      iterations: 10,
      lifecycles: 2,
      warmup: 0,
      json: true,
      databaseServerUrl: 'postgresql://bench:secret@db:5433/postgres',
      dynamicConfig: [...DEV_SERVER_DYNAMIC_CONFIG, 'history.transferProcessorMaxPollRPS=1000', 'a.b=true'],
      pressTickets: 5,
      concurrency: 4,
      concurrentRounds: 1,
      queryTickets: 0,
      redisUrl: 'redis://cache:6380',
      fromSource: false,
    });
    expect(
      parseOptions(['--iterations', '7', '--lifecycles=1', '--warmup', '4', '--dynamic-config', 'x.y="s"'], env),
    ).toMatchObject({ iterations: 7, lifecycles: 1, warmup: 4, dynamicConfig: expect.arrayContaining(['x.y="s"']) });
    expect(parseOptions(['--press-tickets', '3', '--concurrency=8', '--concurrent-rounds', '5'], env)).toMatchObject({
      pressTickets: 3,
      concurrency: 8,
      concurrentRounds: 5,
    });
  });

  it('--press-tickets 0 skips the press bench, as --query-tickets 0 skips the queries', () => {
    expect(parseOptions(['--press-tickets', '0', '--query-tickets=0'], {})).toMatchObject({
      pressTickets: 0,
      queryTickets: 0,
    });
    expect(parseOptions([], { BENCH_PRESS_TICKETS: '0' })).toMatchObject({ pressTickets: 0 });
    expect(() => parseOptions(['--press-tickets', '-1'], {})).toThrow(UsageError);
  });

  it("--stock-dev-server leaves out npm run dev's tuning", () => {
    expect(parseOptions(['--stock-dev-server'], {})).toMatchObject({ dynamicConfig: [] });
    expect(parseOptions(['--stock-dev-server', '--dynamic-config', 'a.b=1'], {})).toMatchObject({
      dynamicConfig: ['a.b=1'],
    });
    expect(parseOptions([], { BENCH_STOCK_DEV_SERVER: '1' })).toMatchObject({ dynamicConfig: [] });
  });

  it('--from-source runs the press step from src/ instead of the production build', () => {
    expect(parseOptions(['--from-source'], {})).toMatchObject({ fromSource: true });
    expect(parseOptions([], { BENCH_FROM_SOURCE: '1' })).toMatchObject({ fromSource: true });
    expect(parseOptions([], { BENCH_FROM_SOURCE: 'no' })).toMatchObject({ fromSource: false });
  });

  it('--json and --help', () => {
    expect(parseOptions(['--json'], {})).toMatchObject({ json: true });
    expect(parseOptions(['--iterations', '3', '--help'], {})).toBe('help');
    expect(parseOptions(['-h'], {})).toBe('help');
  });

  it.each([
    [['--iterations', '0']],
    [['--iterations=abc']],
    [['--iterations=2.5']],
    [['--warmup', '-1']],
    [['--lifecycles']],
    [['--bogus', '1']],
    [['positional']],
    [['--dynamic-config', 'no-equals-sign']],
    [['--concurrency', '0']],
  ])('rejects %j', (argv) => {
    expect(() => parseOptions(argv, {})).toThrow(UsageError);
  });

  it('rejects a bad environment value or a non-postgres URL', () => {
    expect(() => parseOptions([], { BENCH_ITERATIONS: 'many' })).toThrow(UsageError);
    expect(() => parseOptions([], { BENCH_DATABASE_SERVER_URL: 'mysql://localhost/x' })).toThrow(UsageError);
  });

  it('ignores empty environment variables', () => {
    expect(parseOptions([], { BENCH_ITERATIONS: ' ', BENCH_DATABASE_SERVER_URL: '' })).toMatchObject({
      iterations: 50,
      databaseServerUrl: DEFAULT_DATABASE_SERVER_URL,
    });
  });
});
