/**
 * Models behind a plain HTTP endpoint speaking the same content types as a
 * SageMaker endpoint (e.g. a model server on localhost).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { ImageClassifier, ObjectDetector } from '../explain/image-model.js';
import { type EndpointModelOptions, type EndpointTransport, endpointClassifier, endpointDetector } from './endpoint.js';

/** Options of {@link httpEndpointClassifier} and {@link httpEndpointDetector}. */
export interface HttpEndpointOptions extends EndpointModelOptions {
  /** The URL each image is POSTed to. */
  readonly url: string | URL;
  /**
   * Extra request headers (e.g. authorization).
   * @default {}
   */
  readonly headers?: Record<string, string>;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch;
}

function transportFor(options: HttpEndpointOptions): EndpointTransport {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { url, ... }');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ValidationError('url', options.url, 'an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError('url', options.url, 'an absolute http(s) URL');
  const doFetch = options.fetch ?? globalThis.fetch;
  return async (body, contentType, accept, signal) => {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-type': contentType, accept },
      body,
      ...(signal ? { signal } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText}: ${new TextDecoder().decode(bytes).slice(0, 200)}`);
    }
    return bytes;
  };
}

/**
 * An image classifier behind an HTTP URL: each image is POSTed with the
 * chosen content type; the JSON answer is parsed as for SageMaker endpoints.
 *
 * @example
 * ```ts
 * const model = httpEndpointClassifier({ url: 'http://localhost:8080/invocations', contentType: 'image/png' });
 * ```
 */
export function httpEndpointClassifier(options: HttpEndpointOptions): ImageClassifier {
  return endpointClassifier(String(options?.url), transportFor(options), options);
}

/** An object detector behind an HTTP URL; see {@link sageMakerEndpointDetector} for the answer format. */
export function httpEndpointDetector(options: HttpEndpointOptions): ObjectDetector {
  return endpointDetector(String(options?.url), transportFor(options), options);
}
