// A CommonJS user of the installed package: `require`s each entry point by name and
// typechecks under strict + module nodenext (the "require" types, .d.cts).
import { ClarifyError, ModelError, ValidationError } from 'clarify-ts';
import { explainImageClassification, slic, type RasterImage } from 'clarify-ts/explain';
import { FaultInjector } from 'clarify-ts/testing';

async function main(): Promise<string[]> {
  const image: RasterImage = { width: 16, height: 16, channels: 3, data: new Uint8Array(16 * 16 * 3).fill(128) };
  const failures: string[] = [];
  try {
    slic(image, { nSegments: 0 });
    failures.push('slic accepted nSegments 0');
  } catch (err) {
    if (!(err instanceof ValidationError)) failures.push(`slic (clarify-ts/explain) threw a ValidationError that is not clarify-ts's: ${String(err)}`);
  }
  const thrown = new ModelError('the model failed', { call: 0 });
  const surfaced = await explainImageClassification({ image, model: { predict: async () => { throw thrown; } }, numSamples: 8 }).catch((err: unknown) => err);
  if (surfaced !== thrown) failures.push(`a model's ModelError came back wrapped: ${String(surfaced)}`);
  try {
    new FaultInjector().failNext('no-such:operation' as Parameters<FaultInjector['failNext']>[0]);
    failures.push('FaultInjector accepted a bad operation');
  } catch (err) {
    if (!(err instanceof ClarifyError)) failures.push(`FaultInjector (clarify-ts/testing) threw an error that is not clarify-ts's: ${String(err)}`);
  }
  return failures;
}

main().then((failures) => {
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log('CommonJS consumer: OK');
}, (err: unknown) => {
  console.error(err);
  process.exit(1);
});
