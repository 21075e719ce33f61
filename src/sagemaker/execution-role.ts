/** The execution role of the caller (Python `sagemaker.get_execution_role`). */
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { ValidationError } from '../errors.js';
import { awsCall, isAwsError } from './aws-call.js';
import type { Session } from './session.js';

/**
 * The IAM role ARN the caller acts as, to pass as a job's `role`: a role ARN is
 * returned as is; an assumed-role session (`…:sts::<account>:assumed-role/<role>/<session>`)
 * becomes its role's ARN, with the role's path from IAM GetRole when readable.
 *
 * @throws {@link ValidationError} when the caller is not a role (e.g. an IAM user):
 * pass a role ARN explicitly then.
 * @example
 * ```ts
 * const role = await getExecutionRole(session);
 * ```
 */
export async function getExecutionRole(session: Session): Promise<string> {
  const arn = await session.getCallerIdentityArn();
  if (/^arn:[^:]+:iam::\d+:role\//.test(arn)) return arn;
  const assumed = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (!assumed) {
    throw new ValidationError('callerIdentity', arn, 'an IAM role or an assumed-role session',
      'the current AWS identity is not a role; pass a SageMaker execution role ARN as `role`');
  }
  const [, partition, account, roleName] = assumed;
  try {
    const { Role } = await awsCall('iam:GetRole', () => session.iamClient.send(new GetRoleCommand({ RoleName: roleName })));
    if (Role?.Arn) return Role.Arn;
  } catch (error) {
    // Many roles may not read themselves (no iam:GetRole); the ARN without its path is right for most roles.
    if (!isAwsError(error, ['AccessDenied', 'AccessDeniedException', 'NoSuchEntity'], 403)) throw error;
  }
  const path = roleName.includes('AmazonSageMaker-ExecutionRole') ? 'service-role/' : '';
  return `arn:${partition}:iam::${account}:role/${path}${roleName}`;
}
