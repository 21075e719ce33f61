/**
 * How the emulator's S3 keeps object keys faithful and confined on disk.
 *
 * An S3 key is any UTF-8 text of at most 1024 bytes: `..`, empty segments
 * (`a//b`), leading dots and segments longer than a file name may be are all
 * ordinary keys to S3. A file store that joins a key's segments into a path
 * would let `..` climb out of its folder, fold `a//b` and `a/./b` into `a/b`,
 * and fail on segments longer than the file system's name limit. This module
 * maps every key to a list of file-name-safe path components, one-to-one, and
 * back; it knows nothing of the S3 server that stores the files, so that the
 * server can be replaced without touching it.
 *
 * The mapping, per `/`-separated segment:
 * - `%`, control characters and `\ : * ? " < > |` become `%XX` (their hex code);
 * - a `.` that starts the segment, or that is followed by `_`, becomes `%2E`, so
 *   that no component is `.` or `..`, none is hidden, and none contains `._`
 *   (the store may append `._<suffix>` to a component to name its own files);
 * - the empty segment becomes `%`;
 * - an encoded segment longer than {@link MAX_COMPONENT_BYTES} is cut into
 *   pieces; every piece after the first starts with `%+` ("continues the
 *   previous component, no `/` between").
 * Ordinary keys such as `images/cat-01.jpg` map to themselves.
 *
 * @packageDocumentation
 */

/** The longest key S3 accepts, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * The longest path component this mapping produces, in UTF-8 bytes: file
 * systems allow 255, and the store appends up to about 40 bytes of its own
 * (`._S3rver_metadata.json`, a temporary `.<random>.partial`), so 200 leaves a margin.
 */
export const MAX_COMPONENT_BYTES = 200;

const CONTINUATION = '%+';
const EMPTY_SEGMENT = '%';

/**
 * An S3 error answer: the code, HTTP status and message S3 sends, plus the extra
 * elements of its XML error body (e.g. `Size` for `KeyTooLongError`).
 */
export class S3ErrorReply extends Error {
  /** S3's error code, e.g. `KeyTooLongError`. */
  readonly code: string;
  /** The HTTP status S3 answers with. */
  readonly status: number;
  /** Extra child elements of `<Error>`, in order. */
  readonly detail: Readonly<Record<string, string | number>>;

  constructor(code: string, status: number, message: string, detail: Record<string, string | number> = {}) {
    super(message);
    this.name = 'S3ErrorReply';
    this.code = code;
    this.status = status;
    this.detail = detail;
  }

  /** S3's XML error document for this error. */
  toXml(): string {
    const children = Object.entries({ Code: this.code, Message: this.message, ...this.detail })
      .map(([tag, value]) => `<${tag}>${escapeXml(String(value))}</${tag}>`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${children}</Error>`;
  }
}

/** The key's length in UTF-8 bytes, the unit of S3's limit. */
export function keyByteLength(key: string): number {
  return Buffer.byteLength(key, 'utf8');
}

/**
 * Refuses a key S3 would refuse for its length.
 *
 * @throws {@link S3ErrorReply} `KeyTooLongError` (400) for keys over {@link MAX_KEY_BYTES}.
 */
export function assertKeyLength(key: string): void {
  const size = keyByteLength(key);
  if (size > MAX_KEY_BYTES) {
    throw new S3ErrorReply('KeyTooLongError', 400, 'Your key is too long', { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
  }
}

/**
 * The path components that store `key`, each a safe file name of at most
 * {@link MAX_COMPONENT_BYTES} bytes (never `.`, `..`, empty or starting with `.`).
 *
 * @throws {@link S3ErrorReply} `KeyTooLongError` for keys over 1024 bytes.
 */
export function keyToComponents(key: string): string[] {
  assertKeyLength(key);
  return key.split('/').flatMap((segment) => cutComponent(encodeSegment(segment)));
}

/** The key stored under `components` (the inverse of {@link keyToComponents}). */
export function componentsToKey(components: readonly string[]): string {
  let key = '';
  components.forEach((component, i) => {
    if (i > 0 && component.startsWith(CONTINUATION)) key += decodeSegment(component.slice(CONTINUATION.length));
    else key += (i > 0 ? '/' : '') + decodeSegment(component);
  });
  return key;
}

/**
 * Whether `component` could have been produced by {@link keyToComponents}; a
 * folder entry that is not (the store's own files, anything else) is no key.
 */
export function isKeyComponent(component: string): boolean {
  return component.length > 0 && !component.startsWith('.') && !component.includes('._');
}

/** Orders keys as S3 lists them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Whether `name` is a bucket name the emulator stores: the same rule as its
 * `buckets` option (3-63 of `a-z 0-9 . -`, starting and ending with a letter or
 * digit), which also makes it a single, ordinary folder name.
 */
export function isStorableBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name);
}

function encodeSegment(segment: string): string {
  if (segment === '') return EMPTY_SEGMENT;
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    const code = ch.charCodeAt(0);
    const unsafe =
      ch === '%' ||
      code < 0x20 ||
      code === 0x7f ||
      '\\:*?"<>|'.includes(ch) ||
      (ch === '.' && (i === 0 || segment[i + 1] === '_'));
    out += unsafe ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

function decodeSegment(text: string): string {
  if (text === EMPTY_SEGMENT) return '';
  return text.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Cuts an encoded segment into pieces that fit a file name, never inside a `%XX` escape or a character. */
function cutComponent(encoded: string): string[] {
  if (keyByteLength(encoded) <= MAX_COMPONENT_BYTES) return [encoded];
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  // Units: a whole `%XX` escape or one code point, so that every piece decodes on its own.
  for (const unit of encoded.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    const size = keyByteLength(unit);
    if (bytes + size > MAX_COMPONENT_BYTES) {
      pieces.push(piece);
      piece = CONTINUATION;
      bytes = CONTINUATION.length;
    }
    piece += unit;
    bytes += size;
  }
  pieces.push(piece);
  return pieces;
}

function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch)
    // Characters XML 1.0 cannot carry at all (a refused bucket name may hold them).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}
