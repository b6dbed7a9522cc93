/**
 * Drops the AWS SDK's NodeVersionSupportWarning (SDK releases after January 2027 need Node 22) so
 * it does not interleave with the figures; docs/benchmarks.md notes it once. Other warnings pass.
 */
const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  const name = warning instanceof Error ? warning.name : type;
  const text = warning instanceof Error ? warning.message : warning;
  // The SDK emits it as a plain warning whose text starts with the name.
  if (name === 'NodeVersionSupportWarning' || text.startsWith('NodeVersionSupportWarning')) return;
  emit(warning, ...rest);
};
