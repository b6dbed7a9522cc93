/**
 * The knowledge-center article "How do I use multiple CIDR ranges with Amazon EKS?", end to end,
 * with the unmodified AWS CLI v2 and kubectl against the `exhausted` scenario: find the VPC,
 * associate 100.64.0.0/16, one subnet per zone, route tables, custom networking on aws-node,
 * ENIConfigs, replace the node group, and new pods get 100.64.x.x addresses. Calls that do not
 * depend on each other run concurrently: every CLI start costs a Python interpreter, and every
 * kubectl call another one for the `aws eks get-token` exec plugin.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP_AWS_CLI, SKIP_KUBECTL } from '../helpers/real-clients.js';
import { startArticleRig, tableRows, words, type ArticleRig } from './article-helpers.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const POD_CIDRS = ['100.64.0.0/19', '100.64.32.0/19', '100.64.64.0/19'];

interface Subnet {
  SubnetId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailableIpAddressCount: number;
  Tags?: { Key: string; Value: string }[];
}
interface RouteTable {
  RouteTableId: string;
  Associations: { SubnetId?: string }[];
  Routes: { DestinationCidrBlock: string; NatGatewayId?: string; GatewayId?: string }[];
}

describe(
  'the article procedure with the AWS CLI v2 and kubectl',
  { skip: SKIP_AWS_CLI || SKIP_KUBECTL },
  () => {
    let rig: ArticleRig;
    let vpcId = '';
    const podSubnets = new Map<string, string>();
    let oldNodes: string[] = [];

    before(async () => {
      rig = await startArticleRig('exhausted');
    });
    after(() => rig?.cleanup());

    it('1-3: finds the VPC by its Name tag, associates 100.64.0.0/16, lists the zones', async () => {
      const [vpcs, zones] = await Promise.all([
        rig.awsJson<{ Vpcs: { VpcId: string; CidrBlock: string }[] }>(
          words('ec2 describe-vpcs --filters Name=tag:Name,Values=demo-vpc'),
        ),
        rig.aws([
          ...words('ec2 describe-availability-zones --output text'),
          '--query',
          'AvailabilityZones[].[ZoneName,ZoneId,State]',
        ]),
      ]);
      assert.equal(vpcs.Vpcs.length, 1);
      assert.equal(vpcs.Vpcs[0]?.CidrBlock, '10.0.0.0/16');
      vpcId = vpcs.Vpcs[0]?.VpcId ?? '';
      assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);
      assert.match(zones.stdout, /^us-east-1a\tuse1-az1\tavailable$/m);
      for (const zone of ZONES) assert.match(zones.stdout, new RegExp(`^${zone}\\t`, 'm'));

      const assoc = await rig.awsJson<{
        VpcId: string;
        CidrBlockAssociation: { AssociationId: string; CidrBlock: string; CidrBlockState: { State: string } };
      }>(words(`ec2 associate-vpc-cidr-block --vpc-id ${vpcId} --cidr-block 100.64.0.0/16`));
      assert.equal(assoc.VpcId, vpcId);
      assert.equal(assoc.CidrBlockAssociation.CidrBlock, '100.64.0.0/16');
      assert.equal(assoc.CidrBlockAssociation.CidrBlockState.State, 'associating');
      assert.match(assoc.CidrBlockAssociation.AssociationId, /^vpc-cidr-assoc-[0-9a-f]{17}$/);
    });

    it('4-5: creates one tagged subnet per zone in the new block', async () => {
      const created = await Promise.all(
        ZONES.map((zone, i) =>
          rig.awsJson<{ Subnet: Subnet }>(
            words(
              `ec2 create-subnet --vpc-id ${vpcId} --cidr-block ${POD_CIDRS[i]} --availability-zone ${zone} ` +
                `--tag-specifications ResourceType=subnet,Tags=[{Key=Name,Value=pods-${zone}},{Key=kubernetes.io/cluster/demo,Value=shared}]`,
            ),
          ),
        ),
      );
      for (const [i, { Subnet: subnet }] of created.entries()) {
        assert.equal(subnet.CidrBlock, POD_CIDRS[i]);
        assert.equal(subnet.AvailabilityZone, ZONES[i]);
        assert.equal(subnet.AvailableIpAddressCount, 8187, 'a /19 less the 5 reserved addresses');
        assert.equal(subnet.Tags?.find((t) => t.Key === 'Name')?.Value, `pods-${ZONES[i]}`);
        podSubnets.set(subnet.AvailabilityZone, subnet.SubnetId);
      }
    });

    it('6: associates each new subnet with the route table of its zone node subnet (NAT route)', async () => {
      const ng = await rig.awsJson<{ nodegroup: { subnets: string[] } }>(
        words('eks describe-nodegroup --cluster-name demo --nodegroup-name demo-nodes'),
      );
      const nodeSubnets = ng.nodegroup.subnets.join(',');
      const [subnets, tables] = await Promise.all([
        rig.awsJson<{ Subnets: Subnet[] }>(
          words(`ec2 describe-subnets --subnet-ids ${ng.nodegroup.subnets.join(' ')}`),
        ),
        rig.awsJson<{ RouteTables: RouteTable[] }>(
          words(`ec2 describe-route-tables --filters Name=association.subnet-id,Values=${nodeSubnets}`),
        ),
      ]);
      assert.equal(tables.RouteTables.length, 3, 'one private route table per zone');
      const tableOf = (subnetId: string) =>
        tables.RouteTables.find((t) => t.Associations.some((a) => a.SubnetId === subnetId))?.RouteTableId;
      const associations = await Promise.all(
        subnets.Subnets.map((s) =>
          rig.awsJson<{ AssociationId: string; AssociationState: { State: string } }>(
            words(
              `ec2 associate-route-table --route-table-id ${tableOf(s.SubnetId)} --subnet-id ${podSubnets.get(s.AvailabilityZone)}`,
            ),
          ),
        ),
      );
      for (const a of associations) {
        assert.match(a.AssociationId, /^rtbassoc-[0-9a-f]{17}$/);
        assert.equal(a.AssociationState.State, 'associated');
      }
      const routes = await rig.awsJson<{ RouteTables: RouteTable[] }>(
        words(
          `ec2 describe-route-tables --filters Name=association.subnet-id,Values=${[...podSubnets.values()].join(',')}`,
        ),
      );
      assert.equal(routes.RouteTables.length, 3);
      for (const table of routes.RouteTables) {
        assert.ok(
          table.Routes.some(
            (r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.NatGatewayId?.startsWith('nat-'),
          ),
        );
        assert.ok(
          table.Routes.some((r) => r.DestinationCidrBlock === '100.64.0.0/16' && r.GatewayId === 'local'),
        );
      }
    });

    it('7-9: checks the CNI image and turns on custom networking with kubectl set env', async () => {
      const described = await rig.kubectlOk(words('describe daemonset aws-node -n kube-system'));
      assert.match(
        described,
        /^\s+Image:\s+602401143452\.dkr\.ecr\.us-east-1\.amazonaws\.com\/amazon-k8s-cni:v1\.\d+\.\d+/m,
      );
      assert.match(described, /AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG:\s+false/);
      const setEnv = await rig.kubectlOk(
        words(
          'set env daemonset aws-node -n kube-system AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone',
        ),
      );
      assert.match(setEnv, /daemonset\.apps\/aws-node env updated/);
      // aws-node restarts on every node with the new env; on these exhausted nodes (no room for a
      // second ENI) ipamd cannot start under custom networking until an ENIConfig exists, so the
      // rollout completes only after steps 10-11, as on EKS.
      const env = await rig.kubectlOk(words('set env daemonset aws-node -n kube-system --list'));
      assert.match(env, /^AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true$/m);
      assert.match(env, /^ENI_CONFIG_LABEL_DEF=topology\.kubernetes\.io\/zone$/m);
      assert.match(env, /^WARM_ENI_TARGET=1$/m, 'the other variables are kept (strategic merge by name)');
    });

    it('10-11: finds the ENIConfig CRD and applies one ENIConfig per zone', async () => {
      const [crd, sg] = await Promise.all([
        rig.kubectlOk([
          ...words('get crd eniconfigs.crd.k8s.amazonaws.com -o'),
          'jsonpath={.spec.scope}/{.spec.versions[0].name}',
        ]),
        rig.aws([
          ...words('eks describe-cluster --name demo --output text --query'),
          'cluster.resourcesVpcConfig.clusterSecurityGroupId',
        ]),
      ]);
      assert.equal(crd, 'Cluster/v1alpha1');
      const securityGroup = sg.stdout.trim();
      assert.match(securityGroup, /^sg-[0-9a-f]{17}$/);
      const manifest = ZONES.map(
        (zone) =>
          `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: ${zone}\nspec:\n` +
          `  securityGroups:\n    - ${securityGroup}\n  subnet: ${podSubnets.get(zone)}\n`,
      ).join('---\n');
      const applied = await rig.kubectlOk(words('apply -f -'), manifest);
      for (const zone of ZONES)
        assert.match(applied, new RegExp(`eniconfig\\.crd\\.k8s\\.amazonaws\\.com/${zone} created`));
      const listed = tableRows(await rig.kubectlOk(words('get eniconfigs')));
      assert.deepEqual(
        listed.map((r) => r[0]),
        ZONES,
      );
      // With the ENIConfigs there, ipamd attaches an ENI in the pod subnet and aws-node rolls out.
      await rig.kubectlOk(words('rollout status daemonset/aws-node -n kube-system --timeout=60s'));
    });

    it('12-13: replaces the node group with the AWS CLI; the old nodes go away', async () => {
      const [nodes, old] = await Promise.all([
        rig.kubectlOk(words('get nodes')),
        rig.awsJson<{
          nodegroup: { subnets: string[]; nodeRole: string; launchTemplate: { id: string; version: string } };
        }>(words('eks describe-nodegroup --cluster-name demo --nodegroup-name demo-nodes')),
      ]);
      oldNodes = tableRows(nodes).map((r) => r[0] ?? '');
      assert.equal(oldNodes.length, 3);
      const { subnets, nodeRole, launchTemplate } = old.nodegroup;
      const created = await rig.awsJson<{ nodegroup: { status: string } }>(
        words(
          `eks create-nodegroup --cluster-name demo --nodegroup-name demo-nodes-cn --subnets ${subnets.join(' ')} ` +
            `--node-role ${nodeRole} --launch-template id=${launchTemplate.id},version=${launchTemplate.version} ` +
            '--scaling-config minSize=3,maxSize=6,desiredSize=3',
        ),
      );
      assert.equal(created.nodegroup.status, 'CREATING');
      const active = await rig.aws(
        words('eks wait nodegroup-active --cluster-name demo --nodegroup-name demo-nodes-cn'),
      );
      assert.equal(active.code, 0, active.stderr);

      const deleting = await rig.awsJson<{ nodegroup: { status: string } }>(
        words('eks delete-nodegroup --cluster-name demo --nodegroup-name demo-nodes'),
      );
      assert.equal(deleting.nodegroup.status, 'DELETING');
      const gone = await rig.aws(
        words('eks wait nodegroup-deleted --cluster-name demo --nodegroup-name demo-nodes'),
      );
      assert.equal(gone.code, 0, gone.stderr);

      const replaced = tableRows(await rig.kubectlOk(words('get nodes -L topology.kubernetes.io/zone')));
      assert.equal(replaced.length, 3);
      assert.deepEqual(replaced.map((r) => r.at(-1)).sort(), ZONES);
      for (const row of replaced) {
        assert.ok(!oldNodes.includes(row[0] ?? ''), `${row[0]} is an old node`);
        assert.equal(row[1], 'Ready');
      }
    });

    it('13: pods of a new deployment get 100.64.x.x addresses from the ENIConfig subnets', async () => {
      // Leave room for nginx-test: with custom networking an m5.large has 2 pod ENIs x 9 addresses.
      const [, created] = await Promise.all([
        rig.kubectlOk(words('scale deployment web --replicas=6')),
        rig.kubectlOk(words('create deployment nginx-test --image=nginx --replicas=10')),
      ]);
      assert.match(created, /deployment\.apps\/nginx-test created/);
      assert.match(
        await rig.kubectlOk(words('rollout status deployment/nginx-test --timeout=60s')),
        /successfully rolled out/,
      );
      const [wide, enis, counts] = await Promise.all([
        rig.kubectlOk(words('get pods -o wide --selector=app=nginx-test')),
        rig.awsJson<{ NetworkInterfaces: { Description: string }[] }>(
          words(
            `ec2 describe-network-interfaces --filters Name=subnet-id,Values=${[...podSubnets.values()].join(',')}`,
          ),
        ),
        rig.awsJson<{ Subnets: Subnet[] }>(
          words(`ec2 describe-subnets --subnet-ids ${[...podSubnets.values()].join(' ')}`),
        ),
      ]);
      const pods = tableRows(wide);
      assert.equal(pods.length, 10);
      for (const [name, ready, status, , , ip, node] of pods) {
        assert.match(name ?? '', /^nginx-test-[0-9a-f]+-[a-z0-9]{5}$/);
        assert.equal(ready, '1/1');
        assert.equal(status, 'Running');
        assert.match(ip ?? '', /^100\.64\.\d+\.\d+$/, `${name} has ${ip}`);
        assert.ok(!oldNodes.includes(node ?? ''));
      }
      assert.ok(enis.NetworkInterfaces.length >= 3);
      for (const eni of enis.NetworkInterfaces) assert.match(eni.Description, /^aws-K8S-i-[0-9a-f]{17}$/);
      for (const s of counts.Subnets)
        assert.ok(s.AvailableIpAddressCount < 8187, `${s.SubnetId} addresses were taken`);
    });

    it('cleans up with kubectl delete --wait', async () => {
      await rig.kubectlOk(words('delete deployment nginx-test --wait'));
      const left = await rig.kubectl(words('get pods --selector=app=nginx-test'));
      assert.equal(left.code, 0, left.stderr);
      assert.equal(left.stdout, '');
      assert.match(left.stderr, /No resources found in default namespace/);
    });
  },
);
