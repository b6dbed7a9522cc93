import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2ErrorXml, ec2ResponseXml } from './codec.js';
import { listElement, xmlContent } from './xml.js';

describe('EC2 XML serialiser', () => {
  it('writes arrays as item lists, omits absent members, escapes text, formats dates and booleans', () => {
    assert.equal(
      xmlContent({
        vpcSet: [
          { vpcId: 'vpc-1', isDefault: false, tagSet: [{ key: 'Name', value: 'a<b&"c"' }], ipv6: undefined },
        ],
        when: new Date(Date.UTC(2026, 0, 1)),
        count: 3,
        none: null,
      }),
      '<vpcSet><item><vpcId>vpc-1</vpcId><isDefault>false</isDefault><tagSet><item><key>Name</key><value>a&lt;b&amp;"c"</value></item></tagSet></item></vpcSet>' +
        '<when>2026-01-01T00:00:00.000Z</when><count>3</count>',
    );
    assert.equal(xmlContent({ subnetSet: [] }), '<subnetSet></subnetSet>');
  });

  it('writes a list whose botocore members are not <item> with that member name', () => {
    assert.equal(listElement('groupSet', 'groupId'), 'groupSet/groupId');
    assert.equal(
      xmlContent({ networkInterfaceSet: [{ [listElement('groupSet', 'groupId')]: ['sg-1', 'sg-2'] }] }),
      '<networkInterfaceSet><item><groupSet><groupId>sg-1</groupId><groupId>sg-2</groupId></groupSet></item></networkInterfaceSet>',
    );
  });

  it('wraps a response in the 2016-11-15 namespace with requestId, and errors in Response/Errors', () => {
    assert.equal(
      ec2ResponseXml('DeleteVpc', 'r-1', { return: true }),
      '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><return>true</return></DeleteVpcResponse>',
    );
    assert.equal(
      ec2ErrorXml('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist", 'r-2'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID \'vpc-1\' does not exist</Message></Error></Errors><RequestID>r-2</RequestID></Response>',
    );
  });
});
