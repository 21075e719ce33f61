/**
 * Models behind a plain HTTP endpoint speaking the same content types as a
 * SageMaker endpoint (e.g. a model server on localhost), with per-request
 * timeouts and retries of transient failures.
 *
 * @packageDocumentation
 */
import { AbortError, ValidationError, throwIfAborted } from '../errors.js';
import type { ImageClassifier, ObjectDetector } from '../explain/model/image-model.js';
import {
  type EndpointModelOptions,
  type EndpointTransport,
  EndpointRequestError,
  endpointClassifier,
  endpointDetector,
} from './endpoint.js';
import { type AttemptOutcome, type RetryOptions, parseRetryAfter, resolveRetryPolicy, withRetries } from './retry.js';

/** Passed to {@link HttpEndpointOptions.onRetry} before each retry's wait. */
export interface HttpEndpointRetryEvent {
  /** The endpoint's URL, credentials and query left out. */
  readonly endpoint: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  /** The HTTP status it got, when an answer arrived (not for timeouts and connection errors). */
  readonly status?: number;
  /** What went wrong, e.g. `HTTP 503 Service Unavailable: ...` or `timed out after 60000 ms (timeoutMs)`. */
  readonly reason: string;
  /** How long the model waits before the next attempt, in ms. */
  readonly delayMs: number;
}

/**
 * How a model reaches a plain HTTP endpoint, whatever it sends (images, table rows).
 *
 * Every request gets `timeoutMs`; a request that times out, is refused or cut
 * off, or answers 408, 429, 500, 502, 503 or 504 is retried up to `maxRetries`
 * times after a jittered exponential backoff (at least the server's
 * `Retry-After`, at most `retryMaxDelayMs`). Other statuses (400, 404, 413, 424,
 * 501, ...) fail at once: sending the same request again would get the same
 * answer. Retrying assumes that an invocation has no side effects, as model
 * inference has none.
 */
export interface HttpTransportOptions extends RetryOptions {
  /** The URL each request is POSTed to. */
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
  /**
   * Longest time one attempt may take, from sending the request to the last
   * byte of the answer, in ms; a timed-out attempt is retried. The default is
   * SageMaker's own limit on a real-time invocation.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Called before each retry's wait, e.g. to log or count retries. What it
   * throws fails the call.
   * @default undefined
   */
  readonly onRetry?: (event: HttpEndpointRetryEvent) => void;
}

/**
 * Options of {@link httpEndpointClassifier} and {@link httpEndpointDetector}: each image
 * is POSTed to `url`, with the timeouts and retries of {@link HttpTransportOptions}.
 */
export interface HttpEndpointOptions extends EndpointModelOptions, HttpTransportOptions {}

/** Default of {@link HttpEndpointOptions.timeoutMs}: SageMaker's 60 s invocation limit. */
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Worth another attempt: 408 and 429 say "not now", 500/502/503/504 are the
 * transient server and gateway errors the AWS SDK retries. 501 and 505 are
 * permanent, and other 5xx are rare enough that failing fast reads better.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Network failures that a new connection may not meet: resets and hang-ups
 * (a server or proxy dropped the connection), refusals (a server restarting),
 * unreachable hosts and temporary DNS failures. ENOTFOUND is not here: a host
 * name that does not resolve is almost always a typo, better reported at once.
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** What one failed attempt got. */
interface HttpFailure {
  readonly reason: string;
  readonly status?: number;
  /** The network error's code, e.g. `ECONNREFUSED`. */
  readonly code?: string;
  readonly cause?: unknown;
}

interface HttpSettings {
  readonly url: URL;
  readonly name: string;
  readonly fetch: typeof globalThis.fetch;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
}

/** The URL for messages: its query may hold a secret (an API key or signature). */
function displayName(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?...' : ''}`;
}

/** The first `code` on the error or its causes (undici nests the socket error under `fetch failed`). */
function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** `fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8080)` rather than a bare `fetch failed`. */
function describeNetworkError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error ? err.cause : undefined;
  if (!(cause instanceof Error)) return message;
  const code = errorCode(cause);
  const detail = cause.message && code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message || code;
  return detail ? `${message} (${detail})` : message;
}

function bodyStart(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes).trim();
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** One request, bounded by `timeoutMs` from sending to the last byte of the answer. */
async function attemptOnce(
  settings: HttpSettings,
  body: Uint8Array,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<AttemptOutcome<Uint8Array, HttpFailure>> {
  throwIfAborted(signal);
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Raced against the request so that a `fetch` option ignoring its signal is still bounded.
  const interrupted = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      const reason = new Error(`timed out after ${settings.timeoutMs} ms`);
      controller.abort(reason);
      reject(reason);
    }, settings.timeoutMs);
    onAbort = () => {
      controller.abort(signal?.reason);
      reject(new AbortError('The operation was aborted', { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const request = (async () => {
    const response = await settings.fetch(settings.url, { method: 'POST', headers, body, signal: controller.signal });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  })();
  // Whichever of the two loses the race rejects later with no one listening.
  interrupted.catch(() => undefined);
  request.catch(() => undefined);
  try {
    const { response, bytes } = await Promise.race([request, interrupted]);
    if (response.ok) return { ok: true, value: bytes };
    const text = bodyStart(bytes);
    const reason = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${text ? `: ${text}` : ''}`;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return {
      ok: false,
      failure: { reason, status: response.status },
      retryable: RETRYABLE_STATUSES.has(response.status),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  } catch (err) {
    throwIfAborted(signal);
    if (timedOut) return { ok: false, failure: { reason: `timed out after ${settings.timeoutMs} ms (timeoutMs)` }, retryable: true };
    const code = errorCode(err);
    const reason = describeNetworkError(err);
    // node:http-based fetch replacements report a dropped connection as "socket hang up", sometimes without a code.
    const retryable = (code !== undefined && RETRYABLE_CODES.has(code)) || /socket hang up/i.test(reason);
    return { ok: false, failure: { reason, cause: err, ...(code !== undefined ? { code } : {}) }, retryable };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The transport of an HTTP endpoint model, and the name its errors give it (the URL
 * without credentials or query).
 * @throws {@link ValidationError} for bad options, before any request.
 * @internal
 */
export function httpTransport(options: HttpTransportOptions): { name: string; transport: EndpointTransport } {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { url, ... }');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ValidationError('url', options.url, 'an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError('url', options.url, 'an absolute http(s) URL');
  if (url.username || url.password) {
    // fetch refuses such URLs on every request; say so once, up front, without echoing the password.
    const shown = new URL(url.href);
    if (shown.password) shown.password = '***';
    throw new ValidationError('url', shown.href, 'an http(s) URL without user name or password (send credentials in `headers`, e.g. authorization)');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMER_MS) {
    throw new ValidationError('timeoutMs', timeoutMs, `an integer number of ms in 1..${MAX_TIMER_MS}`);
  }
  const policy = resolveRetryPolicy(options);
  const { onRetry } = options;
  if (onRetry !== undefined && typeof onRetry !== 'function') throw new ValidationError('onRetry', onRetry, 'a function or undefined');
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new ValidationError('fetch', doFetch, 'a fetch function (globalThis.fetch needs Node 18 or later)');
  const settings: HttpSettings = { url, name: displayName(url), fetch: doFetch, headers: { ...options.headers }, timeoutMs };
  const transport: EndpointTransport = async (body, contentType, accept, signal) => {
    const headers = { ...settings.headers, 'content-type': contentType, accept };
    const result = await withRetries((): Promise<AttemptOutcome<Uint8Array, HttpFailure>> => attemptOnce(settings, body, headers, signal), {
      policy,
      ...(signal ? { signal } : {}),
      ...(onRetry
        ? {
            onRetry: ({ attempt, failure, delayMs }) =>
              onRetry({
                endpoint: settings.name,
                attempt,
                reason: failure.reason,
                delayMs,
                ...(failure.status !== undefined ? { status: failure.status } : {}),
              }),
          }
        : {}),
    });
    if (result.ok) return result.value;
    const { failure, attempts } = result;
    const kind = failure.status !== undefined ? `HTTP ${failure.status}` : failure.code;
    const note = result.retryable ? '' : kind ? ` (${kind} is not retried)` : ' (not retried)';
    throw new EndpointRequestError(`${failure.reason}${note}`, {
      attempts,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
    });
  };
  return { name: settings.name, transport };
}

/**
 * An image classifier behind an HTTP URL: each image is POSTed with the
 * chosen content type; the JSON answer is parsed as for SageMaker endpoints.
 * Requests time out after `timeoutMs` and transient failures are retried (see
 * {@link HttpEndpointOptions}); a call that still fails throws a
 * {@link ModelError} with the URL, the last HTTP status and the attempts made.
 *
 * @example
 * ```ts
 * const model = httpEndpointClassifier({
 *   url: 'http://localhost:8080/invocations',
 *   contentType: 'image/png',
 *   timeoutMs: 10_000, // a local model answers in well under 10 s
 *   maxRetries: 3,
 * });
 * const result = await explainImageClassification({ image, model, numSamples: 500 });
 * ```
 */
export function httpEndpointClassifier(options: HttpEndpointOptions): ImageClassifier {
  const { name, transport } = httpTransport(options);
  return endpointClassifier(name, transport, options);
}

/**
 * An object detector behind an HTTP URL; see {@link sagemakerEndpointDetector}
 * for the answer format and {@link httpEndpointClassifier} for timeouts and retries.
 *
 * @example
 * ```ts
 * const model = httpEndpointDetector({ url: 'http://localhost:8080/invocations', contentType: 'image/png' });
 * const result = await explainObjectDetection({ image, model });
 * ```
 */
export function httpEndpointDetector(options: HttpEndpointOptions): ObjectDetector {
  const { name, transport } = httpTransport(options);
  return endpointDetector(name, transport, options);
}
