#!/usr/bin/env node
/*
 * The face-api side of `facecal bench-embed --reference`: times @vladmandic/face-api 1.7.15's dlib descriptor
 * (FaceRecognitionNet.computeFaceDescriptor) with one tfjs backend on the images facecal wrote, and writes the
 * call times and the descriptors as JSON so facecal can compare speed and check that both sides computed the same
 * descriptors.
 *
 * Usage (facecal runs it; by hand only for debugging):
 *   node bench.js --input RGB.bin --count N --width 150 --height 150 --backend wasm|cpu
 *                 --batches 1,16 --repeats R [--warmup W] [--images M] --out RESULT.json
 *
 * RGB.bin holds N images back to back, each H*W*3 bytes, row-major, R G B (exactly the pixels facecal embeds).
 * Only the first M images are used (default N); M must be a multiple of every batch size.
 *
 * What is timed: one `await computeFaceDescriptor(x)` call, where x is one int32 tensor3d [H,W,3] (batch 1) or an
 * array of b of them (batch b: face-api stacks them into one [b,150,150,3] batch). That includes face-api's own
 * preprocessing of a 150x150 input (cast to float32, (x - mean) / 255; no pad or resize at that size) and the
 * read-back of the descriptors. Creating the input tensors is not timed.
 *
 * Passes are interleaved: each of R rounds runs one pass over the M images per batch size, so drift on a shared
 * machine spreads over all batch sizes. W warm-up passes per batch size come first (untimed).
 *
 * Backends: `wasm` is tfjs-backend-wasm (XNNPACK compiled to WebAssembly). In Node, tfjs never uses the threaded
 * binary (WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE), so it is tfjs-backend-wasm-simd.wasm (SIMD128,
 * single thread) when the runtime validates SIMD, else tfjs-backend-wasm.wasm. The file actually read is recorded
 * (`wasmBinary`). `cpu` is tfjs-backend-cpu, plain JavaScript.
 */
'use strict';

const fs = require('fs');
const path = require('path');

function parseArgs() {
  const a = process.argv.slice(2);
  const get = (name, def) => {
    const i = a.indexOf(`--${name}`);
    if (i < 0) {
      if (def === undefined) throw new Error(`missing --${name}`);
      return def;
    }
    return a[i + 1];
  };
  const args = {
    input: get('input'),
    count: Number(get('count')),
    width: Number(get('width', '150')),
    height: Number(get('height', '150')),
    backend: get('backend'),
    batches: get('batches', '1,16').split(',').map(Number),
    repeats: Number(get('repeats', '3')),
    warmup: Number(get('warmup', '1')),
    out: get('out'),
  };
  args.images = Number(get('images', String(args.count)));
  if (!['wasm', 'cpu'].includes(args.backend)) throw new Error(`--backend must be wasm or cpu, got ${args.backend}`);
  if (!(args.images > 0 && args.images <= args.count)) throw new Error(`--images must be in 1..${args.count}`);
  for (const b of args.batches) {
    if (!(b > 0) || args.images % b !== 0) throw new Error(`--images ${args.images} is not a multiple of batch ${b}`);
  }
  return args;
}

// Record which .wasm file the backend reads (the emscripten loader reads it with fs.readFileSync in Node).
const wasmFilesRead = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = function patchedReadFileSync(p, ...rest) {
  if (String(p).endsWith('.wasm')) wasmFilesRead.push(String(p));
  return readFileSync.call(this, p, ...rest);
};

const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf;

function now() {
  return process.hrtime.bigint();
}

function ms(t0, t1) {
  return Number(t1 - t0) / 1e6;
}

async function main() {
  const args = parseArgs();
  const per = args.width * args.height * 3;
  const bytes = readFileSync(args.input);
  if (bytes.length !== per * args.count) {
    throw new Error(`${args.input}: ${bytes.length} bytes, expected ${per * args.count} (${args.count} images of ${args.width}x${args.height}x3)`);
  }
  await tf.setBackend(args.backend);
  await tf.ready();
  if (tf.getBackend() !== args.backend) throw new Error(`tfjs runs ${tf.getBackend()}, not ${args.backend}`);
  const info = {
    backend: tf.getBackend(),
    node: process.version,
    v8: process.versions.v8,
    faceApi: faceapi.version,
    tfjs: tf.version_core,
  };
  if (args.backend === 'wasm') {
    info.tfjsBackendWasm = tf.version_wasm;
    info.wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.wasmMultithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.wasmThreads = tf.getThreadsCount();
    info.wasmBinary = wasmFilesRead.map((f) => path.basename(f)).join(', ') || 'unknown';
  }
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const net = faceapi.nets.faceRecognitionNet;
  await net.loadFromDisk(modelDir);

  const images = [];
  for (let i = 0; i < args.images; i++) {
    images.push(tf.tensor3d(Int32Array.from(bytes.subarray(i * per, (i + 1) * per)), [args.height, args.width, 3], 'int32'));
  }
  const tensorsBefore = tf.memory().numTensors;

  /** One pass over the images at batch b; returns the call times (ms) and the descriptors. */
  async function pass(b) {
    const times = [];
    const descriptors = [];
    for (let i = 0; i < images.length; i += b) {
      const input = b === 1 ? images[i] : images.slice(i, i + b);
      const t0 = now();
      const out = await net.computeFaceDescriptor(input);
      const t1 = now();
      times.push(ms(t0, t1));
      for (const d of (b === 1 ? [out] : out)) descriptors.push(Array.from(d));
    }
    return { times, descriptors };
  }

  const result = { ...info, images: args.images, repeats: args.repeats, warmup: args.warmup, batches: {} };
  for (const b of args.batches) {
    for (let w = 0; w < args.warmup; w++) await pass(b);
    result.batches[b] = { callMs: [], descriptors: null };
  }
  for (let r = 0; r < args.repeats; r++) {
    for (const b of args.batches) {
      const p = await pass(b);
      result.batches[b].callMs.push(...p.times);
      if (result.batches[b].descriptors === null) result.batches[b].descriptors = p.descriptors;
      process.stderr.write(`\r  tfjs-${args.backend}: round ${r + 1}/${args.repeats}, batch ${b}: median ${median(p.times).toFixed(1)} ms per call\u001b[K`);
    }
  }
  process.stderr.write('\n');
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) throw new Error(`face-api left ${leaked} tensors behind; the timing would include garbage`);
  images.forEach((t) => t.dispose());
  fs.writeFileSync(args.out, JSON.stringify(result));
}

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
