/**
 * `--mode auto` (the default) picks subnet discovery on the scenarios whose VPC CNI is current. The
 * tests of apply, destroy, rotation and their failures exercise custom networking: their `plan` and
 * `apply` runs get `--mode custom-networking` unless the test names a mode itself (the tests of the
 * modes do).
 */
const MODE_COMMANDS = new Set(['plan', 'apply']);

export function customNetworkingUnlessNamed(args: readonly string[]): string[] {
  const command = args.find((a) => !a.startsWith('-') && MODE_COMMANDS.has(a));
  if (!command || args.some((a) => a === '--mode' || a.startsWith('--mode='))) return [...args];
  return [...args, '--mode', 'custom-networking'];
}
