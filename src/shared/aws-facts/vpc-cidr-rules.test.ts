import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cidr, formatCidr, overlaps, parseCidr } from '../cidr/index.js';
import {
  checkVpcCidrAssociation,
  checkVpcCidrBlock,
  type VpcCidrAssociationInput,
} from './vpc-cidr-rules.js';

const VPC = 'vpc-0123456789abcdef0';
const associated = (...cidrs: string[]) => cidrs.map((c) => ({ cidr: c, state: 'associated' }));
const check = (primary: string | string[], candidate: string, extra: Partial<VpcCidrAssociationInput> = {}) =>
  checkVpcCidrAssociation({
    vpcId: VPC,
    cidr: candidate,
    vpcCidrs: associated(...(Array.isArray(primary) ? primary : [primary])),
    routeDestinations: [],
    ...extra,
  });
const RESTRICTED =
  /^The CIDR '.*' is restricted\. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR\. For additional restrictions, see https:\/\/docs\.aws\.amazon\.com\/vpc\/latest\/userguide\/vpc-cidr-blocks\.html$/;

describe('checkVpcCidrBlock (CreateVpc)', () => {
  const table: [string, string | undefined][] = [
    ['10.0.0.0/16', undefined],
    ['10.0.0.0/28', undefined],
    ['100.64.0.0/16', undefined],
    ['10.0.0.0/8', 'InvalidVpc.Range'],
    ['10.0.0.0/15', 'InvalidVpc.Range'],
    ['10.0.0.0/29', 'InvalidVpc.Range'],
    ['169.254.0.0/16', 'InvalidVpc.Range'],
    ['10.0.0.0', 'InvalidParameterValue'],
    ['10.0.0.256/16', 'InvalidParameterValue'],
    ['banana', 'InvalidParameterValue'],
  ];
  for (const [block, code] of table) {
    it(`${block} -> ${code ?? 'ok'}`, () => {
      const result = checkVpcCidrBlock(block);
      if (code === undefined) assert.deepEqual(result, { ok: true, cidr: block });
      else assert.equal(result.ok ? undefined : result.code, code);
    });
  }
  it('clears host bits as EC2 does', () => {
    assert.deepEqual(checkVpcCidrBlock('10.0.0.1/16'), { ok: true, cidr: '10.0.0.0/16' });
  });
  it('quotes the exact messages', () => {
    assert.deepEqual(checkVpcCidrBlock('10.0.0.0/8'), {
      ok: false,
      code: 'InvalidVpc.Range',
      message: "The CIDR '10.0.0.0/8' is invalid.",
    });
    assert.deepEqual(checkVpcCidrBlock('nope'), {
      ok: false,
      code: 'InvalidParameterValue',
      message: 'Value (nope) for parameter cidrBlock is invalid. This is not a valid CIDR block.',
    });
  });
});

describe('checkVpcCidrAssociation: the restrictions table', () => {
  // [primary, candidate, allowed]
  const table: [string, string, boolean][] = [
    // 10.0.0.0/8 VPCs
    ['10.0.0.0/16', '100.64.0.0/16', true],
    ['10.0.0.0/16', '10.2.0.0/16', true],
    ['10.0.0.0/16', '54.10.0.0/16', true],
    ['10.0.0.0/16', '172.16.0.0/16', false],
    ['10.0.0.0/16', '192.168.0.0/16', false],
    ['10.0.0.0/16', '198.19.0.0/16', false],
    ['10.1.0.0/16', '10.0.5.0/24', false], // a VPC block in 10.0.0.0/15 forbids all of 10.0.0.0/16
    ['10.2.0.0/16', '10.0.5.0/24', true],
    // 172.16.0.0/12 VPCs
    ['172.20.0.0/16', '172.21.0.0/16', true],
    ['172.20.0.0/16', '100.64.0.0/16', true],
    ['172.20.0.0/16', '172.31.0.0/16', false],
    ['172.20.0.0/16', '10.0.0.0/16', false],
    ['172.20.0.0/16', '192.168.0.0/16', false],
    ['172.20.0.0/16', '198.19.0.0/16', false],
    // 192.168.0.0/16 VPCs
    ['192.168.0.0/20', '192.168.16.0/20', true],
    ['192.168.0.0/20', '100.64.0.0/16', true],
    ['192.168.0.0/20', '10.0.0.0/16', false],
    ['192.168.0.0/20', '172.16.0.0/16', false],
    ['192.168.0.0/20', '198.19.0.0/16', false],
    // 198.19.0.0/16 VPCs
    ['198.19.0.0/20', '100.64.0.0/16', true],
    ['198.19.0.0/20', '54.0.0.0/16', true],
    ['198.19.0.0/20', '10.0.0.0/16', false],
    ['198.19.0.0/20', '192.168.0.0/16', false],
    // public or 100.64.0.0/10 VPCs
    ['100.64.0.0/16', '100.65.0.0/16', true],
    ['54.0.0.0/16', '100.64.0.0/16', true],
    ['100.64.0.0/16', '10.0.0.0/16', false],
    ['100.64.0.0/16', '172.16.0.0/16', false],
    ['100.64.0.0/16', '198.19.0.0/16', false],
    // never
    ['10.0.0.0/16', '169.254.0.0/16', false],
    ['100.64.0.0/16', '169.254.10.0/24', false],
  ];
  for (const [primary, candidate, allowed] of table) {
    it(`${primary} + ${candidate}: ${allowed ? 'allowed' : 'InvalidVpc.Range restricted'}`, () => {
      const result = check(primary, candidate);
      if (allowed) assert.deepEqual(result, { ok: true, cidr: candidate });
      else {
        assert.equal(result.ok, false);
        if (!result.ok) {
          assert.equal(result.code, 'InvalidVpc.Range');
          assert.match(result.message, RESTRICTED);
          assert.ok(result.message.includes(`'${candidate}'`));
        }
      }
    });
  }

  it('keys on the primary block, not on secondaries', () => {
    assert.equal(check(['10.0.0.0/16', '100.64.0.0/16'], '10.5.0.0/16').ok, true);
    assert.equal(check(['100.64.0.0/16', '10.0.0.0/16'], '10.5.0.0/16').ok, false);
  });
});

describe('checkVpcCidrAssociation: quota, overlap, routes, format', () => {
  it('refuses the sixth block with CidrLimitExceeded', () => {
    const five = ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16'];
    assert.deepEqual(check(five, '100.64.0.0/16'), {
      ok: false,
      code: 'CidrLimitExceeded',
      message: `This network '${VPC}' has met its maximum number of allowed CIDRs: 5`,
    });
    assert.equal(check(five, '100.64.0.0/16', { quota: 6 }).ok, true);
  });

  it('does not count disassociated or failed blocks', () => {
    const result = checkVpcCidrAssociation({
      vpcId: VPC,
      cidr: '100.64.0.0/16',
      vpcCidrs: [
        { cidr: '10.0.0.0/16', state: 'associated' },
        { cidr: '10.1.0.0/16', state: 'disassociated' },
        { cidr: '10.2.0.0/16', state: 'failed' },
        { cidr: '10.3.0.0/16', state: 'associating' },
      ],
      routeDestinations: [],
      quota: 3,
    });
    assert.equal(result.ok, true);
    // ...and a disassociated block may be associated again.
    const again = checkVpcCidrAssociation({
      vpcId: VPC,
      cidr: '10.1.0.0/16',
      vpcCidrs: [
        { cidr: '10.0.0.0/16', state: 'associated' },
        { cidr: '10.1.0.0/16', state: 'disassociated' },
      ],
      routeDestinations: [],
    });
    assert.equal(again.ok, true);
  });

  it('refuses overlap with a block the VPC holds', () => {
    const result = check(['10.0.0.0/16', '100.64.0.0/16'], '100.64.128.0/17');
    assert.equal(result.ok ? '' : result.code, 'InvalidVpc.Range');
    assert.match(
      result.ok ? '' : result.message,
      /'100\.64\.128\.0\/17' conflicts with the CIDR '100\.64\.0\.0\/16'/,
    );
  });

  it('refuses a block equal to or larger than a route destination, allows a smaller one', () => {
    const routes = { routeDestinations: ['0.0.0.0/0', '100.64.0.0/24'] };
    assert.equal(check('10.0.0.0/16', '100.64.0.0/16', routes).ok, false);
    assert.equal(check('10.0.0.0/16', '100.64.0.0/24', routes).ok, false);
    assert.equal(check('10.0.0.0/16', '100.64.0.0/25', routes).ok, true);
    assert.equal(check('10.0.0.0/16', '100.65.0.0/16', routes).ok, true);
  });

  it('checks size and format first', () => {
    assert.equal(check('10.0.0.0/16', '100.64.0.0/10').ok ? '' : 'refused', 'refused');
    assert.deepEqual(check('10.0.0.0/16', '100.64.0.0/29'), {
      ok: false,
      code: 'InvalidVpc.Range',
      message: "The CIDR '100.64.0.0/29' is invalid.",
    });
    assert.equal(
      check('10.0.0.0/16', '100.64.0.0/').ok ? '' : 'InvalidParameterValue',
      'InvalidParameterValue',
    );
  });

  it('an allowed block never overlaps a held one (property)', () => {
    const arbBlock = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 22 - 1 }), fc.integer({ min: 16, max: 28 }))
      .map(([offset, prefix]) => formatCidr(cidr(0x64400000 + offset, prefix))); // inside 100.64.0.0/10
    fc.assert(
      fc.property(fc.array(arbBlock, { minLength: 1, maxLength: 4 }), arbBlock, (held, candidate) => {
        const result = check(['10.0.0.0/16', ...held], candidate, { quota: 50 });
        if (!result.ok) return true;
        return held.every((h) => !overlaps(parseCidr(h, { strict: false }), parseCidr(result.cidr)));
      }),
    );
  });
});

describe('checkVpcCidrAssociation: restriction properties', () => {
  /** A random /16-/28 block inside `range`. */
  const blockIn = (range: string) => {
    const outer = parseCidr(range);
    return fc
      .tuple(fc.integer({ min: 0, max: 2 ** (32 - outer.prefix) - 1 }), fc.integer({ min: 16, max: 28 }))
      .map(([offset, prefix]) => cidr(outer.network + offset, Math.max(prefix, outer.prefix)));
  };
  const rfc1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

  it('refuses a block from another RFC 1918 range than the primary, always (property)', () => {
    for (const primaryRange of rfc1918) {
      for (const otherRange of rfc1918.filter((r) => r !== primaryRange)) {
        fc.assert(
          fc.property(blockIn(primaryRange), blockIn(otherRange), (primary, candidate) => {
            const result = check(formatCidr(primary), formatCidr(candidate));
            return !result.ok && result.code === 'InvalidVpc.Range';
          }),
          { numRuns: 50 },
        );
      }
    }
  });

  it('allows any non-overlapping 100.64.0.0/10 block for an RFC 1918 VPC (property)', () => {
    for (const primaryRange of rfc1918) {
      fc.assert(
        fc.property(blockIn(primaryRange), blockIn('100.64.0.0/10'), (primary, candidate) => {
          return check(formatCidr(primary), formatCidr(candidate)).ok;
        }),
        { numRuns: 50 },
      );
    }
  });

  it('never allows link-local, whatever the VPC (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('10.0.0.0/16', '172.20.0.0/16', '192.168.0.0/20', '100.64.0.0/16', '54.0.0.0/16'),
        blockIn('169.254.0.0/16'),
        (primary, candidate) => {
          const result = check(primary, formatCidr(candidate));
          return !result.ok && result.code === 'InvalidVpc.Range';
        },
      ),
    );
  });
});

describe('special-purpose ranges (RFC 6890)', () => {
  const table: [string, RegExp][] = [
    ['224.0.0.0/16', /overlaps the multicast range 224\.0\.0\.0\/4/],
    ['239.255.0.0/16', /multicast/],
    ['127.0.0.0/16', /loopback range 127\.0\.0\.0\/8/],
    ['0.0.0.0/16', /"this network" range 0\.0\.0\.0\/8/],
    ['240.0.0.0/16', /class E range 240\.0\.0\.0\/4/],
    ['255.255.0.0/16', /limited broadcast address 255\.255\.255\.255/],
    ['255.255.255.240/28', /limited broadcast/],
  ];
  for (const [block, says] of table) {
    it(`${block} is refused by CreateVpc and AssociateVpcCidrBlock with InvalidVpc.Range`, () => {
      for (const result of [
        checkVpcCidrBlock(block),
        check('10.0.0.0/16', block),
        check('54.0.0.0/16', block),
      ]) {
        assert.equal(result.ok ? 'ok' : result.code, 'InvalidVpc.Range');
        assert.match(result.ok ? '' : result.message, says);
        assert.match(result.ok ? '' : result.message, /no VPC can use it/);
      }
    });
  }
  it('link-local keeps EC2 own wording', () => {
    const r = check('10.0.0.0/16', '169.254.0.0/16');
    assert.match(r.ok ? '' : r.message, RESTRICTED);
    const c = checkVpcCidrBlock('169.254.0.0/16');
    assert.equal(c.ok ? '' : c.message, "The CIDR '169.254.0.0/16' is invalid.");
  });
  it('blocks next to the ranges stay allowed', () => {
    assert.equal(check('10.0.0.0/16', '223.255.0.0/16').ok, true);
    assert.equal(check('10.0.0.0/16', '1.0.0.0/16').ok, true);
    assert.equal(check('10.0.0.0/16', '128.0.0.0/16').ok, true);
  });
});
