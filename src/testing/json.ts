/** JSON as it travels on the wire, for request bodies handed to hooks and logged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object with the service's own member names (`ProcessingJobName`, …). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Milliseconds since the epoch → the epoch seconds AWS JSON uses for timestamps. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
