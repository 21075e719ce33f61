/**
 * Request serializers and response deserializers of {@link Predictor}
 * (Python `sagemaker.serializers` / `sagemaker.deserializers`).
 */
import { ValidationError } from '../errors.js';
import { encodeNpy, type NpyArray } from '../python/npy.js';

/** Turns a value into an endpoint request body. */
export interface Serializer<T> {
  /** The request's `Content-Type`. */
  readonly contentType: string;
  serialize(data: T): Uint8Array | string;
}

/** Turns an endpoint response body into a value. */
export interface Deserializer<T> {
  /** The request's `Accept`. */
  readonly accept: string;
  deserialize(body: Uint8Array, contentType: string | undefined): T;
}

/** JSON bodies (`application/json`). */
export class JSONSerializer implements Serializer<unknown> {
  readonly contentType = 'application/json';
  serialize(data: unknown): string {
    const text = JSON.stringify(data);
    if (text === undefined) throw new ValidationError('data', data, 'a JSON-serialisable value');
    return text;
  }
}

/** Bytes sent as they are, with a fixed content type (Python `IdentitySerializer`). */
export class IdentitySerializer implements Serializer<Uint8Array | string> {
  /** @param contentType - @default 'application/octet-stream' */
  constructor(readonly contentType = 'application/octet-stream') {}
  serialize(data: Uint8Array | string): Uint8Array | string {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new ValidationError('data', data, 'a Uint8Array or a string');
    return data;
  }
}

/** JPEG bytes (`image/jpeg`), e.g. read from a `.jpg` file. */
export const JPEG_SERIALIZER = new IdentitySerializer('image/jpeg');
/** PNG bytes (`image/png`). */
export const PNG_SERIALIZER = new IdentitySerializer('image/png');

/** NumPy arrays (`application/x-npy`). */
export class NumpySerializer implements Serializer<NpyArray> {
  readonly contentType = 'application/x-npy';
  serialize(data: NpyArray): Uint8Array {
    return encodeNpy(data);
  }
}

/** Parses a JSON response (`application/json`). */
export class JSONDeserializer implements Deserializer<unknown> {
  readonly accept = 'application/json';
  deserialize(body: Uint8Array): unknown {
    return JSON.parse(new TextDecoder().decode(body));
  }
}

/** Returns the response bytes (Python `BytesDeserializer`). */
export class BytesDeserializer implements Deserializer<Uint8Array> {
  /** @param accept - @default '*\/*' */
  constructor(readonly accept = '*/*') {}
  deserialize(body: Uint8Array): Uint8Array {
    return body;
  }
}
