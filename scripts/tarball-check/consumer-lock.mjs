// Writes package.json and package-lock.json of a new project that depends on the packed
// tarball and on the named extra packages, so that `npm ci --offline` installs it from the
// npm cache alone. A plain `npm install <tarball>` would need each dependency's registry
// metadata, which `npm ci` never downloads (it fetches the lockfile's tarball URLs), so it
// fails offline. The lockfile here takes every package's version, URL and integrity from
// this repository's package-lock.json: the dependency closure of clarify-ts's own
// package.json (as packed), nothing from its devDependencies unless named as an extra.
//
//   node consumer-lock.mjs <repo> <app folder> <tarball> [name@version ...]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [repo, app, tarball, ...extras] = process.argv.slice(2);
if (!repo || !app || !tarball) throw new Error('usage: consumer-lock.mjs <repo> <app folder> <tarball> [name@version ...]');

const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const entries = lock.packages;

/** Where Node would find `name` from the package at lock path `from` (nested first, then up). */
function resolve(from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (entries[candidate] && !entries[candidate].link) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('node_modules/');
    base = cut <= 0 ? '' : base.slice(0, cut - 1);
  }
}

/** The names a package needs installed: dependencies, optional ones, and required peers. */
function needs(manifest) {
  const optionalPeers = manifest.peerDependenciesMeta ?? {};
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => !optionalPeers[p]?.optional);
  return [
    ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...peers.map((name) => ({ name, optional: false })),
  ];
}

const packages = {};
const queue = [];
function add(path, from, name, optional) {
  if (path === undefined) {
    // A platform's optional binary (e.g. another OS's sharp) is left out of the repository's lock too.
    if (optional) return;
    throw new Error(`${name}, needed by ${from || 'the project'}, is not in ${repo}/package-lock.json: run npm install there`);
  }
  if (packages[path]) return;
  // This project's own dependency flags replace the repository's: nothing here is a devDependency.
  const { dev, devOptional, peer, ...entry } = entries[path];
  if (devOptional) entry.optional = true;
  packages[path] = entry;
  queue.push(path);
}

const tarballPath = relative(app, tarball);
const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
const rootDependencies = { [pkg.name]: `file:${tarballPath}` };
packages[`node_modules/${pkg.name}`] = {
  version: pkg.version,
  resolved: `file:${tarballPath}`,
  integrity,
  license: pkg.license,
  dependencies: pkg.dependencies,
  peerDependencies: pkg.peerDependencies,
  peerDependenciesMeta: pkg.peerDependenciesMeta,
  bin: pkg.bin,
  engines: pkg.engines,
};
queue.push(`node_modules/${pkg.name}`);
for (const spec of extras) {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  const path = resolve('', name);
  if (path === undefined || entries[path].version !== spec.slice(at + 1)) {
    throw new Error(`${spec} is not in ${repo}/package-lock.json (found ${path ? entries[path].version : 'none'})`);
  }
  rootDependencies[name] = spec.slice(at + 1);
  add(path, '', name, false);
}
while (queue.length > 0) {
  const path = queue.shift();
  // clarify-ts's own needs come from its package.json, as packed; the others' from the lock.
  const manifest = path === `node_modules/${pkg.name}` ? pkg : entries[path];
  for (const { name, optional } of needs(manifest)) {
    const found = path === `node_modules/${pkg.name}` ? resolve('', name) : resolve(path, name);
    add(found, path, name, optional);
  }
}

const name = 'clarify-ts-consumer';
writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies: rootDependencies }, null, 2)}\n`);
writeFileSync(
  join(app, 'package-lock.json'),
  `${JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0', dependencies: rootDependencies }, ...packages } }, null, 2)}\n`,
);
console.log(`${Object.keys(packages).length} packages locked for ${Object.keys(rootDependencies).join(', ')}`);
