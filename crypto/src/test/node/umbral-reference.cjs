// Makes a delegation with the reference Umbral (rust-umbral 0.10 as wasm) from fixed secret keys
// given on stdin, and prints what the Java side must accept: capsule and cfrags in the reference's
// "simple" byte layout, as hex JSON. Test tooling only.
const umbral = require('@nucypher/umbral-pre');

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const fromHex = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (bytes) => Buffer.from(bytes).toString('hex');

const owner = umbral.SecretKey.fromBEBytes(fromHex(input.ownerSecret));
const grantee = umbral.SecretKey.fromBEBytes(fromHex(input.granteeSecret));
const signer = new umbral.Signer(umbral.SecretKey.fromBEBytes(fromHex(input.signerSecret)));

const [capsule] = umbral.encrypt(owner.publicKey(), new TextEncoder().encode('interval key'));
const kfrags = umbral.generateKFrags(owner, grantee.publicKey(), signer, input.threshold, input.shares, true, true);
const cfrags = kfrags.slice(0, input.threshold).map((kfrag) => umbral.reencrypt(capsule, kfrag));

process.stdout.write(JSON.stringify({
  ownerPublic: toHex(owner.publicKey().toCompressedBytes()),
  signerPublic: toHex(signer.verifyingKey().toCompressedBytes()),
  capsule: toHex(capsule.toBytesSimple()),
  cfrags: cfrags.map((cfrag) => toHex(cfrag.toBytesSimple())),
}));
