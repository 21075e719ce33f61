/**
 * Small scikit-learn-like models built with the ai.onnx.ml operators, laid out as
 * skl2onnx exports them: one float input `X` of shape [N, F]; classifiers answer
 * `output_label` (int64 or string [N]) and `output_probability` (float [N, C], or with
 * `zipmap` a sequence of maps, as skl2onnx's default `zipmap=True` gives); regressors
 * answer `variable` (float [N, 1]). Their outputs are easy to compute by hand, so
 * tests can check every number.
 */
import { type Attribute, type Node, type ValueSpec, encodeModel } from './onnx-proto.js';

const ML = 'ai.onnx.ml';
const ML_OPSET = [{ domain: ML, version: 3 }];

/** Options of the classifier builders. */
export interface ClassifierModelOptions {
  /** Class labels as int64 (0, 1, 2) or strings. @default 'int64' */
  labels?: 'int64' | 'string';
  /** End with ZipMap, as skl2onnx does unless `zipmap=False`. @default false */
  zipmap?: boolean;
  /** The input's element type. @default 'float32' */
  inputType?: 'float32' | 'float64' | 'int64';
}

/** The class names the classifiers use, by `labels` option. */
export const CLASS_LABELS = { int64: [0, 1, 2], string: ['a', 'b', 'c'] } as const;

/** The class-label attribute: `classlabels_int64s` on trees and ZipMap, `classlabels_ints` on LinearClassifier. */
function classLabels(kind: 'int64' | 'string', intsName = 'classlabels_int64s'): Attribute {
  return kind === 'string' ? { name: 'classlabels_strings', strings: [...CLASS_LABELS.string] } : { name: intsName, ints: [...CLASS_LABELS.int64] };
}

function classifierGraph(features: number, core: Node, options: ClassifierModelOptions): Uint8Array {
  const labels = options.labels ?? 'int64';
  const nodes: Node[] = [core, { op: 'Identity', inputs: ['label'], outputs: ['output_label'] }];
  const probability: ValueSpec = options.zipmap
    ? { name: 'output_probability', dims: [], type: labels === 'string' ? 'seq(map(string,float32))' : 'seq(map(int64,float32))' }
    : { name: 'output_probability', dims: [null, 3] };
  nodes.push(
    options.zipmap
      ? { op: 'ZipMap', domain: ML, inputs: ['probabilities'], outputs: ['output_probability'], attributes: [classLabels(labels)] }
      : { op: 'Identity', inputs: ['probabilities'], outputs: ['output_probability'] },
  );
  return encodeModel({
    nodes,
    initializers: [],
    input: { name: 'X', dims: [null, features], type: options.inputType ?? 'float32' },
    outputs: [{ name: 'output_label', dims: [null], type: labels === 'string' ? 'string' : 'int64' }, probability],
    opset: 15,
    opsetImports: ML_OPSET,
  });
}

/**
 * A decision tree over two features with three classes, whose leaves hold class
 * probabilities (as a DecisionTreeClassifier's do):
 * `x0 > 0.5` → [0.1, 0.2, 0.7]; else `x1 <= 2` → [0.8, 0.1, 0.1]; else [0.25, 0.5, 0.25].
 */
export function treeClassifierModel(options: ClassifierModelOptions = {}): Uint8Array {
  const leaves: [number, number[]][] = [
    [2, [0.1, 0.2, 0.7]],
    [3, [0.8, 0.1, 0.1]],
    [4, [0.25, 0.5, 0.25]],
  ];
  const core: Node = {
    op: 'TreeEnsembleClassifier',
    domain: ML,
    inputs: ['X'],
    outputs: ['label', 'probabilities'],
    attributes: [
      { name: 'class_ids', ints: leaves.flatMap(() => [0, 1, 2]) },
      { name: 'class_nodeids', ints: leaves.flatMap(([node]) => [node, node, node]) },
      { name: 'class_treeids', ints: leaves.flatMap(() => [0, 0, 0]) },
      { name: 'class_weights', floats: leaves.flatMap(([, w]) => w) },
      classLabels(options.labels ?? 'int64'),
      { name: 'nodes_falsenodeids', ints: [2, 4, 0, 0, 0] },
      { name: 'nodes_featureids', ints: [0, 1, 0, 0, 0] },
      { name: 'nodes_modes', strings: ['BRANCH_LEQ', 'BRANCH_LEQ', 'LEAF', 'LEAF', 'LEAF'] },
      { name: 'nodes_nodeids', ints: [0, 1, 2, 3, 4] },
      { name: 'nodes_treeids', ints: [0, 0, 0, 0, 0] },
      { name: 'nodes_truenodeids', ints: [1, 3, 0, 0, 0] },
      { name: 'nodes_values', floats: [0.5, 2, 0, 0, 0] },
      { name: 'post_transform', string: 'NONE' },
    ],
  };
  return classifierGraph(2, core, options);
}

/** What {@link treeClassifierModel} answers for one row: the class index and the probabilities. */
export function treeClassifierExpected(row: readonly number[]): { index: number; probabilities: number[] } {
  const probabilities = row[0] > 0.5 ? [0.1, 0.2, 0.7] : row[1] <= 2 ? [0.8, 0.1, 0.1] : [0.25, 0.5, 0.25];
  return { index: probabilities.indexOf(Math.max(...probabilities)), probabilities };
}

/** The weights of {@link linearClassifierModel}: three classes over three features. */
export const LINEAR_CLASSIFIER = {
  coefficients: [
    [1, -1, 0.5],
    [-0.5, 2, 0],
    [0, 0.25, -1],
  ],
  intercepts: [0.1, -0.2, 0.3],
};

/** A softmax-regression classifier (LinearClassifier with `post_transform: SOFTMAX`). */
export function linearClassifierModel(options: ClassifierModelOptions = {}): Uint8Array {
  const core: Node = {
    op: 'LinearClassifier',
    domain: ML,
    inputs: ['X'],
    outputs: ['label', 'probabilities'],
    attributes: [
      classLabels(options.labels ?? 'int64', 'classlabels_ints'),
      { name: 'coefficients', floats: LINEAR_CLASSIFIER.coefficients.flat() },
      { name: 'intercepts', floats: LINEAR_CLASSIFIER.intercepts },
      { name: 'multi_class', int: 1 },
      { name: 'post_transform', string: 'SOFTMAX' },
    ],
  };
  return classifierGraph(3, core, options);
}

/** What {@link linearClassifierModel} answers for one row, in double precision. */
export function linearClassifierExpected(row: readonly number[]): { index: number; probabilities: number[] } {
  const logits = LINEAR_CLASSIFIER.coefficients.map((w, c) => w.reduce((s, wi, i) => s + wi * row[i], LINEAR_CLASSIFIER.intercepts[c]));
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const total = e.reduce((s, v) => s + v, 0);
  const probabilities = e.map((v) => v / total);
  return { index: probabilities.indexOf(Math.max(...probabilities)), probabilities };
}

/** `y = 2·x0 − x1 + 0.5·x2 + 1` (LinearRegressor), answered as `variable` [N, 1]. */
export function linearRegressorModel(): Uint8Array {
  return encodeModel({
    nodes: [
      {
        op: 'LinearRegressor',
        domain: ML,
        inputs: ['X'],
        outputs: ['variable'],
        attributes: [
          { name: 'coefficients', floats: [2, -1, 0.5] },
          { name: 'intercepts', floats: [1] },
          { name: 'targets', int: 1 },
        ],
      },
    ],
    initializers: [],
    input: { name: 'X', dims: [null, 3] },
    outputs: [{ name: 'variable', dims: [null, 1] }],
    opset: 15,
    opsetImports: ML_OPSET,
  });
}

/** A regression stump: `x0 <= 1` → 10, else 20 (TreeEnsembleRegressor), answered as `variable` [N, 1]. */
export function treeRegressorModel(): Uint8Array {
  return encodeModel({
    nodes: [
      {
        op: 'TreeEnsembleRegressor',
        domain: ML,
        inputs: ['X'],
        outputs: ['variable'],
        attributes: [
          { name: 'n_targets', int: 1 },
          { name: 'nodes_falsenodeids', ints: [2, 0, 0] },
          { name: 'nodes_featureids', ints: [0, 0, 0] },
          { name: 'nodes_modes', strings: ['BRANCH_LEQ', 'LEAF', 'LEAF'] },
          { name: 'nodes_nodeids', ints: [0, 1, 2] },
          { name: 'nodes_treeids', ints: [0, 0, 0] },
          { name: 'nodes_truenodeids', ints: [1, 0, 0] },
          { name: 'nodes_values', floats: [1, 0, 0] },
          { name: 'post_transform', string: 'NONE' },
          { name: 'target_ids', ints: [0, 0] },
          { name: 'target_nodeids', ints: [1, 2] },
          { name: 'target_treeids', ints: [0, 0] },
          { name: 'target_weights', floats: [10, 20] },
        ],
      },
    ],
    initializers: [],
    input: { name: 'X', dims: [null, 2] },
    outputs: [{ name: 'variable', dims: [null, 1] }],
    opset: 15,
    opsetImports: ML_OPSET,
  });
}
