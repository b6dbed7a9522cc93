/**
 * What `npm install eks-cidr` gets: `npm pack --dry-run` lists the compiled code, the bin, README and
 * package.json, and no tests, fixtures, test data, benchmarks or source maps; every entry point the
 * package declares is in it, and no shipped module imports a file that is left out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../helpers/cli-process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface PackJson {
  files: { path: string }[];
}

async function packedFiles(): Promise<Set<string>> {
  // --ignore-scripts: the list of what is there now, without `prepare` compiling again.
  const r = await runProcess('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {}, root);
  assert.equal(r.code, 0, r.stderr);
  const [pack] = JSON.parse(r.stdout) as PackJson[];
  return new Set(pack!.files.map((f) => f.path));
}

describe('npm package contents', () => {
  it('ships no tests, fixtures, test data, benchmarks or source maps', async () => {
    const files = [...(await packedFiles())];
    const unwanted = files.filter((f) =>
      /(\.test\.|(^|\/)test-[^/]*$|\/testing\/|\/testdata\/|fixture|^test\/|^bench\/|^dist\/(test|bench)\/|^src\/|\.map$|tsbuildinfo)/.test(
        f,
      ),
    );
    assert.deepEqual(unwanted, []);
    assert.ok(files.length > 100, `only ${files.length} files`);
  });

  it('ships every entry point the package declares, and everything they import', async () => {
    const files = await packedFiles();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      bin: Record<string, string>;
      exports: Record<string, string>;
    };
    const entries = [pkg.main, pkg.types, ...Object.values(pkg.bin), ...Object.values(pkg.exports)];
    for (const entry of entries) assert.ok(files.has(normalize(entry)), `${entry} is not in the package`);
    assert.ok(files.has('README.md') && files.has('package.json'));
    // Relative imports of every shipped module (static and dynamic) resolve inside the package.
    const missing: string[] = [];
    for (const file of files) {
      const declaration = file.endsWith('.d.ts');
      if (!file.endsWith('.js') && !declaration) continue;
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        // A declaration's `./x.js` is typed by the shipped `./x.d.ts` (the library's types).
        const target = normalize(join(dirname(file), m[1]!)).replace(/\.js$/, declaration ? '.d.ts' : '.js');
        if (!files.has(target)) missing.push(`${file} -> ${m[1]}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
