/**
 * Subnet discovery seen through the real clients: after `eks-cidr apply` picks subnet discovery on
 * `exhausted`, the AWS CLI v2 (`aws ec2 describe-subnets`) reads the new subnets with their
 * discovery and ownership tags, and kubectl (`kubectl get pods -o json`, `get nodes -o json`) shows
 * the pods that were stuck Running on the same nodes with addresses from the new block.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contains, parseCidr, parseIPv4 } from '../../src/shared/cidr/index.js';
import { SKIP_AWS_CLI, SKIP_KUBECTL } from '../helpers/real-clients.js';
import { FAST, FAST_IPAMD_RETRY, cli } from '../integration/apply-harness.js';
import { startArticleRig, type ArticleRig } from './article-helpers.js';

const BLOCK = parseCidr('100.64.0.0/16');

interface Subnet {
  SubnetId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  Tags?: { Key: string; Value: string }[];
}
interface PodList {
  items: {
    metadata: { name: string };
    spec: { nodeName?: string };
    status: { phase?: string; podIP?: string };
  }[];
}
interface NodeList {
  items: { metadata: { name: string } }[];
}

describe(
  'subnet discovery through the AWS CLI v2 and kubectl',
  { skip: SKIP_AWS_CLI || SKIP_KUBECTL },
  () => {
    let rig: ArticleRig;
    let nodesBefore: string[];
    before(async () => {
      rig = await startArticleRig('exhausted', undefined, { timing: FAST_IPAMD_RETRY });
      Object.assign(process.env, rig.sb.env);
      const nodes = JSON.parse(await rig.kubectlOk(['get', 'nodes', '-o', 'json'])) as NodeList;
      nodesBefore = nodes.items.map((n) => n.metadata.name).sort();
    });
    after(async () => {
      await rig?.cleanup();
    });

    it('applies subnet discovery', async () => {
      const apply = await cli(rig.sb, ['apply', '--cluster', 'demo', '--yes', '--mode', 'auto', ...FAST]);
      assert.equal(apply.code, 0, apply.stdout + apply.stderr);
      const verify = await cli(rig.sb, [
        'verify',
        '--cluster',
        'demo',
        '--wait',
        '60',
        '--poll-interval',
        '50',
      ]);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });

    it('aws ec2 describe-subnets shows the new subnets tagged for discovery', async () => {
      const out = await rig.awsJson<{ Subnets: Subnet[] }>([
        'ec2',
        'describe-subnets',
        '--filters',
        'Name=tag:kubernetes.io/role/cni,Values=1',
      ]);
      const subnets = out.Subnets.sort((a, b) => a.AvailabilityZone.localeCompare(b.AvailabilityZone));
      assert.deepEqual(
        subnets.map((s) => s.AvailabilityZone),
        ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      );
      for (const s of subnets) {
        assert.ok(contains(BLOCK, parseCidr(s.CidrBlock)), `${s.SubnetId} ${s.CidrBlock} in 100.64.0.0/16`);
        const tags = Object.fromEntries((s.Tags ?? []).map((t) => [t.Key, t.Value]));
        assert.equal(tags['kubernetes.io/role/cni'], '1');
        assert.equal(tags['eks-cidr.io/cluster'], 'demo');
      }
      const text = await rig.aws([
        'ec2',
        'describe-subnets',
        '--subnet-ids',
        subnets[0]!.SubnetId,
        '--query',
        "Subnets[0].Tags[?Key=='kubernetes.io/role/cni'].Value",
        '--output',
        'text',
      ]);
      assert.equal(text.code, 0, text.stderr);
      assert.equal(text.stdout.trim(), '1');
    });

    it('kubectl get pods shows the web pods Running on the same nodes with addresses from the new block', async () => {
      const nodes = JSON.parse(await rig.kubectlOk(['get', 'nodes', '-o', 'json'])) as NodeList;
      assert.deepEqual(nodes.items.map((n) => n.metadata.name).sort(), nodesBefore, 'no node was replaced');
      const pods = JSON.parse(
        await rig.kubectlOk(['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'json']),
      ) as PodList;
      assert.ok(pods.items.length > 0);
      for (const p of pods.items) {
        assert.equal(p.status.phase, 'Running', p.metadata.name);
        assert.ok(nodesBefore.includes(p.spec.nodeName ?? ''), `${p.metadata.name} on an existing node`);
      }
      const fromBlock = pods.items.filter(
        (p) => p.status.podIP && contains(BLOCK, parseIPv4(p.status.podIP)),
      );
      assert.ok(fromBlock.length > 0, 'some pods have addresses from 100.64.0.0/16');
      const wide = await rig.kubectlOk(['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'wide']);
      assert.match(wide, /\s100\.64\.\d+\.\d+\s/);
    });
  },
);
