/**
 * The AWS session of a command whose locations may be on S3.
 *
 * @packageDocumentation
 */
import { Session } from '../sagemaker/session.js';

/** A session only when a location is on S3: local runs need no AWS configuration. */
export function sessionForLocations(...locations: (string | undefined)[]): Session | undefined {
  return locations.some((l) => l?.startsWith('s3://')) ? new Session() : undefined;
}
