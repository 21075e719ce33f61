// An ES module user of the installed package: imports each entry point by name, as
// README shows, and typechecks under strict + module nodenext (the "import" types).
import { ClarifyError, LocalAwsSetupError, ModelError, ValidationError, runAnalysis, type AnalysisConfig } from 'clarify-ts';
import { explainImageClassification, slic, type ImageClassifier, type RasterImage } from 'clarify-ts/explain';
import { FaultInjector, startLocalAws } from 'clarify-ts/testing';

const image: RasterImage = { width: 16, height: 16, channels: 3, data: new Uint8Array(16 * 16 * 3).fill(128) };
const failures: string[] = [];

try {
  slic(image, { nSegments: 0 });
  failures.push('slic accepted nSegments 0');
} catch (err) {
  if (!(err instanceof ValidationError)) failures.push(`slic (clarify-ts/explain) threw a ValidationError that is not clarify-ts's: ${String(err)}`);
}

const thrown = new ModelError('the model failed', { call: 0 });
const model: ImageClassifier = { predict: async () => { throw thrown; } };
const surfaced = await explainImageClassification({ image, model, numSamples: 8 }).catch((err: unknown) => err);
if (surfaced !== thrown) failures.push(`a model's ModelError came back wrapped: ${String(surfaced)}`);

try {
  new FaultInjector().failNext('no-such:operation' as Parameters<FaultInjector['failNext']>[0]);
  failures.push('FaultInjector accepted a bad operation');
} catch (err) {
  if (!(err instanceof ClarifyError)) failures.push(`FaultInjector (clarify-ts/testing) threw an error that is not clarify-ts's: ${String(err)}`);
}

// s3rver, an optional peer, is not installed here: the emulator says so with clarify-ts's error.
const setup = await startLocalAws().then((aws) => aws.stop().then(() => undefined), (err: unknown) => err);
if (!(setup instanceof LocalAwsSetupError)) failures.push(`startLocalAws without s3rver did not throw LocalAwsSetupError: ${String(setup)}`);

// The engine's config type, as a user writes one for runAnalysis.
const config: AnalysisConfig = {
  dataset_type: 'application/x-image',
  predictor: { model_name: 'm' },
  methods: { shap: { use_logit: false, save_local_shap_values: true, image_config: { model_type: 'IMAGE_CLASSIFICATION' } } },
};
if (typeof runAnalysis !== 'function' || config.methods.shap === undefined) failures.push('runAnalysis is missing');

if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('ESM consumer: OK');
