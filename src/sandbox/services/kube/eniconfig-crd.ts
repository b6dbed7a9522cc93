/** The ENIConfig CRD the VPC CNI installs on every EKS cluster. */
import type { KubeObject } from './types.js';

export const ENICONFIG_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'eniconfigs.crd.k8s.amazonaws.com' },
  spec: {
    group: 'crd.k8s.amazonaws.com',
    scope: 'Cluster',
    names: { plural: 'eniconfigs', singular: 'eniconfig', kind: 'ENIConfig', listKind: 'ENIConfigList' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          // As the VPC CNI's chart installs it (charts/aws-vpc-cni/crds/customresourcedefinition.yaml).
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            description: 'ENIConfig is the Schema for the eniconfigs API',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                description: 'ENIConfigSpec defines the desired state of ENIConfig',
                type: 'object',
                required: ['subnet'],
                properties: {
                  securityGroups: { type: 'array', items: { type: 'string' } },
                  subnet: { type: 'string' },
                },
              },
              status: {
                description: 'ENIConfigStatus defines the observed state of ENIConfig',
                type: 'object',
              },
            },
          },
        },
      },
    ],
  },
};
