/**
 * STS GetCallerIdentity and IAM GetRole, the two AWS Query protocol calls a
 * SageMaker workflow makes (account id for the default bucket, role name → ARN).
 * Requests are form-encoded; answers are XML.
 */
import { ServiceFault } from './service-fault.js';

const NAMESPACES = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
} as const;

/** Query API `Version` → service. */
export const QUERY_VERSIONS: Record<string, 'sts' | 'iam'> = { '2011-06-15': 'sts', '2010-05-08': 'iam' };

/** The identity the emulator answers for. */
export interface CallerIdentity {
  accountId: string;
  /** IAM role names the account has; GetRole answers `NoSuchEntity` for others (empty: every name exists). */
  roles: readonly string[];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function requestId(): string {
  return crypto.randomUUID();
}

/** Answers a Query operation with its XML body. */
export function answerQuery(service: 'sts' | 'iam', action: string, params: URLSearchParams, identity: CallerIdentity): string {
  const wrap = (inner: string): string =>
    `<${action}Response xmlns="${NAMESPACES[service]}"><${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`;
  if (service === 'sts' && action === 'GetCallerIdentity') {
    return wrap(
      `<Arn>arn:aws:iam::${identity.accountId}:user/clarify-ts-local</Arn>` +
        `<UserId>AIDACLARIFYTSLOCAL0001</UserId><Account>${identity.accountId}</Account>`,
    );
  }
  if (service === 'iam' && action === 'GetRole') {
    const name = params.get('RoleName') ?? '';
    if (identity.roles.length > 0 && !identity.roles.includes(name)) {
      throw new ServiceFault('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    }
    const created = new Date(0).toISOString();
    return wrap(
      `<Role><Path>/</Path><RoleName>${escapeXml(name)}</RoleName><RoleId>AROACLARIFYTSLOCAL0001</RoleId>` +
        `<Arn>arn:aws:iam::${identity.accountId}:role/${escapeXml(name)}</Arn><CreateDate>${created}</CreateDate>` +
        `<MaxSessionDuration>3600</MaxSessionDuration></Role>`,
    );
  }
  throw new ServiceFault('InvalidAction', `clarify-ts/testing does not emulate ${service}:${action}`);
}

/** A Query protocol error body. */
export function queryErrorXml(fault: ServiceFault): string {
  const type = fault.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse><Error><Type>${type}</Type><Code>${escapeXml(fault.code)}</Code>` +
    `<Message>${escapeXml(fault.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`
  );
}
