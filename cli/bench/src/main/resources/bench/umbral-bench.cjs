// The same Umbral operations with the reference (rust-umbral 0.10 as wasm, @nucypher/umbral-pre),
// timed in one process: the baseline bin/cpchain bench crypto compares the Java implementation to.
const umbral = require('@nucypher/umbral-pre');

function opsPerSecond(fn, seconds) {
  const warmupEnd = Date.now() + 1000;
  while (Date.now() < warmupEnd) fn();
  let count = 0;
  const start = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) { fn(); count++; }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return count / elapsed;
}

const seconds = Number(process.argv[2] || 3);
const owner = umbral.SecretKey.random();
const grantee = umbral.SecretKey.random();
const signer = new umbral.Signer(umbral.SecretKey.random());
const [capsule, ciphertext] = umbral.encrypt(owner.publicKey(), new Uint8Array(16));
const kfrags = umbral.generateKFrags(owner, grantee.publicKey(), signer, 2, 3, true, true);
const cfragBytes = umbral.reencrypt(capsule, kfrags[0]).toBytes();
const cfrags = [umbral.reencrypt(capsule, kfrags[0]), umbral.reencrypt(capsule, kfrags[1])];

const result = {
  // Likewise encapsulation, with an empty message.
  encapsulate: opsPerSecond(() => umbral.encrypt(owner.publicKey(), new Uint8Array(0)), seconds),
  generateKFrags: opsPerSecond(() => umbral.generateKFrags(owner, grantee.publicKey(), signer, 2, 3, true, true), seconds),
  reencrypt: opsPerSecond(() => umbral.reencrypt(capsule, kfrags[0]), seconds),
  verifyCfrag: opsPerSecond(() => umbral.CapsuleFrag.fromBytes(cfragBytes)
      .verify(capsule, signer.verifyingKey(), owner.publicKey(), grantee.publicKey()), seconds),
  // The reference exposes decapsulation only with its DEM; the 16-byte decryption adds little.
  decapsulateReencrypted: opsPerSecond(
      () => umbral.decryptReencrypted(grantee, owner.publicKey(), capsule, cfrags, ciphertext), seconds),
};
process.stdout.write(JSON.stringify(result));
