/**
 * The error a handler of the emulator throws to answer with an AWS error
 * response. Each protocol writes it in its own format (JSON `__type`, query XML).
 */
export class ServiceFault extends Error {
  /** The AWS error code, e.g. `ValidationException`, `ResourceNotFound`. */
  readonly code: string;
  /** The HTTP status of the response. */
  readonly status: number;
  /** Extra members of the error body (e.g. `OriginalStatusCode` of a runtime `ModelError`). */
  readonly extra: Record<string, unknown>;

  constructor(code: string, message: string, status = 400, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ServiceFault';
    this.code = code;
    this.status = status;
    this.extra = extra;
  }
}

/** `400 ValidationException`, the answer to invalid input on most services. */
export function validationFault(message: string): ServiceFault {
  return new ServiceFault('ValidationException', message);
}
