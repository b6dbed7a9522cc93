/**
 * `--config FILE` for every command that has it: each field of the YAML/JSON file sets the option of
 * the same name (camelCase, as `--subnet-prefix` is `subnetPrefix`) unless a flag set it; flags win.
 * General on purpose: an option a command adds later is settable from the file with no extra code.
 * Options marked with `requireOption` are checked after the file was applied, so `cluster:` in the
 * file satisfies `--cluster`. Request fields (plan/apply) are validated again by src/tool/config with
 * the file as their origin.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { closestNames } from '../../shared/aws-facts/index.js';
import { usageError } from '../errors.js';
import { requestFields } from '../config/schema.js';
import { configFileIssues } from '../config/load.js';

/** Request field names that differ from their flag's attribute name. */
const FIELD_ALIASES: Record<string, string> = { drainTimeoutSeconds: 'drainTimeout' };
/** Fields of the request other commands take: a shared file may hold them. */
const REQUEST_FIELDS = Object.keys(requestFields.shape);

const required = new WeakMap<Command, Option[]>();

/** Marks an option as required, satisfied by a flag or by the config file. */
export function requireOption(cmd: Command, option: Option): Command {
  required.set(cmd, [...(required.get(cmd) ?? []), option]);
  return cmd.addOption(option);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The file's value as the option's argument text, then through the option's own parser. */
function convert(option: Option, value: unknown, field: string): unknown {
  if (option.isBoolean()) {
    if (typeof value !== 'boolean')
      throw new InvalidArgumentError(`expected true or false, got ${typeName(value)}`);
    return option.negate ? !value : value;
  }
  let text: string;
  if (Array.isArray(value)) {
    const parts = value.map((item, i) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item);
      throw new InvalidArgumentError(`${field}[${i}]: expected a string, got ${typeName(item)}`);
    });
    text = parts.join(',');
  } else if (typeof value === 'string' || typeof value === 'number') {
    text = String(value);
  } else {
    throw new InvalidArgumentError(`expected a string or a number, got ${typeName(value)}`);
  }
  return option.parseArg ? option.parseArg(text, undefined) : text;
}

async function readConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw usageError(
      'E_CONFIG_NOT_FOUND',
      `Cannot read config file ${file}: ${code}`,
      'Check the path given to --config (relative paths start from the working directory).',
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw usageError(
      'E_CONFIG_INVALID',
      `${file} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`,
      'Fix the syntax (JSON is valid YAML too).',
    );
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw usageError(
      'E_CONFIG_INVALID',
      `${file}: expected a mapping of option names to values (cluster: demo), got ${typeName(raw)}`,
      'docs/plan.md lists the fields.',
    );
  }
  return raw as Record<string, unknown>;
}

/** Every option the command accepts: its own and its ancestors' (global options). */
function optionsOf(cmd: Command): { owner: Command; option: Option }[] {
  const out: { owner: Command; option: Option }[] = [];
  for (let c: Command | null = cmd; c; c = c.parent)
    for (const option of c.options) out.push({ owner: c, option });
  return out;
}

/** Applies `--config FILE` to the command about to run, then checks its required options. */
export async function applyConfigFile(cmd: Command): Promise<void> {
  const file: unknown = cmd.getOptionValue('config');
  if (typeof file === 'string') {
    const values = await readConfig(file);
    const options = optionsOf(cmd);
    const names = options.map((o) => o.option.attributeName()).filter((n) => n !== 'config');
    // Request fields this command takes get the request's own checks (element index, expected type).
    const requestPart = Object.fromEntries(
      Object.entries(values).filter(
        ([field]) => REQUEST_FIELDS.includes(field) && names.includes(FIELD_ALIASES[field] ?? field),
      ),
    );
    const problems: string[] = configFileIssues(requestPart, file);
    for (const [field, value] of Object.entries(values)) {
      const name = FIELD_ALIASES[field] ?? field;
      const found =
        options.find((o) => o.option.attributeName() === name && !o.option.negate) ??
        options.find((o) => o.option.attributeName() === name);
      if (!found || name === 'config') {
        if (REQUEST_FIELDS.includes(field) && name !== 'config') continue; // for plan/apply, not this command
        const [guess] = closestNames(field, [...new Set([...names, ...REQUEST_FIELDS])], 1);
        problems.push(
          `${file}: field '${field}': unknown field${guess ? ` (did you mean '${guess}'?)` : ''}`,
        );
        continue;
      }
      const source = found.owner.getOptionValueSource(name);
      if (source === 'cli' || source === 'env') continue; // a flag wins over the file
      try {
        found.owner.setOptionValueWithSource(name, convert(found.option, value, field), 'config');
      } catch (err) {
        if (field in requestPart) continue; // reported by the request's checks above
        problems.push(`${file}: field '${field}': ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (problems.length > 0) {
      throw usageError(
        'E_CONFIG_INVALID',
        `Invalid config file:\n  ${problems.join('\n  ')}`,
        `Fix the fields named above; 'eks-cidr ${cmd.name()} --help' lists the options (field names are their camelCase form).`,
        { issues: problems },
      );
    }
  }
  for (const option of required.get(cmd) ?? []) {
    if (cmd.getOptionValue(option.attributeName()) === undefined) {
      throw usageError(
        'E_USAGE',
        `required option '${option.flags}' not specified`,
        cmd.options.some((o) => o.long === '--config')
          ? `Pass ${option.long ?? option.flags}, or set '${option.attributeName()}:' in the file given to --config.`
          : `Pass ${option.long ?? option.flags}; 'eks-cidr ${cmd.name()} --help' shows an example.`,
      );
    }
  }
}

/** The config-file fields that set options of `cmd` other than request fields (plan/apply skip them). */
export function otherConfigFields(cmd: Command): string[] {
  return optionsOf(cmd)
    .map((o) => o.option.attributeName())
    .filter((n) => !REQUEST_FIELDS.includes(n) && !Object.values(FIELD_ALIASES).includes(n));
}

/** Whether the value of option `name` came from the config file (plan/apply read the file themselves). */
export function fromConfigFile(cmd: Command, name: string): boolean {
  return cmd.getOptionValueSource(name) === 'config';
}
