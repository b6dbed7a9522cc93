/**
 * `node --import ./module-count-hook.js ...`: records every module the process loads, for
 * cli-startup.bench. ES modules are seen by a loader hook (it runs on the hooks thread and appends
 * each URL to a file synchronously, so nothing is lost at exit); CommonJS modules, which the AWS SDK
 * v3 ships as and which ESM loader hooks do not see when required from CommonJS, are read from the
 * require cache at exit. The union, as file paths, and the package imports our own files made go to
 * `$BENCH_MODULE_REPORT` as JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';

const report = process.env.BENCH_MODULE_REPORT;
if (report) {
  const esmLog = `${report}.esm`;
  writeFileSync(esmLog, '');
  register('./module-count-loader.js', import.meta.url, { data: { log: esmLog } });
  process.on('exit', () => {
    const files = new Set<string>(Object.keys(createRequire(import.meta.url).cache));
    const imports: string[] = [];
    for (const line of readFileSync(esmLog, 'utf8').split('\n')) {
      const [kind, url, specifier] = line.split(' ');
      if (kind === 'L' && url?.startsWith('file:')) files.add(fileURLToPath(url));
      if (kind === 'I' && url?.startsWith('file:')) imports.push(`${fileURLToPath(url)} ${specifier}`);
    }
    writeFileSync(report, JSON.stringify({ files: [...files].sort(), imports }));
  });
}
