/**
 * The VPC CNI installs the ENIConfig CRD (apiextensions v1) itself. eks-cidr only checks it is there
 * and serves v1alpha1; it never installs the old v1beta1 manifest (gone since Kubernetes 1.22).
 */
import type { StepExecutor } from './context.js';
import { EksCidrError, ExitCode } from '../errors.js';

export const checkEniConfigCrd: StepExecutor<'check-eniconfig-crd'> = {
  describe: (step) => `check the ${step.target.name} CRD serves ${step.target.version}`,
  async execute(step, ctx) {
    const versions = await ctx.call(() => ctx.ports.kube.readCrdVersions(step.target.name));
    if (!versions?.some((v) => v.name === step.target.version && v.served)) {
      throw new EksCidrError(
        'E_ENICONFIG_CRD_MISSING',
        versions
          ? `CRD ${step.target.name} does not serve ${step.target.version} (serves ${versions.map((v) => v.name).join(', ') || 'nothing'})`
          : `CRD ${step.target.name} is not installed`,
        {
          exitCode: ExitCode.Api,
          hint: 'The VPC CNI installs it: update the vpc-cni add-on (or the aws-node manifests) to a current version, then re-run.',
        },
      );
    }
  },
};
