/**
 * Moves the vpc-cni managed add-on to another version (UpdateAddon `addonVersion`; configurationValues
 * are left out, so EKS keeps them). EKS then rolls the aws-node DaemonSet onto the new image, and each
 * node's ipamd restarts with it, keeping its ENIs. Idempotent: an add-on already at the version, or
 * an update of ours already running, is waited for, not repeated.
 */
import { errorCode } from '../engine/retry.js';
import { EksCidrError, ExitCode } from '../errors.js';
import type { StepOf } from '../planner/types.js';
import { hashOf } from './configure-cni.js';
import type { StepContext, StepExecutor } from './context.js';
import type { AddonInfo } from './ports.js';

type Step = StepOf<'update-addon-version'>;

async function addonNow(step: Step, ctx: StepContext): Promise<AddonInfo> {
  const info = await ctx.call(() => ctx.ports.eks.describeAddon(ctx.cluster, step.target.addonName));
  if (!info) {
    throw new EksCidrError(
      'E_ADDON_MISSING',
      `the ${step.target.addonName} add-on of cluster ${ctx.cluster} no longer exists`,
      {
        exitCode: ExitCode.Api,
        hint: 'Re-run `eks-cidr plan`: it detects how the VPC CNI is installed now.',
      },
    );
  }
  return info;
}

function waitActive(step: Step, ctx: StepContext): Promise<AddonInfo> {
  const addon = step.target.addonName;
  return ctx.waitUntil(`the ${addon} add-on to be ACTIVE`, ctx.timeouts.addonUpdateMs, async () => {
    const now = await ctx.call(() => ctx.ports.eks.describeAddon(ctx.cluster, addon));
    if (!now || /ING$/.test(now.status))
      return { done: false, observed: `add-on ${now?.status ?? 'missing'}` };
    return { done: true, value: now };
  });
}

async function update(step: Step, ctx: StepContext): Promise<void> {
  const addon = step.target.addonName;
  const version = step.desired.addonVersion;
  const info = await addonNow(step, ctx);
  if (info.version === version) {
    if (/ING$/.test(info.status)) await waitActive(step, ctx);
    return;
  }
  const token = `eks-cidr-version-${ctx.cluster}-${hashOf(version)}`.slice(0, 64);
  let updateId: string;
  try {
    ({ updateId } = await ctx.call(() =>
      ctx.ports.eks.updateAddon({
        cluster: ctx.cluster,
        addon,
        addonVersion: version,
        clientRequestToken: token,
      }),
    ));
  } catch (err) {
    // UPDATING: another update runs (ours, when a re-sent call lost its first response). Wait, re-check.
    if (errorCode(err) !== 'ResourceInUseException') throw err;
    ctx.progress(`the ${addon} add-on is being updated: waiting for that update`);
    const after = await waitActive(step, ctx);
    if (after.version === version) return;
    return update(step, ctx);
  }
  ctx.progress(`add-on version update ${updateId} to ${version} started`);
  await ctx.waitUntil(`the ${addon} add-on update ${updateId}`, ctx.timeouts.addonUpdateMs, async () => {
    const u = await ctx.call(() => ctx.ports.eks.describeAddonUpdate(ctx.cluster, addon, updateId), {
      afterCreate: true,
    });
    if (u.status === 'Successful') return { done: true, value: undefined };
    if (u.status === 'Failed' || u.status === 'Cancelled') {
      throw new EksCidrError(
        'E_ADDON_UPDATE_FAILED',
        `the ${addon} add-on update to ${version} failed: ${u.errors.join('; ') || u.status}`,
        {
          exitCode: ExitCode.Api,
          hint: 'Inspect it with `aws eks describe-update`, fix the cause, then re-run.',
        },
      );
    }
    return { done: false, observed: `update ${u.status}` };
  });
}

export const updateAddonVersion: StepExecutor<'update-addon-version'> = {
  describe: (step) => `update the ${step.target.addonName} add-on to ${step.desired.addonVersion}`,
  async execute(step, ctx) {
    await update(step, ctx);
    return { addonVersion: step.desired.addonVersion };
  },
};
