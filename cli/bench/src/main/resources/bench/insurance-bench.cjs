// bench insurance, the Node side: the same packed model evaluation as the JVM's PackedScorer, on the
// same SEAL wasm (node-seal's Node build of the same package), parameters, evaluation keys and
// contribution ciphertexts, written by the Java side. Prints one JSON line; writes its last result
// ciphertext so that Java decrypts it and checks it against the plaintext model.
// Usage: node insurance-bench.cjs <node-seal package dir> <bench dir> <seconds>
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [sealDir, dir, seconds] = process.argv.slice(2);
const SEAL = require(join(sealDir, 'throws_wasm_node_umd.js'));
const read = (name) => new Uint8Array(readFileSync(join(dir, name)));

/** Length-prefixed (4-byte big-endian) byte arrays, as Java's DataOutputStream wrote them. */
function frames(bytes) {
  const out = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.length;) {
    const length = view.getInt32(at);
    out.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

(async () => {
  const seal = await SEAL();
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const parms = seal.EncryptionParameters();
  parms.loadArray(read('parms.bin'));
  const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
  const [relinBytes, galoisBytes] = frames(read('eval.bin'));
  const relinKeys = seal.RelinKeys();
  relinKeys.loadArray(context, relinBytes);
  const galoisKeys = seal.GaloisKeys();
  galoisKeys.loadArray(context, galoisBytes);
  const contributions = frames(read('contributions.bin'));
  const encoder = seal.CKKSEncoder(context);
  const evaluator = seal.Evaluator(context);
  const slots = encoder.slotCount;
  const scale = model.scale;

  const encode = (values) => encoder.encode(Float64Array.from(values), scale);
  const weightsAt = [];
  const weightsFor = (j) => {
    while (weightsAt.length <= j) {
      const v = new Float64Array(slots);
      model.weights.forEach((w, f) => { v[f * model.laneWidth + weightsAt.length] = w; });
      weightsAt.push(encode(v));
    }
    return weightsAt[j];
  };
  const masked = (k, value) => { const v = new Float64Array(slots); v.fill(value, 0, k); return v; };
  const atLevel = (plain, like) => {
    const id = like.parmsId;
    const out = seal.PlainText();
    evaluator.plainModSwitchTo(plain, id, out);
    id.delete();
    return out;
  };
  const cipherAtLevel = (c, like) => {
    const id = like.parmsId;
    const out = seal.CipherText();
    evaluator.cipherModSwitchTo(c, id, out);
    id.delete();
    return out;
  };

  function score(drivers) {
    const scratch = [];
    const keep = (o) => { scratch.push(o); return o; };
    const op = (fn) => { const out = keep(seal.CipherText()); fn(out); return out; };
    const rescale = (c) => { const r = op((out) => evaluator.rescaleToNext(c, out)); r.setScale(scale); return r; };
    const coefficient = (value, k, like) => { const p = keep(encode(masked(k, value))); return keep(atLevel(p, like)); };
    const times = (c, p) => rescale(op((out) => evaluator.multiplyPlain(c, p, out)));
    try {
      let packed = null;
      drivers.forEach((bytes, j) => {
        const c = seal.CipherText();
        c.loadArray(context, bytes);
        const w = evaluator.multiplyPlain(c, weightsFor(j));
        c.delete();
        if (packed === null) packed = keep(w); else { evaluator.add(packed, w, packed); w.delete(); }
      });
      const sum = rescale(packed);
      for (const step of model.steps) {
        const r = op((out) => evaluator.rotateVector(sum, step, galoisKeys, out));
        evaluator.add(sum, r, sum);
      }
      const intercept = keep(encode(new Float64Array(slots).fill(model.intercept)));
      const z = op((out) => evaluator.addPlain(sum, keep(atLevel(intercept, sum)), out));
      const c = model.polynomial;
      const nonZero = (k) => k < c.length && c[k] !== 0;
      const k = drivers.length;
      const terms = [];
      if (nonZero(1)) terms.push(times(z, coefficient(c[1], k, z)));
      if (nonZero(2) || nonZero(3)) {
        const z2 = rescale(op((out) => evaluator.relinearize(op((m) => evaluator.multiply(z, z, m)), relinKeys, out)));
        if (nonZero(2)) terms.push(times(z2, coefficient(c[2], k, z2)));
        if (nonZero(3)) {
          const c3z = times(z, coefficient(c[3], k, z));
          terms.push(rescale(op((out) => evaluator.relinearize(op((m) => evaluator.multiply(z2, c3z, m)),
            relinKeys, out))));
        }
      }
      const lowest = terms[terms.length - 1];
      const level = (t) => (t === lowest ? t : keep(cipherAtLevel(t, lowest)));
      const total = level(terms[0]);
      for (const t of terms.slice(1)) evaluator.add(total, level(t), total);
      const result = c[0] === 0 ? total : op((out) => evaluator.addPlain(total, coefficient(c[0], k, lowest), out));
      return result.saveArray(seal.ComprModeType.zstd);
    } finally {
      for (const o of scratch) o.delete();
    }
  }

  const batch = Array.from({ length: model.drivers }, (_, j) => contributions[j % contributions.length]);
  let last = score(batch); // warm-up, and the weights' plaintexts made once as in the JVM
  const budget = Number(seconds) * 1e9;
  const start = process.hrtime.bigint();
  let batches = 0;
  let elapsed = 0;
  let fastest = Infinity;
  do {
    const batchStart = process.hrtime.bigint();
    last = score(batch);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - batchStart));
    batches++;
    elapsed = Number(process.hrtime.bigint() - start);
  } while (elapsed < budget);
  writeFileSync(join(dir, 'node-scores.bin'), last);
  console.log(JSON.stringify({
    scored_per_s: batches * model.drivers / (elapsed / 1e9),
    best_scored_per_s: model.drivers / (fastest / 1e9),
    batches,
  }));
})().catch((e) => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
