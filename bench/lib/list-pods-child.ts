/**
 * The tool's side of the verify-pods bench, in its own process so that its memory is measured apart
 * from the sandbox's: reads every pod of the cluster the way verify and report do (the kube port's
 * paged listing through the gateway, each page reduced before client-node types it, then to PodInfo),
 * or, for comparison, the same listing on a client-node API object made without the gateway (a new
 * TLS connection for every request), or one unpaged list. Prints one JSON line: pods, ms, peak RSS.
 *   node list-pods-child.js <kubeconfig> paged|new-connections|unpaged
 */
import { performance } from 'node:perf_hooks';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { kubeApi } from '../../src/tool/gateway/kube.js';
import { listAllPods, podInfo } from '../../src/tool/steps/kube-pod-pages.js';

const [kubeconfig = '', mode = 'paged'] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
// Through the tool's gateway, as verify and report read (its retry layer, limit and kept connections).
const core = mode === 'new-connections' ? kc.makeApiClient(CoreV1Api) : kubeApi(kc, CoreV1Api);

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
