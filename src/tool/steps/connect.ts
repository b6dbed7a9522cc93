/**
 * Builds the ports for one cluster from the command line's options: AWS SDK clients from the
 * standard chain (or --region/--profile, AWS_ENDPOINT_URL*), the cluster's VPC and endpoint, and a
 * Kubernetes client on the kubeconfig context that points at this cluster (never another one).
 */
import { createAwsClients, type AwsClients, type AwsOptions } from '../adapters/aws.js';
import { loadKubeAccess, type KubeOptions } from '../adapters/kube.js';
import { describeEksCluster } from '../discover/aws-discovery.js';
import type { SnapshotCluster } from '../discover/snapshot.js';
import { ec2Port, eksPort } from './aws-port.js';
import { kubePort } from './kube-port.js';
import type { Ports } from './ports.js';

export interface ConnectOptions {
  cluster: string;
  region?: string | undefined;
  profile?: string | undefined;
  endpoint?: string | undefined;
  credentials?: AwsOptions['credentials'];
  kube: KubeOptions;
  /** Refuse every mutating call (report). */
  readOnly?: boolean | undefined;
  /** Let the SDK's warnings through (--verbose). */
  verbose?: boolean | undefined;
}

export interface Connection {
  ports: Ports;
  aws: AwsClients;
  cluster: SnapshotCluster;
  region: string;
  close(): void;
}

export async function connect(options: ConnectOptions): Promise<Connection> {
  const aws = createAwsClients({
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    credentials: options.credentials,
    verbose: options.verbose,
    readOnly: options.readOnly,
    env: options.kube.env,
  });
  try {
    const cluster = await describeEksCluster(aws, options.cluster);
    const [region, ec2, eks, access] = await Promise.all([
      aws.region(),
      aws.ec2(),
      aws.eks(),
      loadKubeAccess(
        { ...options.kube, readOnly: options.readOnly },
        { name: cluster.name, endpoint: cluster.endpoint },
      ),
    ]);
    return {
      ports: { ec2: ec2Port(ec2), eks: eksPort(eks), kube: kubePort(access.kubeConfig) },
      aws,
      cluster,
      region,
      close: () => aws.destroy(),
    };
  } catch (err) {
    aws.destroy();
    throw err;
  }
}
