import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { al2BootstrapWithMaxPods, bottlerocketWithMaxPods, userDataWithMaxPods } from './user-data.js';

describe('user data: max-pods per AMI family', () => {
  it('AL2: adds --use-max-pods false and --max-pods to bootstrap.sh, keeping other kubelet args', () => {
    const cases: [string, string][] = [
      [
        '#!/bin/bash\n/etc/eks/bootstrap.sh demo',
        "#!/bin/bash\n/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=20'",
      ],
      [
        "/etc/eks/bootstrap.sh demo --kubelet-extra-args '--node-labels=a=b --max-pods=29'",
        "/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=20 --node-labels=a=b'",
      ],
      [
        '/etc/eks/bootstrap.sh demo --use-max-pods true --b64-cluster-ca X',
        "/etc/eks/bootstrap.sh demo --use-max-pods false --b64-cluster-ca X --kubelet-extra-args '--max-pods=20'",
      ],
      [
        '#!/bin/bash\necho hi',
        "#!/bin/bash\necho hi\n/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=20'",
      ],
    ];
    for (const [input, expected] of cases) assert.equal(al2BootstrapWithMaxPods(input, 'demo', 20), expected);
  });

  it('AL2023: a NodeConfig part beside the existing parts, replaced (not duplicated) on a second pass', () => {
    const mime =
      'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BOUNDARY"\n\n--BOUNDARY\nContent-Type: text/x-shellscript\n\necho hi\n--BOUNDARY--\n';
    const once = userDataWithMaxPods(mime, 'AL2023', 'demo', 20);
    assert.match(once, /Content-Type: application\/node\.eks\.aws[\s\S]*kind: NodeConfig[\s\S]*maxPods: 20/);
    assert.match(once, /echo hi/);
    assert.match(once, /--BOUNDARY--\n$/);
    const twice = userDataWithMaxPods(once, 'AL2023', 'demo', 110);
    assert.equal(twice.match(/kind: NodeConfig/g)?.length, 1);
    assert.match(twice, /maxPods: 110/);
    const plain = userDataWithMaxPods('#!/bin/bash\necho hi\n', 'AL2023', 'demo', 20);
    assert.match(plain, /^MIME-Version: 1\.0\nContent-Type: multipart\/mixed; boundary="EKSCIDRBOUNDARY"/);
    assert.match(plain, /text\/x-shellscript[\s\S]*echo hi/);
  });

  it('Bottlerocket: settings.kubernetes.max-pods', () => {
    assert.equal(
      bottlerocketWithMaxPods('[settings.kubernetes]\nmax-pods = 29\n', 20),
      '[settings.kubernetes]\nmax-pods = 20\n',
    );
    assert.equal(
      bottlerocketWithMaxPods('[settings.kubernetes]\ncluster-name = "demo"\n', 20),
      '[settings.kubernetes]\nmax-pods = 20\ncluster-name = "demo"\n',
    );
    assert.equal(bottlerocketWithMaxPods('', 20), '[settings.kubernetes]\nmax-pods = 20\n');
  });

  it('an unknown AMI family is refused with what to do', () => {
    assert.throws(() => userDataWithMaxPods('', 'unknown', 'demo', 20), /E_AMI_FAMILY_UNKNOWN|cannot tell/);
  });
});
