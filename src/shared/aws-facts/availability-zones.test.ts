import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AVAILABILITY_ZONES, findZone, knownRegions, zonesForRegion } from './availability-zones.js';

describe('availability zones', () => {
  it('knows the main regions', () => {
    for (const region of [
      'us-east-1',
      'us-east-2',
      'us-west-2',
      'eu-west-1',
      'eu-central-1',
      'ap-southeast-1',
    ]) {
      assert.ok(knownRegions().includes(region), region);
      assert.ok(zonesForRegion(region).length >= 3, region);
    }
  });
  it('maps zone names to zone IDs of the real shape', () => {
    assert.deepEqual(zonesForRegion('us-east-1')[0], {
      zoneName: 'us-east-1a',
      zoneId: 'use1-az1',
      regionName: 'us-east-1',
    });
    for (const zone of AVAILABILITY_ZONES) {
      assert.match(zone.zoneName, new RegExp(`^${zone.regionName}[a-f]$`));
      assert.match(zone.zoneId, /^[a-z]+\d-az\d$/);
    }
  });
  it('has unique names and IDs', () => {
    assert.equal(new Set(AVAILABILITY_ZONES.map((z) => z.zoneName)).size, AVAILABILITY_ZONES.length);
    assert.equal(new Set(AVAILABILITY_ZONES.map((z) => z.zoneId)).size, AVAILABILITY_ZONES.length);
  });
  it('finds a zone by name or ID', () => {
    assert.equal(findZone('use1-az1')?.zoneName, 'us-east-1a');
    assert.equal(findZone('eu-central-1a')?.zoneId, 'euc1-az2');
    assert.equal(findZone('mars-1a'), undefined);
  });
  it('refuses an unknown region clearly', () => {
    assert.throws(
      () => zonesForRegion('mars-north-1'),
      /no availability zones are known for region 'mars-north-1'/,
    );
  });
});
