import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import { ModelError, ValidationError } from '../../src/errors.js';
import { httpEndpointClassifier, httpEndpointDetector } from '../../src/models/http-endpoint.js';
import { sagemakerEndpointClassifier, sagemakerEndpointDetector } from '../../src/models/sagemaker-endpoint.js';

interface Seen {
  path: string;
  contentType: string | undefined;
  accept: string | undefined;
  targetModel: string | undefined;
  images: RasterImage[];
}

/** Reads a .npy uint8 array the test server receives: header by the format spec, then raw bytes. */
function readNpy(body: Buffer): { shape: number[]; data: Uint8Array } {
  expect(body.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const headerLength = body.readUInt16LE(8);
  const header = body.subarray(10, 10 + headerLength).toString('latin1');
  expect(header).toContain("'descr': '|u1'");
  expect((10 + headerLength) % 64).toBe(0);
  const shape = (/'shape': \(([^)]*)\)/.exec(header) as RegExpExecArray)[1].split(',').filter((s) => s.trim()).map(Number);
  return { shape, data: new Uint8Array(body.subarray(10 + headerLength)) };
}

async function decodeBody(body: Buffer, contentType: string): Promise<RasterImage[]> {
  if (contentType === 'application/x-npy') {
    const { shape, data } = readNpy(body);
    const [n, h, w] = shape.length === 3 ? [1, shape[0], shape[1]] : shape;
    return Array.from({ length: n }, (_, i) => ({ width: w, height: h, channels: 3, data: data.subarray(i * w * h * 3, (i + 1) * w * h * 3) }));
  }
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  return [{ width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data) }];
}

/** Class scores: the mean of R, G and B over 255 (so the test can recompute them from the pixels). */
function meanRgb(image: RasterImage): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3] += image.data[i];
  return sums.map((s) => s / (image.width * image.height) / 255);
}

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '';
      const contentType = req.headers['content-type'];
      const entry: Seen = {
        path,
        contentType,
        accept: req.headers.accept,
        targetModel: req.headers['x-amzn-sagemaker-target-model'] as string | undefined,
        images: [],
      };
      seen.push(entry);
      if (path.includes('/endpoints/broken/')) {
        // The SageMaker Runtime error shape: x-amzn-ErrorType and a JSON Message.
        res.writeHead(424, { 'content-type': 'application/json', 'x-amzn-errortype': 'ModelError' });
        res.end(JSON.stringify({ Message: 'Received server error (500) from primary' }));
        return;
      }
      entry.images = await decodeBody(body, contentType ?? '');
      const detect = path.includes('detector');
      // Detectors: {"prediction": rows} for one image, {"prediction": [rows, rows, ...]} for a batch.
      const rows = entry.images.map((im) => [[1, meanRgb(im)[0], 0.1, 0.2, 0.5, 0.6], [0, 0.2, 0, 0, 1, 1]]);
      const scores = entry.images.map(meanRgb);
      const payload = detect
        ? { prediction: rows.length === 1 ? rows[0] : rows }
        : scores.length === 1
          ? scores[0]
          : scores;
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-invoked-production-variant': 'AllTraffic' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () =>
  new SageMakerRuntimeClient({ region: 'us-east-1', endpoint: base, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });

function pattern(width: number, height: number, shift: number): RasterImage & { data: Uint8Array } {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 13 + shift * 31) % 256;
  return { width, height, channels: 3, data };
}

describe('sagemakerEndpointClassifier (real AWS client, loopback server)', () => {
  it('POSTs each image as PNG to /endpoints/{name}/invocations and parses the probability array', async () => {
    seen.length = 0;
    const model = sagemakerEndpointClassifier({ endpointName: 'shapes-1', client: client(), contentType: 'image/png', targetModel: 'm.tar.gz' });
    const images = [pattern(5, 4, 0), pattern(5, 4, 1), pattern(3, 2, 2)];
    const scores = await model.predict(images);
    expect(seen).toHaveLength(3);
    for (const s of seen) {
      expect(s.path).toBe('/endpoints/shapes-1/invocations');
      expect(s.contentType).toBe('image/png');
      expect(s.accept).toBe('application/json');
      expect(s.targetModel).toBe('m.tar.gz');
    }
    // PNG is lossless: the server saw our exact pixels, and the answers come back in image order.
    images.forEach((im, i) => {
      const got = seen.find((s) => s.images[0].width === im.width && Buffer.from(s.images[0].data).equals(Buffer.from(im.data)));
      expect(got).toBeDefined();
      expect(Array.from(scores[i])).toEqual(Array.from(Float32Array.from(meanRgb(im))));
    });
  });

  it('sends JPEG by default (pixels survive approximately)', async () => {
    seen.length = 0;
    const model = sagemakerEndpointClassifier({ endpointName: 'shapes-1', client: client() });
    const flat = { width: 8, height: 8, channels: 3, data: new Uint8Array(192).fill(120) };
    const [scores] = await model.predict([flat]);
    expect(seen[0].contentType).toBe('image/jpeg');
    expect(scores[0]).toBeCloseTo(120 / 255, 2);
  });

  it('sends .npy batches and parses one vector per image', async () => {
    seen.length = 0;
    const model = sagemakerEndpointClassifier({ endpointName: 'shapes-1', client: client(), contentType: 'application/x-npy', imagesPerRequest: 2 });
    const images = [pattern(4, 3, 0), pattern(4, 3, 1), pattern(4, 3, 2)];
    const scores = await model.predict(images);
    expect(seen.map((s) => s.images.length).sort()).toEqual([1, 2]);
    images.forEach((im, i) => expect(Array.from(scores[i])).toEqual(Array.from(Float32Array.from(meanRgb(im)))));
  });

  it('turns a service error into a ModelError naming the endpoint and call', async () => {
    const model = sagemakerEndpointClassifier({ endpointName: 'broken', client: client() });
    const err = await model.predict([pattern(2, 2, 0)]).catch((e) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/Endpoint broken call 0 \(image 0\) failed: Received server error/);
  });

  it('validates options before any request', () => {
    expect(() => sagemakerEndpointClassifier({ endpointName: 'bad name', client: client() })).toThrow(ValidationError);
    expect(() => sagemakerEndpointClassifier({ endpointName: 'a', client: client(), contentType: 'image/jpg' as never })).toThrow(/contentType/);
    expect(() => sagemakerEndpointClassifier({ endpointName: 'a', client: client(), imagesPerRequest: 4 })).toThrow(/imagesPerRequest/);
  });

  it('drives an explanation end to end', async () => {
    const model = sagemakerEndpointClassifier({ endpointName: 'shapes-1', client: client(), contentType: 'image/png', concurrency: 8 });
    const image = pattern(16, 12, 3);
    const result = await explainImageClassification({ image, model, numSamples: 20, seed: 1, segmentation: { nSegments: 4 }, batchSize: 8 });
    const { shapValues, fullValue, expectedValue } = result.explanations[0];
    expect(shapValues.reduce((s, v) => s + v, 0)).toBeCloseTo(fullValue - expectedValue, 5);
  });
});

describe('detectors on endpoints', () => {
  it('parses {"prediction": [[class, score, x0, y0, x1, y1], ...]} per image, and .npy batches', async () => {
    const model = sagemakerEndpointDetector({ endpointName: 'detector', client: client(), contentType: 'image/png' });
    const im = pattern(6, 4, 1);
    const [dets] = await model.detect([im]);
    expect(dets).toEqual([
      { classId: 1, score: meanRgb(im)[0], box: [0.1, 0.2, 0.5, 0.6] },
      { classId: 0, score: 0.2, box: [0, 0, 1, 1] },
    ]);
    seen.length = 0;
    const batch = sagemakerEndpointDetector({ endpointName: 'detector', client: client(), contentType: 'application/x-npy' });
    const lists = await batch.detect([pattern(6, 4, 1), pattern(6, 4, 2), pattern(6, 4, 3)]);
    expect(seen).toHaveLength(1);
    expect(seen[0].images).toHaveLength(3);
    expect(lists.map((l) => l[0].score)).toEqual([1, 2, 3].map((s) => meanRgb(pattern(6, 4, s))[0]));
  });
});

describe('httpEndpointClassifier', () => {
  it('speaks the same content types to a plain URL', async () => {
    seen.length = 0;
    const model = httpEndpointClassifier({ url: `${base}/invocations`, contentType: 'image/png', headers: { authorization: 'Bearer t' } });
    const im = pattern(3, 3, 5);
    const [scores] = await model.predict([im]);
    expect(seen[0].path).toBe('/invocations');
    expect(Array.from(scores)).toEqual(Array.from(Float32Array.from(meanRgb(im))));
    const detector = httpEndpointDetector({ url: `${base}/detector` , contentType: 'image/png' });
    expect((await detector.detect([im]))[0][0].classId).toBe(1);
    const broken = httpEndpointClassifier({ url: `${base}/endpoints/broken/invocations` });
    await expect(broken.predict([im])).rejects.toThrow(/HTTP 424/);
    expect(() => httpEndpointClassifier({ url: 'ftp://x' })).toThrow(ValidationError);
  });
});
