/**
 * The operations the emulator implements, by service, and their names
 * (`<service>:<Operation>`) as fault injection takes them.
 */

/**
 * The operations the emulator implements, by service; anything else is answered
 * `UnknownOperationException`.
 */
export const EMULATED_OPERATIONS = {
  sagemaker: [
    'CreateTrainingJob',
    'DescribeTrainingJob',
    'StopTrainingJob',
    'ListTrainingJobs',
    'CreateProcessingJob',
    'DescribeProcessingJob',
    'StopProcessingJob',
    'ListProcessingJobs',
    'CreateModel',
    'DescribeModel',
    'DeleteModel',
    'CreateEndpointConfig',
    'DescribeEndpointConfig',
    'DeleteEndpointConfig',
    'CreateEndpoint',
    'DescribeEndpoint',
    'DeleteEndpoint',
  ],
  'sagemaker-runtime': ['InvokeEndpoint'],
  logs: ['DescribeLogStreams', 'GetLogEvents'],
  sts: ['GetCallerIdentity'],
  iam: ['GetRole'],
} as const;

/**
 * An operation of the emulator, named `<service>:<Operation>`, e.g.
 * `sagemaker:CreateTrainingJob`, `sagemaker-runtime:InvokeEndpoint`,
 * `logs:GetLogEvents`, `sts:GetCallerIdentity`, `iam:GetRole`: one of {@link EMULATED_OPERATIONS}.
 */
export type OperationName = {
  [S in keyof typeof EMULATED_OPERATIONS]: `${S}:${(typeof EMULATED_OPERATIONS)[S][number]}`;
}[keyof typeof EMULATED_OPERATIONS];
