// jest runs each test file in its own VM context, whose typed-array constructors differ from the ones
// onnxruntime-node's native binding checks against ("A float32 tensor's data must be type of
// Float32Array"). Tests that run real ONNX inference use this environment, which hands the context the
// host's typed arrays. Select it with the docblock `@jest-environment ./test/medium/slm/support/onnx-test-environment.js`.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxTestEnvironment;
