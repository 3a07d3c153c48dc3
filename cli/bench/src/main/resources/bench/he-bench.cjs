// bench he, the Node side: the same SEAL wasm (node-seal's Node build of the same package) on the
// same parameters, timing the same operations as the Java side, each result deleted as Java closes it.
// Usage: node he-bench.cjs <node-seal package dir> <saved parameters file> <seconds per operation>
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [sealDir, parmsFile, seconds] = process.argv.slice(2);
const SEAL = require(join(sealDir, 'throws_wasm_node_umd.js'));

/** Milliseconds per call of op, measured for the given seconds after the Java side's warm-up (Repeat): 20 calls and 1 s. */
function measure(op) {
  const warming = process.hrtime.bigint();
  for (let i = 0; i < 20 || process.hrtime.bigint() - warming < 1000000000n; i++) op();
  const budget = Number(seconds) * 1e9;
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0;
  do {
    op();
    calls++;
    elapsed = Number(process.hrtime.bigint() - start);
  } while (elapsed < budget);
  return elapsed / 1e6 / calls;
}

(async () => {
  const seal = await SEAL();
  const parms = seal.EncryptionParameters();
  parms.loadArray(new Uint8Array(readFileSync(parmsFile)));
  const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
  const keys = seal.KeyGenerator(context);
  const secretKey = keys.secretKey();
  const publicKey = keys.createPublicKey();
  const encoder = seal.BatchEncoder(context);
  const encryptor = seal.Encryptor(context, publicKey);
  const decryptor = seal.Decryptor(context, secretKey);
  const evaluator = seal.Evaluator(context);
  const values = BigInt64Array.from({ length: encoder.slotCount }, (_, i) => BigInt((i * 7919) % 1000));
  const plain = encoder.encode(values);
  const a = encryptor.encrypt(plain);
  const b = encryptor.encrypt(plain);

  const result = {
    encrypt_ms: measure(() => {
      const p = encoder.encode(values);
      const c = encryptor.encrypt(p);
      p.delete();
      c.delete();
    }),
    add_ms: measure(() => evaluator.add(a, b).delete()),
    multiply_plain_ms: measure(() => evaluator.multiplyPlain(a, plain).delete()),
    decrypt_ms: measure(() => {
      const p = decryptor.decrypt(a);
      encoder.decodeBigInt(p, false);
      p.delete();
    }),
  };
  console.log(JSON.stringify(result));
})().catch((e) => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
