/**
 * The bad inputs of the reliability suite: every option of every command given values it must
 * refuse (malformed, out of range, special-purpose blocks, too-small pod subnets, 10 KB values,
 * unknown options and commands). Each must end in exit 2 before any write.
 */
export const LONG = 'z'.repeat(10_000);
const REQUEST_COMMANDS = [['plan'], ['apply', '--yes']];

export function badRequestOptions(): string[][] {
  const values: Record<string, string[]> = {
    '--cidr': [
      '',
      'abc',
      '10.0.0.0',
      '10.0.0.1/16',
      '100.64.0.0/33',
      '100.64.0.0/-1',
      '100.64.0.0/8',
      '100.64.0.0/29',
      '224.0.0.0/16',
      '239.1.0.0/16',
      '127.0.0.0/16',
      '0.0.0.0/16',
      '240.0.0.0/16',
      '255.255.0.0/16',
      '255.255.255.240/28',
      '169.254.0.0/16',
      '192.168.0.0/16',
      '172.16.0.0/16',
      '198.19.0.0/16',
      '10.0.0.0/16',
      '8.8.0.0/16',
      '::1/128',
      '2001:db8::/32',
      '１００.64.0.0/16',
      '100.64.0.0/16/16',
      '100.64.0.0/26',
      `1${LONG}`,
    ],
    '--subnet-prefix': ['', 'x', '15', '29', '3.5', '-1', '1e3', '/33', LONG],
    '--zones': ['', ',', 'mars', 'us-east-1z', 'use1-az99', 'US-EAST-1A', LONG],
    '--security-groups': [
      '',
      'sg-zz',
      'sg-1',
      'sg-0123456789abcdef0',
      Array(6).fill('sg-0123456789abcdef0').join(','),
    ],
    '--label-def': ['', 'Bad Label', '-x', `${LONG}/x`],
    '--min-max-pods': ['0', '251', 'x', '-5', '2.5'],
    '--drain-timeout': ['0', '-5', 'abc', '1.5', '86401'],
    '--name-tag-prefix': ['', LONG],
  };
  const out: string[][] = [];
  for (const command of REQUEST_COMMANDS)
    for (const [flag, list] of Object.entries(values))
      for (const value of list) out.push([...command, '--cluster', 'demo', flag, value]);
  // The pod subnets would be too small for the pods of their zone.
  for (const command of REQUEST_COMMANDS)
    out.push([...command, '--cluster', 'demo', ...POD_SUBNETS_TOO_SMALL]);
  return out;
}

/**
 * Pod subnets too small for the pods of their zone: /28s (11 addresses) for the `exhausted` zones.
 * Under custom networking every pod moves there; under subnet discovery only the pods waiting for an
 * address count, and those fit.
 */
export const POD_SUBNETS_TOO_SMALL = [
  '--mode',
  'custom-networking',
  '--cidr',
  '100.64.0.0/26',
  '--subnet-prefix',
  '28',
];

export function otherBadInputs(): string[][] {
  const clusters = ['', '-x', 'has space', 'a'.repeat(101), 'ünïcode', LONG];
  const commands = [['plan'], ['apply', '--yes'], ['verify'], ['report'], ['destroy', '--yes'], ['doctor']];
  const out: string[][] = [];
  for (const c of commands) for (const name of clusters) out.push([...c, '--cluster', name]);
  for (const c of commands) out.push([...c]); // --cluster missing
  for (const image of ['', ' ', 'Nginx', 'a b', '@@', 'nginx:bad tag', 'nginx@sha256:abc', `${LONG}`])
    out.push(['verify', '--cluster', 'demo', '--smoke', '--smoke-image', image]);
  for (const [flag, value] of [
    ['--smoke-replicas', '0'],
    ['--smoke-replicas', 'x'],
    ['--wait', '-1'],
    ['--wait', 'x'],
  ])
    out.push(['verify', '--cluster', 'demo', '--smoke', flag!, value!]);
  for (const [flag, value] of [
    ['--concurrency', '0'],
    ['--concurrency', 'x'],
    ['--lock-duration', '0'],
    ['--lock-duration', 'x'],
    ['--stop-after', 'x'],
  ])
    out.push(['apply', '--cluster', 'demo', '--yes', flag!, value!]);
  for (const value of ['0', '-5', 'abc', '', '1.5'])
    out.push(['destroy', '--cluster', 'demo', '--yes', '--drain-timeout', value]);
  for (const args of [
    ['-i', ''],
    ['-i', ' , '],
    ['-i', 'm5.large', '--max-pods', '0'],
    ['-i', 'm5.large', '--cni-max-eni', 'x'],
    ['-i', 'm5.large', '--max-pods', 'x'],
    ['-i', LONG],
  ])
    out.push(['max-pods', ...args]);
  for (const output of ['xml', '', LONG]) out.push(['--output', output, 'plan', '--cluster', 'demo']);
  for (const region of ['mars', 'us-east', LONG]) out.push(['--region', region, 'plan', '--cluster', 'demo']);
  out.push(
    ['no-such-command'],
    ['plan', '--cluster', 'demo', '--no-such-option'],
    ['plan', '--cluster', 'demo', `--${LONG}`],
  );
  return out;
}
