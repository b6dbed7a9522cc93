/**
 * Running the real kubectl against the kube test harness: `$EKS_CIDR_KUBECTL` (e.g. Debian's
 * kubernetes-client 1.20 unpacked into a folder), else `kubectl` on PATH; tests skip when neither
 * runs. kubectl is spawned asynchronously: the API server lives in this same process.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeHarness, type KubeHarness } from '../integration/kube-harness.js';

export function findKubectl(): string | undefined {
  const candidate = process.env.EKS_CIDR_KUBECTL || 'kubectl';
  const probe = spawnSync(candidate, ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  return probe.status === 0 ? candidate : undefined;
}

export const KUBECTL = findKubectl();
/** Skip without kubectl, unless CI demands the real clients (then the tests fail instead). */
export const SKIP_KUBECTL =
  KUBECTL || process.env.EKS_CIDR_REQUIRE_REAL_CLIENTS === '1'
    ? false
    : 'kubectl not found (set EKS_CIDR_KUBECTL)';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlHarness extends KubeHarness {
  kubectl(args: string[], options?: { input?: string; kubeconfig?: string }): Promise<KubectlResult>;
  dir: string;
  cleanup(): Promise<void>;
}

export async function startKubectlHarness(): Promise<KubectlHarness> {
  const h = await startKubeHarness();
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, h.kubeconfig());
  const kubectl = (args: string[], options: { input?: string; kubeconfig?: string } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        KUBECTL ?? 'kubectl',
        args,
        {
          env: { ...process.env, KUBECONFIG: options.kubeconfig ?? kubeconfig, HOME: dir },
          timeout: 60_000,
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  return {
    ...h,
    dir,
    kubectl,
    cleanup: async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
