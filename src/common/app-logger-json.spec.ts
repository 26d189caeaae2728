import Fastify from 'fastify';
import { AppLogger } from './app-logger';
import { registerRequestContext } from './request-context';

describe(`${AppLogger.name} with LOG_FORMAT=json`, () => {
  let lines: Array<{ stream: string; text: string }>;
  let spies: jest.SpyInstance[];

  beforeEach(() => {
    lines = [];
    spies = (['stdout', 'stderr'] as const).map((stream) =>
      jest
        .spyOn(process[stream], 'write')
        .mockImplementation(
          (chunk: string | Uint8Array) => (lines.push({ stream, text: String(chunk) }), true),
        ),
    );
  });

  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  const sut = () => new AppLogger({ logLevels: ['error', 'warn', 'log'], json: true });
  const parsed = () =>
    lines.map((l) => {
      expect(l.text.endsWith('\n')).toBe(true);
      expect(l.text.slice(0, -1)).not.toContain('\n');
      return JSON.parse(l.text) as Record<string, unknown>;
    });

  it('writes one JSON object per line: time, level, context, msg', () => {
    sut().log('Tandem is running at http://localhost:3000', 'Tandem');
    sut().warn('two\nlines', 'Somewhere');
    const [running, warned] = parsed();
    expect(running).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'log',
      context: 'Tandem',
      msg: 'Tandem is running at http://localhost:3000',
    });
    expect(warned).toMatchObject({ level: 'warn', context: 'Somewhere', msg: 'two\nlines' });
  });

  it('puts an error on stderr with its stack, as one line', () => {
    const error = new Error('boom');
    sut().error('Failed', error.stack, 'Worker');
    expect(lines).toHaveLength(1);
    expect(lines[0].stream).toBe('stderr');
    expect(parsed()[0]).toMatchObject({ level: 'error', msg: 'Failed', stack: error.stack });
  });

  it('spreads a message given as fields', () => {
    sut().log({ msg: 'GET /health 200', status: 200, route: '/health' }, 'HTTP');
    expect(parsed()[0]).toMatchObject({
      context: 'HTTP',
      msg: 'GET /health 200',
      status: 200,
      route: '/health',
    });
  });

  it('keeps route mapping lines at debug level', () => {
    sut().log('Mapped {/admin/units, GET} route', 'RouterExplorer');
    expect(lines).toEqual([]);
  });

  it('adds the request id to lines written while a request is handled', async () => {
    const logger = sut();
    const app = Fastify();
    registerRequestContext(app);
    app.get('/work', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.log('working on it', 'Worker');
      return 'done';
    });
    const res = await app.inject({ method: 'GET', url: '/work' });
    logger.log('between requests', 'Worker');
    await app.close();
    const [during, between] = parsed();
    expect(during).toMatchObject({ msg: 'working on it', reqId: res.headers['x-request-id'] });
    expect(between.reqId).toBeUndefined();
  });
});
