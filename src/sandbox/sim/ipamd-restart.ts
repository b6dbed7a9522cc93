/**
 * ipamd starts with its aws-node pod: at node boot, and again on every node when a change to the
 * aws-node DaemonSet (env, image) rolls out a new pod. It then reads its configuration from that pod
 * and keeps the ENIs already attached and the addresses pods hold (pkg/ipamd nodeInit). With subnet
 * discovery on CNI 1.22+, nodeInit also marks the ENIs whose subnet is excluded (tag `0`, or opted in
 * for other clusters only) as serving no new pod addresses, and returns their unused addresses
 * (excludedENIBasedOnSubnetTags, cleanupExcludedENI).
 */
import type { ClusterContext } from './engine.js';
import { isAwsNodePod } from './aws-node-health.js';
import { awsNodeContainerOf, ipamdConfigFromEnv } from './ipamd/config.js';
import { discoveryRules, isSubnetExcluded } from './ipamd/subnet-selection.js';
import type { Pod } from './kube-types.js';
import type { SimEni, SimSubnet } from './ports.js';
import { ipamdLog, type SimNodeRecord } from './sim-state.js';

/** The aws-node pod running ipamd on the node, if it has started (it has the host's address). */
export function runningAwsNode(pods: readonly Pod[]): Pod | undefined {
  return pods.find((p) => isAwsNodePod(p) && !p.metadata.deletionTimestamp && p.status?.podIP !== undefined);
}

/** Restarts ipamd when the node's aws-node pod is a new one; returns the EC2 writes made. */
export function restartIpamdIfNew(
  ctx: ClusterContext,
  record: SimNodeRecord,
  awsNode: Pod | undefined,
  enis: readonly SimEni[],
  podIps: ReadonlySet<string>,
  subnets: () => SimSubnet[],
): number {
  const uid = awsNode?.metadata.uid;
  if (!awsNode || !uid || uid === record.awsNodePod) return 0;
  const restarted = record.awsNodePod !== undefined;
  record.awsNodePod = uid;
  const { env, image } = awsNodeContainerOf(awsNode.spec);
  const config = ipamdConfigFromEnv(env, image);
  record.ipamd = config;
  // A new ipamd process: its timers (the InsufficientCidr cooldown, the last decrease) start afresh.
  delete record.lastInsufficientCidrAt;
  delete record.lastDecreaseAt;
  if (restarted)
    ipamdLog(
      record,
      `Starting L-IPAMD ${config.cniVersion ?? ''} (aws-node pod ${awsNode.metadata.name ?? ''})`,
    );
  // The exclusion check runs whenever discovery is on, custom networking or not (setupENI).
  if (!config.subnetDiscovery || discoveryRules(config) !== 'tag-value') {
    delete record.excludedEnis;
    return 0;
  }
  const byId = new Map(subnets().map((s) => [s.subnetId, s]));
  const excluded = enis.filter((e) => isSubnetExcluded(byId.get(e.subnetId), config.clusterName));
  let writes = 0;
  for (const eni of excluded) {
    ipamdLog(
      record,
      `Marking ENI ${eni.networkInterfaceId} as excluded from pod IP allocation (in excluded subnet ${eni.subnetId})`,
    );
    const unused = eni.secondaryIps.filter((ip) => !podIps.has(ip));
    if (unused.length === 0) continue;
    try {
      ctx.ec2.unassignPrivateIpAddresses(eni.networkInterfaceId, unused);
      writes++;
    } catch (error) {
      ipamdLog(record, `Failed to free IPs from excluded ENI ${eni.networkInterfaceId}: ${String(error)}`);
    }
  }
  if (excluded.length > 0) record.excludedEnis = excluded.map((e) => e.networkInterfaceId);
  else delete record.excludedEnis;
  return writes;
}
