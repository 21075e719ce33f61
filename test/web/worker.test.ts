/**
 * The Web Worker protocol over a `MessageChannel` (Node's, the same structured cloning
 * and transfer as a browser's): `ExplanationWorker` on one port, `serveExplanations` on the
 * other. A run equals the in-thread run bit for bit, progress arrives, an abort rejects
 * with AbortError and stops the worker side, errors come back as the library's classes.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ClarifyError, ModelError, ValidationError } from '../../src/errors.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import type { ImageClassifier } from '../../src/explain/model/image-model.js';
import { ExplanationWorker, type MessagePortLike, type ServeExplanationsOptions, serveExplanations } from '../../src/web/index.js';

vi.setConfig({ testTimeout: 30_000 });

/** A 24 × 20 RGBA picture: a bright disc on a dark ground. */
function picture(): RasterImage {
  const width = 24;
  const height = 20;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inside = (x - 14) ** 2 + (y - 9) ** 2 < 36;
      data[i] = inside ? 230 : 30 + x;
      data[i + 1] = inside ? 200 : 40 + y;
      data[i + 2] = inside ? 40 : 90;
      data[i + 3] = 255;
    }
  }
  return { width, height, channels: 4, data };
}

/** A deterministic classifier: three scores from each image's channel means. */
const meanModel = (): ImageClassifier => ({
  labels: ['red', 'green', 'blue'],
  predict: async (images) =>
    images.map((im) => {
      const sums = [0, 0, 0];
      for (let i = 0; i < im.data.length; i++) sums[i % im.channels] += im.data[i];
      const total = sums[0] + sums[1] + sums[2] + 1;
      return sums.map((s) => s / total);
    }),
});

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

/** A client and a server joined by a fresh MessageChannel. */
function connect<M>(options: ServeExplanationsOptions<M>) {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  const server = serveExplanations(port2 as unknown as MessagePortLike, options);
  const client = new ExplanationWorker<M>(port1 as unknown as MessagePortLike);
  return { client, server, port1, port2 };
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('ExplanationWorker and serveExplanations', () => {
  it('explains as in the thread, bit for bit, and reports progress', async () => {
    const image = picture();
    const options = { numSamples: 40, seed: 11, labels: 'all' as const, segmentation: { nSegments: 6, compactness: 10 } };
    const inThread = await explainImageClassification({ ...options, image, model: meanModel() });
    const created: unknown[] = [];
    const { client } = connect<string>({ createModel: (model) => (created.push(model), meanModel()) });
    const progress: [number, number][] = [];
    const result = await client.explain({ image, model: 'means', options }, { onProgress: (e) => progress.push([e.evaluated, e.total]) });

    expect(created).toEqual(['means']);
    expect(result).toEqual(inThread);
    expect(bytes(result.scores).equals(bytes(inThread.scores))).toBe(true);
    expect(bytes(result.segmentation.labels).equals(bytes(inThread.segmentation.labels))).toBe(true);
    result.explanations.forEach((e, k) => {
      expect(bytes(e.shapValues).equals(bytes(inThread.explanations[k].shapValues))).toBe(true);
      expect(bytes(e.standardErrors).equals(bytes(inThread.explanations[k].standardErrors))).toBe(true);
      expect(Object.is(e.expectedValue, inThread.explanations[k].expectedValue)).toBe(true);
    });
    expect(result.scores).toBeInstanceOf(Float64Array);
    expect(image.data.length).toBe(24 * 20 * 4); // copied, not transferred
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual([progress.at(-1)![1], progress.at(-1)![1]]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
  });

  it('runs several explanations at once and transfers the image when asked', async () => {
    const { client } = connect<null>({ createModel: () => meanModel() });
    const [a, b] = await Promise.all([
      client.explain({ image: picture(), model: null, options: { numSamples: 16, seed: 1 } }),
      client.explain({ image: picture(), model: null, options: { numSamples: 16, seed: 2 } }),
    ]);
    expect(a.seed).toBe(1);
    expect(b.seed).toBe(2);
    const image = picture();
    await client.explain({ image, model: null, options: { numSamples: 16 } }, { transferImage: true });
    expect(image.data.length).toBe(0); // detached: it went to the worker
  });

  it('aborts: the promise rejects with AbortError and the worker-side run stops', async () => {
    let calls = 0;
    let workerSignal: AbortSignal | undefined;
    const slow: ImageClassifier = {
      predict: async (images, signal) => {
        calls++;
        workerSignal = signal;
        await new Promise((r) => setTimeout(r, 5));
        return meanModel().predict(images, signal);
      },
    };
    const { client, port1 } = connect<null>({ createModel: () => slow });
    const seen: unknown[] = [];
    port1.addEventListener('message', (e) => seen.push((e as unknown as { data: unknown }).data));
    const controller = new AbortController();
    const run = client.explain(
      { image: picture(), model: null, options: { numSamples: 400, batchSize: 4, seed: 3 } },
      { signal: controller.signal, onProgress: () => controller.abort('stop') },
    );
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe('stop');
    await vi.waitFor(() => expect(seen.some((m) => (m as { type?: string }).type === 'clarify-ts:error')).toBe(true));
    const reported = seen.find((m) => (m as { type?: string }).type === 'clarify-ts:error') as { error: { name: string } };
    expect(reported.error.name).toBe('AbortError');
    expect(workerSignal?.aborted).toBe(true);
    const after = calls;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(after);
    expect(calls).toBeLessThan(400 / 4);

    const already = new AbortController();
    already.abort();
    await expect(client.explain({ image: picture(), model: null }, { signal: already.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('honours an abort mid-run promptly when the model never waits on a task (pure synchronous predict)', async () => {
    // Each call spins 2 ms of CPU and settles at once. Without the server's yields, the
    // progress messages and the abort would all wait for the run's end; here the page aborts
    // on the first progress message, so the worker must hear it long before its last call.
    let calls = 0;
    const busy: ImageClassifier = {
      predict: async (images, signal) => {
        calls++;
        const until = Date.now() + 2;
        while (Date.now() < until);
        return meanModel().predict(images, signal);
      },
    };
    const { client, port1 } = connect<null>({ createModel: () => busy });
    let reported = false;
    port1.addEventListener('message', (e) => {
      if ((e as unknown as { data: { type?: string } }).data.type === 'clarify-ts:error') reported = true;
    });
    const numSamples = 2000;
    const batchSize = 4;
    const controller = new AbortController();
    let progress = 0;
    const err = await client
      .explain(
        { image: picture(), model: null, options: { numSamples, batchSize, seed: 5 } },
        {
          signal: controller.signal,
          onProgress: () => {
            progress++;
            controller.abort('stop');
          },
        },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(progress).toBeGreaterThan(0);
    await vi.waitFor(() => expect(reported).toBe(true));
    // The worker stopped far from the run's end (about 500 calls).
    expect(calls).toBeLessThan(numSamples / batchSize / 2);
  });

  it("brings a model's error back as a ModelError, with its call and index", async () => {
    const broken: ImageClassifier = { predict: async (images) => images.map(() => [NaN, 1]) };
    const { client } = connect<null>({ createModel: () => broken });
    const image = picture();
    const inThread = await explainImageClassification({ image, model: broken, numSamples: 16 }).catch((e: unknown) => e);
    const err = await client.explain({ image, model: null, options: { numSamples: 16 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toBeInstanceOf(ClarifyError);
    expect((err as ModelError).message).toBe((inThread as ModelError).message);
    expect((err as ModelError).call).toBe((inThread as ModelError).call);
    expect((err as ModelError).index).toBe((inThread as ModelError).index);
    expect(((err as Error).cause as { workerStack: string }).workerStack).toContain('ModelError');
  });

  it('brings a bad option back as a ValidationError naming the field, value and allowed values', async () => {
    const { client } = connect<null>({ createModel: () => meanModel() });
    const image = picture();
    const inThread = (await explainImageClassification({ image, model: meanModel(), numSamples: -1 }).catch((e: unknown) => e)) as ValidationError;
    const err = (await client.explain({ image, model: null, options: { numSamples: -1 } }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect([err.field, err.value, err.allowed, err.message]).toEqual([inThread.field, inThread.value, inThread.allowed, inThread.message]);
  });

  it("brings createModel's own errors back by name, and refuses a request that cannot be cloned", async () => {
    const { client } = connect<string>({
      createModel: (name) => {
        throw new TypeError(`no model ${name}`);
      },
    });
    const err = (await client.explain({ image: picture(), model: 'x' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect([err.name, err.message]).toEqual(['TypeError', 'no model x']);
    const uncloneable = await client.explain({ image: picture(), model: 'x', options: { link: (() => 0) as never } }).catch((e: unknown) => e);
    expect((uncloneable as ValidationError).field).toBe('request');

    // A value that cannot be cloned is described instead.
    const { client: other } = connect<null>({
      createModel: () => {
        throw new ValidationError('model', () => 0, 'a model');
      },
    });
    const described = (await other.explain({ image: picture(), model: null }).catch((e: unknown) => e)) as ValidationError;
    expect(described).toBeInstanceOf(ValidationError);
    expect([described.field, described.value, described.allowed]).toEqual(['model', 'a function', 'a model']);
    expect(described.message).toBe('Invalid model: got a function; allowed: a model');
  });

  it('an onProgress that throws fails the explanation and stops the worker-side run', async () => {
    let signal: AbortSignal | undefined;
    const { client } = connect<null>({
      createModel: (_, s) => {
        signal = s;
        return { predict: async (images) => (await new Promise((r) => setTimeout(r, 5)), meanModel().predict(images)) };
      },
    });
    const boom = new Error('progress bar gone');
    const err = await client
      .explain({ image: picture(), model: null, options: { numSamples: 200, batchSize: 2 } }, { onProgress: () => { throw boom; } })
      .catch((e: unknown) => e);
    expect(err).toBe(boom);
    await vi.waitFor(() => expect(signal?.aborted).toBe(true));
  });

  it('ignores messages that are not its own, and terminate rejects what is under way', async () => {
    const { client, port2 } = connect<null>({
      createModel: () => ({ predict: () => new Promise<number[][]>(() => undefined) }),
    });
    port2.postMessage({ type: 'app:hello', id: 1 });
    port2.postMessage('plain text');
    const pending = client.explain({ image: picture(), model: null });
    await new Promise((r) => setTimeout(r, 20));
    client.terminate();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect(client.explain({ image: picture(), model: null })).rejects.toBeInstanceOf(AbortError);
  });

  it('checks what it is given', () => {
    expect(() => new ExplanationWorker({} as never)).toThrow(ValidationError);
    const { port1 } = new MessageChannel();
    opened.push(port1);
    expect(() => serveExplanations(port1 as unknown as MessagePortLike, {} as never)).toThrow(/createModel/);
  });
});
