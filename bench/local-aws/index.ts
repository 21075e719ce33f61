/**
 * Benchmark of clarify-ts/testing: how long starting the emulator takes (tests
 * start it often), and how fast it answers real SDK clients.
 *
 * Run: node --import tsx bench/local-aws/index.ts
 * Writes bench/results/local-aws.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { startLocalAws } from '../../src/testing/index.js';
import { loadServiceModel } from '../../src/testing/service-model.js';
import { validateShape } from '../../src/testing/shape-validator.js';
import { median } from '../median.mjs';

interface Row {
  measure: string;
  value: number;
  unit: string;
}

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const trainingJob = (name: string) => ({
  TrainingJobName: name,
  AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1', TrainingInputMode: 'File' as const },
  RoleArn: ROLE,
  OutputDataConfig: { S3OutputPath: 's3://sagemaker-us-east-1-123456789012/models' },
  ResourceConfig: { InstanceType: 'ml.m5.large' as const, InstanceCount: 1, VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
});

async function main(): Promise<void> {
  const rows: Row[] = [];
  const options = { jobDurationMs: 60_000 };

  let t = performance.now();
  const first = await startLocalAws(options);
  rows.push({ measure: 'first start (loads s3rver, parses 4 API models)', value: performance.now() - t, unit: 'ms' });
  await first.stop();

  const starts: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    const aws = await startLocalAws(options);
    starts.push(performance.now() - t);
    t = performance.now();
    await aws.stop();
    stops.push(performance.now() - t);
  }
  rows.push({ measure: 'start, median of 20 (models cached)', value: median(starts), unit: 'ms' });
  rows.push({ measure: 'stop, median of 20', value: median(stops), unit: 'ms' });

  const aws = await startLocalAws(options);
  const client = new SageMakerClient(aws.sagemakerClientConfig());
  await client.send(new CreateTrainingJobCommand(trainingJob('bench')));
  const n = 500;
  t = performance.now();
  for (let i = 0; i < n; i++) await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'bench' }));
  rows.push({ measure: `DescribeTrainingJob round trip via SDK, mean of ${n}`, value: (performance.now() - t) / n, unit: 'ms' });
  t = performance.now();
  for (let i = 0; i < 200; i++) await client.send(new CreateTrainingJobCommand(trainingJob(`bench-${i}`)));
  rows.push({ measure: 'CreateTrainingJob round trip via SDK, mean of 200', value: (performance.now() - t) / 200, unit: 'ms' });
  client.destroy();
  await aws.stop();

  const model = loadServiceModel('sagemaker');
  const input = trainingJob('validate-me');
  const reps = 20_000;
  t = performance.now();
  for (let i = 0; i < reps; i++) validateShape(model, 'CreateTrainingJobRequest', input);
  rows.push({ measure: 'validate one CreateTrainingJob request against the model', value: ((performance.now() - t) / reps) * 1000, unit: 'µs' });

  console.table(rows.map((r) => ({ measure: r.measure, value: Number(r.value.toFixed(3)), unit: r.unit })));
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'local-aws.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

await main();
