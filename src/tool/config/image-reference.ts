/**
 * A container image reference as the container runtime parses it (distribution/reference grammar:
 * `[registry[:port]/]name[:tag][@digest]`, lowercase repository, name at most 255 characters),
 * checked before verify --smoke creates anything. The parsing is @swimlane/docker-reference, a port
 * of distribution/reference, so the messages match what kubelet would report.
 */
import { parseFamiliarName } from '@swimlane/docker-reference';
import { cutValue } from '../../shared/cli/cut-value.js';
import { usageError } from '../errors.js';

export function checkImageReference(value: string, flag: string): string {
  if (value.trim() === '') {
    throw usageError(
      'E_INVALID_IMAGE',
      `${flag} is empty: expected a container image reference such as public.ecr.aws/nginx/nginx:stable`,
      `Pass an image the nodes can pull, or leave out ${flag} for the default.`,
    );
  }
  try {
    parseFamiliarName(value);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw usageError(
      'E_INVALID_IMAGE',
      `${flag} '${cutValue(value)}' is not a container image reference (${why})`,
      `Write it as [registry/]repository[:tag][@sha256:digest] in lowercase, for example public.ecr.aws/nginx/nginx:stable; nothing was created.`,
    );
  }
  return value;
}
