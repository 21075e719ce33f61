import { describe, expect, it, vi } from 'vitest';
import { explainObjectDetection } from '../../src/explain/detection.js';
import { ClarifyError, ModelBackendSetupError, ValidationError } from '../../src/errors.js';
import { decodeImage } from '../../src/models/decode.js';
import { detectionsFromRows, functionClassifier, functionDetector } from '../../src/models/function.js';

describe('function backends', () => {
  it('wrap synchronous functions and keep labels', async () => {
    const classifier = functionClassifier((images) => images.map((im) => [im.width, im.height]), ['w', 'h']);
    expect(classifier.labels).toEqual(['w', 'h']);
    await expect(classifier.predict([{ width: 2, height: 3, channels: 1, data: new Uint8Array(6) }])).resolves.toEqual([[2, 3]]);
    expect(() => functionClassifier(42 as never)).toThrow(ValidationError);
  });

  it('converts Clarify detection rows and drives a detection explanation', async () => {
    expect(detectionsFromRows([[2, 0.9, 0.1, 0.2, 0.3, 0.4]])).toEqual([{ classId: 2, score: 0.9, box: [0.1, 0.2, 0.3, 0.4] }]);
    const image = { width: 16, height: 16, channels: 3, data: new Uint8Array(768).fill(100) };
    const detector = functionDetector((images) => images.map(() => detectionsFromRows([[0, 0.8, 0, 0, 1, 1]])), ['thing']);
    const result = await explainObjectDetection({ image, model: detector, seed: 1, numSamples: 10, segmentation: { nSegments: 4 } });
    expect(result.objects).toHaveLength(1);
    expect(result.objects[0].name).toBe('thing');
  });
});

describe('decodeImage', () => {
  it('reports undecodable bytes as a ClarifyError', async () => {
    await expect(decodeImage(Uint8Array.from([1, 2, 3]))).rejects.toBeInstanceOf(ClarifyError);
  });
});

describe('ONNX backend without onnxruntime-node', () => {
  it('fails with an install hint', async () => {
    vi.resetModules();
    vi.doMock('onnxruntime-node', () => {
      throw new Error("Cannot find package 'onnxruntime-node'");
    });
    const { OnnxImageClassifier } = await import('../../src/models/onnx-classifier.js');
    const { ModelBackendSetupError: Fresh } = await import('../../src/errors.js');
    const err = await OnnxImageClassifier.create({ model: 'model.onnx' }).catch((e) => e);
    expect(err).toBeInstanceOf(Fresh);
    expect(err.message).toMatch(/npm install onnxruntime-node@1\.30\.0/);
    expect(ModelBackendSetupError.name).toBe('ModelBackendSetupError');
    vi.doUnmock('onnxruntime-node');
  });
});
