import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelPattern } from '../../src/testing/model-pattern.js';
import { loadServiceModel } from '../../src/testing/service-model.js';
import { formatConstraintMessage, validateShape } from '../../src/testing/shape-validator.js';

// Read independently of the loader under test.
const RAW = JSON.parse(readFileSync('/usr/lib/python3/dist-packages/botocore/data/sagemaker/2017-07-24/service-2.json', 'utf8')) as {
  shapes: Record<string, { pattern?: string }>;
};

describe('model patterns', () => {
  it('compiles every SageMaker pattern except the Java-only ones, which are skipped rather than misread', () => {
    const uncompilable = Object.entries(RAW.shapes)
      .filter(([, shape]) => shape.pattern !== undefined && modelPattern(shape.pattern) === null)
      .map(([name]) => name)
      .sort();
    // These two quantify `$` (`$){1,128}`), valid in Java only.
    expect(uncompilable).toEqual(['CustomerMetadataKey', 'CustomerMetadataValue']);
  });

  it('matches whole values, as the service (Java Matcher.matches) does', () => {
    const name = modelPattern(RAW.shapes.TrainingJobName.pattern!)!;
    expect(name.test('my-job-1')).toBe(true);
    expect(name.test('my_job')).toBe(false); // a prefix matches; the whole value does not
    expect(name.test('-leading')).toBe(false);
    const role = modelPattern(RAW.shapes.RoleArn.pattern!)!;
    expect(role.test('arn:aws:iam::123456789012:role/SageMakerRole')).toBe(true);
    expect(role.test('arn:aws:iam::123:role/SageMakerRole')).toBe(false);
  });

  it('understands Unicode property classes (\\p{L}) and escapes that only non-Unicode RegExps allow (\\_)', () => {
    const tagValue = Object.entries(RAW.shapes).find(([, s]) => s.pattern?.includes('\\p{L}'))!;
    expect(modelPattern(tagValue[1].pattern!)!.test('Ünïcode')).toBe(true);
    expect(modelPattern(RAW.shapes.EdgeVersion.pattern!)!.test('v1_2.3')).toBe(true);
  });
});

describe('validateShape', () => {
  const model = loadServiceModel('sagemaker');

  it('finds nothing wrong with a complete, valid request', () => {
    const problems = validateShape(model, 'DescribeEndpointInput', { EndpointName: 'my-endpoint' });
    expect(problems).toEqual({ serialization: [], constraints: [] });
  });

  it('reports map keys and values, list members and booleans', () => {
    const problems = validateShape(model, 'CreateProcessingJobRequest', {
      ProcessingJobName: 'ok',
      RoleArn: 'arn:aws:iam::123456789012:role/R',
      AppSpecification: { ImageUri: 'img' },
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
      Environment: { ['k'.repeat(300)]: 'v' },
      NetworkConfig: { EnableNetworkIsolation: 'yes' },
    });
    // The service's words (issue 28, items 5 and 7): see live-service-errors.test.ts.
    expect(problems.serialization).toEqual(['STRING_VALUE can not be converted to an Boolean']);
    expect(problems.constraints).toHaveLength(1);
    expect(problems.constraints[0]).toMatch(
      /^Value '\{k{300}=v\}' at 'environment' failed to satisfy constraint: Map keys must satisfy constraint: \[Member must have length less than or equal to 256, .*\]$/,
    );
  });

  it('words the summary as the service does', () => {
    expect(formatConstraintMessage(['a'])).toBe('1 validation error detected: a');
    expect(formatConstraintMessage(['a', 'b'])).toBe('2 validation errors detected: a; b');
  });
});
