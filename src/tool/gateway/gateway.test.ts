import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { CreateSubnetCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { KubeConfig } from '@kubernetes/client-node';
import { awsGateway } from './aws.js';
import { attachKubePolicy, kubeApi } from './kube.js';
import { collectAwsPages } from './pages.js';
import { sentOnce, withCallScope } from './retry-layer.js';
import { RETRY_POLICY, withRetry } from '../engine/retry.js';
import { FakeEngineClock } from '../engine/clock.js';
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

describe('gateway: the one retry layer', () => {
  const saved = process.env.EKS_CIDR_RETRY_BASE_MS;
  before(() => {
    process.env.EKS_CIDR_RETRY_BASE_MS = '0';
  });
  after(() => {
    if (saved === undefined) delete process.env.EKS_CIDR_RETRY_BASE_MS;
    else process.env.EKS_CIDR_RETRY_BASE_MS = saved;
  });

  /** An EC2 endpoint serving DescribeSubnets in pages; `throttle(token)` says whether to throttle a send. */
  function pagedEc2(throttle: (token: string | undefined) => boolean) {
    const asked: (string | undefined)[] = [];
    const pages: Record<string, { ids: string[]; next?: string }> = {
      first: { ids: ['subnet-1', 'subnet-2'], next: 't2' },
      t2: { ids: ['subnet-3', 'subnet-4'], next: 't3' },
      t3: { ids: ['subnet-5'] },
    };
    const handler = {
      handle: (request: { body?: unknown }) => {
        const token = /NextToken=([^&]+)/.exec(String(request.body))?.[1];
        asked.push(token);
        if (throttle(token)) return Promise.reject(throttled());
        const page = pages[token ?? 'first']!;
        const xml =
          `<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><subnetSet>` +
          page.ids.map((id) => `<item><subnetId>${id}</subnetId></item>`).join('') +
          `</subnetSet>${page.next ? `<nextToken>${page.next}</nextToken>` : ''}</DescribeSubnetsResponse>`;
        return Promise.resolve({
          response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([xml]) },
        });
      },
    };
    return { asked, handler };
  }

  it('a throttled AWS page is sent again with its token; the pages before it are not', async () => {
    let throttledOnce = false;
    const { asked, handler } = pagedEc2((token) => {
      if (token !== 't2' || throttledOnce) return false;
      return (throttledOnce = true);
    });
    const ec2 = await awsGateway().ec2(clientConfig(handler));
    const ids = await collectAwsPages(
      'DescribeSubnets',
      (token) => ec2.send(new DescribeSubnetsCommand({ NextToken: token })),
      (p) => p.NextToken,
      (p) => (p.Subnets ?? []).map((x) => x.SubnetId),
    );
    assert.deepEqual(ids, ['subnet-1', 'subnet-2', 'subnet-3', 'subnet-4', 'subnet-5']);
    assert.deepEqual(asked, [undefined, 't2', 't2', 't3']);
    ec2.destroy();
  });

  it(`a send that stays throttled goes out ${RETRY_POLICY.maxAttempts} times, even under an outer retry`, async () => {
    const { asked, handler } = pagedEc2(() => true);
    const ec2 = await awsGateway().ec2(clientConfig(handler));
    await assert.rejects(
      withRetry(() => ec2.send(new DescribeSubnetsCommand({}))),
      { name: 'Throttling' },
    );
    assert.equal(asked.length, RETRY_POLICY.maxAttempts);
    ec2.destroy();
  });

  it('a throttled pod page (429) is asked again with the same continue token', async () => {
    const asked: (string | undefined)[] = [];
    let throttledOnce = false;
    const pod = (name: string) => ({ metadata: { name, namespace: 'default' }, spec: {}, status: {} });
    class FakeCore {
      listPodForAllNamespaces(params: { _continue?: string }) {
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
      }
    }
    const { kc } = fakeKubeConfig();
    const core = kubeApi(kc, FakeCore as never) as unknown as CoreV1Api;
    const names: string[] = [];
    for await (const page of podPages(core, {}, 1)) names.push(...page.map((p) => p.name));
    assert.deepEqual(names, ['a', 'b']);
    assert.deepEqual(asked, [undefined, 'c1', 'c1']);
  });

  it("an eviction's 429 (a disruption budget) is its answer: sent once, never retried", async () => {
    let sends = 0;
    class FakeCore {
      createNamespacedPodEviction() {
        sends++;
        return Promise.reject(Object.assign(new Error('Cannot evict pod'), { code: 429 }));
      }
    }
    const { kc } = fakeKubeConfig();
    const core = kubeApi(kc, FakeCore as never) as unknown as CoreV1Api;
    await assert.rejects(core.createNamespacedPodEviction({ name: 'p', namespace: 'default', body: {} }));
    assert.equal(sends, 1);
  });

  it('a scope says how its calls are retried: NotFound only after a create; sentOnce sends once', async () => {
    let sends = 0;
    class FakeApi2 {
      readThing() {
        sends++;
        return Promise.reject(Object.assign(new Error('not yet'), { name: 'InvalidSubnetID.NotFound' }));
      }
    }
    const { kc } = fakeKubeConfig();
    const api = kubeApi(kc, FakeApi2 as never) as unknown as FakeApi2;
    await assert.rejects(api.readThing());
    assert.equal(sends, 1, 'a NotFound is final outside an afterCreate scope');
    sends = 0;
    // After a create, NotFound is waited out (on the scope's clock) until the policy's time bound.
    const clock = new FakeEngineClock();
    await assert.rejects(
      withCallScope({ afterCreate: true, clock, random: () => 0.999 }, () => api.readThing()),
      /not yet/,
    );
    assert.ok(sends > 3 && sends <= RETRY_POLICY.maxAttempts, `${sends} sends`);
    assert.ok(clock.sleeps.reduce((a, b) => a + b, 0) <= RETRY_POLICY.maxElapsedMs);
    sends = 0;
    await assert.rejects(withCallScope({ afterCreate: true }, () => sentOnce(() => api.readThing())));
    assert.equal(sends, 1, 'sentOnce sends once, even after a create');
    sends = 0;
    class Throttled {
      listThing() {
        sends++;
        return Promise.reject(Object.assign(new Error('slow down'), { code: 429 }));
      }
    }
    const throttledApi = kubeApi(kc, Throttled as never) as unknown as Throttled;
    await assert.rejects(sentOnce(() => throttledApi.listThing()));
    assert.equal(sends, 1);
  });
});
