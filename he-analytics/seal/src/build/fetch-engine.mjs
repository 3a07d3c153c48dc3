// Fetches node-seal (Microsoft SEAL compiled to WebAssembly) with the npm client, refuses it unless
// its sha512 is the pinned one, and unpacks the two variants the module uses:
//   - the web UMD build (wasm inlined) into the jar's resources: the engine Javet runs in the JVM;
//   - the Node UMD build under target/node-seal/package: plain Node for the interop test and bench.
// Usage: node fetch-engine.mjs <version> <sha512-base64> <work dir> <resources dir> <resource path>
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [version, sha512, workDir, resourcesDir, resourcePath] = process.argv.slice(2);
const tarball = join(workDir, `node-seal-${version}.tgz`);
const digest = (file) => createHash('sha512').update(readFileSync(file)).digest('base64');

mkdirSync(workDir, { recursive: true });
if (!existsSync(tarball) || digest(tarball) !== sha512) {
  execFileSync('npm', ['pack', `node-seal@${version}`, '--pack-destination', workDir, '--silent'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}
const actual = digest(tarball);
if (actual !== sha512) {
  console.error(`node-seal ${version}: sha512 ${actual} is not the pinned ${sha512}`);
  process.exit(1);
}
execFileSync('tar', ['-xzf', tarball, '-C', workDir,
  'package/throws_wasm_web_umd.js', 'package/throws_wasm_node_umd.js', 'package/LICENSE', 'package/package.json']);
const target = join(resourcesDir, resourcePath);
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(workDir, 'package/throws_wasm_web_umd.js'), target);
copyFileSync(join(workDir, 'package/LICENSE'), join(dirname(target), 'node-seal-LICENSE'));
