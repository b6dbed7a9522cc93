/**
 * Sets kubelet max-pods in a launch template's user data the way the node's AMI family reads it:
 * - AL2023: nodeadm reads a `NodeConfig` MIME part (`application/node.eks.aws`) with
 *   `spec.kubelet.config.maxPods` (awslabs/amazon-eks-ami, nodeadm docs);
 * - AL2: `/etc/eks/bootstrap.sh <cluster> --use-max-pods false --kubelet-extra-args '--max-pods=N'`;
 * - Bottlerocket: `[settings.kubernetes] max-pods = N` (TOML).
 * Managed node groups require MIME multipart user data in a launch template, so a new part is added
 * beside the existing ones rather than replacing them. Pure string work: tested against fixtures.
 */
import { EksCidrError, ExitCode } from '../errors.js';

export type AmiFamily = 'AL2023' | 'AL2' | 'Bottlerocket' | 'unknown';

const MARKER = '# eks-cidr: max-pods';
const BOUNDARY = 'EKSCIDRBOUNDARY';

export function nodeConfigPart(maxPods: number): string {
  return [
    'Content-Type: application/node.eks.aws',
    '',
    MARKER,
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  kubelet:',
    '    config:',
    `      maxPods: ${maxPods}`,
    '',
  ].join('\n');
}

function boundaryOf(text: string): string | undefined {
  const m = /boundary="?([^";\r\n]+)"?/i.exec(text);
  return m?.[1];
}

/** Adds (or replaces) one MIME part in multipart user data; wraps a plain script into multipart. */
export function withMimePart(existing: string, part: string, isOurs: (body: string) => boolean): string {
  const boundary = boundaryOf(existing);
  if (!boundary || !/^MIME-Version:/im.test(existing)) {
    const parts =
      existing.trim() === ''
        ? [part]
        : [part, `Content-Type: text/x-shellscript; charset="us-ascii"\n\n${existing.trimEnd()}\n`];
    return [
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
      '',
      ...parts.map((p) => `--${BOUNDARY}\n${p}`),
      `--${BOUNDARY}--`,
      '',
    ].join('\n');
  }
  const delimiter = `--${boundary}`;
  const closing = `${delimiter}--`;
  const end = existing.lastIndexOf(closing);
  const body = end >= 0 ? existing.slice(0, end) : existing;
  const chunks = body.split(delimiter);
  const header = chunks[0] ?? '';
  const parts = chunks.slice(1).filter((p) => !isOurs(p));
  // NodeConfig parts are merged in order by nodeadm: ours goes first so later user parts still win
  // on other fields, while maxPods (set only by us) applies.
  const rebuilt = [part, ...parts.map((p) => p.replace(/^\r?\n/, ''))];
  return `${header}${rebuilt.map((p) => `${delimiter}\n${p.endsWith('\n') ? p : p + '\n'}`).join('')}${closing}\n`;
}

export function al2BootstrapWithMaxPods(script: string, cluster: string, maxPods: number): string {
  let found = false;
  const out = script.split('\n').map((line) => {
    const at = line.search(/\/etc\/eks\/bootstrap\.sh\b/);
    if (at < 0) return line;
    found = true;
    let rest = line.slice(at).replace(/\s+--use-max-pods[= ](true|false)/g, '');
    const extra = /--kubelet-extra-args[= ](['"])(.*?)\1/.exec(rest);
    if (extra) {
      const inner = (extra[2] ?? '').replace(/--max-pods[= ]\d+/g, '').trim();
      const args = [`--max-pods=${maxPods}`, inner].filter((a) => a !== '').join(' ');
      rest = rest.replace(extra[0], `--kubelet-extra-args '${args}'`);
    } else {
      rest = `${rest.trimEnd()} --kubelet-extra-args '--max-pods=${maxPods}'`;
    }
    rest = rest.replace(/^(\/etc\/eks\/bootstrap\.sh(?:\s+[^\s-]\S*)?)/, '$1 --use-max-pods false');
    return line.slice(0, at) + rest;
  });
  if (!found) {
    out.push(
      `/etc/eks/bootstrap.sh ${cluster} --use-max-pods false --kubelet-extra-args '--max-pods=${maxPods}'`,
    );
  }
  return out.join('\n');
}

export function bottlerocketWithMaxPods(toml: string, maxPods: number): string {
  if (/^\s*max-pods\s*=.*$/m.test(toml))
    return toml.replace(/^(\s*)max-pods\s*=.*$/m, `$1max-pods = ${maxPods}`);
  if (/^\[settings\.kubernetes\]\s*$/m.test(toml)) {
    return toml.replace(/^\[settings\.kubernetes\]\s*$/m, `[settings.kubernetes]\nmax-pods = ${maxPods}`);
  }
  return `${toml.trimEnd()}${toml.trim() === '' ? '' : '\n\n'}[settings.kubernetes]\nmax-pods = ${maxPods}\n`;
}

/** Decoded user data in, decoded user data out. */
export function userDataWithMaxPods(
  existing: string,
  family: AmiFamily,
  cluster: string,
  maxPods: number,
): string {
  switch (family) {
    case 'AL2023':
      return withMimePart(existing, nodeConfigPart(maxPods), (p) => p.includes(MARKER));
    case 'AL2':
      return al2BootstrapWithMaxPods(existing, cluster, maxPods);
    case 'Bottlerocket':
      return bottlerocketWithMaxPods(existing, maxPods);
    case 'unknown':
      throw new EksCidrError('E_AMI_FAMILY_UNKNOWN', "cannot tell how this node group's AMI reads max-pods", {
        exitCode: ExitCode.Api,
        hint: 'Set max-pods in the launch template yourself, or re-run with --no-rotate-nodes and rotate the nodes by hand.',
      });
  }
}
