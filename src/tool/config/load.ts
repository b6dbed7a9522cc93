/**
 * Builds the PlanRequest from the config file, the flags and the defaults (flags win over the file,
 * the file over the defaults), then validates the whole with the schema. All problems are reported
 * at once, each naming its field.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { closestNames } from '../../shared/aws-facts/index.js';
import { usageError } from '../errors.js';
import { REQUEST_DEFAULTS, type InputSource, type PlanRequest } from './request.js';
import { configFileSchema, requestFields, requestSchema, type ConfigFile } from './schema.js';

/** Flag values as commander hands them over (strings, before conversion). */
export interface PlanFlags {
  cluster?: string | undefined;
  region?: string | undefined;
  config?: string | undefined;
  cidr?: string | undefined;
  subnetPrefix?: string | undefined;
  zones?: string | undefined;
  securityGroups?: string | undefined;
  labelDef?: string | undefined;
  nameTagPrefix?: string | undefined;
  rotateNodes?: boolean | undefined;
  allowCapacityLoss?: boolean | undefined;
  allowPublicCidr?: boolean | undefined;
  stopNodeSubnetPods?: boolean | undefined;
  minMaxPods?: string | undefined;
  drainTimeout?: string | undefined;
  mode?: string | undefined;
  prefixDelegation?: string | undefined;
  capacityHeadroom?: string | undefined;
  /** `GROUP=N` values (repeatable flag, or comma-separated). */
  nodeCount?: readonly string[] | undefined;
  maxNodes?: string | undefined;
  rotation?: string | undefined;
  maxUnavailable?: string | undefined;
  force?: boolean | undefined;
  /** Config-file fields that set other options of the command (not request fields). */
  configOtherFields?: readonly string[] | undefined;
}

const FLAG_NAMES: Record<string, string> = {
  cluster: '--cluster',
  region: '--region',
  cidr: '--cidr',
  subnetPrefix: '--subnet-prefix',
  zones: '--zones',
  securityGroups: '--security-groups',
  labelDef: '--label-def',
  nameTagPrefix: '--name-tag-prefix',
  rotateNodes: '--rotate-nodes',
  allowCapacityLoss: '--allow-capacity-loss',
  allowPublicCidr: '--allow-public-cidr',
  stopNodeSubnetPods: '--stop-node-subnet-pods',
  minMaxPods: '--min-max-pods',
  drainTimeoutSeconds: '--drain-timeout',
  mode: '--mode',
  prefixDelegation: '--prefix-delegation',
  capacityHeadroomPercent: '--capacity-headroom',
  nodeCounts: '--node-count',
  maxNodes: '--max-nodes',
  rotation: '--rotation',
  maxUnavailable: '--max-unavailable',
  force: '--force',
};

/** `GROUP=N` pairs; a malformed one keeps its text so the schema names it. */
function nodeCounts(values: readonly string[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const item of values.flatMap((v) => v.split(','))) {
    const text = item.trim();
    if (!text) continue;
    const eq = text.indexOf('=');
    const name = eq > 0 ? text.slice(0, eq).trim() : text;
    const count = eq > 0 ? numberOrAuto(text.slice(eq + 1)) : 'missing =N';
    out[name] = count;
  }
  return out;
}

function list(value: string): string[] | 'auto' {
  const trimmed = value.trim();
  if (trimmed === 'auto') return 'auto';
  return trimmed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Numbers stay strings when they are not numbers, so the schema names the field in its error. */
function numberOrAuto(value: string): number | string {
  const trimmed = value.trim();
  if (trimmed === 'auto') return 'auto';
  const n = Number(trimmed.replace(/^\//, ''));
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

export function flagsToInput(flags: PlanFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (flags.cluster !== undefined) out.cluster = flags.cluster;
  if (flags.region !== undefined) out.region = flags.region;
  if (flags.cidr !== undefined) out.cidr = flags.cidr;
  if (flags.subnetPrefix !== undefined) out.subnetPrefix = numberOrAuto(flags.subnetPrefix);
  if (flags.zones !== undefined) out.zones = list(flags.zones);
  if (flags.securityGroups !== undefined) out.securityGroups = list(flags.securityGroups);
  if (flags.labelDef !== undefined) out.labelDef = flags.labelDef;
  if (flags.nameTagPrefix !== undefined) out.nameTagPrefix = flags.nameTagPrefix;
  if (flags.rotateNodes !== undefined) out.rotateNodes = flags.rotateNodes;
  if (flags.allowCapacityLoss !== undefined) out.allowCapacityLoss = flags.allowCapacityLoss;
  if (flags.allowPublicCidr !== undefined) out.allowPublicCidr = flags.allowPublicCidr;
  if (flags.stopNodeSubnetPods !== undefined) out.stopNodeSubnetPods = flags.stopNodeSubnetPods;
  if (flags.minMaxPods !== undefined) out.minMaxPods = numberOrAuto(flags.minMaxPods);
  if (flags.drainTimeout !== undefined) out.drainTimeoutSeconds = numberOrAuto(flags.drainTimeout);
  if (flags.mode !== undefined) out.mode = flags.mode.trim();
  if (flags.prefixDelegation !== undefined) out.prefixDelegation = flags.prefixDelegation.trim();
  if (flags.capacityHeadroom !== undefined)
    out.capacityHeadroomPercent = numberOrAuto(flags.capacityHeadroom.replace(/%\s*$/, ''));
  if (flags.nodeCount !== undefined && flags.nodeCount.length > 0)
    out.nodeCounts = nodeCounts(flags.nodeCount);
  if (flags.maxNodes !== undefined) out.maxNodes = numberOrAuto(flags.maxNodes);
  if (flags.rotation !== undefined) out.rotation = flags.rotation.trim();
  if (flags.maxUnavailable !== undefined) out.maxUnavailable = flags.maxUnavailable.trim();
  if (flags.force !== undefined) out.force = flags.force;
  return out;
}

const KNOWN_FIELDS = Object.keys(requestSchema.shape);

/** A field nobody defines is most often a typo: name it and the field it probably meant. */
function unknownFieldLines(keys: readonly string[], origin: (field: string) => string): string[] {
  return keys.map((key) => {
    const [guess] = closestNames(key, KNOWN_FIELDS, 1);
    const known = guess ? `did you mean '${guess}'?` : `known fields: ${KNOWN_FIELDS.join(', ')}`;
    return `${origin(key)}: unknown field (${known})`;
  });
}

/** `zones[1]`, `securityGroups[0]`: the field and element index as a user reads them. */
function fieldPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') ||
    '(root)'
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<string, string> = { array: 'a list', object: 'a mapping', number: 'a number' };

/**
 * A union (`auto` or a list) that fails says only "Invalid input": report the branch that got
 * furthest (its element errors), else what each branch expected and what the value is.
 */
function unionIssues(issue: z.core.$ZodIssue, input: unknown): { path: PropertyKey[]; message: string }[] {
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
  const deeper = branches.find((b) => b.some((i) => i.path.length > 0));
  if (deeper) return deeper.map((i) => ({ path: [...issue.path, ...i.path], message: i.message }));
  const expected = branches.flatMap((b) =>
    b.map((i) => {
      if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v)).join(' or ');
      if (i.code === 'invalid_type') return TYPE_NAMES[i.expected] ?? `a ${i.expected}`;
      return i.message;
    }),
  );
  return [
    {
      path: issue.path,
      message: `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(valueAt(input, issue.path))}`,
    },
  ];
}

function describeIssues(error: z.ZodError, origin: (field: string) => string, input?: unknown): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return unknownFieldLines(issue.keys, origin);
    if (issue.code === 'invalid_union')
      return unionIssues(issue, input).map((i) => `${origin(fieldPath(i.path))}: ${i.message}`);
    return [`${origin(fieldPath(issue.path))}: ${issue.message}`];
  });
}

/** What is wrong with a config file's request fields, one line per problem naming file and field. */
export function configFileIssues(raw: unknown, file: string): string[] {
  const parsed = configFileSchema.safeParse(raw ?? {});
  return parsed.success ? [] : describeIssues(parsed.error, (field) => `${file}: field '${field}'`, raw);
}

/**
 * Parses and validates a config file's text (YAML or JSON). `otherFields` are fields that set
 * other options of the command (the CLI checked them): they are not request fields, nor typos.
 */
export function parseConfigText(text: string, file: string, otherFields: readonly string[] = []): ConfigFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw usageError(
      'E_CONFIG_INVALID',
      `${file} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && otherFields.length > 0) {
    raw = Object.fromEntries(Object.entries(raw).filter(([k]) => !otherFields.includes(k)));
  }
  const lines = configFileIssues(raw, file);
  if (lines.length > 0) {
    throw usageError(
      'E_CONFIG_INVALID',
      `Invalid config file:\n  ${lines.join('\n  ')}`,
      'Fix the fields named above; docs/plan.md lists them.',
      {
        issues: lines,
      },
    );
  }
  return configFileSchema.parse(raw ?? {});
}

/** Merges defaults < config file < flags and validates the result. */
export function buildRequest(fileValues: ConfigFile | undefined, flags: PlanFlags): PlanRequest {
  return mergeRequest(fileValues, flagsToInput(flags), {
    given: (top, field) => FLAG_NAMES[top] ?? field,
    file: flags.config ?? 'config',
    hint: 'Fix the options named above (eks-cidr plan --help).',
  });
}

/** The request's fields as typed options (the library's plan and apply): no string round trip. */
export type RequestOptions = Partial<Omit<PlanRequest, 'sources' | 'cluster' | 'region'>>;

/**
 * The same merge and validation as buildRequest, from typed options: defaults < config file < options.
 * Errors name the option (`options.cidr`) the caller passed.
 */
export async function requestFromOptions(
  base: { cluster: string; region?: string | undefined; config?: string | undefined },
  options: RequestOptions,
): Promise<PlanRequest> {
  const fileValues = base.config ? await readConfigFile(base.config, []) : undefined;
  const given: Record<string, unknown> = { cluster: base.cluster };
  if (base.region !== undefined) given.region = base.region;
  for (const [key, value] of Object.entries(options)) if (value !== undefined) given[key] = value;
  return mergeRequest(fileValues, given, {
    given: (_top, field) => `options.${field}`,
    file: base.config ?? 'config',
    hint: 'Fix the options named above (docs/library.md lists them).',
  });
}

function mergeRequest(
  fileValues: ConfigFile | undefined,
  given: Record<string, unknown>,
  names: { given: (top: string, field: string) => string; file: string; hint: string },
): PlanRequest {
  const merged: Record<string, unknown> = { ...REQUEST_DEFAULTS, ...(fileValues ?? {}), ...given };
  const sources: Record<string, InputSource> = {};
  for (const key of Object.keys(merged)) {
    sources[key] = key in given ? 'flag' : fileValues && key in fileValues ? 'config' : 'default';
  }
  const parsed = requestSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = describeIssues(
      parsed.error,
      (field) => {
        const top = field.split(/[.[]/)[0] ?? field;
        if (sources[top] === 'flag') return names.given(top, field);
        if (sources[top] === 'config') return `${names.file}: field '${field}'`;
        return top === 'cluster' ? '--cluster (required)' : `field '${field}'`;
      },
      merged,
    );
    throw usageError('E_INVALID_REQUEST', `Invalid request:\n  ${lines.join('\n  ')}`, names.hint, {
      issues: lines,
    });
  }
  return { ...parsed.data, sources };
}

type RequestField = keyof typeof requestFields.shape;

/**
 * The one option-validation path for commands that take only some of the request's options
 * (destroy, verify, report): the same schema, defaults, flag names and messages as plan and apply.
 */
export function validateOptions<F extends RequestField>(
  flags: PlanFlags,
  fields: readonly F[],
): Pick<PlanRequest, F & keyof PlanRequest> {
  const mask = Object.fromEntries(fields.map((f) => [f, true])) as Partial<Record<RequestField, true>>;
  const schema = requestFields.pick(mask);
  const fromFlags = flagsToInput(flags);
  const defaults = REQUEST_DEFAULTS as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const f of fields) {
    if (f in fromFlags) merged[f] = fromFlags[f];
    else if (f in defaults) merged[f] = defaults[f];
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error, (field) => {
      const top = field.split(/[.[]/)[0] ?? field;
      return top in fromFlags ? (FLAG_NAMES[top] ?? field) : `${FLAG_NAMES[top] ?? field} (required)`;
    });
    throw usageError(
      'E_INVALID_REQUEST',
      `Invalid request:\n  ${lines.join('\n  ')}`,
      'Fix the options named above (eks-cidr <command> --help).',
      { issues: lines },
    );
  }
  return parsed.data as unknown as Pick<PlanRequest, F & keyof PlanRequest>;
}

async function readConfigFile(path: string, otherFields: readonly string[] | undefined): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw usageError(
      'E_CONFIG_NOT_FOUND',
      `Cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  return parseConfigText(text, path, otherFields);
}

/** Reads `--config` when given, then merges and validates. */
export async function loadRequest(flags: PlanFlags): Promise<PlanRequest> {
  const fileValues = flags.config ? await readConfigFile(flags.config, flags.configOtherFields) : undefined;
  return buildRequest(fileValues, flags);
}
