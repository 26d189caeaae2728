import Fastify, { FastifyInstance } from 'fastify';
import { IncomingMessage } from 'node:http';
import { currentRequestId, registerRequestContext, requestIdGenerator } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const fromPeer = (remoteAddress: string, id?: string) =>
  ({
    headers: id === undefined ? {} : { 'x-request-id': id },
    socket: { remoteAddress },
  }) as unknown as IncomingMessage;

describe(requestIdGenerator.name, () => {
  const sut = requestIdGenerator(['10.0.0.0/8', '192.0.2.7', 'loopback']);

  it('takes the id a trusted proxy sent', () => {
    expect(sut(fromPeer('10.1.2.3', 'edge-7f3a.42:1'))).toBe('edge-7f3a.42:1');
    expect(sut(fromPeer('192.0.2.7', 'a'))).toBe('a');
    expect(sut(fromPeer('::ffff:10.9.9.9', 'mapped'))).toBe('mapped');
    expect(sut(fromPeer('::1', 'v6-loopback'))).toBe('v6-loopback');
  });

  it('makes its own when the peer is not a trusted proxy', () => {
    expect(sut(fromPeer('203.0.113.5', 'forged'))).toMatch(UUID);
    expect(sut(fromPeer('192.0.2.8', 'forged'))).toMatch(UUID);
    expect(requestIdGenerator([])(fromPeer('127.0.0.1', 'forged'))).toMatch(UUID);
  });

  it('makes its own when the header does not look like an id', () => {
    for (const bad of ['', 'has space', 'quote"d', 'line\nbreak', 'x'.repeat(129), 'päth'])
      expect(sut(fromPeer('10.0.0.1', bad))).toMatch(UUID);
    expect(sut(fromPeer('10.0.0.1', 'x'.repeat(128)))).toBe('x'.repeat(128));
    expect(sut(fromPeer('10.0.0.1'))).toMatch(UUID);
  });

  it('gives each request its own id', () => {
    expect(sut(fromPeer('203.0.113.5'))).not.toBe(sut(fromPeer('203.0.113.5')));
  });
});

describe(registerRequestContext.name, () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ genReqId: requestIdGenerator(['127.0.0.1']) });
    registerRequestContext(app);
    app.post('/echo', async (request) => {
      const early = currentRequestId();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { early, late: currentRequestId(), id: request.id, body: request.body };
    });
    await app.ready();
  });

  afterAll(() => app.close());

  it('answers with the request id and has it everywhere the handler runs, after the body is read', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      remoteAddress: '127.0.0.1',
      headers: { 'x-request-id': 'trace-1' },
      payload: { a: 'x'.repeat(100_000) },
    });
    expect(res.headers['x-request-id']).toBe('trace-1');
    const body = res.json<{ early: string; late: string; id: string }>();
    expect(body).toMatchObject({ early: 'trace-1', late: 'trace-1', id: 'trace-1' });
  });

  it('keeps concurrent requests apart', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } }),
      ),
    );
    const ids = answers.map((res) => {
      const body = res.json<{ early: string; late: string }>();
      expect(body.late).toBe(res.headers['x-request-id']);
      expect(body.early).toBe(res.headers['x-request-id']);
      return body.late;
    });
    expect(new Set(ids).size).toBe(20);
  });

  it('is empty outside a request', () => {
    expect(currentRequestId()).toBeUndefined();
  });
});
