/**
 * The tool's side of the verify-pods bench, in its own process so that its memory is measured apart
 * from the sandbox's: reads every pod of the cluster the way verify and report do (the kube port's
 * paged listing, reduced to PodInfo page by page), or, for comparison, as one unpaged list.
 * Prints one JSON line: pods, milliseconds, peak RSS.
 *   node list-pods-child.js <kubeconfig> paged|unpaged
 */
import { performance } from 'node:perf_hooks';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { listAllPods, podInfo } from '../../src/tool/steps/kube-pod-pages.js';

const [kubeconfig = '', mode = 'paged'] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(CoreV1Api);

const start = performance.now();
const pods =
  mode === 'unpaged'
    ? (await core.listPodForAllNamespaces({})).items.map((p) => podInfo(p))
    : await listAllPods(core);
const ms = performance.now() - start;
const running = pods.filter((p) => p.phase === 'Running' && p.podIp !== undefined).length;
// maxRSS is in kilobytes: the peak resident set of this process over the whole run.
process.stdout.write(
  JSON.stringify({ mode, pods: pods.length, running, ms, peakRssMB: process.resourceUsage().maxRSS / 1024 }) +
    '\n',
);
