/**
 * Regions where SageMaker Debugger and Profiler are unavailable; elsewhere the
 * Python SDK adds their default configs to every CreateTrainingJob request.
 */
export const DEBUGGER_UNSUPPORTED_REGIONS: readonly string[] = [
  'us-iso-east-1',
  'us-isob-east-1',
  'ap-southeast-3',
  'ap-southeast-4',
  'eu-south-2',
  'me-central-1',
  'ap-south-2',
  'eu-central-2',
  'us-gov-east-1',
];

/** The same list applies to the profiler. */
export const PROFILER_UNSUPPORTED_REGIONS: readonly string[] = DEBUGGER_UNSUPPORTED_REGIONS;
