// The JavaScript half of JavetSealBackend. Java sees SEAL objects only as integer handles into the
// table below and moves data only as Uint8Array (byte[] on the Java side), one call per operation.
// Runs in a plain V8 runtime before node-seal.js: there is no Node, no module system, no crypto.
(function (global) {
  'use strict';

  // SEAL draws all its randomness (keys, encryption noise) from crypto.getRandomValues; here it is
  // the JVM's SecureRandom, bound by Java as __javaRandom(Uint8Array).
  const fillRandom = global.__javaRandom;
  delete global.__javaRandom;
  // Javet reads and writes a typed array from the start of its buffer, whatever its offset, and
  // emscripten asks for a view into the wasm heap: fill a fresh array, then copy it into place.
  global.crypto = {
    getRandomValues(array) {
      const drawn = new Uint8Array(array.byteLength);
      fillRandom(drawn);
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(drawn);
      return array;
    },
  };
  // node-seal's web build looks for a page address; any absolute URL will do, nothing is fetched.
  global.location = { href: 'file:///node-seal.js' };

  // The wasm memory, found as the module is instantiated, so its size can be reported.
  let memory = null;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (source, imports) {
    const result = await instantiate.call(WebAssembly, source, imports);
    const instance = result.instance || result;
    const candidates = [...Object.values(instance.exports)];
    for (const module of Object.values(imports || {})) {
      candidates.push(...Object.values(module));
    }
    memory = candidates.find((value) => value instanceof WebAssembly.Memory) || null;
    return result;
  };

  let seal = null;
  const objects = new Map();
  let nextHandle = 1;

  const put = (kind, object) => {
    const handle = nextHandle++;
    objects.set(handle, { kind, object });
    return handle;
  };
  const entry = (handle, ...kinds) => {
    const found = objects.get(handle);
    if (!found) {
      throw new Error(`no live SEAL object with handle ${handle} (closed already?)`);
    }
    if (kinds.length && !kinds.includes(found.kind)) {
      throw new Error(`handle ${handle} is a ${found.kind}, expected ${kinds.join(' or ')}`);
    }
    return found;
  };
  const get = (handle, ...kinds) => entry(handle, ...kinds).object;
  // Temporary wrappers (vectors, moduli, parms ids, context data) own wasm memory too.
  const using = (object, use) => {
    try {
      return use(object);
    } finally {
      object.delete();
    }
  };
  // A copy at offset 0 of its own buffer: the only shape Javet's toBytes reads correctly.
  const bytes = (typed) => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength).slice();
  const security = (name) => seal.SecurityLevel[name];
  const scheme = (name) => seal.SchemeType[name];

  const checkedContext = (parms, securityName) => {
    const context = seal.Context(parms, true, security(securityName));
    if (!context.parametersSet()) {
      const reason = using(context.keyContextData, (data) =>
        using(data.qualifiers, (qualifiers) => qualifiers.parameterErrorMessage));
      context.delete();
      throw new Error(`SEAL rejected the encryption parameters: ${reason}`);
    }
    return context;
  };

  const evaluator = (handle) => get(handle, 'Evaluator');
  const cipher = (handle) => get(handle, 'CipherText');
  const newCipher = (use) => {
    const result = seal.CipherText();
    try {
      use(result);
    } catch (e) {
      result.delete();
      throw e;
    }
    return put('CipherText', result);
  };

  const loaders = {
    PublicKey: () => seal.PublicKey(),
    SecretKey: () => seal.SecretKey(),
    RelinKeys: () => seal.RelinKeys(),
    GaloisKeys: () => seal.GaloisKeys(),
    CipherText: () => seal.CipherText(),
    PlainText: () => seal.PlainText(),
  };

  // Whatever SEAL throws (an Error, a wasm exception, a string) reaches Java as an Error with a message.
  const describe = (e) => {
    if (e instanceof Error) {
      return e.message ? e : new Error(`${e.name || 'error'} without a message`);
    }
    if (seal && typeof e === 'number') {
      return seal.Exception.safe(e);
    }
    return new Error(String(e));
  };
  const guarded = (functions) => Object.fromEntries(Object.entries(functions).map(([name, f]) =>
    [name, function (...args) {
      try {
        return f(...args);
      } catch (e) {
        throw describe(e);
      }
    }]));

  global.__he = guarded({
    init: async () => {
      seal = await global.SEAL();
      return seal.Version;
    },

    // Parameters as JSON: {scheme, polyModulusDegree, coeffModulusBits | null, plainModulusBits, security}.
    context(json) {
      const p = JSON.parse(json);
      return using(seal.EncryptionParameters(scheme(p.scheme)), (parms) => {
        parms.setPolyModulusDegree(p.polyModulusDegree);
        using(p.coeffModulusBits
          ? seal.CoeffModulus.Create(p.polyModulusDegree, Int32Array.from(p.coeffModulusBits))
          : seal.CoeffModulus.BFVDefault(p.polyModulusDegree, security(p.security)),
        (coeffs) => parms.setCoeffModulus(coeffs));
        if (p.plainModulusBits) {
          using(seal.PlainModulus.Batching(p.polyModulusDegree, p.plainModulusBits),
            (modulus) => parms.setPlainModulus(modulus));
        }
        return put('Context', checkedContext(parms, p.security));
      });
    },
    contextFrom(saved, securityName) {
      return using(seal.EncryptionParameters(), (parms) => {
        parms.loadArray(saved);
        return put('Context', checkedContext(parms, securityName));
      });
    },
    saveParameters(context) {
      return using(get(context, 'Context').keyContextData, (data) =>
        using(data.parms, (parms) => bytes(parms.saveArray())));
    },
    plainModulus(context) {
      return using(get(context, 'Context').keyContextData, (data) => using(data.parms, (parms) =>
        using(parms.plainModulus, (modulus) => modulus.value.toString())));
    },

    keyGenerator: (context) => put('KeyGenerator', seal.KeyGenerator(get(context, 'Context'))),
    keyGeneratorFrom: (context, secretKey) =>
      put('KeyGenerator', seal.KeyGenerator(get(context, 'Context'), get(secretKey, 'SecretKey'))),
    secretKey: (generator) => put('SecretKey', get(generator, 'KeyGenerator').secretKey()),
    createPublicKey: (generator) => put('PublicKey', get(generator, 'KeyGenerator').createPublicKey()),
    createRelinKeys: (generator) => put('RelinKeys', get(generator, 'KeyGenerator').createRelinKeys()),
    createGaloisKeys: (generator, steps) => put('GaloisKeys', steps === null
      ? get(generator, 'KeyGenerator').createGaloisKeys()
      : get(generator, 'KeyGenerator').createGaloisKeys(Int32Array.from(JSON.parse(steps)))),

    batchEncoder: (context) => put('BatchEncoder', seal.BatchEncoder(get(context, 'Context'))),
    ckksEncoder: (context) => put('CKKSEncoder', seal.CKKSEncoder(get(context, 'Context'))),
    slotCount: (encoder) => get(encoder, 'BatchEncoder', 'CKKSEncoder').slotCount,
    // Values arrive as little-endian int64 / float64 bytes in a fresh (aligned) Uint8Array.
    encodeLongs: (encoder, values) => put('PlainText',
      get(encoder, 'BatchEncoder').encode(new BigInt64Array(values.buffer, values.byteOffset, values.length / 8))),
    decodeLongs: (encoder, plain, signed) =>
      bytes(get(encoder, 'BatchEncoder').decodeBigInt(get(plain, 'PlainText'), signed)),
    encodeDoubles: (encoder, values, scale) => put('PlainText', get(encoder, 'CKKSEncoder')
      .encode(new Float64Array(values.buffer, values.byteOffset, values.length / 8), scale)),
    decodeDoubles: (encoder, plain) => bytes(get(encoder, 'CKKSEncoder').decode(get(plain, 'PlainText'))),

    encryptor: (context, publicKey) =>
      put('Encryptor', seal.Encryptor(get(context, 'Context'), get(publicKey, 'PublicKey'))),
    encrypt: (encryptor, plain) => put('CipherText', get(encryptor, 'Encryptor').encrypt(get(plain, 'PlainText'))),
    decryptor: (context, secretKey) =>
      put('Decryptor', seal.Decryptor(get(context, 'Context'), get(secretKey, 'SecretKey'))),
    decrypt: (decryptor, ct) => put('PlainText', get(decryptor, 'Decryptor').decrypt(cipher(ct))),
    noiseBudget: (decryptor, ct) => get(decryptor, 'Decryptor').invariantNoiseBudget(cipher(ct)),

    evaluator: (context) => {
      const handle = put('Evaluator', seal.Evaluator(get(context, 'Context')));
      // sumElements needs the scheme; keep it with the evaluator.
      objects.get(handle).scheme = using(get(context, 'Context').keyContextData, (data) =>
        using(data.parms, (parms) => parms.scheme));
      return handle;
    },
    add: (ev, a, b) => newCipher((out) => evaluator(ev).add(cipher(a), cipher(b), out)),
    addInPlace: (ev, a, b) => { evaluator(ev).add(cipher(a), cipher(b), cipher(a)); },
    sub: (ev, a, b) => newCipher((out) => evaluator(ev).sub(cipher(a), cipher(b), out)),
    negate: (ev, a) => newCipher((out) => evaluator(ev).negate(cipher(a), out)),
    multiply: (ev, a, b) => newCipher((out) => evaluator(ev).multiply(cipher(a), cipher(b), out)),
    addPlain: (ev, a, plain) => newCipher((out) => evaluator(ev).addPlain(cipher(a), get(plain, 'PlainText'), out)),
    multiplyPlain: (ev, a, plain) =>
      newCipher((out) => evaluator(ev).multiplyPlain(cipher(a), get(plain, 'PlainText'), out)),
    relinearize: (ev, a, relinKeys) =>
      newCipher((out) => evaluator(ev).relinearize(cipher(a), get(relinKeys, 'RelinKeys'), out)),
    rescaleToNext: (ev, a) => newCipher((out) => evaluator(ev).rescaleToNext(cipher(a), out)),
    modSwitchToNext: (ev, a) => newCipher((out) => evaluator(ev).cipherModSwitchToNext(cipher(a), out)),
    // Brings a ciphertext or plaintext down to the level of another ciphertext (CKKS after rescaling).
    modSwitchTo: (ev, operand, like) => {
      const found = entry(operand, 'CipherText', 'PlainText');
      return using(cipher(like).parmsId, (parmsId) => {
        if (found.kind === 'PlainText') {
          const out = seal.PlainText();
          evaluator(ev).plainModSwitchTo(found.object, parmsId, out);
          return put('PlainText', out);
        }
        return newCipher((out) => evaluator(ev).cipherModSwitchTo(found.object, parmsId, out));
      });
    },
    // Every rotation takes (evaluator, ciphertext, steps, galois keys); steps is unused where SEAL has none.
    rotateRows: (ev, a, steps, galoisKeys) =>
      newCipher((out) => evaluator(ev).rotateRows(cipher(a), steps, get(galoisKeys, 'GaloisKeys'), out)),
    rotateColumns: (ev, a, steps, galoisKeys) =>
      newCipher((out) => evaluator(ev).rotateColumns(cipher(a), get(galoisKeys, 'GaloisKeys'), out)),
    rotateVector: (ev, a, steps, galoisKeys) =>
      newCipher((out) => evaluator(ev).rotateVector(cipher(a), steps, get(galoisKeys, 'GaloisKeys'), out)),
    sumElements: (ev, a, steps, galoisKeys) => newCipher((out) => evaluator(ev)
      .sumElements(cipher(a), get(galoisKeys, 'GaloisKeys'), entry(ev, 'Evaluator').scheme, out)),
    scale: (ct) => cipher(ct).scale,
    setScale: (ct, scale) => { cipher(ct).setScale(scale); },

    save: (handle, compressed) => bytes(get(handle, ...Object.keys(loaders))
      .saveArray(compressed ? seal.ComprModeType.zstd : seal.ComprModeType.none)),
    load: (kind, context, saved) => {
      const object = loaders[kind]();
      try {
        object.loadArray(get(context, 'Context'), saved);
      } catch (e) {
        object.delete();
        throw e;
      }
      return put(kind, object);
    },

    free: (handle) => {
      const found = objects.get(handle);
      if (found) {
        objects.delete(handle);
        found.object.delete();
      }
    },
    liveObjects: () => objects.size,
    wasmMemoryBytes: () => (memory ? memory.buffer.byteLength : -1),
  });
})(globalThis);
