#!/usr/bin/env node
/*
 * Runs @vladmandic/face-api 1.7.15 itself (dist/face-api.node-wasm.js, tfjs 4.22.0, pure-JS `cpu` backend) on
 * fixed inputs and writes the dlib descriptors that facecal's ONNX conversion must reproduce:
 *
 *   src/test/resources/fixtures/faceapi/descriptors.json
 *   src/test/resources/fixtures/faceapi/<name>.input.f32.gz   (only for inputs that are not 150x150)
 *
 * Usage:  cd reference/faceapi && npm ci && node make_fixtures.js --shared ../../../shared
 *
 * Photos are decoded by Java's ImageIO (DecodeRgb.java, run with `java`, JAVA_HOME honoured) so that Node and
 * the Java tests see identical pixels; the crops only live in a temp dir. See README.md.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf;
const SIZE = 150;
const MEAN_RGB = [122.782, 117.001, 104.298]; // FaceRecognitionNet.ts:27
const OUT_DIR = path.resolve(__dirname, '../../src/test/resources/fixtures/faceapi');

/*
 * Synthetic images: integer arithmetic only (no rounding questions between JS and Java). x = column 0..W-1,
 * y = row 0..H-1, c = channel (0 R, 1 G, 2 B); `/` is integer division of non-negative numbers (floor).
 * dev.facecal.models.SyntheticImages implements the same formulas.
 */
const PATTERNS = {
  gradient: {
    formula: 'R = 255*x/(W-1); G = 255*y/(H-1); B = 255*(x+y)/(W+H-2)',
    pixel: (x, y, c, W, H) => [fdiv(255 * x, W - 1), fdiv(255 * y, H - 1), fdiv(255 * (x + y), W + H - 2)][c],
  },
  checker: {
    formula: 'cell = ((x/16) + (y/16)) mod 2; v = cell ? 200 + 20*c : 40 + 25*c',
    pixel: (x, y, c) => ((fdiv(x, 16) + fdiv(y, 16)) % 2 === 1 ? 200 + 20 * c : 40 + 25 * c),
  },
  quadratic: {
    formula: 'v = (x*x + 3*y*y + 7*x*y + 50*c) mod 256',
    pixel: (x, y, c) => (x * x + 3 * y * y + 7 * x * y + 50 * c) % 256,
  },
  face: {
    formula: 'background (40 + y/3, 60 + x/5, 90); face where 3844*(x-75)^2 + 2500*(y-78)^2 <= 9610000: '
      + '(224 - y/4, 172 - y/4, 140 - y/4); nose where 72<=x<=78 and 70<=y<=95: (200, 150, 120); '
      + 'eyes where (x-55)^2+(y-62)^2 <= 49 or (x-95)^2+(y-62)^2 <= 49: (40, 30, 30); '
      + 'mouth where |x-75| <= 20 and |y-108| <= 4: (150, 60, 70); later rules win',
    pixel: (x, y, c) => {
      let v = [40 + fdiv(y, 3), 60 + fdiv(x, 5), 90];
      if (3844 * (x - 75) ** 2 + 2500 * (y - 78) ** 2 <= 9610000) v = [224 - fdiv(y, 4), 172 - fdiv(y, 4), 140 - fdiv(y, 4)];
      if (x >= 72 && x <= 78 && y >= 70 && y <= 95) v = [200, 150, 120];
      if ((x - 55) ** 2 + (y - 62) ** 2 <= 49 || (x - 95) ** 2 + (y - 62) ** 2 <= 49) v = [40, 30, 30];
      if (Math.abs(x - 75) <= 20 && Math.abs(y - 108) <= 4) v = [150, 60, 70];
      return v[c];
    },
  },
};

function fdiv(a, b) { return Math.floor(a / b); }

const SYNTHETIC = [
  { name: 'synthetic-gradient', pattern: 'gradient', width: 150, height: 150 },
  { name: 'synthetic-checker', pattern: 'checker', width: 150, height: 150 },
  { name: 'synthetic-quadratic', pattern: 'quadratic', width: 150, height: 150 },
  { name: 'synthetic-face', pattern: 'face', width: 150, height: 150 },
  // not square: exercise padToSquare (odd difference: 17 columns appended right, 16 prepended left) + upscale
  { name: 'synthetic-face-98x131', pattern: 'face', width: 98, height: 131 },
  // not square: 31 rows appended at the bottom, 30 prepended at the top, then a downscale 181 -> 150
  { name: 'synthetic-quadratic-181x120', pattern: 'quadratic', width: 181, height: 120 },
];

/*
 * Photos from shared/datasets/deepface-unit. Boxes were chosen from face-api's own SsdMobilenetv1 detections
 * (default options) on the ImageIO-decoded pixels; `pipeline` runs the full face-api pipeline
 * (detectSingleFace + withFaceLandmarks + withFaceDescriptor) and records the box it cropped.
 */
const PHOTOS = [
  { name: 'img12-150', file: 'img12.jpg', box: { x: 212, y: 91, width: 150, height: 150 }, how: '150x150 box centred on the face detection' },
  { name: 'img14-150', file: 'img14.jpg', box: { x: 335, y: 104, width: 150, height: 150 }, how: '150x150 box centred on the face detection' },
  { name: 'img25-150', file: 'img25.jpg', box: { x: 132, y: 100, width: 150, height: 150 }, how: '150x150 box centred on the face detection' },
  { name: 'img27-150', file: 'img27.jpg', box: { x: 310, y: 37, width: 150, height: 150 }, how: '150x150 box centred on the face detection' },
  { name: 'img21-detection', file: 'img21.jpg', box: { x: 84, y: 89, width: 225, height: 279 }, how: 'face detection box, rounded (tall: padToSquare + downscale)' },
  { name: 'img28-wide', file: 'img28.jpg', box: { x: 215, y: 44, width: 260, height: 230 }, how: 'wide box around the face (padToSquare + downscale)' },
  { name: 'img16-pipeline', file: 'img16.jpg', pipeline: true, how: 'face-api pipeline: detectSingleFace(SsdMobilenetv1) + withFaceLandmarks + withFaceDescriptor; box = landmarks.align(useDlibAlignment).clipAtImageBorders' },
];

function sha256(buf) { return crypto.createHash('sha256').update(buf).digest('hex'); }

function parseArgs() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--shared');
  if (i < 0 || !args[i + 1]) throw new Error('usage: node make_fixtures.js --shared PATH/TO/shared');
  return { shared: path.resolve(args[i + 1]) };
}

function javaExe() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Decodes the photos with ImageIO (DecodeRgb.java) into a temp dir; returns file -> {rgb, width, height}. */
function decodePhotos(dir, files, tmp) {
  const out = execFileSync(javaExe(), [path.join(__dirname, 'DecodeRgb.java'), tmp, ...files.map((f) => path.join(dir, f))], { encoding: 'utf8' });
  const decoded = {};
  out.trim().split('\n').forEach((line, k) => {
    const [rgbFile, w, h] = line.trim().split(' ');
    decoded[files[k]] = { rgb: fs.readFileSync(rgbFile), width: Number(w), height: Number(h) };
  });
  return decoded;
}

function crop(img, box) {
  const out = Buffer.alloc(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * img.width + box.x) * 3;
    img.rgb.copy(out, y * box.width * 3, from, from + box.width * 3);
  }
  return out;
}

function toTensor(rgb, width, height) {
  return tf.tensor3d(Int32Array.from(rgb), [height, width, 3], 'int32');
}

/** The float32 [1,150,150,3] tensor FaceRecognitionNet.forwardInput feeds its first conv (l.25-28). */
async function netInput(image) {
  const input = await faceapi.toNetInput(image);
  const t = tf.tidy(() => faceapi.normalize(tf.cast(input.toBatchTensor(SIZE, true), 'float32'), MEAN_RGB).div(255));
  const data = await t.data();
  t.dispose();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength); // little-endian on every platform Node runs on
}

async function describe(entry, rgb, width, height) {
  const image = toTensor(rgb, width, height);
  const descriptor = Array.from(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(image));
  const input = await netInput(image);
  image.dispose();
  entry.rgbSha256 = sha256(rgb);
  entry.netInputSha256 = sha256(input);
  // Only synthetic tensors are written: photo-derived data is never committed (its SHA-256 is enough for facecal's
  // preprocessing test, which recomputes the tensor from the shared photo).
  if ((width !== SIZE || height !== SIZE) && entry.kind === 'synthetic') {
    entry.netInput = `${entry.name}.input.f32.gz`;
    fs.writeFileSync(path.join(OUT_DIR, entry.netInput), zlib.gzipSync(input, { level: 9 }));
  } else {
    entry.netInput = null;
  }
  entry.descriptor = descriptor;
  return descriptor;
}

async function main() {
  const { shared } = parseArgs();
  const photoDir = path.join(shared, 'datasets', 'deepface-unit');
  if (!fs.existsSync(photoDir)) throw new Error(`${photoDir} is missing: pass --shared pointing at the shared data folder`);
  await tf.setBackend('cpu');
  await tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.input.f32.gz')) fs.unlinkSync(path.join(OUT_DIR, f));

  const inputs = [];
  for (const s of SYNTHETIC) {
    const { width: W, height: H } = s;
    const rgb = Buffer.alloc(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) rgb[(y * W + x) * 3 + c] = PATTERNS[s.pattern].pixel(x, y, c, W, H);
    const entry = { name: s.name, kind: 'synthetic', pattern: s.pattern, formula: PATTERNS[s.pattern].formula, width: W, height: H };
    await describe(entry, rgb, W, H);
    inputs.push(entry);
    console.log(entry.name, W, H);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facecal-faceapi-'));
  try {
    const decoded = decodePhotos(photoDir, [...new Set(PHOTOS.map((p) => p.file))], tmp);
    for (const p of PHOTOS) {
      const img = decoded[p.file];
      const file = path.join(photoDir, p.file);
      let { box } = p;
      let pipelineDescriptor = null;
      if (p.pipeline) {
        if (!faceapi.nets.ssdMobilenetv1.isLoaded) await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
        if (!faceapi.nets.faceLandmark68Net.isLoaded) await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
        const full = toTensor(img.rgb, img.width, img.height);
        const r = await faceapi.detectSingleFace(full, new faceapi.SsdMobilenetv1Options()).withFaceLandmarks().withFaceDescriptor();
        full.dispose();
        if (!r) throw new Error(`face-api found no face in ${file}`);
        const b = r.landmarks.align(null, { useDlibAlignment: true }).clipAtImageBorders(img.width, img.height);
        box = { x: b.x, y: b.y, width: b.width, height: b.height };
        pipelineDescriptor = Array.from(r.descriptor);
      }
      const entry = {
        name: p.name, kind: 'photo', file: `datasets/deepface-unit/${p.file}`, fileSha256: sha256(fs.readFileSync(file)),
        imageWidth: img.width, imageHeight: img.height, box, how: p.how,
      };
      const d = await describe(entry, crop(img, box), box.width, box.height);
      if (pipelineDescriptor && pipelineDescriptor.some((v, k) => v !== d[k])) {
        throw new Error(`${p.name}: computeFaceDescriptor(crop) differs from the pipeline's descriptor`);
      }
      inputs.push(entry);
      console.log(entry.name, box.width, box.height);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  // the weights as tfjs decoded them (io_utils.js decodeWeight): SHA-256 of each tensor's float32 bytes
  const weights = {};
  for (const { path: name, tensor } of faceapi.nets.faceRecognitionNet.getParamList()) {
    const v = await tensor.data();
    weights[name] = { shape: tensor.shape, sha256: sha256(Buffer.from(v.buffer, v.byteOffset, v.byteLength)) };
  }

  const doc = {
    generator: 'reference/faceapi/make_fixtures.js',
    faceApi: faceapi.version,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    model: 'face_recognition_model (dlib ResNet, 128-D) from the @vladmandic/face-api package',
    preprocessing: 'computeFaceDescriptor(tensor3d int32 [H,W,3] RGB): padToSquare(centred) + resizeBilinear(150, '
      + 'alignCorners=false, halfPixelCenters=false) unless 150x150, cast float32, (x - mean) / 255',
    mean: MEAN_RGB,
    netInputFormat: 'float32 little-endian [1,150,150,3] NHWC (RGB), gzip; netInputSha256 is of the raw float32 bytes',
    rgbFormat: 'rgbSha256 is of the raw RGB bytes [H,W,3] of the image (synthetic) or crop (photo) fed to face-api; '
      + 'photos are decoded with Java ImageIO (BufferedImage.getRGB), crops are rows box.y..box.y+height-1, columns '
      + 'box.x..box.x+width-1',
    inputs,
    weightsFormat: 'face_recognition_model weights after tfjs decoding: shape and SHA-256 of the float32 little-endian values (tfjs layout)',
    weights,
  };
  fs.writeFileSync(path.join(OUT_DIR, 'descriptors.json'), `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`wrote ${inputs.length} descriptors to ${path.relative(process.cwd(), OUT_DIR)}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
