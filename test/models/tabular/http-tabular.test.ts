import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ModelError, ValidationError } from '../../../src/errors.js';
import { httpEndpointTabularModel } from '../../../src/models/tabular/http-tabular-model.js';
import type { TabularRow } from '../../../src/models/tabular/tabular-model.js';

interface Seen {
  readonly body: string;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
}

/** Answers request `n` (1-based); `seen` holds every request, in arrival order. */
type Answer = (n: number, body: string, res: ServerResponse) => unknown;

let close: (() => Promise<void>) | undefined;

async function serve(answer: Answer): Promise<{ url: string; seen: Seen[]; inFlight: () => number; peak: () => number }> {
  const seen: Seen[] = [];
  let current = 0;
  let peak = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ body, contentType: req.headers['content-type'], accept: req.headers.accept });
      current++;
      peak = Math.max(peak, current);
      try {
        await answer(seen.length, body, res);
      } finally {
        current--;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/invocations`, seen, inFlight: () => current, peak: () => peak };
}

afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The score the test server gives a CSV line: its first number over 100. */
const scoreOf = (line: string) => Number(line.split(',')[0]) / 100;

function csvScores(body: string): string {
  return body.split('\n').map((line) => String(scoreOf(line))).join('\n');
}

const rows: TabularRow[] = Array.from({ length: 10 }, (_, i) => [10 + i, `w"${i}`, i % 2 === 0]);
const line = (r: TabularRow) => `${r[0]},"${String(r[1]).replace('"', '""')}",${r[2] ? 'True' : 'False'}`;

describe('httpEndpointTabularModel', () => {
  it('sends CSV lines, several records a request, and reads one score a line', async () => {
    const server = await serve((_, body, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end(csvScores(body));
    });
    const model = httpEndpointTabularModel({ url: server.url, probability: 0 });
    expect(model.describe).toBe(`endpoint ${server.url}`);
    const predictions = await model.predict(rows);
    expect(predictions).toEqual(rows.map((r) => ({ scores: [Number(r[0]) / 100] })));
    expect(server.seen).toEqual([{ body: rows.map(line).join('\n'), contentType: 'text/csv', accept: 'text/csv' }]);
  });

  it('splits requests at maxPayloadBytes exactly, and at maxRecordsPerRequest', async () => {
    const server = await serve((_, body, res) => res.end(csvScores(body)));
    // Lines are 14 or 15 bytes: `10,"w""0",True` is 14, `11,"w""1",False` is 15.
    const lines = rows.map(line);
    const limit = Buffer.byteLength(lines.slice(0, 3).join('\n'));
    const model = httpEndpointTabularModel({ url: server.url, maxPayloadBytes: limit, concurrency: 1 });
    expect(await model.predict(rows)).toEqual(rows.map((r) => ({ scores: [Number(r[0]) / 100] })));
    const bodies = server.seen.map((s) => s.body);
    expect(bodies[0]).toBe(lines.slice(0, 3).join('\n'));
    expect(bodies.join('\n')).toBe(lines.join('\n'));
    for (const b of bodies) expect(Buffer.byteLength(b)).toBeLessThanOrEqual(limit);
    // Each request but the last could not have taken the next record.
    let at = 0;
    for (const b of bodies.slice(0, -1)) {
      at += b.split('\n').length;
      expect(Buffer.byteLength(`${b}\n${lines[at]}`)).toBeGreaterThan(limit);
    }
    server.seen.length = 0;
    await httpEndpointTabularModel({ url: server.url, maxRecordsPerRequest: 4, concurrency: 1 }).predict(rows);
    expect(server.seen.map((s) => s.body.split('\n').length)).toEqual([4, 4, 2]);
  });

  it('keeps at most `concurrency` requests in flight and puts answers back in order', async () => {
    const server = await serve(async (n, body, res) => {
      await new Promise((r) => setTimeout(r, n % 2 === 0 ? 30 : 5));
      res.end(csvScores(body));
    });
    const model = httpEndpointTabularModel({ url: server.url, maxRecordsPerRequest: 1, concurrency: 3 });
    expect(await model.predict(rows)).toEqual(rows.map((r) => ({ scores: [Number(r[0]) / 100] })));
    expect(server.seen).toHaveLength(10);
    expect(server.peak()).toBe(3);
  });

  it('sends JSON Lines and JSON bodies byte for byte and reads JSON answers', async () => {
    const server = await serve((_, body, res) => {
      if (body.startsWith('{"instances"')) {
        const { instances } = JSON.parse(body) as { instances: Record<string, number>[] };
        res.end(JSON.stringify({ predictions: instances.map((x) => ({ label: x.age > 30 ? 'old' : 'young', probs: [0.1, 0.9] })) }));
      } else {
        res.end(body.split('\n').map((l) => JSON.stringify({ score: (JSON.parse(l) as { f: number[] }).f[0] / 100 })).join('\n'));
      }
    });
    const jsonl = httpEndpointTabularModel({ url: server.url, contentType: 'application/jsonlines', contentTemplate: '{"f":$features}', probability: 'score' });
    expect(await jsonl.predict([[25, 'a'], [40, 'b']])).toEqual([{ scores: [0.25] }, { scores: [0.4] }]);
    expect(server.seen[0]).toEqual({ body: '{"f":[25,"a"]}\n{"f":[40,"b"]}', contentType: 'application/jsonlines', accept: 'application/jsonlines' });
    const json = httpEndpointTabularModel({
      url: server.url,
      contentType: 'application/json',
      contentTemplate: '{"instances":$records}',
      recordTemplate: '$features_kvp',
      featureNames: ['age', 'job'],
      acceptType: 'application/json',
      label: 'predictions[*].label',
      probability: 'predictions[*].probs',
      labelHeaders: ['no', 'yes'],
    });
    expect(await json.predict([[25, 'a'], [40, 'b']])).toEqual([{ label: 'young', scores: [0.1, 0.9] }, { label: 'old', scores: [0.1, 0.9] }]);
    expect(json.labelHeaders).toEqual(['no', 'yes']);
    expect(server.seen[1]).toEqual({ body: '{"instances":[{"age":25,"job":"a"},{"age":40,"job":"b"}]}', contentType: 'application/json', accept: 'application/json' });
  });

  it('sends one record a request with a $record template', async () => {
    const server = await serve((_, body, res) => res.end(JSON.stringify({ score: (JSON.parse(body) as { x: number[] }).x[0] })));
    const model = httpEndpointTabularModel({ url: server.url, contentType: 'application/json', contentTemplate: '{"x":$record}', recordTemplate: '$features', probability: 'score' });
    expect(await model.predict([[1], [2], [3]])).toEqual([{ scores: [1] }, { scores: [2] }, { scores: [3] }]);
    expect(server.seen.map((s) => s.body).sort()).toEqual(['{"x":[1]}', '{"x":[2]}', '{"x":[3]}']);
  });

  it('fails the call on one bad answer, with a ModelError naming the records of that request', async () => {
    const server = await serve((n, body, res) => {
      const lines = body.split('\n');
      res.end(n === 2 ? lines.slice(1).map(scoreOf).join('\n') : csvScores(body));
    });
    const model = httpEndpointTabularModel({ url: server.url, maxRecordsPerRequest: 4, concurrency: 1 });
    const error = await model.predict(rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toBe(`Endpoint ${server.url} call 1 (records 4..7) returned 3 CSV lines for 4 records`);
    expect(error).toMatchObject({ call: 1, index: 4, endpoint: server.url });
    // The request after the bad one is never sent.
    expect(server.seen).toHaveLength(2);
  });

  it('names the record whose answer is unreadable', async () => {
    const server = await serve((_, body, res) => res.end(body.split('\n').map((l, i) => (i === 2 ? 'oops' : String(scoreOf(l)))).join('\n')));
    const error = await httpEndpointTabularModel({ url: server.url, probability: 0 }).predict(rows.slice(0, 4)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/call 0 \(records 0\.\.3\) returned for record 2 "oops" at probability 0; expected a score/);
    expect(error).toMatchObject({ index: 2 });
  });

  it('retries throttling and 5xx answers, then fails with the status and the attempts', async () => {
    const server = await serve((n, body, res) => {
      if (n === 1) {
        res.writeHead(503, { 'retry-after': '0' });
        res.end('busy');
      } else if (n === 2) {
        res.writeHead(429);
        res.end();
      } else res.end(csvScores(body));
    });
    const events: number[] = [];
    const model = httpEndpointTabularModel({ url: server.url, retryBaseDelayMs: 1, onRetry: (e) => events.push(e.status ?? 0) });
    expect(await model.predict(rows.slice(0, 2))).toEqual([{ scores: [0.1] }, { scores: [0.11] }]);
    expect(events).toEqual([503, 429]);
    expect(server.seen.map((s) => s.body)).toEqual(Array(3).fill(rows.slice(0, 2).map(line).join('\n')));

    await close?.();
    const down = await serve((_, __, res) => {
      res.writeHead(500);
      res.end('model crashed');
    });
    const error = await httpEndpointTabularModel({ url: down.url, retryBaseDelayMs: 1, maxRetries: 2 }).predict(rows.slice(0, 3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toBe(`Endpoint ${down.url} call 0 (records 0..2) failed after 3 attempts: HTTP 500 Internal Server Error: model crashed`);
    expect(error).toMatchObject({ status: 500, attempts: 3, index: 0, endpoint: down.url });
  });

  it('does not retry a 400, and stops at once when aborted', async () => {
    const server = await serve((n, _, res) => {
      if (n === 1) {
        res.writeHead(400);
        res.end('bad features');
        return;
      }
      // Never answers: the abort must end the wait.
    });
    await expect(httpEndpointTabularModel({ url: server.url }).predict([[1]])).rejects.toThrow(/failed after 1 attempt: HTTP 400 Bad Request: bad features \(HTTP 400 is not retried\)/);
    const controller = new AbortController();
    const pending = httpEndpointTabularModel({ url: server.url }).predict([[1]], controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('refuses bad options before any request', () => {
    expect(() => httpEndpointTabularModel({ url: 'ftp://x' })).toThrow(expect.objectContaining({ field: 'url' }));
    expect(() => httpEndpointTabularModel({ url: 'http://x', concurrency: 0 })).toThrow(expect.objectContaining({ field: 'concurrency' }));
    expect(() => httpEndpointTabularModel({ url: 'http://x', maxPayloadBytes: 1.5 })).toThrow(expect.objectContaining({ field: 'maxPayloadBytes' }));
    expect(() => httpEndpointTabularModel({ url: 'http://x', acceptType: 'text/csv', label: 'predicted_label' })).toThrow(ValidationError);
    expect(() => httpEndpointTabularModel({ url: 'http://x', contentType: 'application/json', contentTemplate: '$records' })).toThrow(expect.objectContaining({ field: 'recordTemplate' }));
  });
});
