/**
 * A small world for the EKS model's unit tests: a ManualClock, the real EC2 model with a VPC and
 * three /24 subnets in three zones (plus a /28 that fills up fast), and a Kubernetes port whose
 * store holds the aws-node DaemonSet the add-on manager writes to.
 */
import { ManualClock } from '../../core/clock.js';
import { SeededIds } from '../../core/ids.js';
import { Ec2Model } from '../ec2/model.js';
import { EksModel } from './model.js';
import type { EksEnv, EksKubePort, EksKubeStorePort, EksTiming, KubeResourceRef } from './ports.js';

export interface EksTestWorld {
  clock: ManualClock;
  ec2: Ec2Model;
  eks: EksModel;
  env: EksEnv;
  store: MemoryStore;
  kubeCalls: string[];
  vpcId: string;
  subnets: string[];
  tinySubnet: string;
}

/** An object store keyed by resource/namespace/name, enough for the add-on manager. */
export class MemoryStore implements EksKubeStorePort {
  readonly objects = new Map<string, unknown>();
  key(ref: KubeResourceRef, ns: string, name: string): string {
    return `${ref.group}/${ref.resource}/${ns}/${name}`;
  }
  get(ref: KubeResourceRef, ns: string, name: string): unknown {
    return structuredClone(this.objects.get(this.key(ref, ns, name)));
  }
  update(ref: KubeResourceRef, obj: unknown): unknown {
    const meta = (obj as { metadata: { namespace: string; name: string } }).metadata;
    this.objects.set(this.key(ref, meta.namespace, meta.name), structuredClone(obj));
    return obj;
  }
  awsNodeEnv(): Record<string, string> {
    const ds = this.get(
      { group: 'apps', version: 'v1', resource: 'daemonsets' },
      'kube-system',
      'aws-node',
    ) as {
      spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
    };
    return Object.fromEntries(ds.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
  }
  setAwsNodeEnv(name: string, value: string): void {
    const ref = { group: 'apps', version: 'v1', resource: 'daemonsets' };
    const ds = this.get(ref, 'kube-system', 'aws-node') as {
      spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
    };
    const env = ds.spec.template.spec.containers[0]!.env;
    const found = env.find((e) => e.name === name);
    if (found) found.value = value;
    else env.push({ name, value });
    this.update(ref, ds);
  }
}

function seedAwsNode(store: MemoryStore): void {
  store.update(
    { group: 'apps', version: 'v1', resource: 'daemonsets' },
    {
      metadata: { namespace: 'kube-system', name: 'aws-node' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'aws-node',
                env: [
                  { name: 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', value: 'false' },
                  { name: 'WARM_ENI_TARGET', value: '1' },
                  { name: 'ENABLE_PREFIX_DELEGATION', value: 'false' },
                ],
              },
            ],
          },
        },
      },
    },
  );
}

export function eksTestWorld(timing: EksTiming = {}): EksTestWorld {
  const clock = new ManualClock();
  const ids = new SeededIds({ seed: 7, counter: 0 });
  const ec2 = new Ec2Model({
    clock,
    ids,
    region: 'us-east-1',
    accountId: '123456789012',
    timing: { cidrAssociate: 0, instanceBoot: 1000, instanceTerminate: 1000 },
  });
  const vpc = ec2.createVpc({ cidrBlock: '10.0.0.0/16' });
  const subnets = ['a', 'b', 'c'].map(
    (z, i) =>
      ec2.createSubnet({
        vpcId: vpc.vpcId,
        cidrBlock: `10.0.${i + 1}.0/24`,
        availabilityZone: `us-east-1${z}`,
      }).subnetId,
  );
  const tinySubnet = ec2.createSubnet({
    vpcId: vpc.vpcId,
    cidrBlock: '10.0.9.0/28',
    availabilityZone: 'us-east-1a',
  }).subnetId;
  const store = new MemoryStore();
  seedAwsNode(store);
  const kubeCalls: string[] = [];
  const kube: EksKubePort = {
    endpointFor: (c) => `https://127.0.0.1:9443/k8s/${c}`,
    caData: () => Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64'),
    ensure: (c) => kubeCalls.push(`ensure ${c}`),
    remove: (c) => kubeCalls.push(`remove ${c}`),
    store: () => store,
  };
  const env: EksEnv = { clock, ids, region: 'us-east-1', accountId: '123456789012', timing };
  const eks = new EksModel(env, ec2, kube);
  return { clock, ec2, eks, env, store, kubeCalls, vpcId: vpc.vpcId, subnets, tinySubnet };
}

/** Creates cluster `demo` over the three /24 subnets and lets it become ACTIVE. */
export function activeCluster(world: EksTestWorld, name = 'demo'): void {
  world.eks.createCluster({
    name,
    roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
    resourcesVpcConfig: { subnetIds: world.subnets },
  });
  world.clock.advance(60_000);
  world.eks.tick();
}
