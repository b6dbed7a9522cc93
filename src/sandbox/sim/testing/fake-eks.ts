/** An in-memory EKS for the simulation's tests: clusters and node groups. */
import type { SimCluster, SimEks, SimNodegroup } from '../ports.js';

export class FakeEks implements SimEks {
  readonly clusters = new Map<string, SimCluster>();
  readonly nodegroups = new Map<string, SimNodegroup>();

  addCluster(name: string, version = '1.31'): void {
    this.clusters.set(name, { name, version, status: 'ACTIVE' });
  }
  addNodegroup(cluster: string, ng: Partial<SimNodegroup> & { nodegroupName: string }): void {
    this.nodegroups.set(`${cluster}/${ng.nodegroupName}`, { labels: {}, taints: [], ...ng });
  }
  listClusters(): string[] {
    return [...this.clusters.keys()];
  }
  getCluster(name: string): SimCluster | undefined {
    return this.clusters.get(name);
  }
  getNodegroup(cluster: string, nodegroup: string): SimNodegroup | undefined {
    return this.nodegroups.get(`${cluster}/${nodegroup}`);
  }
}
