/**
 * A minimal ONNX (protobuf) writer: just the messages a fixed graph needs, with
 * field numbers from onnx.proto. Enough for onnxruntime to load the model, so
 * tests and benchmarks build the models they run instead of downloading or
 * committing them.
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

export type Attribute = { name: string; int?: number; ints?: number[]; float?: number };
export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}
export interface Initializer {
  name: string;
  dims: number[];
  /** float32, or int64 (indices and shapes: Slice, Gather, Reshape). */
  data: Float32Array | BigInt64Array;
}
/** Element types of graph inputs and outputs. */
export type ElementType = 'float32' | 'uint8' | 'int64';
export interface ValueSpec {
  name: string;
  /** A number is a fixed dimension, a string a named (symbolic) one, `null` one with neither. */
  dims: (number | string | null)[];
  /** @default 'float32' */
  type?: ElementType;
}
export interface GraphSpec {
  nodes: Node[];
  initializers: Initializer[];
  input: ValueSpec;
  output: ValueSpec;
  opset: number;
}

/** TensorProto.DataType codes. */
const ELEMENT_TYPE: Record<ElementType, number> = { float32: 1, uint8: 2, int64: 7 };

function valueInfo(w: Writer, field: number, v: ValueSpec): void {
  w.message(field, (vi) => {
    vi.string(1, v.name);
    vi.message(2, (type) =>
      type.message(1, (tensor) => {
        tensor.int(1, ELEMENT_TYPE[v.type ?? 'float32']);
        tensor.message(2, (shape) => {
          for (const d of v.dims) {
            shape.message(1, (dim) => {
              if (typeof d === 'number') dim.int(1, d);
              else if (typeof d === 'string') dim.string(2, d);
            });
          }
        });
      }),
    );
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
            } else {
              for (const v of a.ints ?? []) attr.int(8, v);
              attr.int(20, 7);
            }
          });
        }
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
    valueInfo(g, 12, spec.output);
  });
  w.message(8, (o) => {
    o.string(1, '');
    o.int(2, spec.opset);
  });
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
