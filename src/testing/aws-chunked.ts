/**
 * Decoding of `aws-chunked` request bodies, the framing the AWS SDKs use to
 * stream an upload of unknown length with its checksum in a trailer
 * (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`, the default of
 * `@aws-sdk/client-s3` for stream bodies) or with signed chunks
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`):
 *
 * ```text
 * <size in hex>[;chunk-signature=<sig>]\r\n<size bytes>\r\n   (repeated)
 * 0[;chunk-signature=<sig>]\r\n
 * x-amz-checksum-crc32:<base64>\r\n                           (trailers, optional)
 * [x-amz-trailer-signature:<sig>\r\n]
 * \r\n
 * ```
 *
 * S3 stores only the bytes inside the chunks. Signatures are not checked (the
 * emulator checks no signatures).
 *
 * @packageDocumentation
 */
import { S3ErrorReply } from './s3-keys.js';

/** The longest chunk header or trailer line accepted (a signature extension is about 90 bytes). */
const MAX_LINE_BYTES = 4096;
/** The most trailer lines accepted. */
const MAX_TRAILERS = 32;

type State = 'header' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * An incremental `aws-chunked` decoder: feed it the body as it arrives, get the
 * payload's bytes back; {@link end} checks that the body was complete and
 * {@link trailers} holds the trailing headers.
 */
export class AwsChunkedDecoder {
  /** Trailing headers by lower-case name, e.g. `x-amz-checksum-crc32`. */
  readonly trailers = new Map<string, string>();
  /** Payload bytes decoded so far. */
  decodedLength = 0;

  private state: State = 'header';
  private line: Buffer[] = [];
  private lineBytes = 0;
  private remaining = 0;
  private sawCr = false;

  /**
   * Decodes the next piece of the body.
   *
   * @returns the payload bytes it contained (views into `chunk`).
   * @throws {@link S3ErrorReply} `InvalidRequest` for a malformed body.
   */
  write(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'header':
        case 'trailer': {
          const line = this.readLine(chunk, at);
          at = line.next;
          if (line.text === undefined) break;
          if (this.state === 'header') this.onHeader(line.text);
          else this.onTrailer(line.text);
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, chunk.length - at);
          out.push(chunk.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          this.decodedLength += take;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          // Exactly CRLF after each chunk's data.
          const expected = this.sawCr ? 0x0a : 0x0d;
          if (chunk[at] !== expected) throw malformed('a chunk is longer than its declared size');
          at++;
          if (this.sawCr) {
            this.sawCr = false;
            this.state = 'header';
          } else {
            this.sawCr = true;
          }
          break;
        }
        case 'done':
          // Some clients end with one more CRLF; anything else is not aws-chunked.
          if (chunk[at] !== 0x0d && chunk[at] !== 0x0a) throw malformed('data after the final chunk');
          at++;
          break;
      }
    }
    return out;
  }

  /**
   * Checks that the body ended where the encoding says it ends.
   *
   * @throws {@link S3ErrorReply} `IncompleteBody` when it stopped early.
   */
  end(): void {
    // A body that stops after the final chunk's trailers (without the empty line) is accepted.
    if (this.state === 'trailer' && this.lineBytes === 0) this.state = 'done';
    if (this.state !== 'done') {
      throw new S3ErrorReply('IncompleteBody', 400, 'The request body terminated unexpectedly');
    }
  }

  /** Collects bytes up to CRLF; `text` is the line once complete. */
  private readLine(chunk: Buffer, at: number): { text?: string; next: number } {
    const lf = chunk.indexOf(0x0a, at);
    const end = lf === -1 ? chunk.length : lf + 1;
    this.line.push(chunk.subarray(at, end));
    this.lineBytes += end - at;
    if (this.lineBytes > MAX_LINE_BYTES) throw malformed('a chunk header or trailer line is too long');
    if (lf === -1) return { next: end };
    const whole = Buffer.concat(this.line);
    this.line = [];
    this.lineBytes = 0;
    if (whole.length < 2 || whole[whole.length - 2] !== 0x0d) throw malformed('a line does not end with CRLF');
    return { text: whole.subarray(0, -2).toString('latin1'), next: end };
  }

  private onHeader(text: string): void {
    const match = /^([0-9a-fA-F]{1,15})(;.*)?$/.exec(text);
    if (!match) throw malformed(`invalid chunk header ${JSON.stringify(text.slice(0, 40))}`);
    const size = parseInt(match[1], 16);
    if (size === 0) {
      this.state = 'trailer';
    } else {
      this.remaining = size;
      this.state = 'data';
    }
  }

  private onTrailer(text: string): void {
    if (text === '') {
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0 || this.trailers.size >= MAX_TRAILERS) throw malformed(`invalid trailer ${JSON.stringify(text.slice(0, 40))}`);
    this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
  }
}

function malformed(what: string): S3ErrorReply {
  return new S3ErrorReply('InvalidRequest', 400, `The aws-chunked request body is malformed: ${what}.`);
}
