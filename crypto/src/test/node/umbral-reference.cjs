// The reference Umbral (rust-umbral 0.10 as wasm) on the other side of the interop test. Fixed
// secret keys arrive on stdin as JSON. "make": the reference encrypts and delegates, and prints
// capsule, ciphertext and cfrags. "open": the reference verifies and opens what Java made (capsule,
// ciphertext, kfrags, cfrags) and prints the plaintexts it got. Test tooling only, never bundled.
const umbral = require('@nucypher/umbral-pre');

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const fromHex = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (bytes) => Buffer.from(bytes).toString('hex');

const owner = umbral.SecretKey.fromBEBytes(fromHex(input.ownerSecret));
const grantee = umbral.SecretKey.fromBEBytes(fromHex(input.granteeSecret));
const signer = new umbral.Signer(umbral.SecretKey.fromBEBytes(fromHex(input.signerSecret)));
const keys = [signer.verifyingKey(), owner.publicKey(), grantee.publicKey()];

let output;
if (input.mode === 'make') {
  const [capsule, ciphertext] = umbral.encrypt(owner.publicKey(), fromHex(input.plaintext));
  const kfrags = umbral.generateKFrags(owner, grantee.publicKey(), signer, input.threshold, input.shares, true, true);
  const cfrags = kfrags.slice(0, input.threshold).map((kfrag) => umbral.reencrypt(capsule, kfrag));
  output = {
    ownerPublic: toHex(owner.publicKey().toCompressedBytes()),
    signerPublic: toHex(signer.verifyingKey().toCompressedBytes()),
    capsule: toHex(capsule.toBytes()),
    ciphertext: toHex(ciphertext),
    cfrags: cfrags.map((cfrag) => toHex(cfrag.toBytes())),
  };
} else {
  const capsule = umbral.Capsule.fromBytes(fromHex(input.capsule));
  const ciphertext = fromHex(input.ciphertext);
  const fromJavaCfrags = input.cfrags.map((hex) => umbral.CapsuleFrag.fromBytes(fromHex(hex)).verify(capsule, ...keys));
  const fromJavaKfrags = input.kfrags.map((hex) => umbral.KeyFrag.fromBytes(fromHex(hex)).verify(...keys));
  const reencryptedHere = fromJavaKfrags.map((kfrag) => umbral.reencrypt(capsule, kfrag));
  output = {
    original: toHex(umbral.decryptOriginal(owner, capsule, ciphertext)),
    withJavaCfrags: toHex(umbral.decryptReencrypted(grantee, owner.publicKey(), capsule, fromJavaCfrags, ciphertext)),
    withJavaKfrags: toHex(umbral.decryptReencrypted(grantee, owner.publicKey(), capsule, reencryptedHere, ciphertext)),
  };
}
process.stdout.write(JSON.stringify(output));
