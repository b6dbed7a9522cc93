/**
 * Structured output (`-o json` and `-o yaml`): one value, written the same way by every command. YAML
 * is the JSON value re-encoded (through the `yaml` package), so both formats always carry the same
 * fields, with undefined fields left out as JSON leaves them out.
 */
import YAML from 'yaml';
import type { OutputFormat, StructuredFormat } from './context.js';

export function isStructured(format: OutputFormat): format is StructuredFormat {
  return format === 'json' || format === 'yaml';
}

export interface StructuredOptions {
  /** One JSON line instead of indented JSON (event streams, `sandbox env`); YAML is unaffected. */
  compact?: boolean;
}

export function formatStructured(
  format: StructuredFormat,
  value: unknown,
  options: StructuredOptions = {},
): string {
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  if (format === 'yaml') return YAML.stringify(plain, { lineWidth: 0 });
  return JSON.stringify(plain, null, options.compact ? undefined : 2) + '\n';
}

/**
 * A stream of records (progress events): JSON lines, or YAML documents each opened by `---`, which
 * `yaml.parseAllDocuments` and `yq` read one by one.
 */
export function formatRecord(format: StructuredFormat, value: unknown): string {
  return format === 'yaml'
    ? `---\n${formatStructured('yaml', value)}`
    : formatStructured('json', value, { compact: true });
}
