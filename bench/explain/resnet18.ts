/**
 * A ResNet-18-shaped classifier (11.7 M parameters, 224 × 224 input, 1000
 * classes) with seeded random weights, batch-norm folded into the convolutions:
 * the compute profile of a real ImageNet model without shipping one.
 */
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { type GraphSpec, type Initializer, type Node, encodeModel } from './onnx-proto.js';

export function resnet18Onnx(seed = 1): { bytes: Uint8Array; parameters: number } {
  const random = new SeededRandom(seed);
  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  let parameters = 0;
  let counter = 0;
  const weight = (dims: number[], fanIn: number): string => {
    const name = `w${counter++}`;
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    // He-uniform, shrunk a little so random activations stay in range through 8 residual blocks.
    const bound = Math.sqrt(6 / fanIn) * 0.7;
    for (let i = 0; i < size; i++) data[i] = (random.nextFloat() * 2 - 1) * bound;
    initializers.push({ name, dims, data });
    parameters += size;
    return name;
  };
  const bias = (n: number): string => {
    const name = `b${counter++}`;
    initializers.push({ name, dims: [n], data: new Float32Array(n) });
    parameters += n;
    return name;
  };
  let tensor = 0;
  const fresh = () => `t${tensor++}`;
  const conv = (x: string, cin: number, cout: number, k: number, stride: number, relu: boolean): string => {
    const y = fresh();
    const pad = Math.floor(k / 2);
    nodes.push({
      op: 'Conv',
      inputs: [x, weight([cout, cin, k, k], cin * k * k), bias(cout)],
      outputs: [y],
      attributes: [
        { name: 'kernel_shape', ints: [k, k] },
        { name: 'strides', ints: [stride, stride] },
        { name: 'pads', ints: [pad, pad, pad, pad] },
      ],
    });
    if (!relu) return y;
    const z = fresh();
    nodes.push({ op: 'Relu', inputs: [y], outputs: [z] });
    return z;
  };
  const block = (x: string, cin: number, cout: number, stride: number): string => {
    const a = conv(x, cin, cout, 3, stride, true);
    const b = conv(a, cout, cout, 3, 1, false);
    const shortcut = stride !== 1 || cin !== cout ? conv(x, cin, cout, 1, stride, false) : x;
    const sum = fresh();
    nodes.push({ op: 'Add', inputs: [b, shortcut], outputs: [sum] });
    const out = fresh();
    nodes.push({ op: 'Relu', inputs: [sum], outputs: [out] });
    return out;
  };

  let x = conv('image', 3, 64, 7, 2, true);
  const pooled = fresh();
  nodes.push({
    op: 'MaxPool',
    inputs: [x],
    outputs: [pooled],
    attributes: [
      { name: 'kernel_shape', ints: [3, 3] },
      { name: 'strides', ints: [2, 2] },
      { name: 'pads', ints: [1, 1, 1, 1] },
    ],
  });
  x = pooled;
  let channels = 64;
  for (const [cout, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]] as const) {
    x = block(x, channels, cout, stride);
    x = block(x, cout, cout, 1);
    channels = cout;
  }
  const gap = fresh();
  nodes.push({ op: 'GlobalAveragePool', inputs: [x], outputs: [gap] });
  const flat = fresh();
  nodes.push({ op: 'Flatten', inputs: [gap], outputs: [flat], attributes: [{ name: 'axis', int: 1 }] });
  nodes.push({
    op: 'Gemm',
    inputs: [flat, weight([1000, 512], 512), bias(1000)],
    outputs: ['logits'],
    attributes: [{ name: 'transB', int: 1 }],
  });
  const spec: GraphSpec = {
    nodes,
    initializers,
    input: { name: 'image', dims: ['batch', 3, 224, 224] },
    output: { name: 'logits', dims: ['batch', 1000] },
    opset: 13,
  };
  return { bytes: encodeModel(spec), parameters };
}
