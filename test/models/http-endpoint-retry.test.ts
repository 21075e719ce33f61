import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AbortError, ModelError, ValidationError } from '../../src/errors.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { type HttpEndpointRetryEvent, httpEndpointClassifier, httpEndpointDetector } from '../../src/models/http-endpoint.js';
import { backoffDelayMs, parseRetryAfter, resolveRetryPolicy, withRetries } from '../../src/models/retry.js';
import { sagemakerEndpointClassifier } from '../../src/models/sagemaker-endpoint.js';

/** Handles request `n` (1-based, counted on arrival) once its body is in. */
type Handler = (n: number, req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

interface TestServer {
  readonly url: string;
  /** Requests that arrived so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** A loopback HTTP server; `close` also drops connections a handler left hanging. */
async function serve(handle: Handler): Promise<TestServer> {
  let count = 0;
  const server = createServer((req, res) => {
    const n = ++count;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(n, req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/invocations`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Class scores the server computes from the pixels it got: mean R, G, B over 255. */
function meanRgb(image: RasterImage): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3] += image.data[i];
  return sums.map((s) => s / (image.width * image.height) / 255);
}

async function answerScores(res: ServerResponse, body: Buffer): Promise<void> {
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  const scores = meanRgb({ width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data) });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(scores));
}

function pattern(width: number, height: number, shift: number): RasterImage & { data: Uint8Array } {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 13 + shift * 31) % 256;
  return { width, height, channels: 3, data };
}

/** Four flat quadrants: SLIC finds 4 segments, so the explanation has something to attribute. */
function quadrants(size: number): RasterImage {
  const colours = [[230, 30, 30], [30, 230, 30], [30, 30, 230], [230, 230, 30]];
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) data.set(colours[(y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1)], (y * size + x) * 3);
  }
  return { width: size, height: size, channels: 3, data };
}

const expectedScores = (im: RasterImage) => Array.from(Float32Array.from(meanRgb(im)));

/** Small waits keep the tests fast; no assertion depends on how long anything took. */
const fast = { retryBaseDelayMs: 1, contentType: 'image/png' as const };

describe('httpEndpointClassifier retries', () => {
  it('recovers from every 3rd request failing with 500 and one 429 with Retry-After: 0', async () => {
    const server = await serve(async (n, _req, res, body) => {
      if (n === 2) {
        res.writeHead(429, { 'retry-after': '0' }).end('slow down');
        return;
      }
      if (n % 3 === 0) {
        res.writeHead(500).end('transient');
        return;
      }
      await answerScores(res, body);
    });
    try {
      const retries: HttpEndpointRetryEvent[] = [];
      // 5 failures in all (requests 2, 3, 6, 9, 12): with 4 in flight one image could meet
      // several of them, so allow 5 retries to keep the outcome independent of scheduling.
      const model = httpEndpointClassifier({ url: server.url, ...fast, maxRetries: 5, onRetry: (e) => retries.push(e) });
      const images = Array.from({ length: 8 }, (_, i) => pattern(5, 4, i));
      const scores = await model.predict(images);
      images.forEach((im, i) => expect(Array.from(scores[i])).toEqual(expectedScores(im)));
      // Successes are the requests not failed: 1, 4, 5, 7, 8, 10, 11, 13; the 8th is request 13.
      expect(server.requests()).toBe(13);
      expect(retries.map((r) => r.status).sort()).toEqual([429, 500, 500, 500, 500]);
      expect(retries.every((r) => r.endpoint === server.url)).toBe(true);
      expect(retries.find((r) => r.status === 429)?.reason).toBe('HTTP 429 Too Many Requests: slow down');
    } finally {
      await server.close();
    }
  });

  it('gives an explanation identical to a healthy endpoint while every 4th request fails', async () => {
    const healthy = await serve((_n, _req, res, body) => answerScores(res, body));
    const flaky = await serve((n, _req, res, body) => (n % 4 === 0 ? void res.writeHead(503).end() : answerScores(res, body)));
    try {
      const explain = (url: string) =>
        explainImageClassification({
          image: quadrants(24),
          model: httpEndpointClassifier({ url, ...fast }),
          numSamples: 20,
          seed: 1,
          segmentation: { nSegments: 4 },
          batchSize: 8,
        });
      const [a, b] = [await explain(healthy.url), await explain(flaky.url)];
      expect(a.segmentation.numSegments).toBe(4);
      expect(Array.from(a.explanations[0].shapValues).some((v) => Math.abs(v) > 0.01)).toBe(true);
      expect(b.explanations[0].shapValues).toEqual(a.explanations[0].shapValues);
      // 17 images (16 coalitions + the input): every 4th of the flaky server's requests failed.
      expect(healthy.requests()).toBe(17);
      expect(flaky.requests()).toBeGreaterThan(17);
    } finally {
      await Promise.all([healthy.close(), flaky.close()]);
    }
  });

  it('fails with a ModelError naming the URL, status and attempts when the endpoint stays at 503', async () => {
    const server = await serve((_n, _req, res) => void res.writeHead(503, { 'content-type': 'text/plain' }).end('model loading\n'));
    try {
      const model = httpEndpointClassifier({ url: server.url, ...fast, maxRetries: 2 });
      const err = await model.predict([pattern(2, 2, 0)]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect(err).toMatchObject({ endpoint: server.url, status: 503, attempts: 3, call: 0, index: 0 });
      expect((err as ModelError).message).toBe(
        `Endpoint ${server.url} call 0 (image 0) failed after 3 attempts: HTTP 503 Service Unavailable: model loading`,
      );
      expect(server.requests()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('retries 3 times by default', async () => {
    const server = await serve((_n, _req, res) => void res.writeHead(502).end());
    try {
      const err = await httpEndpointClassifier({ url: server.url, ...fast }).predict([pattern(2, 2, 0)]).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ModelError', status: 502, attempts: 4 });
      expect(server.requests()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('fails at once on a 400, and on a 501', async () => {
    const server = await serve((n, _req, res) => void res.writeHead(n === 1 ? 400 : 501).end(n === 1 ? '{"error":"bad image"}' : ''));
    try {
      const model = httpEndpointClassifier({ url: server.url, ...fast, concurrency: 1 });
      const err = await model.predict([pattern(2, 2, 0), pattern(2, 2, 1)]).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ModelError', status: 400, attempts: 1 });
      expect((err as ModelError).message).toBe(
        `Endpoint ${server.url} call 0 (image 0) failed after 1 attempt: HTTP 400 Bad Request: {"error":"bad image"} (HTTP 400 is not retried)`,
      );
      // The failed call ends the predict call: image 1 was never sent.
      expect(server.requests()).toBe(1);
      await expect(model.predict([pattern(2, 2, 0)])).rejects.toMatchObject({ status: 501, attempts: 1 });
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('times out a server that never answers, retrying each timeout', { timeout: 10_000 }, async () => {
    const server = await serve(() => undefined);
    try {
      const model = httpEndpointClassifier({ url: server.url, ...fast, timeoutMs: 50, maxRetries: 2 });
      const err = await model.predict([pattern(2, 2, 0)]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).message).toBe(`Endpoint ${server.url} call 0 (image 0) failed after 3 attempts: timed out after 50 ms (timeoutMs)`);
      expect(err).toMatchObject({ attempts: 3, endpoint: server.url });
      expect((err as ModelError).status).toBeUndefined();
      // Client and server share one event loop: give the last request's arrival a moment to be counted.
      for (let i = 0; i < 100 && server.requests() < 3; i++) await new Promise((r) => setTimeout(r, 10));
      expect(server.requests()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('times out an answer whose body never ends (the timeout covers the body)', { timeout: 10_000 }, async () => {
    const server = await serve((_n, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('[0.1, ');
    });
    try {
      const model = httpEndpointDetector({ url: server.url, ...fast, timeoutMs: 50, maxRetries: 0 });
      await expect(model.detect([pattern(2, 2, 0)])).rejects.toThrow(/failed after 1 attempt: timed out after 50 ms \(timeoutMs\)$/);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('retries a connection the server resets', async () => {
    const server = await serve(async (n, req, res, body) => {
      if (n === 1) req.socket.destroy();
      else await answerScores(res, body);
    });
    try {
      const retries: HttpEndpointRetryEvent[] = [];
      const model = httpEndpointClassifier({ url: server.url, ...fast, onRetry: (e) => retries.push(e) });
      const im = pattern(3, 3, 5);
      const [scores] = await model.predict([im]);
      expect(Array.from(scores)).toEqual(expectedScores(im));
      expect(server.requests()).toBe(2);
      expect(retries).toHaveLength(1);
      expect(retries[0].status).toBeUndefined();
      expect(retries[0].reason).toMatch(/^fetch failed \(UND_ERR_SOCKET: other side closed\)$/);
    } finally {
      await server.close();
    }
  });

  it('retries a refused connection and names the error code in the end', async () => {
    const server = await serve(() => undefined);
    const { url } = server;
    await server.close();
    const model = httpEndpointClassifier({ url, ...fast, maxRetries: 1 });
    const err = await model.predict([pattern(2, 2, 0)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ attempts: 2, endpoint: url });
    expect((err as ModelError).message).toMatch(/failed after 2 attempts: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
  });

  it('fails at once when the fetch option throws something that is not a network error', async () => {
    let calls = 0;
    const model = httpEndpointClassifier({
      url: 'http://127.0.0.1:9/invocations',
      ...fast,
      fetch: async () => {
        calls++;
        throw new TypeError('Invalid header value');
      },
    });
    await expect(model.predict([pattern(2, 2, 0)])).rejects.toThrow(/failed after 1 attempt: Invalid header value \(not retried\)$/);
    expect(calls).toBe(1);
  });

  it('waits the larger of backoff and Retry-After, capped at retryMaxDelayMs', async () => {
    const server = await serve(async (n, _req, res, body) => {
      if (n === 1) res.writeHead(503, { 'retry-after': '120' }).end();
      else await answerScores(res, body);
    });
    try {
      const delays: number[] = [];
      const model = httpEndpointClassifier({ url: server.url, ...fast, retryMaxDelayMs: 5, onRetry: (e) => delays.push(e.delayMs) });
      await model.predict([pattern(2, 2, 0)]);
      expect(delays).toEqual([5]);
    } finally {
      await server.close();
    }
  });

  it('rejects with AbortError when aborted during a backoff wait, without another request', { timeout: 10_000 }, async () => {
    // Retry-After: 30 makes the wait 20 s (the default cap); only an abort that ends the wait lets the test finish.
    const server = await serve((_n, _req, res) => void res.writeHead(503, { 'retry-after': '30' }).end());
    try {
      const controller = new AbortController();
      const delays: number[] = [];
      const model = httpEndpointClassifier({
        url: server.url,
        ...fast,
        onRetry: (e) => {
          delays.push(e.delayMs);
          setTimeout(() => controller.abort(new Error('user cancelled')), 1);
        },
      });
      const err = await model.predict([pattern(2, 2, 0)], controller.signal).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect((err as AbortError).cause).toEqual(new Error('user cancelled'));
      expect(delays).toEqual([20_000]);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('rejects with AbortError when aborted while a request hangs, and before any request', async () => {
    const server = await serve(() => undefined);
    try {
      const model = httpEndpointClassifier({ url: server.url, ...fast });
      const controller = new AbortController();
      const pending = model.predict([pattern(2, 2, 0)], controller.signal);
      while (server.requests() === 0) await new Promise((r) => setTimeout(r, 1));
      controller.abort();
      await expect(pending).rejects.toBeInstanceOf(AbortError);
      await expect(model.predict([pattern(2, 2, 0)], controller.signal)).rejects.toBeInstanceOf(AbortError);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('cancels the requests still in flight and sends no more once one request has failed', async () => {
    let hungClosed!: () => void;
    const closed = new Promise<void>((resolve) => (hungClosed = resolve));
    let secondArrived!: () => void;
    const second = new Promise<void>((resolve) => (secondArrived = resolve));
    const server = await serve(async (n, _req, res) => {
      if (n === 1) {
        // Fail the first request only once the second is in flight.
        await second;
        res.writeHead(400).end('no');
        return;
      }
      res.on('close', hungClosed);
      secondArrived();
    });
    try {
      const model = httpEndpointClassifier({ url: server.url, ...fast, concurrency: 2 });
      const images = Array.from({ length: 5 }, (_, i) => pattern(2, 2, i));
      await expect(model.predict(images)).rejects.toMatchObject({ status: 400, attempts: 1 });
      // The hung request is cancelled (the test would time out otherwise) and images 2..4 are never sent.
      await closed;
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('leaves the query out of messages, and refuses credentials in the URL', async () => {
    const server = await serve((_n, _req, res) => void res.writeHead(404).end());
    try {
      const err = await httpEndpointClassifier({ url: `${server.url}?code=secret`, ...fast }).predict([pattern(2, 2, 0)]).catch((e: unknown) => e);
      expect((err as ModelError).message).toBe(`Endpoint ${server.url}?... call 0 (image 0) failed after 1 attempt: HTTP 404 Not Found (HTTP 404 is not retried)`);
      expect((err as ModelError).endpoint).toBe(`${server.url}?...`);
      const withPassword = server.url.replace('http://', 'http://me:hunter2@');
      expect(() => httpEndpointClassifier({ url: withPassword })).toThrow(ValidationError);
      expect(() => httpEndpointClassifier({ url: withPassword })).toThrow(/^Invalid url: got "http:\/\/me:\*\*\*@127\.0\.0\.1:\d+\/invocations"; allowed: .*headers/);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('validates retry and timeout options before any request', async () => {
    const server = await serve(() => undefined);
    try {
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ maxRetries: -1 }, 'maxRetries'],
        [{ maxRetries: 1.5 }, 'maxRetries'],
        [{ maxRetries: '3' }, 'maxRetries'],
        [{ retryBaseDelayMs: -1 }, 'retryBaseDelayMs'],
        [{ retryBaseDelayMs: Number.NaN }, 'retryBaseDelayMs'],
        [{ retryBaseDelayMs: 50, retryMaxDelayMs: 10 }, 'retryMaxDelayMs'],
        [{ retryMaxDelayMs: Infinity }, 'retryMaxDelayMs'],
        [{ timeoutMs: 0 }, 'timeoutMs'],
        [{ timeoutMs: 2.5 }, 'timeoutMs'],
        [{ timeoutMs: Infinity }, 'timeoutMs'],
        [{ onRetry: 'log' }, 'onRetry'],
      ];
      for (const [options, field] of bad) {
        for (const factory of [httpEndpointClassifier, httpEndpointDetector]) {
          let err: unknown;
          try {
            factory({ url: server.url, ...options } as never);
          } catch (e) {
            err = e;
          }
          expect(err, JSON.stringify(options)).toBeInstanceOf(ValidationError);
          expect((err as ValidationError).field).toBe(field);
        }
      }
      expect(() => httpEndpointClassifier({ url: server.url, timeoutMs: 0 })).toThrow(
        'Invalid timeoutMs: got 0; allowed: an integer number of ms in 1..2147483647',
      );
      expect(() => httpEndpointClassifier({ url: server.url, maxRetries: -1 })).toThrow('Invalid maxRetries: got -1; allowed: an integer >= 0');
      expect(server.requests()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('retry helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 2 ', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    for (const unreadable of [null, undefined, '', '1.5', '-3', 'soon']) expect(parseRetryAfter(unreadable, now)).toBeUndefined();
  });

  it('draws full-jitter backoff from a doubling window capped at retryMaxDelayMs', () => {
    const policy = resolveRetryPolicy({ retryBaseDelayMs: 100, retryMaxDelayMs: 500 });
    expect(policy).toEqual({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 500 });
    expect([1, 2, 3, 4, 5].map((r) => backoffDelayMs(r, policy, () => 0.5))).toEqual([50, 100, 200, 250, 250]);
    expect(backoffDelayMs(1, policy, () => 0)).toBe(0);
    expect(resolveRetryPolicy({})).toEqual({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 20_000 });
  });

  it('stops at the first failure that is not retryable and propagates what an attempt throws', async () => {
    const policy = resolveRetryPolicy({ retryBaseDelayMs: 0 });
    const outcomes = [
      { ok: false as const, failure: 'busy', retryable: true },
      { ok: false as const, failure: 'bad', retryable: false },
    ];
    let n = 0;
    expect(await withRetries(async () => outcomes[n++], { policy })).toEqual({ ok: false, failure: 'bad', retryable: false, attempts: 2 });
    await expect(withRetries(() => Promise.reject(new RangeError('bug')), { policy })).rejects.toThrow(RangeError);
  });
});

describe('sagemakerEndpointClassifier errors', () => {
  it('carry the endpoint, status and attempts the AWS SDK reports', async () => {
    const server = await serve((_n, _req, res) => {
      res.writeHead(424, { 'content-type': 'application/json', 'x-amzn-errortype': 'ModelError' });
      res.end(JSON.stringify({ Message: 'Received server error (500) from primary' }));
    });
    try {
      const client = new SageMakerRuntimeClient({
        region: 'us-east-1',
        endpoint: new URL(server.url).origin,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
        maxAttempts: 1,
      });
      const err = await sagemakerEndpointClassifier({ endpointName: 'broken', client }).predict([pattern(2, 2, 0)]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect(err).toMatchObject({ endpoint: 'broken', status: 424, attempts: 1, call: 0, index: 0 });
    } finally {
      await server.close();
    }
  });
});
