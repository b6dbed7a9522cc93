import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSubnetCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { KubeConfig } from '@kubernetes/client-node';
import { awsGateway } from './aws.js';
import { attachKubePolicy, kubeApi } from './kube.js';
import { collectAwsPages } from './pages.js';
import { RETRY_POLICY, withRetry } from '../engine/retry.js';
import { podPages } from '../steps/kube-pod-pages.js';
import type { CoreV1Api } from '@kubernetes/client-node';

/** An HTTP handler that records each request the SDK sends and holds it until released. */
function holdingHandler() {
  const sent: string[] = [];
  const held: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    sent,
    held,
    maxInFlight: () => maxInFlight,
    handler: {
      handle: async (request: { body?: unknown }) => {
        sent.push(String(request.body));
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((resolve) => held.push(resolve));
        inFlight--;
        throw Object.assign(new Error('no network in this test'), { name: 'TestTransportError' });
      },
    },
  };
}

const clientConfig = (requestHandler: unknown) => ({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  endpoint: 'http://127.0.0.1:9',
  maxAttempts: 1,
  requestHandler: requestHandler as never,
});

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: {} });

describe('gateway: AWS', () => {
  it('a read-only gateway refuses a mutating command before sending it; reads go out', async () => {
    const h = holdingHandler();
    const ec2 = await awsGateway({ readOnly: true }).ec2(clientConfig(h.handler));
    await assert.rejects(ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24' })), {
      code: 'E_READ_ONLY_VIOLATION',
      message: /mutating AWS call \(CreateSubnetCommand\); it was not sent/,
    });
    assert.equal(h.sent.length, 0);
    const read = ec2.send(new DescribeVpcsCommand({}));
    while (h.held.length === 0) await new Promise((r) => setImmediate(r));
    h.held.shift()!();
    await assert.rejects(read, { name: 'TestTransportError' });
    assert.equal(h.sent.length, 1);
    assert.match(h.sent[0]!, /Action=DescribeVpcs/);
    ec2.destroy();
  });

  it('a writable gateway sends mutating commands', async () => {
    const h = holdingHandler();
    const ec2 = await awsGateway().ec2(clientConfig(h.handler));
    const write = ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24' }));
    while (h.held.length === 0) await new Promise((r) => setImmediate(r));
    h.held.shift()!();
    await assert.rejects(write, { name: 'TestTransportError' });
    assert.match(h.sent[0]!, /Action=CreateSubnet/);
    ec2.destroy();
  });

  it('the clients of one gateway share its concurrency limit', async () => {
    const h = holdingHandler();
    const gateway = awsGateway({ concurrency: 3 });
    const [a, b] = await Promise.all([
      gateway.ec2(clientConfig(h.handler)),
      gateway.ec2(clientConfig(h.handler)),
    ]);
    const calls = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).send(new DescribeVpcsCommand({})));
    const settled = Promise.allSettled(calls);
    let released = 0;
    while (released < 10) {
      while (h.held.length === 0) await new Promise((r) => setImmediate(r));
      assert.ok(h.held.length <= 3, `${h.held.length} in flight`);
      h.held.shift()!();
      released++;
    }
    await settled;
    assert.equal(h.sent.length, 10);
    assert.equal(h.maxInFlight(), 3);
    a.destroy();
    b.destroy();
  });
});

class FakeApi {
  calls: string[] = [];
  listThings(): Promise<string> {
    this.calls.push('listThings');
    return Promise.resolve('listed');
  }
  createThing(): Promise<string> {
    this.calls.push('createThing');
    return Promise.resolve('created');
  }
}

const fakeKubeConfig = () => {
  const made: FakeApi[] = [];
  const kc = {
    makeApiClient: (Api: new () => FakeApi) => {
      const api = new Api();
      made.push(api);
      return api;
    },
  } as unknown as KubeConfig;
  return { kc, made };
};

describe('gateway: Kubernetes', () => {
  it('API objects of a read-only kubeconfig refuse writes before sending them; reads go out', async () => {
    const { kc, made } = fakeKubeConfig();
    attachKubePolicy(kc, { readOnly: true });
    const api = kubeApi(kc, FakeApi as never) as unknown as FakeApi;
    assert.equal(await api.listThings(), 'listed');
    await assert.rejects(api.createThing(), {
      code: 'E_READ_ONLY_VIOLATION',
      message: /mutating Kubernetes call \(FakeApi\.createThing\)/,
    });
    assert.deepEqual(made[0]!.calls, ['listThings']);
  });

  it('without a policy, writes go out under the default limit', async () => {
    const { kc, made } = fakeKubeConfig();
    const api = kubeApi(kc, FakeApi as never) as unknown as FakeApi;
    assert.equal(await api.createThing(), 'created');
    assert.deepEqual(made[0]!.calls, ['createThing']);
  });
});

describe('gateway: retry per page', () => {
  const saved = process.env.EKS_CIDR_RETRY_BASE_MS;
  before(() => {
    process.env.EKS_CIDR_RETRY_BASE_MS = '0';
  });
  after(() => {
    if (saved === undefined) delete process.env.EKS_CIDR_RETRY_BASE_MS;
    else process.env.EKS_CIDR_RETRY_BASE_MS = saved;
  });

  it('a throttled AWS page is sent again; the pages before it are not', async () => {
    const asked: (string | undefined)[] = [];
    let throttledOnce = false;
    const pages: Record<string, { items: number[]; next?: string }> = {
      first: { items: [1, 2], next: 't2' },
      t2: { items: [3, 4], next: 't3' },
      t3: { items: [5] },
    };
    const items = await collectAwsPages(
      'DescribeThings',
      (token) => {
        asked.push(token);
        if (token === 't2' && !throttledOnce) {
          throttledOnce = true;
          return Promise.reject(throttled());
        }
        return Promise.resolve(pages[token ?? 'first']!);
      },
      (p) => p.next,
      (p) => p.items,
    );
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.deepEqual(asked, [undefined, 't2', 't2', 't3']);
  });

  it('a page that stays throttled is sent at most maxAttempts times, even under an outer retry', async () => {
    let sends = 0;
    await assert.rejects(
      withRetry(() =>
        collectAwsPages(
          'DescribeThings',
          () => {
            sends++;
            return Promise.reject(throttled());
          },
          () => undefined,
          () => [],
        ).catch((err: unknown) => {
          throw (err as { cause?: unknown }).cause ?? err;
        }),
      ),
      { name: 'Throttling' },
    );
    assert.equal(sends, RETRY_POLICY.maxAttempts);
  });

  it('a throttled pod page (429) is asked again with the same continue token', async () => {
    const asked: (string | undefined)[] = [];
    let throttledOnce = false;
    const pod = (name: string) => ({ metadata: { name, namespace: 'default' }, spec: {}, status: {} });
    const core = {
      listPodForAllNamespaces: (params: { _continue?: string }) => {
        asked.push(params._continue);
        if (params._continue === 'c1' && !throttledOnce) {
          throttledOnce = true;
          return Promise.reject(Object.assign(new Error('Too Many Requests'), { code: 429 }));
        }
        return Promise.resolve(
          params._continue === 'c1'
            ? { items: [pod('b')], metadata: {} }
            : { items: [pod('a')], metadata: { _continue: 'c1' } },
        );
      },
    } as unknown as CoreV1Api;
    const names: string[] = [];
    for await (const page of podPages(core, {}, 1)) names.push(...page.map((p) => p.name));
    assert.deepEqual(names, ['a', 'b']);
    assert.deepEqual(asked, [undefined, 'c1', 'c1']);
  });
});
