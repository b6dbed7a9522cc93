#!/usr/bin/env node
// The AWS SDK v3 warns on every run under Node.js 20 that its releases from 2027 need Node 22. eks-cidr
// supports Node 20 and pins the SDK, so the notice is noise on every command's stderr; a user who wants
// it back sets AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `eks-cidr ... | head` closes the pipe early: stop quietly, as Unix tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import('../dist/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
