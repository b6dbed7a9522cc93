/**
 * What a scenario builds on: a fresh world's models, used only through their public methods, so a
 * scenario's state is exactly what API calls would have produced. The simulation is optional (a
 * world without one still gets every AWS and Kubernetes object; pods just never start).
 */
import type { Clock } from '../core/clock.js';
import type { BrokenScenarioName } from './broken-names.js';
import type { IdSource } from '../core/ids.js';
import type { Ec2Model } from '../services/ec2/model.js';
import type { EksModel } from '../services/eks/model.js';
import type { KubeClusters } from '../services/kube/clusters.js';

export interface ScenarioWorld {
  env: { clock: Clock; ids: IdSource; region: string; accountId: string };
  ec2: Ec2Model;
  eks: EksModel;
  kube: KubeClusters;
  sim?: { tick(now: number): unknown; writeBudgetPerTick?: number } | undefined;
}

export type ScenarioName =
  'empty' | 'basic' | 'exhausted' | 'exhausted-old-cni' | 'applied' | BrokenScenarioName;

export type Scenario = (world: ScenarioWorld) => void;
