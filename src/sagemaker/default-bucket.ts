/**
 * Making sure a bucket exists (Python `Session._create_s3_bucket_if_it_does_not_exist`):
 * probe it with HeadBucket, create it on 404 with the region's LocationConstraint,
 * and refuse a bucket another account owns.
 */
import { CreateBucketCommand, HeadBucketCommand, type BucketLocationConstraint, type S3Client } from '@aws-sdk/client-s3';
import { AwsServiceError } from '../errors.js';
import { awsCall, isAwsError, toClarifyError } from './aws-call.js';

/**
 * Creates `bucket` in `region` unless it exists. With `expectedOwner`, a bucket
 * that exists under another account is refused (bucket squatting).
 *
 * @throws {@link AwsServiceError} when the bucket belongs to someone else (403) or S3 fails.
 */
export async function ensureBucket(client: S3Client, bucket: string, region: string, expectedOwner?: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket, ...(expectedOwner ? { ExpectedBucketOwner: expectedOwner } : {}) }));
    return;
  } catch (error) {
    if (isAwsError(error, ['NotFound', 'NoSuchBucket'], 404)) {
      await createBucket(client, bucket, region);
      return;
    }
    const wrapped = toClarifyError('s3:HeadBucket', error);
    if (isAwsError(error, ['Forbidden', 'AccessDenied'], 403) && wrapped instanceof AwsServiceError) {
      throw new AwsServiceError(
        `Bucket ${bucket} exists but this account${expectedOwner ? ` (${expectedOwner})` : ''} cannot use it: it belongs to another account, or the caller lacks s3:ListBucket on it`,
        {
          operation: wrapped.operation,
          code: wrapped.code,
          ...(wrapped.httpStatusCode !== undefined ? { httpStatusCode: wrapped.httpStatusCode } : {}),
          ...(wrapped.requestId !== undefined ? { requestId: wrapped.requestId } : {}),
          hint: 'pass another bucket as `defaultBucket`, or grant s3:ListBucket',
          cause: error,
        },
      );
    }
    throw wrapped;
  }
}

async function createBucket(client: S3Client, bucket: string, region: string): Promise<void> {
  // us-east-1 is S3's default location and refuses an explicit LocationConstraint.
  const configuration = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } };
  try {
    await awsCall('s3:CreateBucket', () => client.send(new CreateBucketCommand({ Bucket: bucket, ...configuration })));
  } catch (error) {
    // Another process created it between our probe and now: that is the state we wanted.
    if (isAwsError(error, ['OperationAborted', 'BucketAlreadyOwnedByYou'])) return;
    throw error;
  }
}
