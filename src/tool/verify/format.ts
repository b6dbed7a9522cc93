import type { VerifyReport } from './run-verify.js';

export function formatVerify(cluster: string, report: VerifyReport): string {
  const lines: string[] = [];
  lines.push(
    report.ok
      ? report.mode === 'subnet-discovery'
        ? `verify ${cluster}: OK (subnet discovery): ${report.podsChecked} pod(s) on ${report.nodesChecked} node(s) take addresses from their node's subnet or a subnet tagged for discovery in its zone`
        : `verify ${cluster}: OK: ${report.podsChecked} pod(s) on ${report.nodesChecked} node(s) take addresses from the pod subnets`
      : `verify ${cluster}: FAILED: ${report.problems.length} problem(s)`,
  );
  for (const p of report.problems)
    lines.push(`  ${p.kind} ${p.name}: ${p.reason}${p.code ? ` [${p.code}]` : ''}`);
  if (report.smoke) {
    lines.push(
      `  smoke test: ${report.smoke.replicas} replicas, pod IPs ${report.smoke.podIps.join(', ') || 'none'}`,
    );
    const proof = report.smoke.newSubnetPodsOnExistingNodes;
    if (proof && proof.length > 0)
      lines.push(`  new pods on existing nodes with addresses from the new subnets: ${proof.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
