import { onnx } from 'onnx-proto';

type ElementType = 'float' | 'int64';
type Dim = number | string;
type AttributeValue = number | number[] | string;

const DATA_TYPE: Record<ElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

/** A seeded PRNG (mulberry32) so fixture weights, and therefore test outputs, never change between runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMatrix(random: () => number, rows: number, cols: number, scale = 1): Float32Array {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * scale;
  return data;
}

/**
 * The smallest ONNX graph writer that the fixtures need. Tensors are stored as raw little-endian bytes,
 * which is what onnxruntime reads fastest and keeps the files small.
 */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  input(name: string, type: ElementType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElementType, dims: Dim[]): string {
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  floats(name: string, data: Float32Array, dims: number[]): string {
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims, dataType: DATA_TYPE.float, rawData });
    return name;
  }

  int64s(name: string, values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: DATA_TYPE.int64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  /** Adds a node and returns its (first) output name; `output` names it, otherwise a fresh name is used. */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    const attribute = Object.entries(attributes).map(([name, value]) => attributeOf(name, value));
    this.nodes.push({ opType, input: inputs, output: [out], name: `${out}_node`, attribute });
    return out;
  }

  toBytes(name: string, opset = 17): Uint8Array {
    const graph = onnx.GraphProto.create({
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'seed-slm-fixtures',
      opsetImport: [{ domain: '', version: opset }],
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElementType, dims: Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: DATA_TYPE[type], shape: { dim } } } };
}

function attributeOf(name: string, value: AttributeValue): onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (Number.isInteger(value)) return { name, type: AttributeType.INT, i: value };
  return { name, type: AttributeType.FLOAT, f: value };
}
