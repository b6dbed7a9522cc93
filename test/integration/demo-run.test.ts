import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';

describe('npm run demo', () => {
  it('runs plan, apply and verify on an exhausted sandbox and exits 0', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['demo'], {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /\$ eks-cidr plan --cluster demo/);
    assert.match(stdout, /\$ eks-cidr apply --cluster demo --yes/);
    assert.match(stdout, /verify demo: OK/);
    // Stuck pods read as in `kubectl get pods`: the container's waiting reason, not the phase.
    assert.match(stdout, /^ +\S+ +ContainerCreating +<none> +ip-/m);
    assert.doesNotMatch(stdout, /Pending +<none>/);
    assert.equal(process.env.AWS_ENDPOINT_URL, undefined, 'the demo restores the environment');
  });
});
