/**
 * What `rehearse` needs from a twin, injected by the composition root (src/cli): the tool never
 * imports the sandbox. A twin is a sandbox built from a snapshot file, running on free ports in a
 * temporary state directory, reached exactly as AWS and a cluster are: an endpoint, credentials and
 * a kubeconfig.
 */
export interface TwinNote {
  severity: 'error' | 'warning' | 'info';
  resource: string;
  message: string;
}

export interface TwinHandle {
  /** AWS_ENDPOINT_URL, credentials, region: the environment the tool's SDK clients use for the twin. */
  env: Record<string, string>;
  kubeconfig: string;
  stateDir: string;
  /** What the twin could not reproduce exactly. */
  notes: TwinNote[];
  /** The `export` lines that point the AWS CLI, the SDK and kubectl at the twin. */
  envLines: string;
  /** Stops the twin and deletes its state directory. */
  stop(): Promise<void>;
}

export interface TwinOptions {
  /** ipamd's pause after an address shortage on the twin, in seconds (the VPC CNI's is 120). */
  ipamdCooldownSeconds?: number | undefined;
}

export type TwinStarter = (
  snapshotPath: string,
  signal: AbortSignal,
  options?: TwinOptions,
) => Promise<TwinHandle>;
