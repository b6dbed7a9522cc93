/**
 * Launch templates and their numbered versions (EKS node groups launch from one). Versions are
 * immutable; `$Latest` and `$Default` resolve to numbers; a new version may start from a source
 * version and override some fields.
 */
import {
  InvalidLaunchTemplateIdNotFound,
  InvalidLaunchTemplateNameAlreadyExists,
  InvalidLaunchTemplateNameMalformed,
  InvalidLaunchTemplateNameNotFound,
  InvalidLaunchTemplateVersionNotFound,
  InvalidParameterCombination,
  MissingParameter,
} from './errors.js';
import { applyFilters, type Filter, type FilterSpec } from './filters.js';
import { setTags, tagsOf, validateTags } from './tags.js';
import type {
  Ec2Context,
  Ec2State,
  LaunchTemplateData,
  LaunchTemplateRecord,
  LaunchTemplateVersionRecord,
  Tag,
} from './types.js';

const NAME_PATTERN = /^[a-zA-Z0-9().\-/_]{3,128}$/;

export interface LaunchTemplateRef {
  launchTemplateId?: string | undefined;
  launchTemplateName?: string | undefined;
}

export interface LaunchTemplateView extends Omit<LaunchTemplateRecord, 'versions'> {
  tags: Tag[];
}

export interface LaunchTemplateVersionView extends LaunchTemplateVersionRecord {
  launchTemplateId: string;
  launchTemplateName: string;
  createdBy: string;
  defaultVersion: boolean;
  /** The user data decoded from base64 (what a node's bootstrap would run). */
  userDataText?: string | undefined;
}

export function emptyLaunchTemplateData(): LaunchTemplateData {
  return {
    securityGroupIds: [],
    securityGroups: [],
    tagSpecifications: [],
    blockDeviceMappings: [],
    networkInterfaces: [],
  };
}

/** Fields given in the request override the source (or empty) data. */
function withData(base: LaunchTemplateData, given: Partial<LaunchTemplateData>): LaunchTemplateData {
  const out: LaunchTemplateData = structuredClone(base);
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = structuredClone(value);
  }
  for (const spec of out.tagSpecifications) validateTags(spec.tags);
  return out;
}

export function resolveLaunchTemplate(state: Ec2State, ref: LaunchTemplateRef): LaunchTemplateRecord {
  if (ref.launchTemplateId !== undefined && ref.launchTemplateName !== undefined) {
    throw new InvalidParameterCombination(
      'Both a launch template ID and a launch template name were specified. Specify only one.',
    );
  }
  if (ref.launchTemplateId !== undefined) {
    const template = state.launchTemplates[ref.launchTemplateId];
    if (!template) throw new InvalidLaunchTemplateIdNotFound(ref.launchTemplateId);
    return template;
  }
  if (ref.launchTemplateName !== undefined) {
    const template = Object.values(state.launchTemplates).find(
      (t) => t.launchTemplateName === ref.launchTemplateName,
    );
    if (!template) throw new InvalidLaunchTemplateNameNotFound(ref.launchTemplateName);
    return template;
  }
  throw new MissingParameter('The request must contain the parameter LaunchTemplateName or LaunchTemplateId');
}

function findVersion(
  template: LaunchTemplateRecord,
  version: string | undefined,
): LaunchTemplateVersionRecord {
  const wanted =
    version === undefined || version === '$Default'
      ? template.defaultVersionNumber
      : version === '$Latest'
        ? template.latestVersionNumber
        : /^\d+$/.test(version)
          ? Number(version)
          : NaN;
  const found = template.versions.find((v) => v.versionNumber === wanted);
  if (!found)
    throw new InvalidLaunchTemplateVersionNotFound(version ?? '$Default', template.launchTemplateId);
  return found;
}

export function resolveLaunchTemplateVersion(
  state: Ec2State,
  ref: LaunchTemplateRef & { version?: string | undefined },
): { template: LaunchTemplateRecord; version: LaunchTemplateVersionRecord } {
  const template = resolveLaunchTemplate(state, ref);
  return { template, version: findVersion(template, ref.version) };
}

export function createLaunchTemplate(
  ctx: Ec2Context,
  input: {
    launchTemplateName: string;
    versionDescription?: string | undefined;
    data: Partial<LaunchTemplateData> | undefined;
    tags?: Tag[] | undefined;
  },
): LaunchTemplateRecord {
  const { env, state } = ctx;
  if (!NAME_PATTERN.test(input.launchTemplateName)) throw new InvalidLaunchTemplateNameMalformed();
  if (!input.data) {
    throw new MissingParameter(
      'No launch template data was provided. Launch template data is required to create a launch template.',
    );
  }
  if (Object.values(state.launchTemplates).some((t) => t.launchTemplateName === input.launchTemplateName)) {
    throw new InvalidLaunchTemplateNameAlreadyExists(input.launchTemplateName);
  }
  const data = withData(emptyLaunchTemplateData(), input.data);
  if (input.tags) validateTags(input.tags);
  const now = env.clock.now();
  const template: LaunchTemplateRecord = {
    launchTemplateId: env.ids.next('lt'),
    launchTemplateName: input.launchTemplateName,
    createTime: now,
    createdBy: `arn:aws:iam::${env.accountId}:root`,
    defaultVersionNumber: 1,
    latestVersionNumber: 1,
    versions: [{ versionNumber: 1, versionDescription: input.versionDescription, createTime: now, data }],
  };
  state.launchTemplates[template.launchTemplateId] = template;
  if (input.tags) setTags(ctx, template.launchTemplateId, input.tags);
  return template;
}

export function createLaunchTemplateVersion(
  ctx: Ec2Context,
  input: LaunchTemplateRef & {
    sourceVersion?: string | undefined;
    versionDescription?: string | undefined;
    data: Partial<LaunchTemplateData> | undefined;
  },
): { template: LaunchTemplateRecord; version: LaunchTemplateVersionRecord } {
  const { env, state } = ctx;
  const template = resolveLaunchTemplate(state, input);
  if (!input.data) throw new MissingParameter('The request must contain the parameter LaunchTemplateData');
  const base =
    input.sourceVersion !== undefined
      ? findVersion(template, input.sourceVersion).data
      : emptyLaunchTemplateData();
  const version: LaunchTemplateVersionRecord = {
    versionNumber: template.latestVersionNumber + 1,
    versionDescription: input.versionDescription,
    createTime: env.clock.now(),
    data: withData(base, input.data),
  };
  template.versions.push(version);
  template.latestVersionNumber = version.versionNumber;
  return { template, version };
}

export function launchTemplateView(ctx: Ec2Context, template: LaunchTemplateRecord): LaunchTemplateView {
  const { versions: _versions, ...rest } = template;
  return { ...rest, tags: tagsOf(ctx.state, template.launchTemplateId) };
}

function decodeUserData(userData: string | undefined): string | undefined {
  return userData === undefined ? undefined : Buffer.from(userData, 'base64').toString('utf8');
}

export function launchTemplateVersionView(
  template: LaunchTemplateRecord,
  version: LaunchTemplateVersionRecord,
): LaunchTemplateVersionView {
  return {
    ...structuredClone(version),
    launchTemplateId: template.launchTemplateId,
    launchTemplateName: template.launchTemplateName,
    createdBy: template.createdBy,
    defaultVersion: version.versionNumber === template.defaultVersionNumber,
    userDataText: decodeUserData(version.data.userData),
  };
}

const templateFilters: FilterSpec<LaunchTemplateView> = {
  'launch-template-name': (t) => t.launchTemplateName,
  'launch-template-id': (t) => t.launchTemplateId,
  'create-time': (t) => new Date(t.createTime).toISOString(),
};

export function describeLaunchTemplates(
  ctx: Ec2Context,
  input: { launchTemplateIds?: string[]; launchTemplateNames?: string[]; filters?: Filter[] },
): LaunchTemplateView[] {
  const { state } = ctx;
  const ids = input.launchTemplateIds ?? [];
  const names = input.launchTemplateNames ?? [];
  const picked = new Map<string, LaunchTemplateRecord>();
  for (const id of ids) {
    const t = resolveLaunchTemplate(state, { launchTemplateId: id });
    picked.set(t.launchTemplateId, t);
  }
  for (const name of names) {
    const t = resolveLaunchTemplate(state, { launchTemplateName: name });
    picked.set(t.launchTemplateId, t);
  }
  const templates =
    ids.length + names.length > 0 ? [...picked.values()] : Object.values(state.launchTemplates);
  return applyFilters(
    templates.map((t) => launchTemplateView(ctx, t)),
    input.filters,
    templateFilters,
    (t) => t.tags,
  );
}

const versionFilters: FilterSpec<LaunchTemplateVersionView> = {
  'is-default-version': (v) => v.defaultVersion,
  'image-id': (v) => v.data.imageId,
  'instance-type': (v) => v.data.instanceType,
  'key-name': (v) => v.data.keyName,
  'create-time': (v) => new Date(v.createTime).toISOString(),
};

export function describeLaunchTemplateVersions(
  ctx: Ec2Context,
  input: LaunchTemplateRef & {
    versions?: string[];
    minVersion?: number | undefined;
    maxVersion?: number | undefined;
    filters?: Filter[];
  },
): LaunchTemplateVersionView[] {
  const { state } = ctx;
  const given = input.launchTemplateId !== undefined || input.launchTemplateName !== undefined;
  const templates = given ? [resolveLaunchTemplate(state, input)] : Object.values(state.launchTemplates);
  const wanted = input.versions ?? [];
  if (!given && wanted.some((v) => v !== '$Latest' && v !== '$Default')) {
    throw new InvalidParameterCombination(
      'If you do not specify a launch template, you must specify $Latest, $Default, or both as the version.',
    );
  }
  const out: LaunchTemplateVersionView[] = [];
  for (const template of templates) {
    let versions: LaunchTemplateVersionRecord[];
    if (wanted.length > 0) {
      const found = new Map<number, LaunchTemplateVersionRecord>();
      for (const v of wanted) {
        const version = findVersion(template, v);
        found.set(version.versionNumber, version);
      }
      versions = [...found.values()];
    } else {
      versions = template.versions.filter(
        (v) =>
          (input.minVersion === undefined || v.versionNumber >= input.minVersion) &&
          (input.maxVersion === undefined || v.versionNumber <= input.maxVersion),
      );
    }
    // EC2 lists the newest version first.
    versions.sort((a, b) => b.versionNumber - a.versionNumber);
    out.push(...versions.map((v) => launchTemplateVersionView(template, v)));
  }
  return applyFilters(out, input.filters, versionFilters);
}
