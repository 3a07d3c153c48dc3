// The other side of SealNodeInteropITCase: node-seal on plain Node, exchanging SEAL-serialized
// objects with the JVM through files in <work dir>.
// Usage: node seal-interop.cjs <node-seal package dir> <work dir>
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [sealDir, workDir] = process.argv.slice(2);
const SEAL = require(join(sealDir, 'throws_wasm_node_umd.js'));
const read = (name) => new Uint8Array(readFileSync(join(workDir, name)));
const write = (name, bytes) => writeFileSync(join(workDir, name), bytes);

(async () => {
  const seal = await SEAL();
  const parms = seal.EncryptionParameters();
  parms.loadArray(read('parms.bin'));
  const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
  const encoder = seal.BatchEncoder(context);

  // Java's keys and ciphertext, used here.
  const javaSecret = seal.SecretKey();
  javaSecret.loadArray(context, read('java-secret.bin'));
  const javaPublic = seal.PublicKey();
  javaPublic.loadArray(context, read('java-public.bin'));
  const javaCipher = seal.CipherText();
  javaCipher.loadArray(context, read('java-cipher.bin'));
  const decrypted = encoder.decodeBigInt(seal.Decryptor(context, javaSecret).decrypt(javaCipher), true);
  write('java-cipher.decrypted.json', JSON.stringify(Array.from(decrypted.slice(0, 16), String)));
  const mine = BigInt64Array.from({ length: 16 }, (_, i) => BigInt(1000 + i));
  write('node-under-java-key.bin', seal.Encryptor(context, javaPublic).encrypt(encoder.encode(mine)).saveArray());

  // Node's own keys and ciphertext, for Java to use.
  const keys = seal.KeyGenerator(context);
  const secret = keys.secretKey();
  const publicKey = keys.createPublicKey();
  const values = BigInt64Array.from({ length: 16 }, (_, i) => BigInt(7 * i - 20));
  write('node-secret.bin', secret.saveArray());
  write('node-cipher.bin', seal.Encryptor(context, publicKey).encrypt(encoder.encode(values)).saveArray());
})().catch((e) => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
