/**
 * A minimal ONNX (protobuf) writer: just the messages a fixed graph needs, with
 * field numbers from onnx.proto. Enough for onnxruntime to load the model, so
 * tests and benchmarks build the models they run instead of downloading or
 * committing them. Nodes of other domains (`ai.onnx.ml`: TreeEnsembleClassifier,
 * LinearClassifier, ZipMap, ...) need `domain` on the node and an `opsetImports`
 * entry for it; their outputs may be string tensors or sequences of maps.
 */

class Writer {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  varint(value: number | bigint): void {
    let v = BigInt(value);
    if (v < 0n) v += 1n << 64n;
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): void {
    this.tag(field, 0);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): void {
    const inner = new Writer();
    build(inner);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** One attribute: give exactly one of the values (AttributeProto's f, i, s, floats, ints, strings). */
export type Attribute = {
  name: string;
  int?: number;
  ints?: number[];
  float?: number;
  floats?: number[];
  string?: string;
  strings?: string[];
};
export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
  /** The operator set domain, e.g. `ai.onnx.ml`. @default '' (the default domain, ai.onnx) */
  domain?: string;
}
export interface Initializer {
  name: string;
  dims: number[];
  /** float32, or int64 (indices and shapes: Slice, Gather, Reshape). */
  data: Float32Array | BigInt64Array;
}
/** Element types of graph inputs and outputs. */
export type ElementType = 'float32' | 'uint8' | 'int64' | 'string' | 'float64';
/** A sequence of maps from class labels to floats: what ai.onnx.ml's ZipMap returns. */
export type SequenceOfMapsType = 'seq(map(int64,float32))' | 'seq(map(string,float32))';
export interface ValueSpec {
  name: string;
  /** A number is a fixed dimension, a string a named (symbolic) one, `null` one with neither; unused for sequences. */
  dims: (number | string | null)[];
  /** @default 'float32' */
  type?: ElementType | SequenceOfMapsType;
}
export interface GraphSpec {
  nodes: Node[];
  initializers: Initializer[];
  input: ValueSpec;
  /** The graph's one output; give `outputs` instead for several. */
  output?: ValueSpec;
  /** The graph's outputs, in order (used instead of `output`). */
  outputs?: ValueSpec[];
  /** Version of the default domain (ai.onnx). */
  opset: number;
  /** Further operator sets, e.g. `[{ domain: 'ai.onnx.ml', version: 3 }]`. @default [] */
  opsetImports?: { domain: string; version: number }[];
}

/** TensorProto.DataType codes. */
const ELEMENT_TYPE: Record<ElementType, number> = { float32: 1, uint8: 2, int64: 7, string: 8, float64: 11 };

function tensorType(w: Writer, field: number, elementType: ElementType, dims: readonly (number | string | null)[] | undefined): void {
  w.message(field, (tensor) => {
    tensor.int(1, ELEMENT_TYPE[elementType]);
    if (dims === undefined) return;
    tensor.message(2, (shape) => {
      for (const d of dims) {
        shape.message(1, (dim) => {
          if (typeof d === 'number') dim.int(1, d);
          else if (typeof d === 'string') dim.string(2, d);
        });
      }
    });
  });
}

function valueInfo(w: Writer, field: number, v: ValueSpec): void {
  w.message(field, (vi) => {
    vi.string(1, v.name);
    vi.message(2, (type) => {
      const kind = v.type ?? 'float32';
      const map = /^seq\(map\((int64|string),float32\)\)$/.exec(kind);
      if (!map) {
        tensorType(type, 1, kind as ElementType, v.dims);
        return;
      }
      // TypeProto.sequence_type (4) of TypeProto.map_type (5): key_type (an int) and value_type.
      type.message(4, (sequence) =>
        sequence.message(1, (element) =>
          element.message(5, (mapType) => {
            mapType.int(1, ELEMENT_TYPE[map[1] as ElementType]);
            mapType.message(2, (value) => tensorType(value, 1, 'float32', undefined));
          }),
        ),
      );
    });
  });
}

/** Serialises a ModelProto (IR version 8). */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, 'clarify-ts tests');
  w.message(7, (g) => {
    spec.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        n.inputs.forEach((s) => node.string(1, s));
        n.outputs.forEach((s) => node.string(2, s));
        node.string(3, `${n.op}_${i}`);
        node.string(4, n.op);
        for (const a of n.attributes ?? []) {
          node.message(5, (attr) => {
            attr.string(1, a.name);
            if (a.float !== undefined) {
              attr.float(2, a.float);
              attr.int(20, 1);
            } else if (a.int !== undefined) {
              attr.int(3, a.int);
              attr.int(20, 2);
            } else if (a.string !== undefined) {
              attr.string(4, a.string);
              attr.int(20, 3);
            } else if (a.floats !== undefined) {
              for (const v of a.floats) attr.float(7, v);
              attr.int(20, 6);
            } else if (a.strings !== undefined) {
              for (const v of a.strings) attr.string(9, v);
              attr.int(20, 8);
            } else {
              for (const v of a.ints ?? []) attr.int(8, v);
              attr.int(20, 7);
            }
          });
        }
        if (n.domain) node.string(7, n.domain);
      }),
    );
    g.string(2, 'graph');
    for (const t of spec.initializers) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        tensor.int(2, t.data instanceof BigInt64Array ? ELEMENT_TYPE.int64 : ELEMENT_TYPE.float32);
        tensor.string(8, t.name);
        tensor.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      });
    }
    valueInfo(g, 11, spec.input);
    for (const output of spec.outputs ?? (spec.output ? [spec.output] : [])) valueInfo(g, 12, output);
  });
  for (const { domain, version } of [{ domain: '', version: spec.opset }, ...(spec.opsetImports ?? [])]) {
    w.message(8, (o) => {
      o.string(1, domain);
      o.int(2, version);
    });
  }
  return w.finish();
}

/**
 * A model whose output is its input, flattened to `[N, rest]` (after a cast to
 * float for a uint8 input): the classifier's "scores" are then exactly the tensor
 * it fed, so a test can compare the preprocessing with an independent computation.
 */
export function echoModel(input: ValueSpec): Uint8Array {
  const nodes: Node[] = [];
  let x = input.name;
  if ((input.type ?? 'float32') !== 'float32') {
    nodes.push({ op: 'Cast', inputs: [x], outputs: ['as_float'], attributes: [{ name: 'to', int: ELEMENT_TYPE.float32 }] });
    x = 'as_float';
  }
  nodes.push({ op: 'Flatten', inputs: [x], outputs: ['scores'], attributes: [{ name: 'axis', int: 1 }] });
  return encodeModel({ nodes, initializers: [], input, output: { name: 'scores', dims: [input.dims[0] ?? 'batch', null] }, opset: 13 });
}
