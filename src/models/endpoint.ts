/**
 * Models behind a request/response endpoint (SageMaker or plain HTTP): images
 * are encoded as Clarify encodes them, responses parsed from JSON.
 *
 * @packageDocumentation
 */
import { ClarifyError, ModelError, ValidationError, throwIfAborted } from '../errors.js';
import type { Detection, ImageClassifier, ObjectDetector } from '../explain/model/image-model.js';
import type { RasterImage } from '../explain/image/raster.js';
import { IMAGE_CONTENT_TYPES, type ImageContentType, encodeImage, encodeNpyBatch } from './request-body.js';
import { runConcurrently } from './concurrent.js';
import { type ResponseSite, parseDetections, parseJson, parseScores } from './response.js';

/**
 * Sends one request body and returns the response body. A transport that
 * retries reports its final failure as an {@link EndpointRequestError}.
 * Image and tabular models share the transports, so the content type is any MIME type.
 * @internal
 */
export type EndpointTransport = (
  body: Uint8Array,
  contentType: string,
  accept: string,
  signal: AbortSignal | undefined,
) => Promise<Uint8Array>;

/** Options shared by every endpoint-backed model. */
export interface EndpointModelOptions {
  /**
   * How images are sent (Clarify's `content_type`).
   * @default 'image/jpeg'
   */
  readonly contentType?: ImageContentType;
  /**
   * What the endpoint answers (Clarify's `accept_type`); only JSON is parsed.
   * @default 'application/json'
   */
  readonly acceptType?: 'application/json';
  /**
   * Images per request. More than 1 needs `contentType: 'application/x-npy'`
   * (one `N × H × W × 3` array) and an endpoint that answers one result per image.
   * @default 1 for classifiers; for detectors with `.npy`, all images of a call
   */
  readonly imagesPerRequest?: number;
  /**
   * Requests in flight at once.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * JPEG quality for `image/jpeg`.
   * @default 95
   */
  readonly jpegQuality?: number;
  /**
   * Class names (Clarify's `label_headers`), index-aligned with the scores.
   * @default undefined (classes are reported by index)
   */
  readonly labels?: readonly string[];
}

/**
 * A transport's final failure, after its own retries: `message` says what the
 * last attempt got (e.g. `HTTP 503 Service Unavailable: ...`); the model turns
 * it into a {@link ModelError} naming the endpoint, call and image.
 * @internal
 */
export class EndpointRequestError extends Error {
  /** Requests sent, retries included. */
  readonly attempts: number;
  /** HTTP status of the last attempt, when an answer arrived. */
  readonly status?: number;

  constructor(message: string, details: { attempts: number; status?: number; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EndpointRequestError';
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
  }
}

interface Resolved {
  contentType: ImageContentType;
  accept: string;
  perRequest: number | undefined;
  concurrency: number;
  jpegQuality: number;
}

/** Validates endpoint options. @internal */
export function resolveEndpointOptions(options: EndpointModelOptions, detector: boolean): Resolved {
  const contentType = options.contentType ?? 'image/jpeg';
  if (!IMAGE_CONTENT_TYPES.includes(contentType)) {
    throw new ValidationError('contentType', contentType, IMAGE_CONTENT_TYPES.map((t) => `'${t}'`).join(', '));
  }
  const accept = options.acceptType ?? 'application/json';
  if (accept !== 'application/json') throw new ValidationError('acceptType', accept, "'application/json'");
  const perRequest = options.imagesPerRequest ?? (detector && contentType === 'application/x-npy' ? undefined : 1);
  if (perRequest !== undefined && (!Number.isSafeInteger(perRequest) || perRequest < 1)) {
    throw new ValidationError('imagesPerRequest', perRequest, 'an integer >= 1');
  }
  if (perRequest !== 1 && contentType !== 'application/x-npy') {
    throw new ValidationError('imagesPerRequest', perRequest, "1 (batches need contentType 'application/x-npy')");
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ValidationError('concurrency', concurrency, 'an integer >= 1');
  const jpegQuality = options.jpegQuality ?? 95;
  if (!Number.isInteger(jpegQuality) || jpegQuality < 1 || jpegQuality > 100) {
    throw new ValidationError('jpegQuality', jpegQuality, 'an integer 1..100');
  }
  return { contentType, accept, perRequest, concurrency, jpegQuality };
}

/**
 * The AWS SDK's error metadata (`$metadata.httpStatusCode`, `$metadata.attempts`),
 * so that a SageMaker endpoint's ModelError carries the same fields as an HTTP one.
 */
function awsMetadata(err: unknown): { status?: number; attempts?: number } {
  const meta = (err as { $metadata?: { httpStatusCode?: unknown; attempts?: unknown } } | null)?.$metadata;
  if (meta === null || typeof meta !== 'object') return {};
  return {
    ...(typeof meta.httpStatusCode === 'number' ? { status: meta.httpStatusCode } : {}),
    ...(typeof meta.attempts === 'number' ? { attempts: meta.attempts } : {}),
  };
}

/**
 * Turns a transport's failure into a {@link ModelError} naming the endpoint, the call and
 * what it carried (`what`: `image 3`, `records 0..99`), with the attempts and last status.
 * @internal
 */
export function endpointRequestFailed(name: string, place: { call: number; index: number }, what: string, err: unknown): ModelError {
  const where = `Endpoint ${name} call ${place.call} (${what}) failed`;
  const at = { call: place.call, index: place.index, endpoint: name };
  if (err instanceof EndpointRequestError) {
    const tries = `${err.attempts} attempt${err.attempts === 1 ? '' : 's'}`;
    return new ModelError(`${where} after ${tries}: ${err.message}`, {
      ...at,
      attempts: err.attempts,
      ...(err.status !== undefined ? { status: err.status } : {}),
      cause: err.cause ?? err,
    });
  }
  return new ModelError(`${where}: ${err instanceof Error ? err.message : String(err)}`, { ...at, ...awsMetadata(err), cause: err });
}

/** Sends `images` in requests of `perRequest`, `concurrency` at a time, and parses each answer. */
async function invokeAll<T>(
  name: string,
  transport: EndpointTransport,
  settings: Resolved,
  images: readonly RasterImage[],
  signal: AbortSignal | undefined,
  nextCall: () => number,
  parse: (json: unknown, count: number, site: ResponseSite) => T[],
): Promise<T[]> {
  const per = settings.perRequest ?? Math.max(1, images.length);
  const chunks: number[] = [];
  for (let first = 0; first < images.length; first += per) chunks.push(first);
  const results: T[] = new Array(images.length);
  await runConcurrently(chunks.length, settings.concurrency, signal, async (k, stop) => {
    const first = chunks[k];
    const chunk = images.slice(first, first + per);
    const site: ResponseSite = { endpoint: name, call: nextCall(), index: first };
    const body =
      settings.contentType === 'application/x-npy' && settings.perRequest !== 1
        ? encodeNpyBatch(chunk)
        : await encodeImage(chunk[0], settings.contentType, settings.jpegQuality);
    let response: Uint8Array;
    try {
      response = await transport(body, settings.contentType, settings.accept, stop);
    } catch (err) {
      throwIfAborted(signal);
      if (err instanceof ClarifyError) throw err;
      throw endpointRequestFailed(name, site, `image ${site.index}`, err);
    }
    parse(parseJson(response, site), chunk.length, site).forEach((r, i) => (results[first + i] = r));
  });
  return results;
}

/**
 * An {@link ImageClassifier} over any transport. @internal
 */
export function endpointClassifier(name: string, transport: EndpointTransport, options: EndpointModelOptions): ImageClassifier {
  const settings = resolveEndpointOptions(options, false);
  let calls = 0;
  return {
    predict: (images, signal) => invokeAll(name, transport, settings, images, signal, () => calls++, parseScores),
    ...(options.labels ? { labels: options.labels } : {}),
  };
}

/**
 * An {@link ObjectDetector} over any transport. @internal
 */
export function endpointDetector(name: string, transport: EndpointTransport, options: EndpointModelOptions): ObjectDetector {
  const settings = resolveEndpointOptions(options, true);
  let calls = 0;
  return {
    detect: (images, signal) =>
      invokeAll<Detection[]>(name, transport, settings, images, signal, () => calls++, parseDetections),
    ...(options.labels ? { labels: options.labels } : {}),
  };
}
