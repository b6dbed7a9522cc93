/**
 * Fuzzing each listener of the sandbox with seeded random requests: the EC2 and STS Query API
 * (form bodies, signed and unsigned), the EKS REST API (paths, methods, JSON bodies, escapes), and
 * the Kubernetes API (paths, verbs, queries, bodies, with and without the cluster's token). Every
 * request gets an answer below 500, and the sandbox still answers its health check afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parse } from 'yaml';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { report } from './figures.js';
import { rng, type Rng } from './rng.js';

const PER_LISTENER = 2_000;

interface Answer {
  status: number;
  body: string;
}

function send(
  url: string,
  init: { method: string; path: string; headers: Record<string, string>; body?: string; agent?: Agent },
): Promise<Answer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  // What a client can put on the wire: no raw spaces or non-ASCII in the path, printable headers.
  const path = init.path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  const headers = Object.fromEntries(
    Object.entries(init.headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]),
  );
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: init.method,
        path,
        headers,
        ...(init.agent ? { agent: init.agent } : {}),
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: -1, body: 'response error' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: -1, body: err.message }));
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Strings that break parsers: empty, huge, unicode, escapes, numbers out of range, injection. */
function nasty(r: Rng): string {
  return r.pick([
    '',
    ' ',
    '%',
    '%zz',
    '%E0%A4',
    '%00',
    'null',
    'undefined',
    '-1',
    '0',
    '1e309',
    '99999999999999999999',
    'NaN',
    '../../etc/passwd',
    '<x/>',
    ']]>',
    '{"a":',
    '[]',
    'ünïcödé',
    '🙂',
    'a'.repeat(r.int(5000) + 1),
    'vpc-' + 'f'.repeat(r.int(30)),
    'subnet-00000000',
    '10.0.0.0/16',
    '100.64.0.0/33',
    'us-east-1a',
    'demo',
    'true',
    String(r.int(1e6)),
  ]);
}

const EC2_ACTIONS = [
  'DescribeVpcs',
  'DescribeSubnets',
  'DescribeRouteTables',
  'DescribeAvailabilityZones',
  'DescribeSecurityGroups',
  'DescribeInstances',
  'DescribeNetworkInterfaces',
  'DescribeInstanceTypes',
  'DescribeTags',
  'DescribeSecurityGroupRules',
  'CreateVpc',
  'AssociateVpcCidrBlock',
  'DisassociateVpcCidrBlock',
  'CreateSubnet',
  'DeleteSubnet',
  'CreateTags',
  'DeleteTags',
  'AssociateRouteTable',
  'DisassociateRouteTable',
  'CreateRouteTable',
  'CreateRoute',
  'DeleteVpc',
  'AuthorizeSecurityGroupIngress',
  'RevokeSecurityGroupIngress',
  'RunInstances',
  'TerminateInstances',
  'NoSuchAction',
];
const EC2_PARAMS = [
  'VpcId',
  'SubnetId',
  'CidrBlock',
  'AvailabilityZone',
  'RouteTableId',
  'AssociationId',
  'GroupId',
  'InstanceId',
  'MaxResults',
  'NextToken',
  'ResourceId.1',
  'Tag.1.Key',
  'Tag.1.Value',
  'Filter.1.Name',
  'Filter.1.Value.1',
  'SubnetId.1',
  'VpcId.1',
  'TagSpecification.1.ResourceType',
  'TagSpecification.1.Tag.1.Key',
  'DryRun',
  'IpPermissions.1.IpProtocol',
  'IpPermissions.1.FromPort',
  'IpPermissions.1.IpRanges.1.CidrIp',
  'MinCount',
  'MaxCount',
  'InstanceType',
  'Ipv6CidrBlock',
  'Filter.99999.Name',
  'Filter.-1.Value.1',
];

function queryBody(r: Rng): string {
  const parts: string[] = [];
  const sts = r.chance(0.15);
  if (!r.chance(0.05))
    parts.push(
      `Action=${encodeURIComponent(sts ? r.pick(['GetCallerIdentity', 'AssumeRole', 'Nope']) : r.pick(EC2_ACTIONS))}`,
    );
  if (!r.chance(0.05)) parts.push(`Version=${sts ? '2011-06-15' : r.chance(0.9) ? '2016-11-15' : nasty(r)}`);
  const n = r.int(6);
  for (let i = 0; i < n; i++) {
    const value = r.chance(0.2) ? nasty(r) : encodeURIComponent(nasty(r));
    parts.push(`${r.pick(EC2_PARAMS)}=${value}`);
  }
  if (r.chance(0.05)) parts.push(nasty(r));
  return parts.join('&');
}

const EKS_PATHS = [
  '/clusters',
  '/clusters/{c}',
  '/clusters/{c}/node-groups',
  '/clusters/{c}/node-groups/{n}',
  '/clusters/{c}/node-groups/{n}/update-config',
  '/clusters/{c}/addons',
  '/clusters/{c}/addons/{n}',
  '/clusters/{c}/addons/{n}/update',
  '/clusters/{c}/fargate-profiles',
  '/clusters/{c}/updates',
  '/clusters/{c}/updates/{n}',
  '/addons/supported-versions',
  '/tags/{arn}',
  '/clusters/{c}/access-entries',
  '/nope',
];

function eksPath(r: Rng): string {
  return r
    .pick(EKS_PATHS)
    .replace('{c}', r.chance(0.6) ? 'demo' : r.chance(0.5) ? encodeURIComponent(nasty(r)) : nasty(r))
    .replace('{n}', r.chance(0.3) ? 'vpc-cni' : r.chance(0.5) ? encodeURIComponent(nasty(r)) : nasty(r))
    .replace(
      '{arn}',
      encodeURIComponent(r.chance(0.5) ? 'arn:aws:eks:us-east-1:000000000000:cluster/demo' : nasty(r)),
    )
    .replace(/\s/g, '%20')
    .concat(
      r.chance(0.3)
        ? `?maxResults=${encodeURIComponent(nasty(r))}&nextToken=${encodeURIComponent(nasty(r))}`
        : '',
    );
}

function jsonBody(r: Rng): string {
  if (r.chance(0.1)) return nasty(r);
  const fields = [
    'name',
    'version',
    'roleArn',
    'resourcesVpcConfig',
    'nodegroupName',
    'subnets',
    'scalingConfig',
    'instanceTypes',
    'addonName',
    'addonVersion',
    'configurationValues',
    'resolveConflicts',
    'tags',
    'labels',
    'clientRequestToken',
  ];
  const values: unknown[] = [
    nasty(r),
    r.int(100) - 50,
    null,
    true,
    [],
    {},
    [nasty(r)],
    { a: nasty(r) },
    { minSize: -1, maxSize: 'x' },
    1e308,
  ];
  const body: Record<string, unknown> = {};
  const n = r.int(5);
  for (let i = 0; i < n; i++) body[r.pick(fields)] = r.pick(values);
  return JSON.stringify(body);
}

const KUBE_PATHS = [
  '/api',
  '/api/v1',
  '/apis',
  '/version',
  '/healthz',
  '/openapi/v2',
  '/openapi/v3',
  '/api/v1/namespaces',
  '/api/v1/namespaces/{ns}',
  '/api/v1/namespaces/{ns}/pods',
  '/api/v1/namespaces/{ns}/pods/{n}',
  '/api/v1/namespaces/{ns}/pods/{n}/eviction',
  '/api/v1/namespaces/{ns}/pods/{n}/status',
  '/api/v1/nodes',
  '/api/v1/nodes/{n}',
  '/api/v1/pods',
  '/api/v1/events',
  '/apis/apps/v1/namespaces/{ns}/deployments',
  '/apis/apps/v1/namespaces/{ns}/deployments/{n}',
  '/apis/apps/v1/namespaces/{ns}/deployments/{n}/scale',
  '/apis/apps/v1/namespaces/{ns}/daemonsets/{n}',
  '/apis/apps/v1',
  '/apis/crd.k8s.amazonaws.com/v1alpha1/eniconfigs',
  '/apis/crd.k8s.amazonaws.com/v1alpha1/eniconfigs/{n}',
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{n}',
  '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets',
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
  '/apis/nope/v1/things',
  '/{x}',
];
const KUBE_QUERIES = [
  'labelSelector',
  'fieldSelector',
  'limit',
  'continue',
  'resourceVersion',
  'dryRun',
  'fieldManager',
  'propagationPolicy',
  'gracePeriodSeconds',
];

function kubePath(r: Rng): string {
  let path = r
    .pick(KUBE_PATHS)
    .replace('{ns}', r.chance(0.6) ? r.pick(['default', 'kube-system']) : encodeURIComponent(nasty(r)))
    .replace(
      '{n}',
      r.chance(0.4)
        ? r.pick(['aws-node', 'eks-cidr-lock', 'us-east-1a', 'web'])
        : encodeURIComponent(nasty(r)),
    )
    .replace('{x}', r.chance(0.5) ? nasty(r).replace(/[\s/?#]/g, '') : encodeURIComponent(nasty(r)));
  if (r.chance(0.05)) path += r.pick(['%', '%zz', '/%E0%A4']);
  const q = r.int(3);
  const query: string[] = [];
  for (let i = 0; i < q; i++) query.push(`${r.pick(KUBE_QUERIES)}=${encodeURIComponent(nasty(r))}`);
  return query.length ? `${path}?${query.join('&')}` : path;
}

function kubeBody(r: Rng): { body: string; type: string } {
  const type = r.pick([
    'application/json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/json-patch+json',
    'application/apply-patch+yaml',
    'application/yaml',
    'text/plain',
    'application/cbor',
  ]);
  if (r.chance(0.3)) return { body: nasty(r), type };
  const objects: unknown[] = [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: nasty(r), namespace: 'default' },
      spec: { containers: r.chance(0.5) ? [] : [{ name: 'x', image: nasty(r) }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: r.int(10) - 5, selector: { matchLabels: { a: nasty(r) } }, template: {} },
    },
    [
      {
        op: r.pick(['add', 'remove', 'replace', 'move', 'nope']),
        path: r.pick(['/spec', '/metadata/labels/a', nasty(r)]),
        value: nasty(r),
      },
    ],
    { metadata: { labels: { [nasty(r).slice(0, 80)]: nasty(r).slice(0, 80) } } },
    { spec: { subnet: nasty(r), securityGroups: [nasty(r)] } },
    { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: nasty(r) } },
    { spec: { holderIdentity: nasty(r), leaseDurationSeconds: r.int(100) - 50 } },
    null,
  ];
  return { body: JSON.stringify(r.pick(objects)), type };
}

describe('reliability: fuzzing each listener', () => {
  let sb: TestSandbox;
  let signers: Record<'ec2' | 'sts' | 'eks', SignatureV4>;
  let kubeBase: string;
  let token: string;
  let agent: Agent;
  before(async () => {
    sb = await startTestSandbox({ scenario: 'basic' });
    sb.sandbox.flush();
    const credentials = {
      accessKeyId: sb.env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: sb.env.AWS_SECRET_ACCESS_KEY!,
    };
    const signer = (service: string) =>
      new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256 });
    signers = { ec2: signer('ec2'), sts: signer('sts'), eks: signer('eks') };
    const kc = parse(readFileSync(sb.sandbox.paths!.kubeconfig, 'utf8')) as {
      clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
      contexts: { name: string; context: { user: string } }[];
      users: { name: string; user: { token: string } }[];
    };
    const demo = kc.clusters.find((c) => c.name === 'demo')!;
    kubeBase = demo.cluster.server.replace(/\/k8s\/demo$/, '');
    const user = kc.contexts.find((c) => c.name === 'demo')!.context.user;
    token = kc.users.find((u) => u.name === user)!.user.token;
    agent = new Agent({
      ca: Buffer.from(demo.cluster['certificate-authority-data'], 'base64').toString('utf8'),
      keepAlive: false,
    });
  });
  after(async () => {
    agent.destroy();
    await sb.cleanup();
  });

  async function signed(
    service: 'ec2' | 'sts' | 'eks',
    method: string,
    path: string,
    body: string,
    type: string,
  ) {
    const url = new URL(sb.endpoint);
    const [pathname, search] = path.split('?') as [string, string | undefined];
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(search ?? '')) query[k] = v;
    const req = await signers[service].sign({
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: pathname,
      query,
      headers: { host: url.host, ...(body ? { 'content-type': type } : {}) },
      body: body || undefined,
    });
    return req.headers as Record<string, string>;
  }

  const tally = () => ({
    requests: 0,
    errors5xx: 0,
    noAnswer: 0,
    statuses: new Map<number, number>(),
    samples: [] as string[],
  });
  function count(t: ReturnType<typeof tally>, label: string, a: Answer) {
    t.requests++;
    t.statuses.set(a.status, (t.statuses.get(a.status) ?? 0) + 1);
    if (a.status >= 500) t.errors5xx++;
    if (a.status < 0) t.noAnswer++;
    if ((a.status >= 500 || a.status < 0) && t.samples.length < 10)
      t.samples.push(`${label} -> ${a.status} ${a.body.slice(0, 200)}`);
  }

  it(`EC2/STS Query, EKS REST and Kubernetes API: ${PER_LISTENER} requests each, no 5xx, no crash`, async (t) => {
    const r = rng(3);
    const query = tally();
    for (let i = 0; i < PER_LISTENER; i++) {
      const body = queryBody(r);
      const sts = body.includes('2011-06-15');
      const headers = r.chance(0.9)
        ? await signed(
            sts ? 'sts' : 'ec2',
            'POST',
            '/',
            body,
            'application/x-www-form-urlencoded; charset=utf-8',
          )
        : {
            'content-type': 'application/x-www-form-urlencoded',
            ...(r.chance(0.5) ? { authorization: nasty(r) } : {}),
          };
      count(
        query,
        `POST / ${body.slice(0, 120)}`,
        await send(sb.endpoint, { method: 'POST', path: '/', headers, body }),
      );
    }
    const eks = tally();
    for (let i = 0; i < PER_LISTENER; i++) {
      const method = r.pick(['GET', 'POST', 'DELETE', 'PUT', 'PATCH']);
      const path = eksPath(r);
      const body = method === 'POST' || r.chance(0.1) ? jsonBody(r) : '';
      let headers: Record<string, string>;
      try {
        headers = r.chance(0.9)
          ? await signed('eks', method, path, body, 'application/json')
          : { 'content-type': 'application/json' };
      } catch {
        headers = { 'content-type': 'application/json' }; // a path the signer cannot take goes unsigned
      }
      count(
        eks,
        `${method} ${path.slice(0, 120)}`,
        await send(sb.endpoint, { method, path, headers, ...(body ? { body } : {}) }),
      );
    }
    const kube = tally();
    for (let i = 0; i < PER_LISTENER; i++) {
      const method = r.pick(['GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
      const cluster = r.chance(0.9) ? 'demo' : r.pick(['other', encodeURIComponent(nasty(r)), '%zz']);
      const path = `/k8s/${cluster}${kubePath(r)}`.replace(/(watch=)[^&]*/g, '$1false');
      const { body, type } = kubeBody(r);
      const headers: Record<string, string> = {
        ...(r.chance(0.9)
          ? { authorization: `Bearer ${token}` }
          : r.chance(0.5)
            ? { authorization: `Bearer ${nasty(r).slice(0, 100)}` }
            : {}),
        ...(method !== 'GET' && method !== 'DELETE' ? { 'content-type': type } : {}),
        accept: r.pick([
          'application/json',
          'application/json;as=Table;v=v1;g=meta.k8s.io',
          'application/yaml',
          '*/*',
          nasty(r).slice(0, 50),
        ]),
      };
      count(
        kube,
        `${method} ${path.slice(0, 120)}`,
        await send(kubeBase, { method, path, headers, agent, ...(method !== 'GET' ? { body } : {}) }),
      );
    }
    const health = await send(sb.endpoint, { method: 'GET', path: '/_sandbox/health', headers: {} });
    const fmt = (x: ReturnType<typeof tally>) =>
      `${x.requests} requests, ${x.errors5xx} 5xx, ${x.noAnswer} unanswered`;
    report(t, 'fuzzing', {
      'EC2/STS Query': fmt(query),
      'EKS REST': fmt(eks),
      'Kubernetes API': fmt(kube),
      'sandbox alive afterwards': health.status === 200 ? 'yes' : 'no',
    });
    assert.deepEqual([...query.samples, ...eks.samples, ...kube.samples], []);
    assert.equal(query.errors5xx + eks.errors5xx + kube.errors5xx, 0);
    assert.equal(query.noAnswer + eks.noAnswer + kube.noAnswer, 0);
    assert.equal(health.status, 200);
  });
});
