/**
 * Turns on custom networking in the VPC CNI. The managed add-on is changed only through UpdateAddon
 * `configurationValues` (a DaemonSet edit would be reverted by the next add-on update), merged into the
 * values already set so nothing else the user configured is lost. A self-managed aws-node gets a
 * strategic-merge patch of its container env (entries merge by name, as `kubectl set env` does).
 */
import { errorCode } from '../engine/retry.js';
import { parse as parseYaml } from 'yaml';
import type { StepContext, StepExecutor } from './context.js';
import type { StepOf } from '../planner/types.js';
import { EksCidrError, ExitCode } from '../errors.js';

type Step = StepOf<'configure-cni'>;

/** Existing configurationValues (JSON or YAML) with `env` merged in; other keys are kept. */
export function mergeConfigurationValues(existing: string | undefined, env: Record<string, string>): string {
  let base: Record<string, unknown> = {};
  if (existing && existing.trim() !== '') {
    const parsed: unknown = parseYaml(existing);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      base = parsed as Record<string, unknown>;
  }
  const oldEnv = base.env && typeof base.env === 'object' ? (base.env as Record<string, unknown>) : {};
  return JSON.stringify({ ...base, env: { ...oldEnv, ...env } });
}

function envSatisfied(current: Record<string, unknown> | undefined, env: Record<string, string>): boolean {
  return Object.entries(env).every(([k, v]) => current?.[k] === v);
}

async function configureAddon(step: Step, addon: string, ctx: StepContext) {
  const eks = ctx.ports.eks;
  const info = await ctx.call(() => eks.describeAddon(ctx.cluster, addon));
  if (!info) {
    throw new EksCidrError(
      'E_ADDON_MISSING',
      `the ${addon} add-on of cluster ${ctx.cluster} no longer exists`,
      {
        exitCode: ExitCode.Api,
        hint: 'Re-run `eks-cidr plan`: it detects how the VPC CNI is installed now.',
      },
    );
  }
  const merged = mergeConfigurationValues(info.configurationValues, step.desired.env);
  const currentEnv = (
    JSON.parse(mergeConfigurationValues(info.configurationValues, {})) as { env?: Record<string, unknown> }
  ).env;
  if (!envSatisfied(currentEnv, step.desired.env)) {
    const token = `eks-cidr-cni-${ctx.cluster}-${hashOf(merged)}`.slice(0, 64);
    let updateId: string;
    try {
      ({ updateId } = await ctx.call(() =>
        eks.updateAddon({
          cluster: ctx.cluster,
          addon,
          configurationValues: merged,
          clientRequestToken: token,
        }),
      ));
    } catch (err) {
      // "cannot be updated as it is currently in UPDATING state": an update is in progress, ours
      // when our re-sent call lost its first response. Wait for it, then check the values again.
      if (errorCode(err) !== 'ResourceInUseException') throw err;
      ctx.progress(`the ${addon} add-on is being updated: waiting for that update`);
      const after = await ctx.waitUntil(
        `the ${addon} add-on to be ACTIVE`,
        ctx.timeouts.addonUpdateMs,
        async () => {
          const now = await ctx.call(() => eks.describeAddon(ctx.cluster, addon));
          if (!now || /ING$/.test(now.status))
            return { done: false, observed: `add-on ${now?.status ?? 'missing'}` };
          return { done: true, value: now };
        },
      );
      const env = (
        JSON.parse(mergeConfigurationValues(after.configurationValues, {})) as {
          env?: Record<string, unknown>;
        }
      ).env;
      if (envSatisfied(env, step.desired.env)) return { mode: 'managed-addon' };
      return configureAddon(step, addon, ctx);
    }
    ctx.progress(`add-on update ${updateId} started`);
    await ctx.waitUntil(`the ${addon} add-on update ${updateId}`, ctx.timeouts.addonUpdateMs, async () => {
      const u = await ctx.call(() => eks.describeAddonUpdate(ctx.cluster, addon, updateId), {
        afterCreate: true,
      });
      if (u.status === 'Successful') return { done: true, value: undefined };
      if (u.status === 'Failed' || u.status === 'Cancelled') {
        throw new EksCidrError(
          'E_ADDON_UPDATE_FAILED',
          `the ${addon} add-on update failed: ${u.errors.join('; ') || u.status}`,
          {
            exitCode: ExitCode.Api,
            hint: 'Inspect it with `aws eks describe-update`, fix the cause, then re-run.',
          },
        );
      }
      return { done: false, observed: `update ${u.status}` };
    });
  }
  return { mode: 'managed-addon' };
}

/** A short stable digest for idempotency tokens (FNV-1a, hex). */
export function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export const configureCni: StepExecutor<'configure-cni'> = {
  describe: (step) =>
    step.target.mode === 'managed-addon'
      ? `set ${Object.keys(step.desired.env).join(', ')} in the vpc-cni add-on configurationValues`
      : `set ${Object.keys(step.desired.env).join(', ')} on DaemonSet kube-system/aws-node`,
  async execute(step, ctx) {
    const target = step.target;
    if (target.mode === 'managed-addon') return configureAddon(step, target.addonName, ctx);
    const kube = ctx.ports.kube;
    const current = await ctx.call(() =>
      kube.readDaemonSetEnv(target.namespace, target.daemonSet, 'aws-node'),
    );
    if (!envSatisfied(current, step.desired.env)) {
      await ctx.call(() =>
        kube.patchDaemonSetEnv(target.namespace, target.daemonSet, 'aws-node', step.desired.env),
      );
    }
    return { mode: 'self-managed' };
  },
};
