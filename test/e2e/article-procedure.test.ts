/**
 * The knowledge-center article "How do I use multiple CIDR ranges with Amazon EKS?", end to end,
 * with the unmodified AWS CLI v2 and kubectl against the `exhausted` scenario: find the VPC,
 * associate 100.64.0.0/16, one subnet per zone, route tables, custom networking on aws-node,
 * ENIConfigs, replace the node group, and new pods get 100.64.x.x addresses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP_AWS_CLI, SKIP_KUBECTL } from '../helpers/real-clients.js';
import { startArticleRig, tableRows, type ArticleRig } from './article-helpers.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const POD_CIDRS = ['100.64.0.0/19', '100.64.32.0/19', '100.64.64.0/19'];

interface Subnet {
  SubnetId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailableIpAddressCount: number;
  Tags?: { Key: string; Value: string }[];
}

describe(
  'the article procedure with the AWS CLI v2 and kubectl',
  { skip: SKIP_AWS_CLI || SKIP_KUBECTL },
  () => {
    let rig: ArticleRig;
    let vpcId = '';
    let securityGroup = '';
    const podSubnets = new Map<string, string>();
    const nodeSubnets = new Map<string, string>();
    let oldNodes: string[] = [];

    before(async () => {
      rig = await startArticleRig('exhausted');
    });
    after(() => rig?.cleanup());

    it('1-2: finds the VPC by its Name tag and associates 100.64.0.0/16', async () => {
      const vpcs = await rig.awsJson<{ Vpcs: { VpcId: string; CidrBlock: string }[] }>([
        'ec2',
        'describe-vpcs',
        '--filters',
        'Name=tag:Name,Values=demo-vpc',
      ]);
      assert.equal(vpcs.Vpcs.length, 1);
      assert.equal(vpcs.Vpcs[0]?.CidrBlock, '10.0.0.0/16');
      vpcId = vpcs.Vpcs[0]?.VpcId ?? '';
      assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);

      const assoc = await rig.awsJson<{
        VpcId: string;
        CidrBlockAssociation: { AssociationId: string; CidrBlock: string; CidrBlockState: { State: string } };
      }>(['ec2', 'associate-vpc-cidr-block', '--vpc-id', vpcId, '--cidr-block', '100.64.0.0/16']);
      assert.equal(assoc.VpcId, vpcId);
      assert.equal(assoc.CidrBlockAssociation.CidrBlock, '100.64.0.0/16');
      assert.equal(assoc.CidrBlockAssociation.CidrBlockState.State, 'associating');
      assert.match(assoc.CidrBlockAssociation.AssociationId, /^vpc-cidr-assoc-[0-9a-f]{17}$/);

      const text = await rig.aws([
        'ec2',
        'describe-vpcs',
        '--vpc-ids',
        vpcId,
        '--output',
        'text',
        '--query',
        "Vpcs[0].CidrBlockAssociationSet[?CidrBlock=='100.64.0.0/16'].CidrBlockState.State",
      ]);
      assert.equal(text.stdout.trim(), 'associated');
    });

    it('3: lists the zones with their IDs', async () => {
      const r = await rig.aws([
        'ec2',
        'describe-availability-zones',
        '--output',
        'text',
        '--query',
        'AvailabilityZones[].[ZoneName,ZoneId,State]',
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^us-east-1a\tuse1-az1\tavailable$/m);
      for (const zone of ZONES) assert.match(r.stdout, new RegExp(`^${zone}\\t`, 'm'));
    });

    it('4-5: creates one tagged subnet per zone in the new block', async () => {
      for (const [i, zone] of ZONES.entries()) {
        const { Subnet: subnet } = await rig.awsJson<{ Subnet: Subnet }>([
          'ec2',
          'create-subnet',
          '--vpc-id',
          vpcId,
          '--cidr-block',
          POD_CIDRS[i] ?? '',
          '--availability-zone',
          zone,
          '--tag-specifications',
          `ResourceType=subnet,Tags=[{Key=Name,Value=pods-${zone}},{Key=kubernetes.io/cluster/demo,Value=shared}]`,
        ]);
        assert.equal(subnet.CidrBlock, POD_CIDRS[i]);
        assert.equal(subnet.AvailabilityZone, zone);
        assert.equal(subnet.AvailableIpAddressCount, 8187, 'a /19 less the 5 reserved addresses');
        assert.deepEqual(subnet.Tags?.find((t) => t.Key === 'Name')?.Value, `pods-${zone}`);
        podSubnets.set(zone, subnet.SubnetId);
      }
      const listed = await rig.awsJson<{ Subnets: Subnet[] }>([
        'ec2',
        'describe-subnets',
        '--filters',
        `Name=vpc-id,Values=${vpcId}`,
        'Name=tag:kubernetes.io/cluster/demo,Values=shared',
        'Name=cidr-block,Values=100.64.0.0/19,100.64.32.0/19,100.64.64.0/19',
      ]);
      assert.deepEqual(listed.Subnets.map((s) => s.CidrBlock).sort(), POD_CIDRS);
    });

    it('6: associates each new subnet with its zone node subnet route table (NAT route)', async () => {
      const ng = await rig.awsJson<{ nodegroup: { subnets: string[] } }>([
        'eks',
        'describe-nodegroup',
        '--cluster-name',
        'demo',
        '--nodegroup-name',
        'demo-nodes',
      ]);
      const subnets = await rig.awsJson<{ Subnets: Subnet[] }>([
        'ec2',
        'describe-subnets',
        '--subnet-ids',
        ...ng.nodegroup.subnets,
      ]);
      for (const s of subnets.Subnets) nodeSubnets.set(s.AvailabilityZone, s.SubnetId);
      for (const zone of ZONES) {
        const rtb = await rig.aws([
          'ec2',
          'describe-route-tables',
          '--output',
          'text',
          '--query',
          'RouteTables[0].RouteTableId',
          '--filters',
          `Name=association.subnet-id,Values=${nodeSubnets.get(zone)}`,
        ]);
        const routeTableId = rtb.stdout.trim();
        assert.match(routeTableId, /^rtb-[0-9a-f]{17}$/);
        const assoc = await rig.awsJson<{ AssociationId: string; AssociationState: { State: string } }>([
          'ec2',
          'associate-route-table',
          '--route-table-id',
          routeTableId,
          '--subnet-id',
          podSubnets.get(zone) ?? '',
        ]);
        assert.match(assoc.AssociationId, /^rtbassoc-[0-9a-f]{17}$/);
        assert.equal(assoc.AssociationState.State, 'associated');
        const routes = await rig.awsJson<{
          RouteTables: {
            Routes: { DestinationCidrBlock: string; NatGatewayId?: string; GatewayId?: string }[];
          }[];
        }>([
          'ec2',
          'describe-route-tables',
          '--filters',
          `Name=association.subnet-id,Values=${podSubnets.get(zone)}`,
        ]);
        const table = routes.RouteTables[0];
        assert.ok(
          table?.Routes.some(
            (r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.NatGatewayId?.startsWith('nat-'),
          ),
        );
        assert.ok(
          table?.Routes.some((r) => r.DestinationCidrBlock === '100.64.0.0/16' && r.GatewayId === 'local'),
        );
      }
    });

    it('7-9: checks the CNI image and turns on custom networking with kubectl set env', async () => {
      const described = await rig.kubectlOk(['describe', 'daemonset', 'aws-node', '-n', 'kube-system']);
      assert.match(
        described,
        /^\s+Image:\s+602401143452\.dkr\.ecr\.us-east-1\.amazonaws\.com\/amazon-k8s-cni:v1\.\d+\.\d+/m,
      );
      assert.match(described, /AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG:\s+false/);

      assert.match(
        await rig.kubectlOk([
          'set',
          'env',
          'daemonset',
          'aws-node',
          '-n',
          'kube-system',
          'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true',
        ]),
        /daemonset\.apps\/aws-node env updated/,
      );
      await rig.kubectlOk([
        'set',
        'env',
        'daemonset',
        'aws-node',
        '-n',
        'kube-system',
        'ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone',
      ]);
      const env = await rig.kubectlOk(['set', 'env', 'daemonset', 'aws-node', '-n', 'kube-system', '--list']);
      assert.match(env, /^AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true$/m);
      assert.match(env, /^ENI_CONFIG_LABEL_DEF=topology\.kubernetes\.io\/zone$/m);
      assert.match(env, /^WARM_ENI_TARGET=1$/m, 'the other variables are kept (strategic merge by name)');
      await rig.kubectlOk(['rollout', 'status', 'daemonset/aws-node', '-n', 'kube-system', '--timeout=60s']);
    });

    it('10-11: finds the ENIConfig CRD and applies one ENIConfig per zone', async () => {
      const crd = await rig.kubectlOk([
        'get',
        'crd',
        'eniconfigs.crd.k8s.amazonaws.com',
        '-o',
        'jsonpath={.spec.scope}/{.spec.versions[0].name}',
      ]);
      assert.equal(crd, 'Cluster/v1alpha1');
      securityGroup = (
        await rig.aws([
          'eks',
          'describe-cluster',
          '--name',
          'demo',
          '--output',
          'text',
          '--query',
          'cluster.resourcesVpcConfig.clusterSecurityGroupId',
        ])
      ).stdout.trim();
      assert.match(securityGroup, /^sg-[0-9a-f]{17}$/);
      const manifest = ZONES.map(
        (zone) =>
          `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: ${zone}\nspec:\n` +
          `  securityGroups:\n    - ${securityGroup}\n  subnet: ${podSubnets.get(zone)}\n`,
      ).join('---\n');
      const applied = await rig.kubectlOk(['apply', '-f', '-'], manifest);
      assert.match(applied, /eniconfig\.crd\.k8s\.amazonaws\.com\/us-east-1a created/);
      assert.match(await rig.kubectlOk(['apply', '-f', '-'], manifest), /us-east-1a unchanged/);
      const listed = tableRows(await rig.kubectlOk(['get', 'eniconfigs']));
      assert.deepEqual(
        listed.map((r) => r[0]),
        ZONES,
      );
      assert.equal(
        await rig.kubectlOk(['get', 'eniconfig', 'us-east-1b', '-o', 'jsonpath={.spec.subnet}']),
        podSubnets.get('us-east-1b'),
      );
    });

    it('12-13: replaces the node group with the AWS CLI; old nodes go away', async () => {
      oldNodes = tableRows(await rig.kubectlOk(['get', 'nodes'])).map((r) => r[0] ?? '');
      assert.equal(oldNodes.length, 3);
      const old = await rig.awsJson<{
        nodegroup: { subnets: string[]; nodeRole: string; launchTemplate: { id: string; version: string } };
      }>(['eks', 'describe-nodegroup', '--cluster-name', 'demo', '--nodegroup-name', 'demo-nodes']);
      const created = await rig.awsJson<{ nodegroup: { status: string } }>([
        'eks',
        'create-nodegroup',
        '--cluster-name',
        'demo',
        '--nodegroup-name',
        'demo-nodes-cn',
        '--subnets',
        ...old.nodegroup.subnets,
        '--node-role',
        old.nodegroup.nodeRole,
        '--launch-template',
        `id=${old.nodegroup.launchTemplate.id},version=${old.nodegroup.launchTemplate.version}`,
        '--scaling-config',
        'minSize=3,maxSize=6,desiredSize=3',
      ]);
      assert.equal(created.nodegroup.status, 'CREATING');
      const wait = await rig.aws([
        'eks',
        'wait',
        'nodegroup-active',
        '--cluster-name',
        'demo',
        '--nodegroup-name',
        'demo-nodes-cn',
      ]);
      assert.equal(wait.code, 0, wait.stderr);

      const deleting = await rig.awsJson<{ nodegroup: { status: string } }>([
        'eks',
        'delete-nodegroup',
        '--cluster-name',
        'demo',
        '--nodegroup-name',
        'demo-nodes',
      ]);
      assert.equal(deleting.nodegroup.status, 'DELETING');
      const gone = await rig.aws([
        'eks',
        'wait',
        'nodegroup-deleted',
        '--cluster-name',
        'demo',
        '--nodegroup-name',
        'demo-nodes',
      ]);
      assert.equal(gone.code, 0, gone.stderr);
      const groups = await rig.aws(['eks', 'list-nodegroups', '--cluster-name', 'demo', '--output', 'text']);
      assert.equal(groups.stdout.trim(), 'NODEGROUPS\tdemo-nodes-cn');

      const nodes = tableRows(await rig.kubectlOk(['get', 'nodes', '-L', 'topology.kubernetes.io/zone']));
      assert.equal(nodes.length, 3);
      assert.deepEqual(nodes.map((r) => r.at(-1)).sort(), ZONES);
      for (const row of nodes) {
        assert.ok(!oldNodes.includes(row[0] ?? ''), `${row[0]} is an old node`);
        assert.equal(row[1], 'Ready');
      }
    });

    it('13: pods of a new deployment get 100.64.x.x addresses from the ENIConfig subnets', async () => {
      // Leave room for nginx-test: with custom networking an m5.large has 2 pod ENIs x 9 addresses.
      await rig.kubectlOk(['scale', 'deployment', 'web', '--replicas=6']);
      assert.match(
        await rig.kubectlOk(['create', 'deployment', 'nginx-test', '--image=nginx', '--replicas=10']),
        /deployment\.apps\/nginx-test created/,
      );
      assert.match(
        await rig.kubectlOk(['rollout', 'status', 'deployment/nginx-test', '--timeout=60s']),
        /successfully rolled out/,
      );
      const pods = tableRows(await rig.kubectlOk(['get', 'pods', '-o', 'wide', '--selector=app=nginx-test']));
      assert.equal(pods.length, 10);
      for (const [name, ready, status, , , ip, node] of pods) {
        assert.match(name ?? '', /^nginx-test-[0-9a-f]+-[a-z0-9]{5}$/);
        assert.equal(ready, '1/1');
        assert.equal(status, 'Running');
        assert.match(ip ?? '', /^100\.64\.(\d+)\.(\d+)$/, `${name} has ${ip}`);
        assert.ok(!oldNodes.includes(node ?? ''));
      }
      const enis = await rig.awsJson<{ NetworkInterfaces: { Description: string; SubnetId: string }[] }>([
        'ec2',
        'describe-network-interfaces',
        '--filters',
        `Name=subnet-id,Values=${[...podSubnets.values()].join(',')}`,
      ]);
      assert.ok(enis.NetworkInterfaces.length >= 3);
      for (const eni of enis.NetworkInterfaces) assert.match(eni.Description, /^aws-K8S-i-[0-9a-f]{17}$/);
      const counts = await rig.awsJson<{ Subnets: Subnet[] }>([
        'ec2',
        'describe-subnets',
        '--subnet-ids',
        ...podSubnets.values(),
      ]);
      for (const s of counts.Subnets)
        assert.ok(s.AvailableIpAddressCount < 8187, `${s.SubnetId} addresses were taken`);
    });

    it('cleans up with kubectl delete --wait', async () => {
      await rig.kubectlOk(['delete', 'deployment', 'nginx-test', '--wait']);
      const left = await rig.kubectl(['get', 'pods', '--selector=app=nginx-test']);
      assert.equal(left.code, 0, left.stderr);
      assert.equal(left.stdout, '');
      assert.match(left.stderr, /No resources found in default namespace/);
    });
  },
);
