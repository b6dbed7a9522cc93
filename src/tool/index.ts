/**
 * The eks-cidr library API (docs/library.md): plan, apply, verify, report and destroy with typed
 * options and results, progress through an `events` callback, failures thrown as EksCidrError with a
 * stable `code`. The CLI is a thin layer over these.
 */
export { plan, planWithFlags, type PlanOptions } from './plan.js';
export { apply, type ApplyOptions, type ApplyResult } from './api/apply.js';
export { verify, type VerifyOptions, type VerifyResult } from './api/verify.js';
export { report, type ReportOptions, type ReportResult } from './api/report.js';
export { destroy, type DestroyOptions, type DestroyResult } from './api/destroy.js';
export type { ConnectionOptions, EventOptions, ToolEvent, ToolEventHandler } from './api/connection.js';
export type { ProgressEvent, StepSummary } from './engine/progress/events.js';
export type { DestroyPreview } from './destroy/preview.js';
export type { VerifyReport } from './verify/run-verify.js';
export type { Report } from './report/build-report.js';
export type { CapacityView } from './report/capacity.js';
export type { RequestOptions } from './config/load.js';
export * from './planner/index.js';
export { discover, type DiscoverOptions } from './discover/discover.js';
export type * from './discover/snapshot.js';
export { loadRequest, buildRequest, parseConfigText, type PlanFlags } from './config/load.js';
export type { PlanRequest } from './config/request.js';
export { createAwsClients, type AwsClients, type AwsOptions } from './adapters/aws.js';
export { loadKubeAccess, type KubeOptions, type KubeAccess } from './adapters/kube.js';
export { EksCidrError, ExitCode } from './errors.js';
