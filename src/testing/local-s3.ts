/**
 * The emulator's S3: an s3rver instance (a real S3 HTTP server) in its own
 * temporary folder, plus a small object API that the emulator and hooks use to
 * read inputs and write outputs without an SDK client.
 *
 * Every key is stored faithfully and inside that folder, whatever it holds
 * (`..`, empty or very long segments), keys over 1024 bytes are refused with
 * S3's `KeyTooLongError`, and no request can crash the hosting process: see
 * `s3-keys.ts` (the key mapping) and `s3rver-confinement.ts` (how s3rver uses it).
 *
 * A default `S3Client` works unchanged, on Node 20, 22 and 24 with no Node
 * flags: `aws-chunked` uploads with checksum trailers are decoded and checked
 * (`s3-bodies.ts`), GetObject answers the stored checksum for the SDK to
 * validate, ListObjectsV2 continuation tokens need no DES, and multipart
 * uploads get S3's ETag and can be aborted (`s3rver-operations.ts`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ClarifyError, LocalAwsSetupError } from '../errors.js';
import { confineS3rver } from './s3rver-confinement.js';

/** Direct access to the emulator's S3 objects, addressed by `s3://bucket/key` URIs. */
export interface LocalS3 {
  /** Base URL of the S3 server, for `S3Client({ endpoint, forcePathStyle: true })`. */
  readonly endpoint: string;
  /** Creates a bucket (no error if it exists). */
  createBucket(name: string): Promise<void>;
  /** Writes an object. Rejects (naming S3's error code) for keys S3 refuses, e.g. over 1024 bytes. */
  putObject(uri: string, body: Uint8Array | string): Promise<void>;
  /** Reads an object's bytes. Rejects when the bucket or key does not exist. */
  getObject(uri: string): Promise<Uint8Array>;
  /** Every key under a `s3://bucket/prefix`, as `s3://` URIs, sorted. */
  listObjects(prefixUri: string): Promise<string[]>;
}

/** A running S3 server. */
export interface RunningS3 extends LocalS3 {
  /** The temporary folder s3rver stores objects in (removed by `stop`). */
  readonly directory: string;
  stop(): Promise<void>;
}

/** Splits `s3://bucket/key` into its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new ClarifyError(`Not an S3 URI: ${JSON.stringify(uri)} (expected s3://bucket/key)`);
  return { bucket: match[1], key: match[2] };
}

type S3rverClass = typeof import('s3rver');

async function importS3rver(): Promise<S3rverClass> {
  try {
    const mod = (await import('s3rver')) as unknown as { default?: S3rverClass } & S3rverClass;
    return mod.default ?? mod;
  } catch (cause) {
    throw new LocalAwsSetupError(
      'clarify-ts/testing needs s3rver, an optional dependency of clarify-ts that this install left out (npm install --omit=optional, or --no-optional?): npm i -D -E s3rver@3.7.1',
      { cause },
    );
  }
}

/** Starts s3rver on 127.0.0.1 with a random port, creating `buckets`. */
export async function startS3(buckets: readonly string[]): Promise<RunningS3> {
  const S3rver = await importS3rver();
  const directory = await mkdtemp(join(tmpdir(), 'clarify-ts-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  let address: AddressInfo;
  try {
    confineS3rver(server, directory);
    address = await server.run();
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const agent = new Agent({ keepAlive: true });
  const path = (bucket: string, key = ''): string =>
    `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  // node:http rather than fetch: WHATWG URLs fold `.`/`..` segments (even as %2E),
  // so fetch would write `a/../b` to `b`; node:http sends the path as given.
  const send = (method: string, target: string, body?: Uint8Array | string): Promise<{ status: number; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: address.port, method, path: target, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const expectOk = (response: { status: number; body: Buffer }, what: string): void => {
    if (response.status >= 200 && response.status < 300) return;
    const code = /<Code>([^<]+)<\/Code>/.exec(response.body.toString('utf8'))?.[1] ?? String(response.status);
    throw new ClarifyError(`S3 ${what} failed: ${code}`);
  };

  return {
    endpoint,
    directory,
    async createBucket(name) {
      const response = await send('PUT', path(name));
      // s3rver answers 409 BucketAlreadyExists/OwnedByYou for an existing bucket: that is fine here.
      if (response.status !== 409) expectOk(response, `CreateBucket ${name}`);
    },
    async putObject(uri, body) {
      const { bucket, key } = parseS3Uri(uri);
      expectOk(await send('PUT', path(bucket, key), body), `PutObject ${uri}`);
    },
    async getObject(uri) {
      const { bucket, key } = parseS3Uri(uri);
      const response = await send('GET', path(bucket, key));
      expectOk(response, `GetObject ${uri}`);
      return new Uint8Array(response.body);
    },
    async listObjects(prefixUri) {
      const { bucket, key: prefix } = parseS3Uri(prefixUri);
      const keys: string[] = [];
      let marker = '';
      // ListObjects (v1) pages with a plain marker: the last key of the page.
      for (;;) {
        const query = new URLSearchParams({ prefix, marker, 'max-keys': '1000' });
        const response = await send('GET', `${path(bucket)}?${query}`);
        expectOk(response, `ListObjects ${prefixUri}`);
        const xml = response.body.toString('utf8');
        const page = [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescapeXml(m[1]));
        keys.push(...page);
        if (!/<IsTruncated>true<\/IsTruncated>/.test(xml) || page.length === 0) break;
        marker = page[page.length - 1];
      }
      return keys.sort().map((key) => `s3://${bucket}/${key}`);
    },
    async stop() {
      try {
        agent.destroy();
        await server.close();
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (entity[0] !== '#') return named[entity.toLowerCase()];
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}
