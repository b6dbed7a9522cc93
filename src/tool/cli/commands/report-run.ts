/** `eks-cidr report`: the library's report (src/tool/api/report.ts), printed as text or data. */
import type { CliContext } from '../../../shared/cli/context.js';
import { formatStructured, isStructured } from '../../../shared/cli/structured.js';
import { connectionFrom, type ClusterFlags } from './apply-options.js';
import { ExitCode } from '../../errors.js';
import { formatReport, table } from '../../report/build-report.js';
import { formatCapacity } from '../../report/capacity-format.js';
import { report } from '../../api/report.js';

export async function runReportCommand(
  ctx: CliContext,
  opts: ClusterFlags & { html?: string | undefined },
): Promise<number> {
  const { html: written, ...data } = await report({
    ...connectionFrom(ctx, opts),
    htmlFile: opts.html,
  });
  ctx.stdout.write(
    isStructured(ctx.output)
      ? formatStructured(ctx.output, data)
      : formatReport(data) +
          '\n' +
          formatCapacity(data.capacity, table).join('\n') +
          '\n' +
          (written ? `\nHTML report written to ${written.path} (${written.bytes} bytes)\n` : ''),
  );
  return ExitCode.Success;
}
